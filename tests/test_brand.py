"""The exam board's identity is configuration: colour and logo from settings."""

from django.core import mail

from notifications.api import deliver_email


def test_it_gives_the_pages_the_boards_colour(client, settings, db) -> None:
    settings.BOARD_PRIMARY_COLOUR = "#7a1f5c"
    css = client.get("/brand.css")
    assert css["Content-Type"].startswith("text/css")
    assert "--brand: #7a1f5c" in css.text
    assert 'href="/brand.css"' in client.get("/").text


def test_it_shows_the_logo_in_pages_and_emails(client, settings, owner, pet_session) -> None:
    settings.BOARD_LOGO = "https://board.example.org/logo.png"
    settings.BOARD_PRIMARY_COLOUR = "#7a1f5c"
    assert 'src="https://board.example.org/logo.png"' in client.get("/").text
    context = {"candidate": owner, "session": pet_session, "exam": pet_session.exam}
    deliver_email("one@example.org", "results_released", context, "en")
    html = mail.outbox[0].alternatives[0][0]
    assert "https://board.example.org/logo.png" in html
    assert "background:#7a1f5c" in html
