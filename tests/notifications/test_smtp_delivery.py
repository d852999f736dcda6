"""Delivery through a real SMTP server (aiosmtpd on a free local port)."""

from notifications.api import deliver_email


def test_it_delivers_a_bilingual_trio_through_smtp(smtp_server, owner, pet_session) -> None:
    context = {"candidate": owner, "session": pet_session, "exam": pet_session.exam}
    deliver_email("hanako@example.org", "results_released", context, "ja")
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "hanako@example.org"
    assert "成績" in str(received["Subject"])
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert "PGD961 ONE" in text
    assert "<html" in html and "http://testserver/login/" in html
