"""Candidates: register, confirm, log in, see and download the result, send it; lockout."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import UI, email_link
from tests.browser.helpers import (
    CANDIDATE_ID,
    CANDIDATE_PASSWORD,
    NEW_PASSWORD,
    WASEDA,
    candidate_login,
    open_first_result,
    send_to_waseda_admissions,
    word,
)

pytestmark = [pytest.mark.browser]

# Each case registers a different demo candidate (demo/data/entries.csv): registering is once only.
REGISTER_CASES = [
    pytest.param(("en", 1280), ("JPN2026", "4821", "佐藤", "結衣"), id="en-1280"),
    pytest.param(("en", 360), ("TKY0002", "7712", "高橋", "陽菜"), id="en-360"),
    pytest.param(("ja", 1280), ("OSK0101", "2468", "渡辺", "さくら"), id="ja-1280"),
    pytest.param(("ja", 360), ("OSK0102", "1357", "伊藤", "悠真"), id="ja-360"),
]


@pytest.mark.parametrize(("ui", "candidate"), REGISTER_CASES, indirect=["ui"])
def test_it_register_see_download_and_send(ui: UI, candidate: tuple[str, str, str, str]) -> None:
    candidate_id, secret_number, family_name, given_name = candidate
    address = f"{candidate_id.lower()}@example.net"
    page = ui.new_page()

    # Register.
    page.goto("/register/")
    expect(page.locator("html")).to_have_attribute("lang", ui.lang)
    page.locator("#id_candidate_id").fill(candidate_id)
    page.locator("#id_secret_number").fill(secret_number)
    page.locator("#id_email").fill(address)
    page.locator("#id_email_again").fill(address)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("#id_language").select_option(ui.lang)
    ui.shot(page, "register")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/home/$"))
    expect(page.locator("h1")).to_contain_text(family_name)
    expect(page.locator("main .notice-success")).to_have_count(1)  # one notice, not two
    expect(page.locator("main .notice-warning")).to_have_count(0)
    ui.shot(page, "registered")
    page.locator("nav form[action$='/logout/'] button").click()
    expect(page.locator("nav a[href$='/login/']")).to_be_visible()

    # Confirm the email address with the emailed link, then log in.
    page.goto(email_link(ui.server, address, "/confirm-email/"))
    expect(page.locator("main a.button[href$='/home/']")).to_be_visible()
    if word(ui.lang, "confirmed"):
        expect(page.locator("h1")).to_have_text(word(ui.lang, "confirmed"))
    ui.shot(page, "confirmed")
    candidate_login(page, candidate_id, NEW_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", ui.lang)
    expect(page.locator("main .notice-warning")).to_have_count(0)  # email confirmed
    ui.shot(page, "home")

    # The result, and its Statement of Results.
    open_first_result(page)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".summary-list")).to_be_visible()
    ui.shot(page, "result")
    with page.expect_download() as download_info:
        page.locator("a[href$='/statement.pdf']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert family_name in text and given_name in text, text
    assert "Statement of Results" in text or "成績証明書" in text, text

    # Send it to WASEDA's Admissions Office; it is delivered (their account is open).
    send_to_waseda_admissions(page, ui.shot)
    row = page.locator("table.results tbody tr", has_text=WASEDA)
    expect(row).to_have_count(1)
    expect(row.locator(".tag")).to_have_text(word(ui.lang, "delivered"))
    ui.shot(page, "shared")


LOCKOUT_CASES = [
    pytest.param(("en", 1280), "TKY0001", id="en-1280"),
    pytest.param(("ja", 360), "TKY0003", id="ja-360"),
]


@pytest.mark.parametrize(("ui", "candidate_id"), LOCKOUT_CASES, indirect=["ui"])
def test_it_four_wrong_passwords_lock(ui: UI, candidate_id: str) -> None:
    page = ui.new_page()
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", ui.lang)
    for attempt in range(1, 5):
        page.locator("#id_username").fill(candidate_id)
        page.locator("#id_password").fill(f"not-the-password-{attempt}")
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").click()
        if attempt < 4:
            expect(page.locator("main .error-summary, main [role=alert]").first).to_be_visible()
            expect(page.locator("main h2", has_text=word(ui.lang, "locked"))).to_have_count(0)
            ui.shot(page, f"wrong-{attempt}")
    notice = page.locator("main [role=alert]", has_text=word(ui.lang, "locked"))
    expect(notice).to_be_visible()
    # ... until when: a time like 0:03 (ja), or 12:03 a.m., 1 a.m., midnight or noon (en).
    expect(notice).to_contain_text(re.compile(r"\d{1,2}:\d{2}|\d{1,2} [ap]\.m\.|midnight|noon"))
    expect(notice.locator("a[href$='/password/forgot/']")).to_be_visible()
    expect(notice.locator("form[action$='/unlock/'] button")).to_be_visible()
    ui.shot(page, "locked")


KNOWN_BROWSER_CASES = [
    pytest.param(("en", 1280), id="en-1280"),
    pytest.param(("ja", 360), id="ja-360"),
]


@pytest.mark.parametrize("ui", KNOWN_BROWSER_CASES, indirect=True)
def test_it_a_stranger_cannot_lock_the_candidate_out_of_their_own_phone(ui: UI) -> None:
    phone = ui.new_page()  # the candidate's phone: it has logged in to PGD961 before
    candidate_login(phone, CANDIDATE_ID, CANDIDATE_PASSWORD)
    phone.locator("nav form[action$='/logout/'] button").click()
    stranger = ui.new_page()  # another browser, another person
    try:
        for attempt in range(1, 5):
            stranger.goto("/login/")
            stranger.locator("#id_username").fill(CANDIDATE_ID)
            stranger.locator("#id_password").fill(f"guess-{attempt}")
            stranger.locator("main form[method=post] button[type=submit]").click()
        expect(
            stranger.locator("main [role=alert]", has_text=word(ui.lang, "locked"))
        ).to_be_visible()
        ui.shot(stranger, "stranger-locked-the-id")
        # Right after, on results day, the candidate logs in on their phone as usual.
        candidate_login(phone, CANDIDATE_ID, CANDIDATE_PASSWORD)
        expect(phone.locator("h1")).to_contain_text("PGD961")
        ui.shot(phone, "known-phone-still-logs-in")
    finally:
        ui.server.manage("unlock_login", CANDIDATE_ID)  # other journeys log in as PGD961
