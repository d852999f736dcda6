"""The page language: the browser's until the user chooses, and then the choice."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import UI
from tests.browser.helpers import CANDIDATE_ID, CANDIDATE_PASSWORD, candidate_login, switch_language

pytestmark = [pytest.mark.browser]

WIDTHS = [1280, 375]
OTHER = {"en": "ja", "ja": "en"}
# The PET session of the demo, as each language writes a date.
SESSION_DATE = {"en": "13 June 2026", "ja": "2026年6月13日"}


def _forget_language(ui: UI) -> None:
    ui.server.manage(
        "shell",
        "-c",
        "from accounts.models import User;"
        f"User.objects.filter(username='{CANDIDATE_ID}').update(language='')",
    )


@pytest.fixture
def demo_candidate_chose_nothing(ui: UI) -> Iterator[None]:
    """The demo candidate as the demo loads it, whatever other journeys chose meanwhile:
    no language chosen."""
    _forget_language(ui)
    yield
    _forget_language(ui)


@pytest.mark.parametrize(
    "ui", [(lang, width) for lang in ("en", "ja") for width in WIDTHS], indirect=True
)
def test_it_keeps_the_browsers_language_after_login(
    ui: UI, demo_candidate_chose_nothing: None
) -> None:
    page = ui.new_page()
    candidate_login(page, CANDIDATE_ID, CANDIDATE_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", ui.lang)
    expect(page.locator("main")).to_contain_text(SESSION_DATE[ui.lang])
    ui.shot(page, "home")
    page.goto("/details/")
    expect(page.locator("#id_language")).to_have_value(ui.lang)
    ui.shot(page, "details")


@pytest.mark.parametrize("ui", [("ja", 375), ("en", 1280)], indirect=True)
def test_it_remembers_the_switchers_choice(ui: UI, demo_candidate_chose_nothing: None) -> None:
    chosen = OTHER[ui.lang]
    visitor = ui.new_page()
    visitor.goto("/")
    switch_language(visitor, chosen)
    visitor.goto("/help/")  # the cookie remembers it
    expect(visitor.locator("html")).to_have_attribute("lang", chosen)
    ui.shot(visitor, "help")

    phone = ui.new_page()  # another browser, in the user's own language
    candidate_login(phone, CANDIDATE_ID, CANDIDATE_PASSWORD)
    switch_language(phone, chosen)  # signed in: saved on the account

    laptop = ui.new_page()
    candidate_login(laptop, CANDIDATE_ID, CANDIDATE_PASSWORD)
    expect(laptop.locator("html")).to_have_attribute("lang", chosen)
    ui.shot(laptop, "home")
