"""The candidate's pages as the guide shows them (issue 11): the home page with each
result's actions, the score chart on a 320 px phone, Send my result that waits for a
choice, withdrawing after a question, My details opening at the top."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import UI
from tests.browser.helpers import (
    CANDIDATE_ID,
    CANDIDATE_PASSWORD,
    candidate_login,
    switch_language,
    withdraw_shares,
)

pytestmark = [pytest.mark.browser]

CASES = [
    pytest.param((lang, width), id=f"{lang}-{width}")
    for lang in ("en", "ja")
    for width in (1280, 375)
]
SEND = {"en": "Send my result", "ja": "結果を送付する"}
RESULTS_HEADING = {"en": "Here are the results of your test", "ja": "試験の結果は以下のとおりです"}


def assert_no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def check_home(ui: UI, page: Page) -> None:
    """The guide's step 5 on the home page: the result, then what to do with it."""
    expect(page.locator("main h2").first).to_have_text(RESULTS_HEADING[ui.lang])
    card = page.locator("article.result-card").first
    expect(card.locator("h3")).to_be_visible()
    expect(card.locator(".overall-score")).to_have_text("85")
    expect(card.locator("a[href$='/statement.pdf']")).to_be_visible()
    expect(card.locator("a.button[href$='/send/']")).to_contain_text(SEND[ui.lang])
    expect(card.locator("a[href^='https://www.linkedin.com/profile/add']")).to_be_visible()
    expect(page.locator("#next-heading")).to_be_visible()
    expect(page.locator("#important-heading")).to_be_visible()
    assert_no_sideways_scroll(page)
    ui.shot(page, "home")


def check_chart(ui: UI, page: Page) -> None:
    """On a phone the chart is looked at 320 px wide: it fits, its text stays readable."""
    if ui.phone:
        page.set_viewport_size({"width": 320, "height": 800})
    chart = page.locator("figure.score-chart")
    chart.scroll_into_view_if_needed()
    assert_no_sideways_scroll(page)
    box, width = chart.bounding_box(), page.viewport_size["width"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    expect(chart.locator(".chart-rows li")).to_have_count(5)  # overall and four parts
    labels = chart.locator("svg.chart-axis text")
    expect(labels).to_have_text(["0", "45", "70", "80", "90", "100"])  # the PET bands
    smallest = page.evaluate(
        "() => Math.min(...[...document.querySelectorAll('.score-chart text, .chart-label')]"
        ".map(e => e.getBoundingClientRect().height))"
    )
    assert smallest >= 11, f"chart text only {smallest} px high"
    ui.shot(page, "chart")


def send_waits_for_a_choice(ui: UI, page: Page) -> None:
    button = page.locator("#send-button")
    expect(button).to_be_disabled()
    expect(page.locator("#send-hint")).to_be_visible()
    page.locator("#id_q").press_sequentially("kings", delay=30)  # King's College London
    hit = page.locator("#hits .hit", has_text="Dickson Poon School of Law")
    expect(hit).to_have_count(1)
    expect(button).to_be_disabled()  # three departments listed, none chosen yet
    hit.locator("input[type=radio]").check()
    expect(button).to_be_enabled()
    expect(page.locator("#send-hint")).to_be_hidden()
    ui.shot(page, "send")
    with page.expect_navigation():
        button.click()
    expect(page).to_have_url(re.compile(r"/shares/$"))


@pytest.mark.parametrize("ui", CASES, indirect=True)
def test_it_candidate_pages_as_the_guide_shows_them(ui: UI) -> None:
    page = ui.new_page()
    candidate_login(page, CANDIDATE_ID, CANDIDATE_PASSWORD)
    switch_language(page, ui.lang)
    check_home(ui, page)

    page.locator("article.result-card a.result-link").first.click()
    check_chart(ui, page)
    page.set_viewport_size({"width": ui.width, "height": 800 if ui.phone else 900})

    page.locator("main a.button[href$='/send/']").click()
    send_waits_for_a_choice(ui, page)

    # Withdrawing asks first; "No" keeps the share, "Yes" withdraws it.
    row = page.locator("table.results tbody tr", has_text="Dickson Poon")
    row.locator("a[href$='/withdraw/']").click()
    expect(page.locator("main form[method=post] button[type=submit]")).to_be_visible()
    ui.shot(page, "withdraw-question")
    page.locator("main a.button-secondary[href$='/shares/']").click()
    expect(row.locator("a[href$='/withdraw/']")).to_be_visible()
    withdraw_shares(page, "Dickson Poon")
    expect(row.locator("a[href$='/withdraw/']")).to_have_count(0)

    # My details opens at the top, nothing focused (a phone would scroll to a field).
    page.locator("nav a[href$='/details/']").click()
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("document.activeElement === document.body")
    ui.shot(page, "details")
