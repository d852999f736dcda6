"""Organisations' emails through a real SMTP server: a failed send is retried later, and
nobody is emailed twice (docs/decisions/0011)."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from exams.api import release_session
from organisations.models import Digest, Membership, ResultArrivedEmail
from organisations.notify import send_digest
from sharing.shares import send_result
from sharing.tasks import notify_share_received
from tests.factories import make_rvs_user
from tests.notifications.smtp import Inbox, serve_smtp

ADMIN, MEMBER, THIRD = (f"{who}@waseda.example.jp" for who in ("admin", "member", "third"))


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Inbox]:
    yield from serve_smtp(settings)


@pytest.fixture
def share(rvs_admin, rvs_member, rvs_account, owner, pet_session, capture):
    release_session(pet_session)
    with capture(execute=True):
        return send_result(owner.entries.get().result, rvs_account, None)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def make_due() -> None:
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(seconds=1))


def test_it_emails_each_user_once_when_the_loop_fails_at_the_second(
    smtp_server, rvs_admin, rvs_member, rvs_account, owner, pet_session, run_worker, capture
) -> None:
    make_rvs_user(THIRD, rvs_account)
    smtp_server.refuse[MEMBER] = 1  # the second of three users, in the loop's order
    release_session(pet_session)
    with capture(execute=True):
        share = send_result(owner.entries.get().result, rvs_account, None).share
    run_worker()
    assert smtp_server.counts() == {ADMIN: 1, THIRD: 1}

    assert notify_share_received.call(share.pk) == 1  # the task run again: only the second
    make_due()  # and the watchdog, after the claim timeout: nothing left to send
    run_worker()
    assert smtp_server.counts() == {ADMIN: 1, MEMBER: 1, THIRD: 1}
    assert not ResultArrivedEmail.objects.filter(sent_at__isnull=True).exists()
    assert "1 new result" not in smtp_server.to(MEMBER)["Subject"]  # the immediate email


def test_it_sends_a_digest_whose_send_failed_later_and_once(
    smtp_server, rvs_member, share, run_worker
) -> None:
    Membership.objects.filter(user=rvs_member).update(notify="daily")
    digest_day = timezone.localdate()
    Digest.objects.create(user=rvs_member, day=digest_day)
    smtp_server.refuse[MEMBER] = 1
    assert not send_digest(rvs_member.pk, digest_day)
    assert MEMBER not in smtp_server.counts()
    assert Digest.objects.get(user=rvs_member).sent_at is None  # not marked sent unsent

    make_due()  # the watchdog the claim booked
    run_worker()
    make_due()
    run_worker()
    assert smtp_server.counts()[MEMBER] == 1
    assert "1 new result" in smtp_server.to(MEMBER)["Subject"]
    assert Digest.objects.get(user=rvs_member).sent_at is not None


def test_it_takes_over_a_digest_claim_only_once_it_is_stale(
    smtp_server, rvs_member, share, settings
) -> None:
    Membership.objects.filter(user=rvs_member).update(notify="daily")
    day = timezone.localdate()
    digests = Digest.objects.filter(user=rvs_member, day=day)
    Digest.objects.create(user=rvs_member, day=day)
    digests.claim(1)  # a worker claimed it and died before sending
    assert not send_digest(rvs_member.pk, day)  # its claim is still live

    stale = timezone.now() - dt.timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT + 1)
    digests.update(claimed_at=stale)
    assert send_digest(rvs_member.pk, day)
    assert not send_digest(rvs_member.pk, day)
    assert smtp_server.counts()[MEMBER] == 1
