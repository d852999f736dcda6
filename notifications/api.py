"""Emails: every email is a template trio under templates/emails/<name>/.

`subject.txt`, `body.txt` and `body.html`, rendered in the recipient's language at send
time by the background worker.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, engines
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

from notifications.delivery import (
    EmailTemplate,
    Outgoing,
    build_message,
    render_once,
    send_claimed,
    slots,
)
from notifications.models import ClaimedEmail, ClaimQuerySet, message_id_domain

__all__ = [
    "ClaimQuerySet",
    "ClaimedEmail",
    "EmailTemplate",
    "Outgoing",
    "absolute_logo_url",
    "board_name",
    "build_message",
    "deliver_email",
    "message_id_domain",
    "queue_release_notifications",
    "render_email",
    "render_once",
    "send_claimed",
    "send_email",
    "slots",
]

if TYPE_CHECKING:
    from exams.api import ExamSession


def absolute_logo_url() -> str:
    """The board's logo as an address an email client can load, or ""."""
    logo = settings.BOARD_LOGO
    if not logo or logo.startswith("https://"):
        return logo
    return settings.SITE_URL + static(logo)


def board_name(language: str) -> str:
    """The exam board's name in `language` (pages, emails and the PDF say it alike)."""
    if language == "ja" and settings.BOARD_NAME_JA:
        return settings.BOARD_NAME_JA
    return settings.BOARD_NAME_EN


def render_email(name: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Returns (subject, text body, HTML body) of email `name` in `language`.

    Only the HTML body is HTML-escaped: a name such as O'Brien & Co reads as typed in the
    subject and the text body."""
    full_context = {
        "board_name": board_name(language),
        "board_name_ja": board_name("ja"),  # for the Japanese half of a bilingual email
        "board_support_email": settings.BOARD_SUPPORT_EMAIL,
        "board_colour": settings.BOARD_PRIMARY_COLOUR,
        "board_logo_url": absolute_logo_url(),
        "site_url": settings.SITE_URL,
        **context,
    }
    engine = engines["django"].engine  # type: ignore[attr-defined]
    with translation.override(language):
        plain = Context(full_context, autoescape=False)
        subject = engine.get_template(f"emails/{name}/subject.txt").render(plain)
        text = engine.get_template(f"emails/{name}/body.txt").render(plain)
        html = render_to_string(f"emails/{name}/body.html", full_context)
    # A subject is one line, whatever the template's trailing newlines.
    return " ".join(subject.split()), text, html


def deliver_email(to: str, name: str, context: dict[str, Any], language: str) -> None:
    """Renders and sends one email now, through the configured email backend."""
    subject, text, html = render_email(name, context, language)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_email(to: str, name: str, context: dict[str, Any], language: str) -> None:
    """Queues email `name` to `to` once the current transaction commits.

    `context` must be JSON-serialisable: it travels through the task queue.
    """
    from notifications.tasks import send_email_task

    transaction.on_commit(lambda: send_email_task.enqueue(to, name, context, language))


def queue_release_notifications(session: "ExamSession") -> int:
    """Records one "results released" email per registered candidate with a confirmed
    address and a result in `session`, and queues their sending. Returns how many are
    waiting to be sent."""
    from notifications.release import create_notifications, queue_sending

    waiting = create_notifications(session)
    session_id = session.pk
    transaction.on_commit(lambda: queue_sending(session_id, waiting))
    return waiting
