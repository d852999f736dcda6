from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import FormView
from django.views.i18n import set_language as django_set_language

from accounts import devices, signin
from accounts.email_change import undo_change
from accounts.forms import LimitedAuthenticationForm, UnlockRequestForm
from accounts.models import User
from accounts.tokens import read_undo_token
from limits import api as limits

if TYPE_CHECKING:
    # Generic only in the stubs: at run time the class cannot be subscripted.
    _LoginViewBase = auth_views.LoginView[LimitedAuthenticationForm]
else:
    _LoginViewBase = auth_views.LoginView


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which also saves the choice on a signed-in user."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    valid = {code for code, _name in settings.LANGUAGES}
    if request.user.is_authenticated and language in valid:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


class LoginView(_LoginViewBase):
    """Django's sign-in view with the lockout: a locked account gets its portal's sign-in
    page with the lockout notice (HTTP 429); a successful sign-in marks the browser as
    known to the account (accounts/devices.py)."""

    form_class: type[LimitedAuthenticationForm]
    redirect_authenticated_user = True

    def form_valid(self, form: LimitedAuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        devices.remember(self.request, response, form.get_user().username)
        return response

    def form_invalid(self, form: LimitedAuthenticationForm) -> HttpResponse:
        if form.locked_until is None:
            return super().form_invalid(form)
        context = self.get_context_data(
            form=form,
            locked_until=form.locked_until,
            unlock_form=UnlockRequestForm(initial={"username": form.limiter_username()}),
        )
        return self.render_to_response(context, status=429)


class ForgotPasswordView(FormView):
    """ "Forgot your password?" for every portal: the same answer whether or not the
    account exists, and whether or not its ration of reset emails (per account, per client
    address) is used up. A portal says who the form names and what the email says."""

    portal: signin.Portal
    email_name: str

    def find_user(self, form: Form) -> User | None:
        """The active user the valid form names, or None. Each portal names users its own
        way (an ID Number, a work address), so each portal's subclass must say how; both
        do (candidates/views/password.py, organisations/views/auth.py)."""
        raise NotImplementedError(f"{type(self).__name__} must say how its form names a user")

    def email_context(self, user: User) -> dict[str, str]:
        return {"name": user.get_full_name() or user.username}

    def get_success_url(self) -> str:
        return self.portal.url("password_reset_sent")

    def form_valid(self, form: Form) -> HttpResponse:
        user = self.find_user(form)
        address = limits.client_ip(self.request)
        if user is not None and limits.allow_email("password_reset", user.username, address):
            signin.send_password_reset(self.portal, user, self.email_name, self.email_context(user))
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset view, plus: following the emailed link proves the address, ends a
    lockout (the owner of the mailbox is not the one guessing passwords) and marks this
    browser as the owner's."""

    def form_valid(self, form: "SetPasswordForm[User]") -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        if user.email_confirmed_at is None:
            user.confirm_email(user.email)
        limits.unlock_login([user.username])
        devices.remember(self.request, response, user.username)
        return response


@require_POST
def unlock_request(request: HttpRequest, portal: str) -> HttpResponse:
    """ "Email me a link to unlock": the same answer whether or not the account exists, and
    whether or not the ration of such emails (per account, per client address) is used up."""
    where = signin.PORTALS[portal]
    form = UnlockRequestForm(request.POST)
    if form.is_valid():
        username = form.cleaned_data["username"]
        user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
        if (
            user is not None
            and where.owns(user)
            and limits.allow_email("unlock", username, limits.client_ip(request))
        ):
            signin.send_unlock_link(where, user)
    return redirect(where.url("unlock_sent"))


def unlock_sent(request: HttpRequest, portal: str) -> HttpResponse:
    where = signin.PORTALS[portal]
    return render(request, "accounts/unlock_sent.html", {"base_template": where.base_template})


@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest, portal: str, token: str) -> HttpResponse:
    """The emailed link: a button (so that mail scanners opening links unlock nothing)
    that ends the lock and lets this browser count its own failures from now on."""
    where = signin.PORTALS[portal]
    username = signin.read_unlock_token(token)
    context = {"base_template": where.base_template, "ok": username is not None}
    if username is None:
        return render(request, "accounts/unlock.html", context, status=400)
    if request.method == "GET":
        return render(request, "accounts/unlock.html", context)
    limits.unlock_login([username])
    messages.success(request, _("Your account is unlocked. You can log in now."))
    response = redirect(where.url("login"))
    devices.remember(request, response, username)
    return response


@require_http_methods(["GET", "POST"])
def undo_email_change(request: HttpRequest, portal: str, token: str) -> HttpResponse:
    """From the link sent to the old address: GET asks (mail scanners open links), POST
    restores the old address and leads to choosing a new password."""
    where = signin.PORTALS[portal]
    found = read_undo_token(token)
    context: dict[str, object] = {
        "base_template": where.base_template,
        "login_url": where.url("login"),
    }
    if found is None or found[0].email_taken_by_someone_else(found[1]):
        context["ok"] = False
        return render(request, "accounts/undo_email_change.html", context, status=400)
    user, old_email = found
    if request.method == "GET":
        context.update(ok=True, old_email=old_email)
        return render(request, "accounts/undo_email_change.html", context)
    return redirect(undo_change(user, old_email, f"{portal}:password_reset_confirm"))
