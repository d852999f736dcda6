"""Forgot your password?: ID Number → a reset link emailed to the registered address."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from accounts import api as accounts_views
from accounts.api import User
from candidates.emails import send_password_reset
from candidates.forms import ForgotPasswordForm
from limits import api as limits


@require_http_methods(["GET", "POST"])
def forgot_password(request: HttpRequest) -> HttpResponse:
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = (
            User.objects.filter(
                username=form.cleaned_data["candidate_id"], is_active=True, candidate__isnull=False
            )
            .exclude(email="")
            .first()
        )
        address = limits.client_ip(request)
        if user is not None and limits.allow_email("password_reset", user.username, address):
            send_password_reset(user)
        # The same answer whether or not the ID Number exists.
        return redirect("candidates:password_reset_sent")
    return render(request, "candidates/forgot_password.html", {"form": form})


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/password_reset_sent.html")


class PasswordResetConfirmView(accounts_views.PasswordResetConfirmView):
    template_name = "candidates/password_reset_confirm.html"
    success_url = reverse_lazy("candidates:password_reset_complete")


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "candidates/password_reset_complete.html")
