"""Login (email + password, the same lockout as candidates), logout, password reset: the
flows of accounts/views.py, told what differs for the Verification Service."""

from django.contrib.auth import views as auth_views
from django.forms import Form
from django.urls import reverse_lazy

from accounts import api as accounts_views
from accounts.api import User
from organisations.forms import ForgotPasswordForm, LoginForm


class LoginView(accounts_views.LoginView):
    form_class = LoginForm
    template_name = "organisations/login.html"
    next_page = reverse_lazy("organisations:inbox")  # type: ignore[assignment]  # stubs: str only


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("organisations:landing")  # type: ignore[assignment]  # stubs: str only


class ForgotPasswordView(accounts_views.ForgotPasswordView):
    portal = accounts_views.ORGANISATIONS
    form_class = ForgotPasswordForm
    template_name = "organisations/forgot_password.html"
    email_name = "rvs_password_reset"

    def find_user(self, form: Form) -> User | None:
        email = form.cleaned_data["email"].lower()
        found = User.objects.filter(username=email, is_active=True, memberships__isnull=False)
        return found.distinct().first()

    def email_context(self, user: User) -> dict[str, str]:
        return {"name": user.get_full_name() or user.email}


class PasswordResetConfirmView(accounts_views.PasswordResetConfirmView):
    template_name = "organisations/password_reset_confirm.html"
    success_url = reverse_lazy("organisations:password_reset_complete")
