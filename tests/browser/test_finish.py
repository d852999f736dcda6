"""The site's own error pages, its favicon and a first visit without a failed request, in
English and Japanese at 1280 and 375 px (axe-core on every page shot)."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from playwright.sync_api import Page, Response, Route, expect

from resultbridge.views import server_error
from tests.browser.conftest import UI
from tests.browser.helpers import (
    CANDIDATE_ID,
    CANDIDATE_PASSWORD,
    candidate_login,
    switch_language,
)

pytestmark = [pytest.mark.browser]

CASES = [
    pytest.param(("en", 1280), id="en-1280"),
    pytest.param(("ja", 375), id="ja-375"),
    pytest.param(("ja", 1280), id="ja-1280"),
    pytest.param(("en", 375), id="en-375"),
]
HEADINGS = {
    "404": {"en": "We cannot find this page", "ja": "お探しのページが見つかりません"},
    "403": {"en": "You cannot open this page", "ja": "このページは表示できません"},
    "csrf": {"en": "Please send it again", "ja": "もう一度送信してください"},
    "500": {"en": "Something went wrong on our side", "ja": "システムでエラーが発生しました"},
}
FIRST_VISIT = ["/", "/register/", "/login/", "/exams/", "/help/", "/rvs/"]


def _as_production(page: Page, path: str, html: str, status: int) -> None:
    """The demo server runs with DEBUG on, which shows Django's debugging pages for 404 and
    500: the page as production renders it (made here, DEBUG off) stands in for it, with
    the server's real stylesheets and icon."""

    def fulfil(route: Route) -> None:
        route.fulfill(status=status, body=html, content_type="text/html; charset=utf-8")

    page.route(lambda url: urlsplit(url).path == path, fulfil)


def _not_found_html(lang: str, path: str) -> str:
    with override_settings(DEBUG=False):
        return Client().get(path, HTTP_ACCEPT_LANGUAGE=lang).text


def _server_error_html(lang: str) -> str:
    # Django calls the handler inside the request, its language already chosen.
    with translation.override(lang):
        return server_error(RequestFactory().get("/")).content.decode()


@pytest.mark.parametrize("ui", CASES, indirect=True)
def test_it_shows_its_own_error_pages(ui: UI) -> None:
    lang = ui.lang
    page = ui.new_page()

    for path in ("/no-such-page/", "/rvs/no-such-page/"):
        _as_production(page, path, _not_found_html(lang, path), 404)
        assert page.goto(path).status == 404
        expect(page.locator("h1")).to_have_text(HEADINGS["404"][lang])
        ui.shot(page, "404-rvs" if path.startswith("/rvs/") else "404")
    expect(page.locator("body")).to_have_class("area-organisation")
    page.locator("main a.button").click()  # the way back, to the area it was asked in
    expect(page).to_have_url(re.compile(r"/rvs/$"))

    _as_production(page, "/broken/", _server_error_html(lang), 500)
    assert page.goto("/broken/").status == 500
    expect(page.locator("h1")).to_have_text(HEADINGS["500"][lang])
    ui.shot(page, "500")

    # A form sent after its cookies were lost (an old tab, cookies blocked): the CSRF page.
    page.goto("/login/")
    page.context.clear_cookies()
    page.locator("#id_username").fill(CANDIDATE_ID)
    page.locator("#id_password").fill(CANDIDATE_PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(HEADINGS["csrf"][lang])
    ui.shot(page, "csrf")

    # A candidate who opens the organisations' inbox.
    candidate = ui.new_page()
    candidate_login(candidate, CANDIDATE_ID, CANDIDATE_PASSWORD)
    switch_language(candidate, lang)
    assert candidate.goto("/rvs/inbox/").status == 403
    ui.shot(candidate, "403")


@pytest.mark.parametrize("ui", CASES, indirect=True)
def test_it_makes_no_failed_request_on_a_first_visit(ui: UI) -> None:
    page = ui.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))

    def watch(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", watch)
    for path in FIRST_VISIT:
        page.goto(path)
        # The icon is fetched after "load": leaving earlier would abort it (not a failure).
        page.wait_for_load_state("networkidle")
    # Every browser asks for /favicon.ico, whatever the page's <link rel="icon"> says.
    icon = page.request.get("/favicon.ico")
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
    linked = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(linked).ok
    assert failed == []
    ui.shot(page, "rvs")
