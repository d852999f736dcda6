"""Sending claimed emails in batches: one SMTP connection, each template rendered once.

The rules are in docs/decisions/0011: a message is marked sent right after the mail
server accepted it; a message the server refuses gives its claim back; a worker stops
sending a batch (and gives the rest back) before its claim could be taken as stale.
"""

import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.utils.html import escape

from notifications.models import ClaimQuerySet

# The mail server refused this one message; the connection is still good for the next.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _slot(name: str) -> str:
    # Private-use characters: no template filter, escaping or translation changes them.
    return f"\ue000{name}\ue001"


@dataclass(frozen=True)
class EmailTemplate:
    """One email rendered once for many recipients, with slots for what differs."""

    subject: str
    text: str
    html: str

    def fill(self, **values: str) -> tuple[str, str, str]:
        """(subject, text, HTML) with each slot replaced: as is in the subject and text,
        escaped in the HTML."""
        subject, text, html = self.subject, self.text, self.html
        for name, value in values.items():
            subject = subject.replace(_slot(name), value)
            text = text.replace(_slot(name), value)
            html = html.replace(_slot(name), escape(value))
        return " ".join(subject.split()), text, html


def slots(*names: str) -> dict[str, str]:
    """Context values that `render_once` leaves for `EmailTemplate.fill`."""
    return {name: _slot(name) for name in names}


def render_once(name: str, context: dict[str, Any], language: str) -> EmailTemplate:
    from notifications.api import render_email

    return EmailTemplate(*render_email(name, context, language))


def build_message(
    to: str, rendered: tuple[str, str, str], message_id: str
) -> EmailMultiAlternatives:
    subject, text, html = rendered
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "resultbridge"
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers={"Message-ID": f"<{message_id}@{domain}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class Outgoing:
    pk: int
    message: EmailMessage | None  # None: nobody to send to any more (deleted account)


def send_claimed(rows: ClaimQuerySet, token: str, outgoing: Iterable[Outgoing]) -> int:
    """Sends the claimed emails over one connection, marking each sent as soon as the
    server accepted it. Returns how many were sent. `rows` is the model's queryset.

    Whatever is not sent when this returns or raises (the connection broke, the batch
    ran for half the claim timeout) is given back for another try."""
    sent = 0
    deadline = time.monotonic() + settings.EMAIL_CLAIM_TIMEOUT / 2
    try:
        with get_connection() as connection:
            for item in outgoing:
                if time.monotonic() > deadline:
                    break
                if item.message is not None:
                    try:
                        connection.send_messages([item.message])
                    except REFUSED:
                        rows.filter(pk=item.pk).give_back(token)
                        continue
                rows.filter(pk=item.pk).mark_sent()
                sent += 1
    finally:
        rows.give_back(token)
    return sent
