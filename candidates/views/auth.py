"""Login, lockout and logout for candidates (ID Number + password)."""

from datetime import datetime

from axes.models import AccessAttempt
from django.contrib.auth import views as auth_views
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.usernames import axes_username
from candidates.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "candidates/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("candidates:home")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("candidates:welcome")


def locked_until(username: str) -> datetime | None:
    """When the lockout of `username` ends (the 30 minutes run from the last failure)."""
    return AccessAttempt.objects.filter(username=username).aggregate(
        until=Max("expiration__expires_at")
    )["until"]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes calls this instead of logging in while an ID Number is locked."""
    username = axes_username(request, credentials)
    form = LoginForm(request, initial={"username": username})
    context = {"form": form, "locked_until": locked_until(username)}
    return render(request, "candidates/login.html", context, status=429)
