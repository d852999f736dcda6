import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from exams.models import ExamSession
from notifications.models import ReleaseNotification
from tests.factories import make_candidate, register


def release(*args: str) -> str:
    out = StringIO()
    call_command("release_results", "--exam", "PET", "--session", "2026-06-13", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def unconfirmed(pet_session):
    candidate = make_candidate(pet_session, "UNC001", score=60)
    register(candidate, email="unc@example.org", confirmed=False)
    return candidate


def test_it_releases_now_and_emails_confirmed_candidates_in_their_language(
    owner, outsider, unconfirmed, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    make_candidate(pet_session, "NOREG1", score=50)  # never registered: nobody to email
    with django_capture_on_commit_callbacks(execute=True):
        output = release()
    assert "Released PET 2026-06-13" in output
    pet_session.refresh_from_db()
    assert pet_session.released_at is not None
    run_worker()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"one@example.org", "hanako@example.org"}
    assert "Preliminary English Test" in by_address["one@example.org"].subject
    assert "成績" in by_address["hanako@example.org"].subject
    assert "85" not in by_address["one@example.org"].body  # no result in the email


def test_it_sends_nothing_twice(
    owner, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        release()
    run_worker()
    with django_capture_on_commit_callbacks(execute=True):
        output = release()
    run_worker()
    assert "already released" in output
    assert len(mail.outbox) == 1
    assert ReleaseNotification.objects.get().sent_at is not None


def test_it_a_second_worker_run_of_the_same_task_sends_nothing(
    owner, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    from notifications.release import send_pending

    with django_capture_on_commit_callbacks(execute=True):
        release()
    run_worker()
    assert send_pending(pet_session.pk) == 0
    assert len(mail.outbox) == 1


def test_it_schedules_a_release_that_happens_by_itself(
    owner, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    at = timezone.now() + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        output = release("--at", at.isoformat())
    assert "will be released at" in output
    run_worker()  # too early: the task waits for its time
    pet_session.refresh_from_db()
    assert pet_session.released_at is None
    assert mail.outbox == []

    # Time passes: the queued task becomes due.
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(seconds=1))
    ExamSession.objects.update(release_at=timezone.now() - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    run_worker()
    pet_session.refresh_from_db()
    assert pet_session.released_at is not None
    assert [m.to for m in mail.outbox] == [["one@example.org"]]


def test_it_reads_a_time_without_offset_as_the_boards_time(pet_session) -> None:
    release("--at", "2026-07-01 09:00")
    pet_session.refresh_from_db()
    assert timezone.localtime(pet_session.release_at).hour == 9
    assert pet_session.release_at == timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))


def test_it_reports_an_unknown_session_and_a_bad_time(pet_session) -> None:
    with pytest.raises(CommandError, match="There is no PET session on 2026-06-14"):
        call_command("release_results", "--exam", "PET", "--session", "2026-06-14")
    with pytest.raises(CommandError, match="--at must be a date and time"):
        release("--at", "tomorrow")
    with pytest.raises(CommandError, match="--session must be a date"):
        call_command("release_results", "--exam", "PET", "--session", "13/06/2026")
