"""Changing one's email address, the same way in both portals.

The new address becomes the account's only when the link sent to it is opened; the old
address is told at once, with a link that undoes the change. Whoever asked for a change
the owner did not want knew the password, so undoing it also removes the password and
leads the owner to choose a new one (which ends every other session).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import make_undo_token
from notifications.api import send_email


def tell_old_address(user: User, old_email: str, name: str, undo_url_name: str) -> None:
    """Emails the current address that a change to `user.pending_email` was asked for."""
    token = make_undo_token(user, old_email, user.pending_email)
    context = {
        "name": name,
        "new_email": user.pending_email,
        "url": settings.SITE_URL + reverse(undo_url_name, args=[token]),
        "days": settings.EMAIL_CHANGE_UNDO_MAX_AGE // (60 * 60 * 24),
    }
    send_email(old_email, "email_change_undo", context, user.email_language)


def undo_change(user: User, old_email: str, reset_url_name: str) -> str:
    """Restores `old_email` and returns the path where the owner chooses a new password."""
    user.restore_email(old_email)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(reset_url_name, args=[uid, default_token_generator.make_token(user)])
