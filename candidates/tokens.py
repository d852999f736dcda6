"""Signed, time-limited links for confirming an email address."""

from django.conf import settings
from django.core import signing

from accounts.models import User

_SALT = "candidates.confirm-email"


def make_email_token(user: User, email: str) -> str:
    return signing.dumps({"u": user.pk, "e": email}, salt=_SALT, compress=True)


def read_email_token(token: str) -> tuple[User, str] | None:
    """The user and the address the link confirms, or None if it is bad or too old."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.EMAIL_CONFIRMATION_MAX_AGE)
        user = User.objects.get(pk=data["u"], is_active=True)
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        return None
    return user, data["e"]
