"""Fixtures shared by every test: the demo catalogue, candidates, and the task worker."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from accounts.models import User
from exams.models import Candidate, Entry, Exam, ExamSession, Result

CATALOGUE = Path(__file__).resolve().parent.parent / "exams" / "catalogue" / "demo.yaml"
PASSWORD = "correct horse battery 42"


@pytest.fixture
def catalogue(db: None) -> None:
    call_command("load_exams", str(CATALOGUE), stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def pet_session(catalogue: None) -> ExamSession:
    return ExamSession.objects.create(exam=Exam.objects.get(code="PET"), date=dt.date(2026, 6, 13))


def make_candidate(
    session: ExamSession,
    candidate_id: str,
    secret: str = "1234",
    score: int | None = None,
    **names: str,
) -> Candidate:
    candidate = Candidate(
        candidate_id=candidate_id,
        family_name=names.get("family", "ONE"),
        given_name=names.get("given", "PGD961"),
        date_of_birth=dt.date(2008, 4, 2),
    )
    candidate.set_secret_number(secret)
    candidate.save()
    entry = Entry.objects.create(candidate=candidate, session=session, centre="Tokyo Centre")
    if score is not None:
        band = session.exam.band_for(score)
        Result.objects.create(
            entry=entry,
            overall_score=score,
            grade_en=band.grade_en,
            grade_ja=band.grade_ja,
            cefr_level=band.cefr_level,
            component_scores={"reading": score},
        )
    return candidate


def register(
    candidate: Candidate,
    email: str = "one@example.org",
    language: str = "en",
    confirmed: bool = True,
) -> User:
    user = User(
        username=candidate.candidate_id,
        email=email,
        language=language,
        first_name=candidate.given_name,
        last_name=candidate.family_name,
    )
    user.set_password(PASSWORD)
    user.save()
    if confirmed:
        user.confirm_email(email)
    candidate.user = user
    candidate.save(update_fields=["user"])
    return user


@pytest.fixture
def owner(pet_session: ExamSession) -> Candidate:
    """A registered candidate with a confirmed email and a PET result of 85."""
    candidate = make_candidate(pet_session, "PGD961", score=85)
    register(candidate)
    return candidate


@pytest.fixture
def outsider(pet_session: ExamSession) -> Candidate:
    """Another registered candidate in the same session."""
    candidate = make_candidate(
        pet_session, "XYZ123", secret="9876", score=72, family="YAMADA", given="Hanako"
    )
    register(candidate, email="hanako@example.org", language="ja")
    return candidate


@pytest.fixture
def run_worker(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Runs what the code queued, through the real database task worker (`db_worker`).

    Tests run inside a transaction: wrap the code that queues work in
    `django_capture_on_commit_callbacks(execute=True)`. The worker's habit of closing
    "old" connections between tasks would close the test's own transaction on PostgreSQL,
    so only that is switched off.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run
