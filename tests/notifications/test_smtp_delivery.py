"""Delivery through a real SMTP server (aiosmtpd on a free local port)."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from notifications.api import deliver_email


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


def test_it_delivers_a_bilingual_trio_through_smtp(smtp_server, owner, pet_session) -> None:
    context = {"candidate": owner, "session": pet_session, "exam": pet_session.exam}
    deliver_email("hanako@example.org", "results_released", context, "ja")
    assert len(smtp_server.messages) == 1
    received = message_from_bytes(smtp_server.messages[0].as_bytes(), policy=policy.default)
    assert received["To"] == "hanako@example.org"
    assert "成績" in str(received["Subject"])
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert "PGD961 ONE" in text
    assert "<html" in html and "http://testserver/login/" in html
