"""Forgot your password?: ID Number → a reset link emailed to the registered address."""

from django.forms import Form
from django.urls import reverse_lazy

from accounts import api as accounts
from accounts.api import User
from candidates.emails import display_name
from candidates.forms import ForgotPasswordForm


class ForgotPasswordView(accounts.ForgotPasswordView):
    portal = accounts.CANDIDATES
    form_class = ForgotPasswordForm
    template_name = "candidates/forgot_password.html"
    email_name = "password_reset"

    def find_user(self, form: Form) -> User | None:
        found = User.objects.filter(
            username=form.cleaned_data["candidate_id"], is_active=True, candidate__isnull=False
        )
        return found.exclude(email="").first()

    def email_context(self, user: User) -> dict[str, str]:
        return {"name": display_name(user), "candidate_id": user.username}


class PasswordResetConfirmView(accounts.PasswordResetConfirmView):
    template_name = "candidates/password_reset_confirm.html"
    success_url = reverse_lazy("candidates:password_reset_complete")
