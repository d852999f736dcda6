"""The production smoke test: the README's steps on PostgreSQL, DEBUG off, gunicorn with
deploy/gunicorn.conf.py (2 workers), two task workers and a real SMTP server."""

import gzip
import re

import pytest

from tests.factories import PASSWORD
from tests.production.conftest import Production
from tests.production.stack import Browser, link_in, text_of, wait_for

pytestmark = pytest.mark.production

WELCOME_JA = "受検者用試験結果オンライン確認画面へようこそ"
EMAIL = "kenji@example.org"


def test_it_passes_check_deploy_after_the_install_steps(production: Production) -> None:
    output = production.stack.manage("check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in output, output


def test_it_answers_in_japanese_to_a_browser_set_to_japanese(production: Production) -> None:
    page = Browser(production.web_a, language="ja,en;q=0.5").get("/")
    assert page.status == 200
    assert '<html lang="ja">' in page.text
    assert WELCOME_JA in page.text


def test_it_answers_in_japanese_after_choosing_nihongo(production: Production) -> None:
    browser = Browser(production.web_a, language="en")
    assert WELCOME_JA not in browser.get("/").text
    assert ">日本語</option>" in browser.get("/").text
    chosen = browser.post("/language/", {"language": "ja", "next": "/"})
    assert chosen.status == 302
    assert WELCOME_JA in browser.on(production.web_b).get("/").text


def test_it_serves_static_files_by_hashed_name_from_whitenoise(production: Production) -> None:
    page = Browser(production.web_a).get("/")
    stylesheet = re.search(r'href="(/static/css/board\.[0-9a-f]{12}\.css)"', page.text)
    assert stylesheet, "the page does not name its stylesheet by a hashed name"
    served = Browser(production.web_a).get(stylesheet.group(1))
    assert served.status == 200
    assert "immutable" in served.headers["Cache-Control"]
    assert served.headers["Content-Encoding"] == "gzip"  # compressed by collectstatic
    assert b"--brand: #" in gzip.decompress(served.body)  # site.css in the board's colour


def test_it_emails_the_release_and_shows_the_result_in_japanese(production: Production) -> None:
    browser = Browser(production.web_a)
    browser.get("/register/")
    form = {
        "candidate_id": "SMK001", "secret_number": "6660", "email": EMAIL,
        "email_again": EMAIL, "password1": PASSWORD, "password2": PASSWORD, "language": "en",
    }  # fmt: skip
    assert browser.post("/register/", form).status == 302
    # Release emails go to confirmed addresses only.
    confirmation = wait_for("the confirmation email", lambda: production.inbox.to(EMAIL))
    assert browser.get(link_in(text_of(confirmation[0]), "/confirm-email/")).status == 200
    production.stack.manage("release_results", "--exam", "FCE", "--session", "2026-11-14")
    released = wait_for("the release email", lambda: production.inbox.to(EMAIL, "available"))
    assert "https://results.example.test/login/" in text_of(released[0])

    assert browser.post("/language/", {"language": "ja", "next": "/home/"}).status == 302
    home = browser.get("/home/")
    result_path = re.search(r'href="(/results/[0-9a-f-]+/)"', home.text).group(1)
    result = browser.get(result_path)
    assert result.status == 200
    assert '<html lang="ja">' in result.text
    assert "総合スコア" in result.text and "<strong>167</strong>" in result.text
