"""The candidate emails: address confirmation and change, and password reset."""

from django.conf import settings
from django.urls import reverse

from accounts.api import User, make_email_token, tell_old_address
from notifications.api import send_email

# Tags the message that says a confirmation link was sent: the home page then shows it
# instead of its own "Please confirm your email address" notice (one notice, not two).
CONFIRMATION_SENT = "confirmation-sent"


def display_name(user: User) -> str:
    """The candidate's name in the order their script writes it (佐藤 結衣, Yui SATO)."""
    candidate = getattr(user, "candidate", None)
    if candidate is not None:
        return candidate.full_name
    return f"{user.first_name} {user.last_name}".strip() or user.username


def send_email_confirmation(user: User, email: str | None = None) -> None:
    """Sends the link for the address the account waits to confirm (`email`, if given,
    must be that address: the link confirms the account's state, not an address)."""
    to = user.address_to_confirm
    if not to or (email is not None and email != to):
        return
    token = make_email_token(user, "candidate")
    context = {
        "name": display_name(user),
        "url": settings.SITE_URL + reverse("candidates:confirm_email", args=[token]),
        "days": settings.EMAIL_CONFIRMATION_MAX_AGE // (60 * 60 * 24),
    }
    send_email(to, "confirm_email", context, user.email_language)


def start_email_change(user: User, new_email: str) -> None:
    """Sends the new address its link and tells the old one, which can undo the change."""
    old_email = user.email
    user.ask_to_change_email(new_email)
    send_email_confirmation(user)
    if user.pending_email and old_email:
        tell_old_address(user, old_email, display_name(user), "candidates:undo_email_change")
