"""What other apps use from `accounts`: the user, sign-in and password forms, email links."""

from accounts.devices import remember as remember_device
from accounts.email_change import tell_old_address
from accounts.forms import (
    EmailChangeForm,
    LimitedAuthenticationForm,
    LimitedPasswordChangeForm,
    NewPasswordForm,
)
from accounts.models import User

# The sign-in, unlock and email-change views each portal mounts (accounts/signin.py).
from accounts.signin import CANDIDATES, ORGANISATIONS
from accounts.tokens import make_email_token, read_email_token
from accounts.urls import portal_urls
from accounts.usernames import normalize_username
from accounts.views import (
    ForgotPasswordView,
    LoginView,
    PasswordResetConfirmView,
    undo_email_change,
    unlock,
    unlock_request,
    unlock_sent,
)

__all__ = [
    "CANDIDATES",
    "EmailChangeForm",
    "ForgotPasswordView",
    "LimitedAuthenticationForm",
    "LimitedPasswordChangeForm",
    "LoginView",
    "NewPasswordForm",
    "ORGANISATIONS",
    "PasswordResetConfirmView",
    "User",
    "make_email_token",
    "normalize_username",
    "portal_urls",
    "read_email_token",
    "remember_device",
    "tell_old_address",
    "undo_email_change",
    "unlock",
    "unlock_request",
    "unlock_sent",
]
