import datetime as dt

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import devices
from limits.models import Counter
from tests.factories import PASSWORD

URL = reverse("candidates:login")
WRITES = ("INSERT", "UPDATE", "DELETE")


def login(client, password: str, username: str = "PGD961", **extra):
    return client.post(URL, {"username": username, "password": password}, **extra)


def lock_out(client, username: str = "PGD961") -> None:
    for _ in range(4):
        login(client, "wrong", username=username)


def known_browser(owner) -> Client:
    """The candidate's own phone: it has logged in before, then logged out."""
    phone = Client()
    assert login(phone, PASSWORD).status_code == 302
    phone.post(reverse("candidates:logout"))
    return phone


def test_it_logs_in_with_id_number_and_password(client, owner) -> None:
    response = login(client, PASSWORD, username=" pgd961 ")
    assert response.status_code == 302
    assert response.url == reverse("candidates:home")
    home = client.get(response.url)
    assert "Welcome PGD961 ONE" in home.text


def test_it_takes_a_full_width_id_number(client, owner) -> None:
    assert login(client, PASSWORD, username="ＰＧＤ９６１").status_code == 302


def test_it_refuses_a_wrong_password_with_a_clear_message(client, owner) -> None:
    response = login(client, "wrong")
    assert response.status_code == 200
    assert "The ID Number or password is not right" in response.text
    assert "_auth_user_id" not in client.session


def test_it_locks_the_id_at_the_fourth_wrong_password_even_with_the_right_one(
    client, owner
) -> None:
    for _ in range(3):
        assert login(client, "wrong").status_code == 200
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert "Your account is locked" in locked.text
    assert "Email me a link to unlock" in locked.text
    right = login(client, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    until = Counter.objects.get(name="login").blocked_until
    assert dt.timedelta(minutes=29) < until - timezone.now() <= dt.timedelta(minutes=30)
    # As people read it: "30 Nov 2026, 08:05 JST".
    shown = date_filter(timezone.localtime(until), "DATETIME_FORMAT")
    assert shown.endswith(" JST") and shown in locked.text


def test_it_says_until_when_in_japanese(client, owner) -> None:
    for _ in range(4):
        response = login(client, "wrong", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 429
    assert "ロック" in response.text


def test_it_does_not_lock_other_ids(client, owner, outsider) -> None:
    lock_out(client)
    assert login(client, PASSWORD, username="XYZ123").status_code == 302


def test_it_resets_the_count_after_a_successful_login(client, owner) -> None:
    for _ in range(3):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    client.post(reverse("candidates:logout"))
    for _ in range(3):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302


def test_it_lets_the_candidate_in_when_the_lockout_ends(client, owner) -> None:
    lock_out(client)
    past = timezone.now() - dt.timedelta(minutes=31)
    Counter.objects.update(window_start=past, blocked_until=past + dt.timedelta(minutes=30))
    assert login(client, PASSWORD).status_code == 302


def test_it_neither_counts_attempts_during_the_lock_nor_extends_it(client, owner) -> None:
    lock_out(client)
    before = Counter.objects.get(name="login")
    for _ in range(10):
        assert login(client, "wrong").status_code == 429
    after = Counter.objects.get(name="login")
    assert (after.blocked_until, after.count) == (before.blocked_until, before.count)


def test_it_keeps_a_stranger_from_locking_the_owner_out_of_their_known_browser(
    client, owner
) -> None:
    phone = known_browser(owner)
    lock_out(client)  # the attacker, from a browser that never logged in to PGD961
    assert login(client, PASSWORD).status_code == 429
    assert login(phone, PASSWORD).status_code == 302
    assert phone.session["_auth_user_id"] == str(owner.user.pk)


def test_it_counts_the_known_browsers_own_failures(client, owner) -> None:
    phone = known_browser(owner)
    lock_out(phone)
    assert login(phone, PASSWORD).status_code == 429
    assert login(client, PASSWORD).status_code == 302  # other clients were not locked


def test_it_treats_a_forged_device_cookie_as_an_unknown_browser(client, owner) -> None:
    lock_out(client)
    client.cookies[devices.COOKIE] = '{"PGD961":"guessed"}'
    assert login(client, PASSWORD).status_code == 429


def test_it_ignores_a_device_cookie_for_another_id(client, owner, outsider) -> None:
    login(client, PASSWORD, username="XYZ123")
    client.post(reverse("candidates:logout"))
    lock_out(Client())
    assert login(client, PASSWORD).status_code == 429


def test_it_logs_out_only_with_post(client, owner) -> None:
    client.force_login(owner.user)
    assert client.get(reverse("candidates:logout")).status_code == 405
    response = client.post(reverse("candidates:logout"))
    assert response.status_code == 302
    assert client.get(reverse("candidates:home")).status_code == 302


@pytest.mark.parametrize("path", ["candidates:home", "candidates:details"])
def test_it_sends_anonymous_visitors_to_login(client, db, path) -> None:
    response = client.get(reverse(path))
    assert response.status_code == 302
    assert response.url.startswith(URL)


def test_it_upgrades_a_hash_of_other_parameters_at_the_next_login(client, owner) -> None:
    before = Argon2PasswordHasher()  # the 19 MiB, t = 2 hashes stored until issue 10
    before.memory_cost, before.time_cost, before.parallelism = 19456, 2, 1
    owner.user.password = before.encode(PASSWORD, before.salt())
    owner.user.save()
    assert login(client, PASSWORD).status_code == 302
    owner.user.refresh_from_db()
    assert owner.user.password.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")
    assert login(Client(), PASSWORD).status_code == 302


def test_it_writes_only_the_session_and_last_login_when_nothing_failed(client, owner) -> None:
    login(client, PASSWORD)  # the first login may upgrade the hash
    client.post(reverse("candidates:logout"))
    with CaptureQueriesContext(connection) as queries:
        assert login(client, PASSWORD).status_code == 302
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(WRITES)]
    assert len(writes) == 2
    assert writes[0].startswith('UPDATE "accounts_user" SET "last_login"')
    assert writes[1].startswith('INSERT INTO "accounts_session"')
    assert not Counter.objects.exists()
    assert client.get(reverse("candidates:home")).status_code == 200


def test_it_ends_the_session_everywhere_at_logout(client, owner) -> None:
    login(client, PASSWORD)
    elsewhere = Client()  # the same cookie, sent to another process or machine
    elsewhere.cookies["sessionid"] = client.cookies["sessionid"].value
    assert elsewhere.get(reverse("candidates:home")).status_code == 200
    client.post(reverse("candidates:logout"))
    assert elsewhere.get(reverse("candidates:home")).status_code == 302
