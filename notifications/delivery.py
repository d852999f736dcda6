"""Sending claimed emails in batches: one SMTP connection, each template rendered once.

The rules are in docs/decisions/0011: a message is marked sent right after the mail
server accepted it; a message the server refuses gives its claim back; a worker stops
sending a batch (and gives the rest back) before its claim could be taken as stale.
"""

import re
import smtplib
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import connection
from django.utils import timezone
from django.utils.html import escape

from notifications.models import ClaimQuerySet

# The mail server refused this one message; the connection is still good for the next.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _slot(name: str) -> str:
    # Private-use characters: no template filter, escaping or translation changes them.
    return f"\ue000{name}\ue001"


# What the batch's MIME template holds where a recipient's own address and Message-ID go.
MARK_TO = "rb-recipient@slot.invalid"
MARK_ID = "rb-slot-message-id"
SLOT = re.compile("\ue000(\\w+)\ue001")


@dataclass
class EmailTemplate:
    """One email rendered once for many recipients, with slots for what differs.

    Building a MIME message costs more than sending it; `message` builds the batch's
    MIME bytes once and writes each recipient's values into a copy. Where that cannot be
    exact (a slot in the encoded subject, a line the encoder would wrap, an address that
    needs encoding) it builds the whole message instead."""

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

    def message(self, to: str, message_id: str, **values: str) -> EmailMultiAlternatives:
        filled = self.fill(**values)
        mime = self._mime
        plain = all("\r" not in v and "\n" not in v for v in (to, *values.values()))
        if mime is None or not plain or not to.isascii():
            return build_message(to, filled, message_id)
        head, html = mime
        head = head.replace(MARK_TO.encode(), to.encode())
        head = head.replace(MARK_ID.encode(), message_id.encode())
        for name, value in values.items():
            head = head.replace(_slot(name).encode(), value.encode())
            html = html.replace(_slot(name).encode(), escape(value).encode())
        return PreparedEmail(head + html, to, filled, message_id)

    @cached_property
    def _mime(self) -> tuple[bytes, bytes] | None:
        """The MIME bytes cut where the HTML part starts, if every slot is in them as is."""
        probe = build_message(MARK_TO, (self.subject, self.text, self.html), MARK_ID)
        raw = probe.message().as_bytes(linesep="\r\n")
        head, start, html = raw.partition(b"Content-Type: text/html")
        if SLOT.search(self.subject) or not start or head.count(MARK_TO.encode()) != 1:
            return None
        for name in set(SLOT.findall(self.text + self.html)):
            slot = _slot(name)
            if head.count(slot.encode()) != self.text.count(slot):
                return None
            if html.count(slot.encode()) != self.html.count(slot):
                return None
        return head, start + html


class _RawMessage:
    """What the email backends read of a message: its bytes."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, linesep: str = "\r\n") -> bytes:
        return self.raw if linesep == "\r\n" else self.raw.replace(b"\r\n", linesep.encode())

    def get_charset(self) -> None:
        return None


class PreparedEmail(EmailMultiAlternatives):
    """An email whose MIME bytes are already made: the backend sends them as they are."""

    def __init__(self, raw: bytes, to: str, filled: tuple[str, str, str], message_id: str):
        subject, text, html = filled
        super().__init__(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
        self.extra_headers["Message-ID"] = message_id
        self.attach_alternative(html, "text/html")
        self.raw = raw

    def message(self) -> Any:
        return _RawMessage(self.raw)


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
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers={"Message-ID": message_id}
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
        with _commits_without_flush(), get_connection() as smtp:
            for item in outgoing:
                if time.monotonic() > deadline:
                    break
                if item.message is not None:
                    try:
                        _send(smtp, item.message)
                    except REFUSED:
                        rows.filter(pk=item.pk).give_back(token)
                        continue
                _mark_sent(rows, item.pk)
                sent += 1
    finally:
        rows.give_back(token)
    return sent


def _mark_sent(rows: ClaimQuerySet, pk: int) -> None:
    """`rows.filter(pk=pk).mark_sent()` in one plain statement: building that query
    through the ORM for each email cost a quarter of a worker's CPU."""
    meta = rows.model._meta
    table, column = connection.ops.quote_name(meta.db_table), meta.pk.column
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET sent_at = %s WHERE {column} = %s AND sent_at IS NULL",  # noqa: S608  # nosec B608
            [now, pk],
        )


def _send(backend: Any, message: EmailMessage) -> None:
    """Hands a prepared email's bytes to smtplib as they are (Django's backend would parse
    both addresses again, which costs more than the rest of the send); any other email
    goes through the backend."""
    smtp = backend.connection if isinstance(backend, SmtpBackend) else None
    if isinstance(message, PreparedEmail) and smtp is not None:
        smtp.sendmail(message.from_email, message.to, message.raw)
    else:
        backend.send_messages([message])


@contextmanager
def _commits_without_flush() -> Iterator[None]:
    """On PostgreSQL, "sent" marks commit without waiting for the disk (4 times faster
    here). A dead worker loses none of them: the server has them. Only a crash of
    PostgreSQL itself within about 0.6 s could lose some, and resend those emails."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
