"""'Email me a link to unlock' on the lockout page, for candidates and organisation users."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, link_in_last_email

LOGIN = reverse("candidates:login")
UNLOCK = reverse("candidates:unlock_request")


def login(client, password: str, username: str = "PGD961"):
    return client.post(LOGIN, {"username": username, "password": password})


def lock_out(client, username: str = "PGD961") -> None:
    for _ in range(4):
        login(client, "wrong", username)


@pytest.fixture
def send_now(run_worker, django_capture_on_commit_callbacks):
    """Posts, then runs the queued email tasks through the real worker."""

    def post(client, url: str, data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        run_worker()
        return response

    return post


def test_it_emails_a_link_that_unlocks_the_account_on_this_browser(client, owner, send_now):
    lock_out(client)
    response = send_now(client, UNLOCK, {"username": "pgd961"})
    assert response.url == reverse("candidates:unlock_sent")
    assert [m.to for m in mail.outbox] == [["one@example.org"]]
    assert "Unlock your account" in mail.outbox[0].subject
    link = link_in_last_email("/unlock/")
    page = client.get(link)
    assert "Unlock my account" in page.text
    assert login(client, PASSWORD).status_code == 429  # opening the link alone unlocks nothing
    client.post(link)
    assert login(client, PASSWORD).status_code == 302


def test_it_the_unlocked_browser_is_not_locked_again_by_strangers(client, owner, send_now):
    lock_out(client)
    send_now(client, UNLOCK, {"username": "PGD961"})
    client.post(link_in_last_email("/unlock/"))
    lock_out(Client())  # the attacker again
    assert login(client, PASSWORD).status_code == 302


def test_it_answers_the_same_for_an_unknown_id(client, owner, send_now):
    known = send_now(client, UNLOCK, {"username": "PGD961"})
    unknown = send_now(client, UNLOCK, {"username": "NOPE000"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1
    sent = client.get(known.url)
    assert "If this account has an email address" in sent.text


def test_it_rations_unlock_emails_per_id(client, owner, send_now):
    for _ in range(5):
        response = send_now(Client(), UNLOCK, {"username": "PGD961"})
        assert response.url == reverse("candidates:unlock_sent")
    assert len(mail.outbox) == 3


def test_it_rations_unlock_emails_per_client_address(client, owner, outsider, send_now, settings):
    settings.EMAILS_PER_ADDRESS = 2
    for username in ["PGD961", "XYZ123", "PGD961"]:
        send_now(client, UNLOCK, {"username": username})
    assert len(mail.outbox) == 2


def test_it_a_bad_or_old_link_says_so(client, owner):
    response = client.get(reverse("candidates:unlock", args=["not-a-token"]))
    assert response.status_code == 400
    assert "not valid" in response.text


def test_it_a_candidate_id_gets_no_link_from_the_verification_service(client, owner, send_now):
    send_now(client, reverse("organisations:unlock_request"), {"username": "PGD961"})
    assert mail.outbox == []


def test_it_forgot_password_emails_are_rationed_too(client, owner, send_now):
    for _ in range(5):
        send_now(Client(), reverse("candidates:forgot_password"), {"candidate_id": "PGD961"})
    assert len(mail.outbox) == 3


def test_it_a_spoofed_forwarded_header_does_not_buy_more_emails(client, owner, outsider, send_now):
    # No proxy is declared (the default): X-Forwarded-For is the sender's own invention.
    for n, username in enumerate(["PGD961", "XYZ123"] * 12):
        client.defaults["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{n}"
        send_now(client, UNLOCK, {"username": username})
    assert len(mail.outbox) == 6  # 3 per recipient, all from one address
