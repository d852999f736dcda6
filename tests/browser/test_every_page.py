"""axe-core on every page of the three areas, in English and Japanese (the journeys check
the pages they pass through; this visits the rest)."""

import pytest

from tests.browser.conftest import UI
from tests.browser.helpers import candidate_login, open_first_result, rvs_login, switch_language

pytestmark = [pytest.mark.browser]

VISITOR_PAGES = [
    "/",
    "/register/",
    "/login/",
    "/password/forgot/",
    "/exams/",
    "/help/",
    "/rvs/",
    "/rvs/create/?q=tohoku",
    "/rvs/join/?q=waseda",
    "/rvs/login/",
    "/rvs/password/forgot/",
]
CANDIDATE_PAGES = ["/home/", "/details/", "/shares/", "/invite/", "/invitations/"]
ORGANISATION_PAGES = [
    "/rvs/inbox/",
    "/rvs/verify/",
    "/rvs/verify/bulk/",
    "/rvs/requirements/",
    "/rvs/users/",
    "/rvs/activity/",
    "/rvs/settings/",
]
CASES = [pytest.param(("en", 1280), id="en-1280"), pytest.param(("ja", 360), id="ja-360")]


def _visit(ui: UI, page, paths: list[str]) -> None:  # noqa: ANN001
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        ui.shot(page, path.strip("/").replace("/", "_").split("?")[0] or "welcome")


@pytest.mark.parametrize("ui", CASES, indirect=True)
def test_it_every_page_is_accessible(ui: UI) -> None:
    visitor = ui.new_page()
    visitor.goto("/")
    switch_language(visitor, ui.lang)
    _visit(ui, visitor, VISITOR_PAGES)

    candidate = ui.new_page()
    candidate_login(candidate, "PGD961", "results-demo-2026")
    switch_language(candidate, ui.lang)
    _visit(ui, candidate, CANDIDATE_PAGES)
    candidate.goto("/home/")
    open_first_result(candidate)
    ui.shot(candidate, "result")
    candidate.locator("a[href$='/send/']").first.click()
    ui.shot(candidate, "send")

    organisation = ui.new_page()
    rvs_login(organisation, "admissions@waseda.example.jp", "rvs-demo-2026")
    switch_language(organisation, ui.lang)
    _visit(ui, organisation, ORGANISATION_PAGES)
