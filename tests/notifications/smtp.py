"""A real SMTP server for tests (aiosmtpd on a free local port) that keeps what it
receives and refuses the recipients a test chooses. `serve_smtp` makes a fixture of it
(tests/notifications/conftest.py has one: `smtp_server`)."""

import socket
from collections import Counter
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    """The server's handler: every accepted message, by recipient."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[str] = []
        self.connections: set[Any] = set()
        self.refuse: Counter[str] = Counter()  # address -> how many more times to refuse

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refuse[address] > 0:
            self.refuse[address] -= 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        self.recipients.extend(envelope.rcpt_tos)
        self.connections.add(session.peer)
        return "250 OK"

    def counts(self) -> Counter[str]:
        return Counter(self.recipients)

    def to(self, address: str) -> EmailMessage:
        (message,) = [m for m in self.messages if m["To"] == address]
        return message


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_smtp(settings: Any) -> Iterator[Inbox]:
    """Points the email settings at a fresh server for the test's length."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


def parts(message: EmailMessage) -> tuple[str, str, str]:
    """(subject, text, HTML) as a mail client shows them."""
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    lines = (part.get_content().replace("\r\n", "\n") for part in (text, html))
    return (str(message["Subject"]), *lines)  # type: ignore[return-value]
