"""Login (email + password, the same lockout as candidates), logout, password reset."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_http_methods

from accounts import api as accounts_views
from accounts.api import User
from limits import api as limits
from notifications.api import send_email
from organisations.forms import ForgotPasswordForm, LoginForm


class LoginView(accounts_views.LoginView):
    form_class = LoginForm
    template_name = "organisations/login.html"
    next_page = reverse_lazy("organisations:inbox")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("organisations:landing")


def _send_reset(user: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(
        "organisations:password_reset_confirm", args=[uid, default_token_generator.make_token(user)]
    )
    context = {"name": user.get_full_name() or user.email, "url": settings.SITE_URL + path}
    send_email(user.email, "rvs_password_reset", context, user.language)


@require_http_methods(["GET", "POST"])
def forgot_password(request: HttpRequest) -> HttpResponse:
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = (
            User.objects.filter(
                username=form.cleaned_data["email"].lower(),
                is_active=True,
                memberships__isnull=False,
            )
            .distinct()
            .first()
        )
        address = limits.client_ip(request)
        if user is not None and limits.allow_email("password_reset", user.username, address):
            _send_reset(user)
        # The same answer whether or not the address has an account.
        return redirect("organisations:password_reset_sent")
    return render(request, "organisations/forgot_password.html", {"form": form})


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/password_reset_sent.html")


class PasswordResetConfirmView(accounts_views.PasswordResetConfirmView):
    template_name = "organisations/password_reset_confirm.html"
    success_url = reverse_lazy("organisations:password_reset_complete")


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/password_reset_complete.html")
