"""The exam board's identity is configuration: colour and logo from settings."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from notifications.api import deliver_email
from resultbridge.checks import check_brand_colour_collected

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_it_serves_the_boards_colour_as_a_static_file_in_the_demo(client, settings, db) -> None:
    settings.BOARD_PRIMARY_COLOUR = "#7a1f5c"
    page = client.get("/").text
    [stylesheet] = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page)
    assert stylesheet == "/static/css/board.css"  # one stylesheet: site.css in the colour
    # What the demo's server (whitenoise with DEBUG on) serves for that address.
    css = Path(finders.find("css/board.css")).read_text()
    assert css.startswith(Path(finders.find("css/site.css")).read_text())
    assert css.endswith(":root { --brand: #7a1f5c; --brand-dark: #551640; }\n")


@pytest.fixture
def collected(settings, tmp_path):
    """collectstatic as production runs it: hashed names, read from the manifest."""
    settings.STORAGES = MANIFEST_STORAGE
    settings.STATIC_ROOT = tmp_path / "static"

    def collect(colour: str) -> str:
        settings.BOARD_PRIMARY_COLOUR = colour
        call_command("collectstatic", "--noinput", verbosity=0)
        cache.clear()  # the server restarts after collectstatic: nothing rendered is kept
        page = Client().get("/").text
        [name] = re.findall(r'href="/static/(css/board\.[0-9a-f]{12}\.css)"', page)
        return name

    return collect


def test_it_collects_the_colour_under_a_name_that_changes_with_it(collected, settings, db) -> None:
    first = collected("#7a1f5c")
    assert "--brand: #7a1f5c" in (settings.STATIC_ROOT / first).read_text()
    assert check_brand_colour_collected() == []
    settings.BOARD_PRIMARY_COLOUR = "#004d40"  # changed in the environment, not collected
    [warning] = check_brand_colour_collected()
    assert warning.id == "resultbridge.W005"
    assert collected("#004d40") != first


def test_it_shows_the_logo_in_pages_and_emails(client, settings, owner, pet_session) -> None:
    settings.BOARD_LOGO = "https://board.example.org/logo.png"
    settings.BOARD_PRIMARY_COLOUR = "#7a1f5c"
    assert 'src="https://board.example.org/logo.png"' in client.get("/").text
    context = {"candidate": owner, "session": pet_session, "exam": pet_session.exam}
    deliver_email("one@example.org", "results_released", context, "en")
    html = mail.outbox[0].alternatives[0][0]
    assert "https://board.example.org/logo.png" in html
    assert "background:#7a1f5c" in html
