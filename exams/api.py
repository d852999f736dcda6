"""What other apps and commands may call in `exams`."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from exams.access import (
    candidate_required,
    entries_of_candidate,
    get_candidate,
    get_released_result,
    released_result_query,
)

# The CSV import machinery (all-or-nothing, errors with their line), reused by the
# directory's import_organisations.
from exams.importing.common import (
    BATCH_SIZE,
    Cells,
    ErrorLog,
    ImportRejected,
    RowError,
    check_header,
    command_error,
    open_csv,
)
from exams.models import (
    Candidate,
    Component,
    Entry,
    Exam,
    ExamSession,
    Result,
    full_name,
    hash_secret_number,
    localized,
    normalize_candidate_id,
)
from exams.signals import results_imported, results_released

__all__ = [
    "BATCH_SIZE",
    "Candidate",
    "Cells",
    "Component",
    "ErrorLog",
    "Exam",
    "ExamSession",
    "ImportRejected",
    "Result",
    "RowError",
    "check_header",
    "command_error",
    "full_name",
    "localized",
    "open_csv",
    "candidate_required",
    "find_session",
    "get_candidate",
    "get_released_result",
    "released_result_query",
    "hash_secret_number",
    "normalize_candidate_id",
    "release_session",
    "results_imported",
    "results_released",
    "schedule_release",
]


def find_session(exam_code: str, session_date: date) -> ExamSession | None:
    return (
        ExamSession.objects.select_related("exam")
        .filter(exam__code__iexact=exam_code.strip(), date=session_date)
        .first()
    )


def release_session(session: ExamSession) -> bool:
    """Releases the session's results now. Returns False if it was already released.

    The conditional UPDATE is the claim: of two callers (two workers, staff and the
    schedule) exactly one flips `released_at` and tells who listens (the emails).
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = ExamSession.objects.filter(pk=session.pk, released_at__isnull=True).update(
            released_at=now
        )
        if claimed:
            results_released.send(sender=ExamSession, session=session)
    session.refresh_from_db(fields=["released_at", "release_at"])
    return bool(claimed)


def schedule_release(session: ExamSession, at: datetime) -> None:
    """Releases the session by itself at `at`, through the background worker."""
    from exams.tasks import release_due_sessions

    ExamSession.objects.filter(pk=session.pk).update(release_at=at)
    session.refresh_from_db(fields=["release_at"])
    transaction.on_commit(lambda: release_due_sessions.using(run_after=at).enqueue())


def release_due() -> list[ExamSession]:
    """Releases every session whose scheduled time has come; returns those it released."""
    released = []
    for session in ExamSession.objects.due_for_release().select_related("exam"):
        if release_session(session):
            released.append(session)
    return released


def entries_for_home(candidate: Candidate) -> tuple[list[Result], list[Entry]]:
    """The candidate's released results, and the entries still waiting for theirs."""
    released, waiting = [], []
    for entry in entries_of_candidate(candidate.pk):
        result = getattr(entry, "result", None)
        if entry.session.is_released and result is not None:
            released.append(result)
        else:
            waiting.append(entry)
    return released, waiting
