"""Nothing one process keeps in memory is needed by another (docs/decisions/0013): a
candidate walks from register to result across two gunicorn servers and two workers."""

import re

import pytest

from tests.factories import PASSWORD
from tests.production.conftest import Production, write_csv
from tests.production.stack import Browser, link_in, text_of, wait_for

pytestmark = pytest.mark.production

EMAIL = "aiko@example.org"
AMENDED = """\
candidate_id,exam_code,session_date,overall_score,reading,writing,listening,speaking
WLK001,PET,2026-06-13,83,71,79,80,96
"""


def register_on(browser: Browser) -> None:
    browser.get("/register/")
    form = {
        "candidate_id": "WLK001", "secret_number": "5550", "email": EMAIL,
        "email_again": EMAIL, "password1": PASSWORD, "password2": PASSWORD, "language": "en",
    }  # fmt: skip
    registered = browser.post("/register/", form)
    assert registered.status == 302, registered.text[:2000]
    assert registered.location.endswith("/home/")


def overall_score(page_text: str) -> str:
    return re.search(r"Overall score</dt><dd><strong>(\d+)</strong>", page_text).group(1)


def test_it_walks_a_candidate_from_register_to_result_across_processes(
    production: Production,
) -> None:
    web_a, web_b = production.web_a, production.web_b
    register_and_confirm(production, on=web_a, link_on=web_b)
    release_and_expect_one_email(production)

    laptop = Browser(web_b)
    laptop.get("/login/")
    signed_in = laptop.post("/login/", {"username": "WLK001", "password": PASSWORD})
    assert signed_in.status == 302, signed_in.text[:2000]
    home = laptop.on(web_a).get("/home/")  # signed in on B, known on A
    assert home.status == 200
    result_path = re.search(r'href="(/results/[0-9a-f-]+/)"', home.text).group(1)
    assert overall_score(laptop.get(result_path).text) == "77"
    assert overall_score(laptop.on(web_b).get(result_path).text) == "77"
    stranger = Browser(web_a).get(result_path)  # whatever A keeps, it is only the owner's
    assert stranger.status == 302 and "/login/" in stranger.location

    # An amendment made by another process shows on both servers, whatever they keep.
    amended = write_csv(production.stack, "amended.csv", AMENDED)
    production.stack.manage("import_results", "--amend", str(amended))
    assert overall_score(laptop.on(web_a).get(result_path).text) == "83"
    assert overall_score(laptop.on(web_b).get(result_path).text) == "83"

    session_cookie = dict(laptop.cookies)
    assert laptop.on(web_a).post("/logout/", {}).status == 302
    replayed = Browser(web_b)
    replayed.cookies = session_cookie  # the cookie as it was before logging out
    after = replayed.get(result_path)
    assert after.status == 302 and "/login/" in after.location


def register_and_confirm(production: Production, on: str, link_on: str) -> None:
    phone = Browser(on)
    register_on(phone)
    inbox = production.inbox
    confirmation = wait_for("the confirmation email", lambda: inbox.to(EMAIL, "confirm"))
    confirmed = phone.on(link_on).get(link_in(text_of(confirmation[0]), "/confirm-email/"))
    assert confirmed.status == 200
    assert "Your email address is confirmed" in confirmed.text
    confirmed_at = "SELECT email_confirmed_at FROM accounts_user WHERE username = 'WLK001'"
    assert production.database.value(confirmed_at)


def release_and_expect_one_email(production: Production) -> None:
    """Staff release the session (a process of its own); one of the two workers sends."""
    inbox, db = production.inbox, production.database
    production.stack.manage("release_results", "--exam", "PET", "--session", "2026-06-13")
    released = wait_for("the release email", lambda: inbox.to(EMAIL, "result"))
    wait_for("the release task to finish", lambda: not db.value(_UNFINISHED_TASKS))
    assert len(inbox.to(EMAIL, "result")) == 1, [m["Subject"] for m in inbox.to(EMAIL)]
    assert "https://results.example.test/login/" in text_of(released[0])


# Running, or ready and due (django_tasks_db stores "as soon as possible" as the year 9999);
# a task scheduled for later (a daily digest) is not waited for.
_UNFINISHED_TASKS = """
    SELECT count(*) FROM django_tasks_database_dbtaskresult
    WHERE status = 'RUNNING'
       OR (status = 'READY' AND (run_after <= now() OR run_after >= '9999-01-01'))
"""
