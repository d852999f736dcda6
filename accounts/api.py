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
from accounts.tokens import make_email_token, read_email_token
from accounts.usernames import normalize_username

# The sign-in, unlock and email-change views each portal mounts (accounts/signin.py).
from accounts.views import (
    LoginView,
    PasswordResetConfirmView,
    undo_email_change,
    unlock,
    unlock_request,
    unlock_sent,
)

__all__ = [
    "EmailChangeForm",
    "LimitedAuthenticationForm",
    "LimitedPasswordChangeForm",
    "LoginView",
    "NewPasswordForm",
    "PasswordResetConfirmView",
    "User",
    "make_email_token",
    "normalize_username",
    "read_email_token",
    "remember_device",
    "tell_old_address",
    "undo_email_change",
    "unlock",
    "unlock_request",
    "unlock_sent",
]
