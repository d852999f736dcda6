"""Organisations: sign up, staff approval, a colleague joins; receive and verify results."""

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import UI, email_link
from tests.browser.helpers import (
    CANDIDATE_ID,
    CANDIDATE_PASSWORD,
    NEW_PASSWORD,
    RVS_EMAIL,
    RVS_PASSWORD,
    STAFF_PASSWORD,
    STAFF_USERNAME,
    WASEDA,
    candidate_login,
    open_first_result,
    rvs_login,
    send_to_waseda_admissions,
    switch_language,
    withdraw_shares,
    word,
)

pytestmark = [pytest.mark.browser]

CASES = [
    pytest.param(("en", 1280), id="en-1280"),
    pytest.param(("ja", 360), id="ja-360"),
]


def _fill_person(page: Page, ui: UI, name: str, address: str) -> None:
    page.locator("#id_contact_name").fill(name)
    page.locator("#id_email").fill(address)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("#id_language").select_option(ui.lang)


def _submit(page: Page) -> None:
    page.locator("main form[method=post] button[type=submit]:not([name=search])").click()


@pytest.mark.parametrize("ui", CASES, indirect=True)
def test_it_organisation_signs_up_is_approved_and_a_colleague_joins(ui: UI) -> None:
    tag = uuid.uuid4().hex[:8]
    organisation = f"Browser College {tag}"
    founder = f"founder-{tag}@college.example.org"
    colleague = f"colleague-{tag}@college.example.org"

    # Create a new account for a new organisation.
    page = ui.new_page()
    page.goto("/rvs/")
    expect(page.locator("html")).to_have_attribute("lang", ui.lang)
    ui.shot(page, "landing")
    page.locator("main a.button[href$='/rvs/create/']").click()
    page.locator("#id_name").fill(organisation)
    page.locator("#id_department").fill("Admissions")
    page.locator("#id_country").select_option("JP")
    page.locator("#id_city").fill("Sendai")
    _fill_person(page, ui, "Aiko Founder", founder)
    ui.shot(page, "create")
    _submit(page)
    expect(page.locator("main")).to_contain_text(founder)
    ui.shot(page, "check-email")

    page.goto(email_link(ui.server, founder, "/rvs/confirm/"))
    expect(page.locator("main a.button[href$='/rvs/login/']")).to_be_visible()
    ui.shot(page, "confirmed")

    # Exam-board staff approve the application in the admin.
    staff = ui.new_page()
    staff.goto("/admin/")
    staff.locator("#id_username").fill(STAFF_USERNAME)
    staff.locator("#id_password").fill(STAFF_PASSWORD)
    staff.locator("input[type=submit], button[type=submit]").last.click()
    staff.locator("a[href$='/admin/organisations/accountapplication/']").first.click()
    row = staff.locator("#result_list tbody tr", has_text=organisation)
    expect(row).to_have_count(1)
    row.locator("input[name=_selected_action]").check()
    staff.locator("select[name=action]").select_option("approve")
    ui.shot(staff, "admin-applications")
    staff.locator("button[name=index]").click()
    # The addresses side by side; a new organisation has no official one, so staff say
    # they checked before its waiting results go out.
    expect(staff.locator("#content table")).to_contain_text(founder)
    ui.shot(staff, "admin-approve-check")
    staff.locator("#addresses_checked").check()
    staff.locator("#content form input[type=submit]").click()
    expect(staff.locator(".messagelist")).to_be_visible()
    ui.shot(staff, "admin-approved")

    # The founder logs in: their account is open.
    rvs_login(page, founder, NEW_PASSWORD)
    expect(page.locator(".account-bar")).to_contain_text(organisation)
    expect(page.locator("nav a[href$='/rvs/users/']")).to_be_visible()
    ui.shot(page, "founder-in")

    # A colleague asks to join that account and confirms their address.
    other = ui.new_page()
    other.goto("/rvs/")
    other.locator("main a.button[href$='/rvs/join/']").click()
    other.locator("#id_q").fill(tag)
    other.locator("button[name=search]").click()
    hit = other.locator(".hits .hit", has_text=organisation)
    expect(hit).to_have_count(1)
    hit.locator("input[type=radio]").check()
    _fill_person(other, ui, "Kenji Colleague", colleague)
    ui.shot(other, "join")
    _submit(other)
    expect(other.locator("main")).to_contain_text(colleague)
    other.goto(email_link(ui.server, colleague, "/rvs/confirm/"))
    expect(other.locator("main a.button[href$='/rvs/login/']")).to_be_visible()
    ui.shot(other, "join-confirmed")

    # The administrator approves them on the Users page.
    page.locator("nav a[href$='/rvs/users/']").click()
    member = page.locator("table.results tbody tr", has_text=colleague)
    expect(member.locator(".tag-warning")).to_be_visible()
    ui.shot(page, "users-pending")
    member.locator("button[value=approve]").click()
    expect(member.locator(".tag-warning")).to_have_count(0)
    expect(member.locator("button[value=remove]")).to_be_visible()
    ui.shot(page, "users-approved")

    # The colleague can now use the account.
    rvs_login(other, colleague, NEW_PASSWORD)
    expect(other.locator(".account-bar")).to_contain_text(organisation)
    expect(other.locator("nav a[href$='/rvs/inbox/']")).to_be_visible()
    expect(other.locator("nav a[href$='/rvs/users/']")).to_have_count(0)
    ui.shot(other, "colleague-in")


@pytest.mark.parametrize("ui", CASES, indirect=True)
def test_it_admissions_receive_process_and_verify(ui: UI, tmp_path: Path) -> None:
    # The demo candidate sends their result afresh (withdrawing an earlier share).
    candidate = ui.new_page()
    candidate_login(candidate, CANDIDATE_ID, CANDIDATE_PASSWORD)
    switch_language(candidate, ui.lang)
    candidate.locator("nav a[href$='/shares/']").click()
    withdraw_shares(candidate, WASEDA)
    candidate.locator("nav a[href$='/home/']").click()
    open_first_result(candidate)
    send_to_waseda_admissions(candidate, ui.shot)
    current = candidate.locator(
        "table.results tbody tr", has=candidate.locator("a[href$='/withdraw/']")
    )
    expect(current).to_have_count(1)
    expect(current.locator(".tag")).to_have_text(word(ui.lang, "delivered"))
    ui.shot(candidate, "candidate-sent")

    # Admissions see it in their inbox, open it and mark it processed.
    page = ui.new_page()
    rvs_login(page, RVS_EMAIL, RVS_PASSWORD)
    switch_language(page, ui.lang)
    page.locator("nav a[href$='/rvs/inbox/']").click()
    row = page.locator("table.inbox tbody tr", has=page.locator("td", has_text=CANDIDATE_ID))
    expect(row).to_have_count(1)
    ui.shot(page, "inbox")
    row.locator("th a").click()
    expect(page.locator("h1")).to_contain_text("PGD961")
    ui.shot(page, "share")
    page.locator("form.process-form button[type=submit]").click()
    expect(page.locator("form.process-form input[name=undo]")).to_have_count(1)
    expect(page.locator("main")).to_contain_text(word(ui.lang, "processed"))
    ui.shot(page, "processed")

    # Verify one result by ID Number and Secret Number.
    page.locator("nav a[href$='/rvs/verify/']").click()
    page.locator("#id_candidate_id").fill(CANDIDATE_ID)
    page.locator("#id_secret_number").fill("1234")
    page.locator("form:has(#id_secret_number) button[type=submit]").click()
    outcome = page.locator(".verify-outcome.notice-success")
    expect(outcome).to_be_visible()
    if word(ui.lang, "verified"):
        expect(outcome).to_have_text(re.compile(r"Verified"))
    expect(page.locator(".verified-result").first).to_contain_text(CANDIDATE_ID)
    ui.shot(page, "verified")

    # Bulk verification: one line matches, one does not.
    upload = tmp_path / "candidates.csv"
    upload.write_text("candidate_id,secret_number\nPGD961,1234\nTKY0001,0000\n", "utf-8")
    page.locator("nav a[href$='/rvs/verify/bulk/']").click()
    page.locator("input[type=file]").set_input_files(upload)
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    report = page.locator("table.bulk-report tbody")
    expect(report.locator("tr")).to_have_count(2)
    expect(report.locator("tr.outcome-match")).to_contain_text(CANDIDATE_ID)
    expect(report.locator("tr.outcome-no_match")).to_contain_text("TKY0001")
    if word(ui.lang, "matched"):
        expect(page.locator(".bulk-counts")).to_contain_text(word(ui.lang, "matched"))
        expect(page.locator(".bulk-counts")).to_contain_text(word(ui.lang, "no_match"))
    ui.shot(page, "bulk")

    # The candidate sees that it was viewed.
    candidate.reload()
    expect(current.locator(".tag")).to_contain_text(word(ui.lang, "viewed"))
    ui.shot(candidate, "candidate-viewed")
