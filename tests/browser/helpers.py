"""Steps the browser journeys share, and the words they look for in each language."""

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

expect.set_options(timeout=10_000)

CANDIDATE_ID, CANDIDATE_PASSWORD = "PGD961", "results-demo-2026"
RVS_EMAIL, RVS_PASSWORD = "admissions@waseda.example.jp", "rvs-demo-2026"
STAFF_USERNAME, STAFF_PASSWORD = "admin", "board-demo-2026"
NEW_PASSWORD = "Bridge-to-results-2026!"
# The demo directory gives WASEDA a Japanese name, which Japanese pages show.
WASEDA = re.compile("WASEDA University|早稲田大学")

# Strings from locale/ja/LC_MESSAGES/django.po.
WORDS = {
    "en": {
        "delivered": "Delivered",
        "viewed": "Viewed on",
        "locked": "Your account is locked",
        "statement": "Statement of Results",
        "processed": "Processed on",
        "confirmed": "Your email address is confirmed",
        "verified": "Verified: this result is in our records.",
        "matched": "1 line matched",
        "no_match": "1 line did not match",
        "check_email": "Check your email",
        "shared_results": "Shared results",
    },
    "ja": {
        "delivered": "送付済み",
        "viewed": "閲覧済み",
        "locked": "アカウントがロックされています",
        "statement": "成績証明書",
        "processed": "処理済み",
        "confirmed": None,
        "verified": None,
        "matched": None,
        "no_match": None,
        "check_email": None,
        "shared_results": "送付した成績",
    },
}


# -- accessibility -----------------------------------------------------------------------

# axe-core from the npm registry, installed on first use by the `axe_core` session fixture
# in conftest.py (the folder is in .gitignore).
AXE_DIR = Path(__file__).resolve().parent / ".axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}


def check_accessibility(page: Page, name: str) -> None:
    """Runs axe-core on the page; fails on any serious or critical WCAG 2.2 AA violation.

    The browser context must be made with `bypass_csp=True` (see UI.new_page): the site's
    Content-Security-Policy (script-src 'self') would otherwise block the injected script.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_SCRIPT)
    # resultTypes: only violations are needed, which makes axe much faster.
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = [v for v in results["violations"] if v["impact"] in AXE_FAILING_IMPACTS]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {name} ({page.url}):"]
        for v in violations:
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            more = len(v["nodes"]) - 3
            lines.append(f"- {v['id']} [{v['impact']}]: {v['help']}")
            lines.append(f"    at {targets}" + (f" (and {more} more)" if more > 0 else ""))
        raise AssertionError("\n".join(lines))


def word(lang: str, key: str) -> str | None:
    return WORDS[lang][key]


def switch_language(page: Page, lang: str) -> None:
    """Uses the language switcher in the header (saved for a signed-in user)."""
    if page.locator("html").get_attribute("lang") == lang:
        return
    switcher = page.locator("form.language-switcher")
    switcher.locator("#language-select").select_option(lang)
    switcher.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def candidate_login(page: Page, candidate_id: str, password: str) -> None:
    page.goto("/login/")
    page.locator("#id_username").fill(candidate_id)
    page.locator("#id_password").fill(password)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/home/$"))


def rvs_login(page: Page, email: str, password: str) -> None:
    page.goto("/rvs/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/rvs/login/"))


def open_first_result(page: Page) -> None:
    """From the home page's first result card to the result page."""
    page.locator("article.result-card a.result-link").first.click()
    expect(page).to_have_url(re.compile(r"/results/[0-9a-f-]+/$"))


def withdraw_shares(page: Page, row_text: str | re.Pattern[str]) -> None:
    """On "Shared results": withdraws every current share whose row has `row_text`,
    each through its confirmation page."""
    withdraw = page.locator("table.results tbody tr", has_text=row_text).locator(
        "a[href$='/withdraw/']"
    )
    while withdraw.count():
        withdraw.first.click()
        expect(page).to_have_url(re.compile(r"/withdraw/$"))
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").click()


def send_to_waseda_admissions(page: Page, shot: Callable[[Page, str], None]) -> None:
    """From a result page: Send my result, type-ahead search, choose, send."""
    page.locator("a[href$='/send/']").click()
    expect(page).to_have_url(re.compile(r"/send/$"))
    page.locator("#id_q").press_sequentially("waseda", delay=30)
    # The hits arrive by the type-ahead, without pressing Search.
    hit = page.locator("#hits .hit", has_text="Admissions Office")
    expect(hit).to_have_count(1)
    hit.locator("input[type=radio]").check()
    shot(page, "send")
    page.locator("form:has(#hits) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/shares/$"))
