from django.core import mail
from django.test import Client
from django.urls import reverse

from organisations.models import Membership
from tests.factories import PASSWORD, link_in_last_email

URL = reverse("organisations:settings")


def test_it_a_user_chooses_daily_digests(client, rvs_member) -> None:
    client.force_login(rvs_member)
    response = client.post(URL, {"notify": "daily"}, follow=True)
    assert "Your email preference has been saved." in response.text
    assert Membership.objects.get(user=rvs_member).notify == "daily"


def test_it_outsiders_get_403(client, owner, pending_user) -> None:
    client.force_login(owner.user)
    assert client.get(URL).status_code == 403
    client.force_login(pending_user)
    assert client.get(URL).status_code == 403


EMAIL_URL = reverse("organisations:change_email")


def change_email(client, email: str, password: str = PASSWORD):
    return client.post(EMAIL_URL, {"email": email, "current_password": password})


def can_log_in(username: str) -> bool:
    return Client().login(username=username, password=PASSWORD)


def test_it_asks_for_the_password_to_change_the_address(client, rvs_member) -> None:
    client.force_login(rvs_member)
    response = change_email(client, "thief@example.net", password="wrong")
    assert response.status_code == 400
    assert "The password is not right." in response.text
    rvs_member.refresh_from_db()
    assert rvs_member.pending_email == ""


def test_it_the_username_follows_the_confirmed_address_not_the_pending_one(
    client, rvs_member, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.force_login(rvs_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_email(client, "Ken.Member@Waseda.example.jp")
    assert response.status_code == 302
    rvs_member.refresh_from_db()
    assert rvs_member.username == rvs_member.email == "member@waseda.example.jp"
    assert rvs_member.pending_email == "ken.member@waseda.example.jp"
    assert "ken.member@waseda.example.jp" in client.get(URL).text
    run_worker()
    client.get(link_in_last_email("/rvs/confirm/", to="ken.member@waseda.example.jp"))
    rvs_member.refresh_from_db()
    assert rvs_member.username == rvs_member.email == "ken.member@waseda.example.jp"
    assert can_log_in("ken.member@waseda.example.jp")
    assert not can_log_in("member@waseda.example.jp")


def test_it_lets_the_old_address_undo_the_change(
    client, rvs_member, run_worker, django_capture_on_commit_callbacks
) -> None:
    thief = Client()
    thief.force_login(rvs_member)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(thief, "thief@example.net")
    run_worker()
    thief.get(link_in_last_email("/rvs/confirm/", to="thief@example.net"))
    undo = link_in_last_email("/rvs/email/undo/", to="member@waseda.example.jp")
    assert "Keep my email address" in client.get(undo).text
    response = client.post(undo)
    assert "/rvs/password/reset/" in response.url
    rvs_member.refresh_from_db()
    assert rvs_member.username == rvs_member.email == "member@waseda.example.jp"
    assert not can_log_in("thief@example.net") and not can_log_in("member@waseda.example.jp")
    assert thief.get(URL).status_code == 302  # the thief's session has ended


def test_it_an_address_with_an_account_is_not_taken_over(
    client, rvs_member, rvs_admin, run_worker, django_capture_on_commit_callbacks
) -> None:
    """The same answer as for a free address; the address's owner hears of it instead."""
    client.force_login(rvs_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_email(client, "admin@waseda.example.jp")
    assert response.status_code == 302
    assert "We have sent a link to admin@waseda.example.jp" in client.get(URL).text
    rvs_member.refresh_from_db()
    assert rvs_member.pending_email == ""
    run_worker()
    assert [m.to for m in mail.outbox] == [["admin@waseda.example.jp"]]
    assert "already has one" in mail.outbox[0].body


def test_it_voids_the_earlier_link_after_a_later_change(
    client, rvs_member, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.force_login(rvs_member)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(client, "first@waseda.example.jp")
        change_email(client, "second@waseda.example.jp")
    run_worker()
    first = link_in_last_email("/rvs/confirm/", to="first@waseda.example.jp")
    second = link_in_last_email("/rvs/confirm/", to="second@waseda.example.jp")
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 200
    assert client.get(second).status_code == 400  # once only
    rvs_member.refresh_from_db()
    assert rvs_member.username == "second@waseda.example.jp"
