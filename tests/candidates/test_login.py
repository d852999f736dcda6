import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

URL = reverse("candidates:login")


def login(client, password: str, username: str = "PGD961", **extra):
    return client.post(URL, {"username": username, "password": password}, **extra)


def test_it_logs_in_with_id_number_and_password(client, owner) -> None:
    response = login(client, PASSWORD, username=" pgd961 ")
    assert response.status_code == 302
    assert response.url == reverse("candidates:home")
    home = client.get(response.url)
    assert "Welcome PGD961 ONE" in home.text


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
    right = login(client, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    expires = AccessAttempt.objects.get(username="PGD961").expiration.expires_at
    assert dt.timedelta(minutes=29) < expires - timezone.now() <= dt.timedelta(minutes=30)
    local = timezone.localtime(expires)
    assert f"{local:%H}:{local:%M}" in locked.text or local.strftime("%-I:%M") in locked.text


def test_it_says_until_when_in_japanese(client, owner) -> None:
    for _ in range(4):
        response = login(client, "wrong", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 429
    assert "ロック" in response.text


def test_it_does_not_lock_other_ids(client, owner, outsider) -> None:
    for _ in range(4):
        login(client, "wrong")
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
    for _ in range(4):
        login(client, "wrong")
    attempt = AccessAttempt.objects.get(username="PGD961")
    attempt.expiration.expires_at = timezone.now() - dt.timedelta(seconds=1)
    attempt.expiration.save()
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - dt.timedelta(minutes=31)
    )
    assert login(client, PASSWORD).status_code == 302


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
