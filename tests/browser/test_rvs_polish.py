"""The Verification Service as a demanding user sees it (issue 11): an invitation that leads
to an account, a search that keeps the form, an inbox that fits, a log in one's language."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import UI, email_link
from tests.browser.helpers import (
    CANDIDATE_ID,
    CANDIDATE_PASSWORD,
    RVS_EMAIL,
    RVS_PASSWORD,
    candidate_login,
    open_first_result,
    rvs_login,
    send_to_waseda_admissions,
    switch_language,
)

pytestmark = [pytest.mark.browser]

CASES = [
    pytest.param((lang, width), id=f"{lang}-{width}")
    for lang in ("en", "ja")
    for width in (1280, 375)
]


def _invite_from_the_send_page(ui: UI, name: str, address: str) -> None:
    page = ui.new_page()
    candidate_login(page, CANDIDATE_ID, CANDIDATE_PASSWORD)
    switch_language(page, ui.lang)
    open_first_result(page)
    page.locator("a[href$='/send/']").click()
    page.locator("a[href*='/invite/?result=']").click()
    expect(page.locator("main .consent")).to_be_visible()  # the result goes with it
    page.locator("#id_organisation_name").fill(name)
    page.locator("#id_email").fill(address)
    page.locator("#id_country").select_option("JP")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/invitations/$"))


@pytest.mark.parametrize("ui", CASES, indirect=True)
def test_it_invitation_leads_to_a_prefilled_account(ui: UI) -> None:
    tag = uuid.uuid4().hex[:8]
    name, address = f"Tohoku Gakuin {tag}", f"office-{tag}@tohoku.example.jp"
    _invite_from_the_send_page(ui, name, address)

    page = ui.new_page()
    page.goto(email_link(ui.server, address, "/invitations/"))
    switch_language(page, ui.lang)
    expect(page.locator("body")).to_have_class(re.compile("area-organisation"))
    ui.shot(page, "invitation-landing")
    page.locator("main a.button[href*='/rvs/create/?invitation=']").click()
    expect(page.locator("#id_name")).to_have_value(name)
    expect(page.locator("#id_email")).to_have_value(address)
    expect(page.locator("#id_country")).to_have_value("JP")

    # Typing offers the directory's accounts at once; Search keeps what was typed.
    page.locator("#id_contact_name").fill("Mei Polish")
    page.locator("#id_q").press_sequentially("tohoku", delay=30)
    expect(page.locator("#hits .hits")).to_be_visible()
    page.locator("button[name=search]").click()
    expect(page.locator("#id_contact_name")).to_have_value("Mei Polish")
    expect(page.locator("#id_q")).to_have_value("tohoku")
    expect(page.locator("#id_email")).to_have_value(address)
    expect(page.locator(".error-message")).to_have_count(0)
    page.locator("#id_password1").fill("Polish-the-service-2026!")
    page.locator("#id_password2").fill("Polish-the-service-2026!")
    ui.shot(page, "create")
    page.locator("main form[method=post] button[type=submit]:not([name=search])").click()
    expect(page).to_have_url(re.compile(r"/rvs/check-email/$"))  # after POST, a GET
    expect(page.locator("main")).to_contain_text(address)


@pytest.mark.parametrize("ui", CASES, indirect=True)
def test_it_inbox_fits_and_speaks_the_readers_language(ui: UI) -> None:
    candidate = ui.new_page()  # a result to receive (sent once: later runs are told so)
    candidate_login(candidate, CANDIDATE_ID, CANDIDATE_PASSWORD)
    open_first_result(candidate)
    send_to_waseda_admissions(candidate, lambda page, what: None)

    page = ui.new_page()
    rvs_login(page, RVS_EMAIL, RVS_PASSWORD)
    switch_language(page, ui.lang)
    page.goto("/rvs/inbox/")
    rows = page.locator("table.inbox tbody tr")
    expect(rows.first).to_be_visible()
    ui.shot(page, "inbox")
    if ui.phone:
        # The results come first: the six filters wait, folded, until asked for.
        expect(page.locator("#id_received_from")).to_be_hidden()
        assert rows.first.bounding_box()["y"] < 800
    else:
        birth = rows.first.locator("td").nth(1).bounding_box()
        candidate_id = rows.first.locator("td").nth(0).bounding_box()
        assert birth["height"] <= candidate_id["height"] + 1  # one line, as the ID Number
        wrap = page.locator(".table-wrap").first
        assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")

    # The demo account has no score requirements: its result pages say nothing of them.
    rows.first.locator("th a").click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".requirement-check, .meets-no")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("(PET) (PET)")
    ui.shot(page, "share")

    # What was viewed is in the log, in the reader's language.
    page.goto("/rvs/activity/")
    detail = page.locator("table.results tbody tr td").nth(2)
    expect(detail).to_contain_text("ID Number PGD961")  # the glossary keeps it in Japanese too
    if ui.lang == "ja":
        expect(detail).to_contain_text("年")
    ui.shot(page, "activity")

    page.goto("/rvs/settings/")
    expect(page.locator("#id_old_password")).to_be_visible()
    expect(page.locator("#id_old_password")).not_to_be_focused()
