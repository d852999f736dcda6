"""Organisation users and staff are signed out after 30 idle minutes (activity starts the
time again), candidates 14 days after signing in."""

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Session, User
from exams.models import Candidate
from resultbridge.middleware import IdleSessionMiddleware


def _session(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _left(client: Client) -> timedelta:
    return _session(client).expire_date - timezone.now()


def test_it_ends_an_organisation_users_session_after_30_idle_minutes(
    client: Client, rvs_member: User
) -> None:
    client.force_login(rvs_member)
    assert client.get(reverse("organisations:inbox")).status_code == 200
    assert timedelta(minutes=29) < _left(client) <= timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("organisations:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organisations:login"))


def test_it_starts_the_idle_time_again_on_activity(client: Client, rvs_member: User) -> None:
    client.force_login(rvs_member)
    client.get(reverse("organisations:inbox"))
    # 28 minutes later (the session's own note of its last refresh is as old).
    session = client.session
    session[IdleSessionMiddleware.REFRESHED] -= 28 * 60
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=2))
    assert client.get(reverse("organisations:inbox")).status_code == 200
    assert _left(client) > timedelta(minutes=29)


def test_it_ends_staff_sessions_after_30_idle_minutes(client: Client, staff: User) -> None:
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    assert _left(client) <= timedelta(minutes=30)


def test_it_writes_the_session_at_most_once_a_minute(client: Client, rvs_member: User) -> None:
    client.force_login(rvs_member)
    client.get(reverse("organisations:inbox"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("organisations:inbox"))
    assert not [q for q in queries if "accounts_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_it_keeps_a_candidate_signed_in_for_14_days(client: Client, owner: Candidate) -> None:
    client.force_login(owner.user)
    assert client.get(reverse("candidates:home")).status_code == 200
    assert timedelta(days=13, hours=23) < _left(client) <= timedelta(days=14)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("candidates:home")).status_code == 302


def test_it_follows_the_settings(client: Client, rvs_member: User, settings) -> None:  # noqa: ANN001
    settings.SESSION_IDLE_MINUTES_STAFF = 10
    client.force_login(rvs_member)
    client.get(reverse("organisations:inbox"))
    assert _left(client) <= timedelta(minutes=10)
