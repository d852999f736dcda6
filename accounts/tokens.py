"""Signed, time-limited links about email addresses (candidates and organisations).

A confirmation link is bound to the user's state the way Django's password-reset tokens
are bound to the password hash: it names no address of its own, and works only while the
address pending on the account, the current address and its confirmation time are what
they were when the link was made. Confirming changes that state, so a link works once; a
later change of address makes every earlier link useless.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import User


def _state(user: User, purpose: str) -> str:
    confirmed = user.email_confirmed_at.isoformat() if user.email_confirmed_at else ""
    value = f"{user.pk}\x00{user.pending_email}\x00{user.email}\x00{confirmed}"
    return salted_hmac(f"accounts.tokens.{purpose}", value).hexdigest()[:32]


def make_email_token(user: User, purpose: str) -> str:
    """A link for the address the user has to confirm now (`User.address_to_confirm`)."""
    return signing.dumps(
        {"u": user.pk, "s": _state(user, purpose)}, salt=f"confirm-email:{purpose}"
    )


def read_email_token(token: str, purpose: str) -> tuple[User, str] | None:
    """The user and the address the link confirms, or None if it is bad, too old, used,
    or made before the latest change of address."""
    try:
        data = signing.loads(
            token, salt=f"confirm-email:{purpose}", max_age=settings.EMAIL_CONFIRMATION_MAX_AGE
        )
        user = User.objects.get(pk=data["u"], is_active=True)
        state = str(data["s"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError):
        return None
    email = user.address_to_confirm
    if not email or not constant_time_compare(state, _state(user, purpose)):
        return None
    return user, email


def make_undo_token(user: User, old_email: str, new_email: str) -> str:
    """The link sent to the old address when someone asks to change it."""
    return signing.dumps({"u": user.pk, "o": old_email, "n": new_email}, salt="undo-email")


def read_undo_token(token: str) -> tuple[User, str] | None:
    """The user and the address to restore, while the change the link undoes is still
    pending or in place (so it works once)."""
    try:
        data = signing.loads(token, salt="undo-email", max_age=settings.EMAIL_CHANGE_UNDO_MAX_AGE)
        user = User.objects.get(pk=data["u"])
        old, new = str(data["o"]), str(data["n"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError, ValueError):
        return None
    if new not in (user.pending_email, user.email):
        return None
    return user, old
