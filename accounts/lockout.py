"""The page shown while an account is locked after too many wrong passwords (django-axes).

Candidates and organisation users share the rule; each sees their own login page.
"""

from datetime import datetime

from axes.models import AccessAttempt
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string

from accounts.usernames import axes_username

LOGIN_PAGES = [
    ("/rvs/", "organisations/login.html", "organisations.forms.LoginForm"),
    ("/", "candidates/login.html", "candidates.forms.LoginForm"),
]


def locked_until(username: str) -> datetime | None:
    """When the lockout of `username` ends (the 30 minutes run from the last failure)."""
    return AccessAttempt.objects.filter(username=username).aggregate(
        until=Max("expiration__expires_at")
    )["until"]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    username = axes_username(request, credentials)
    template, form_path = next(
        (template, form)
        for prefix, template, form in LOGIN_PAGES
        if request.path.startswith(prefix)
    )
    form = import_string(form_path)(request, initial={"username": username})
    context = {"form": form, "locked_until": locked_until(username)}
    return render(request, template, context, status=429)
