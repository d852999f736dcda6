"""Login and logout for candidates (ID Number + password); the lockout page is
accounts.views."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts import api as accounts_views
from candidates.forms import LoginForm


class LoginView(accounts_views.LoginView):
    form_class = LoginForm
    template_name = "candidates/login.html"
    next_page = reverse_lazy("candidates:home")  # type: ignore[assignment]  # stubs: str only


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("candidates:welcome")  # type: ignore[assignment]  # stubs: str only
