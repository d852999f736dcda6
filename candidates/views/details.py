"""My details: email (changed by link, undone from the old address), password, language."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.api import LimitedPasswordChangeForm, User
from candidates.emails import start_email_change
from candidates.forms import EmailChangeForm, LanguageForm
from exams.api import Candidate, candidate_required
from limits import api as limits


def _user(request: HttpRequest) -> User:
    """The signed-in user: candidate_required has turned everyone else away."""
    user = request.user
    assert user.is_authenticated
    return user


def _render(request: HttpRequest, candidate: Candidate, **forms: object) -> HttpResponse:
    context = {
        "candidate": candidate,
        "email_form": forms.get("email_form") or EmailChangeForm(_user(request)),
        "password_form": forms.get("password_form") or LimitedPasswordChangeForm(request.user),
        "language_form": forms.get("language_form") or LanguageForm(instance=request.user),
    }
    status = 400 if forms else 200
    return render(request, "candidates/details.html", context, status=status)


@candidate_required
def details(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    return _render(request, candidate)


def _email_change_message(user: User, email: str) -> str:
    if user.pending_email:
        return _(
            "We have sent a link to %(email)s. Your address changes when you open it. "
            "We have also told your current address."
        ) % {"email": email}
    if user.has_confirmed_email:
        return _("%(email)s is already your confirmed address.") % {"email": user.email}
    return _("We have sent a new link to %(email)s.") % {"email": user.email}


@require_http_methods(["POST"])
@candidate_required
def change_email(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    form = EmailChangeForm(_user(request), request.POST)
    if form.is_valid() and not limits.allow_email(
        "email_change", form.cleaned_data["email"], limits.client_ip(request)
    ):
        form.add_error(None, _("We have sent several emails already. Please try again later."))
    if not form.is_valid():
        return _render(request, candidate, email_form=form)
    user = _user(request)
    start_email_change(user, form.cleaned_data["email"])
    messages.success(request, _email_change_message(user, form.cleaned_data["email"]))
    return redirect("candidates:details")


@require_http_methods(["POST"])
@candidate_required
def change_password(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    form = LimitedPasswordChangeForm(request.user, request.POST)
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
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # stubs: a str setting
    )
    return response
