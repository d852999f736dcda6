"""My details: email (re-confirmed by link), password, language."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from candidates.access import candidate_required
from candidates.emails import send_email_confirmation
from candidates.forms import EmailChangeForm, LanguageForm
from exams.models import Candidate


def _render(request: HttpRequest, candidate: Candidate, **forms: object) -> HttpResponse:
    context = {
        "candidate": candidate,
        "email_form": forms.get("email_form") or EmailChangeForm(),
        "password_form": forms.get("password_form") or PasswordChangeForm(request.user),
        "language_form": forms.get("language_form") or LanguageForm(instance=request.user),
    }
    status = 400 if forms else 200
    return render(request, "candidates/details.html", context, status=status)


@candidate_required
def details(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    return _render(request, candidate)


@require_http_methods(["POST"])
@candidate_required
def change_email(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    form = EmailChangeForm(request.POST)
    if not form.is_valid():
        return _render(request, candidate, email_form=form)
    send_email_confirmation(request.user, form.cleaned_data["email"])
    messages.success(
        request,
        _("We have sent a link to %(email)s. Your address changes when you open it.")
        % {"email": form.cleaned_data["email"]},
    )
    return redirect("candidates:details")


@require_http_methods(["POST"])
@candidate_required
def change_password(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _render(request, candidate, password_form=form)
    form.save()
    update_session_auth_hash(request, form.user)
    messages.success(request, _("Your password has been changed."))
    return redirect("candidates:details")


@require_http_methods(["POST"])
@candidate_required
def change_language(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    form = LanguageForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _render(request, candidate, language_form=form)
    form.save()
    messages.success(request, _("Your language has been saved."))
    response = redirect("candidates:details")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        form.instance.language,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
