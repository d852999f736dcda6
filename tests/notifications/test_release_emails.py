"""The release emails, through a real SMTP server: each candidate once, in their language,
the batch's rendering the same as rendering each email on its own."""

import datetime as dt

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from exams.api import release_session
from notifications.api import deliver_email
from notifications.models import ReleaseNotification
from notifications.release import send_batch
from tests.factories import make_candidate, register
from tests.notifications.smtp import parts

SPECIAL = {"family": "O'Brien & <Sons>", "given": 'Sean "Jr"'}


def release(session, capture) -> None:
    with capture(execute=True):
        release_session(session)


def one_by_one(inbox, candidate, session, language: str) -> tuple[str, str, str]:
    """The email as it was sent before batches: rendered and built for this candidate
    alone, through the same SMTP server."""
    context = {"candidate": candidate, "session": session, "exam": session.exam}
    address = f"before-{candidate.candidate_id}@example.org"
    deliver_email(address, "results_released", context, language)
    return parts(inbox.to(address))


def test_it_renders_each_language_once_and_the_same_as_one_by_one(
    smtp_server, owner, outsider, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    special = make_candidate(pet_session, "SPC001", score=70, **SPECIAL)
    register(special, email="special@example.org")
    release(pet_session, django_capture_on_commit_callbacks)
    run_worker()
    for candidate, language in [(owner, "en"), (outsider, "ja"), (special, "en")]:
        batched = parts(smtp_server.to(candidate.user.email))
        assert batched == one_by_one(smtp_server, candidate, pet_session, language)
    subject, text, html = parts(smtp_server.to("special@example.org"))
    assert 'Dear Sean "Jr" O\'Brien & <Sons>,' in text  # as typed in the text
    assert "Sean &quot;Jr&quot; O&#x27;Brien &amp; &lt;Sons&gt;" in html  # escaped in HTML
    assert "<Sons>" not in html
    assert "成績" in parts(smtp_server.to("hanako@example.org"))[0]


def test_it_sends_a_batch_over_one_connection_with_stable_message_ids(
    smtp_server, owner, outsider, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    release(pet_session, django_capture_on_commit_callbacks)
    run_worker()
    assert smtp_server.counts() == {"one@example.org": 1, "hanako@example.org": 1}
    assert len(smtp_server.connections) == 1
    notification = ReleaseNotification.objects.get(candidate=owner)
    assert smtp_server.to("one@example.org")["Message-ID"] == notification.message_id
    assert notification.sent_at is not None and notification.attempts == 1


def test_it_skips_deleted_accounts_and_unconfirmed_addresses(
    smtp_server, owner, outsider, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    unconfirmed = make_candidate(pet_session, "UNC001", score=60)
    register(unconfirmed, email="unc@example.org", confirmed=False)
    release(pet_session, django_capture_on_commit_callbacks)
    outsider.user.delete()  # after the release queued the email
    run_worker()
    assert smtp_server.counts() == {"one@example.org": 1}
    assert not ReleaseNotification.objects.filter(candidate=unconfirmed).exists()
    assert not ReleaseNotification.objects.filter(sent_at__isnull=True).exists()


def backdate(seconds: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def make_due() -> None:
    DBTaskResult.objects.update(run_after=backdate(1))


def test_it_sends_again_a_claim_that_outlived_its_timeout(
    smtp_server, owner, outsider, pet_session, settings, run_worker
) -> None:
    release_session(pet_session)  # no worker ran the queued batches
    rows = ReleaseNotification.objects.filter(session=pet_session)
    rows.filter(candidate=owner).claim(10)  # a worker claimed the owner's email, then died
    assert send_batch(pet_session.pk) == 1  # a live claim is left alone
    assert smtp_server.counts() == {"hanako@example.org": 1}

    rows.filter(candidate=owner).update(claimed_at=backdate(settings.EMAIL_CLAIM_TIMEOUT + 1))
    assert send_batch(pet_session.pk) == 1
    assert send_batch(pet_session.pk) == 0
    assert smtp_server.counts() == {"hanako@example.org": 1, "one@example.org": 1}
    assert rows.get(candidate=owner).attempts == 2


def test_it_gives_back_a_refused_email_and_the_watchdog_sends_it_later(
    smtp_server, owner, outsider, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    smtp_server.refuse["hanako@example.org"] = 1
    release(pet_session, django_capture_on_commit_callbacks)
    run_worker()
    assert smtp_server.counts() == {"one@example.org": 1}
    refused = ReleaseNotification.objects.get(candidate=outsider)
    assert refused.sent_at is None and refused.claimed_at is None  # given back

    make_due()  # the watchdog's time has come
    run_worker()
    make_due()
    run_worker()
    assert smtp_server.counts() == {"one@example.org": 1, "hanako@example.org": 1}
    assert not ReleaseNotification.objects.filter(sent_at__isnull=True).exists()
