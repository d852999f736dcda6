"""Signed, time-limited links that confirm an email address (candidates and organisations)."""

from django.conf import settings
from django.core import signing

from accounts.models import User


def make_email_token(user: User, email: str, purpose: str) -> str:
    return signing.dumps({"u": user.pk, "e": email}, salt=f"confirm-email:{purpose}", compress=True)


def read_email_token(token: str, purpose: str) -> tuple[User, str] | None:
    """The user and the address the link confirms, or None if it is bad or too old."""
    try:
        data = signing.loads(
            token, salt=f"confirm-email:{purpose}", max_age=settings.EMAIL_CONFIRMATION_MAX_AGE
        )
        user = User.objects.get(pk=data["u"], is_active=True)
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        return None
    return user, data["e"]
