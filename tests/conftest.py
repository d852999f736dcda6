"""Every shared fixture: the exam catalogue, the people of both portals (an owner, a member
and an outsider each), the exam board's staff, shared results and the task worker.

The helpers they are built from (make_candidate, make_rvs_user, share_result, ...) live in
tests/factories.py; import those from there. Every user signs in with `PASSWORD`.
"""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django_tasks_db.management.commands import db_worker

from accounts.models import User
from directory.models import OrganisationAccount, OrganisationType
from exams.api import release_session
from exams.models import Candidate, Exam, ExamSession, Result
from organisations.models import Role, ScoreRequirement, Status
from sharing.models import Share
from tests.factories import (
    CATALOGUE,
    OWNER_SCORES,
    PASSWORD,
    SECOND_SCORES,
    make_account,
    make_accounts,
    make_candidate,
    make_rvs_user,
    register,
    share_result,
)

# --- Exams ---


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise() -> None:
    """A request in Japanese leaves Japanese active in this thread; a test that uses a form
    or a function directly starts in the default language, whatever ran before it."""
    translation.activate("en")


@pytest.fixture(autouse=True)
def empty_page_cache() -> None:
    """Each test starts with no rendered page parts kept from another (candidates/pagecache.py):
    a test that changes a setting (the board's logo) would otherwise see an older page."""
    cache.clear()


@pytest.fixture
def catalogue(db: None) -> None:
    """The demo catalogue of exams, with their components and grade bands."""
    call_command("load_exams", str(CATALOGUE), stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def pet_session(catalogue: None) -> ExamSession:
    """The PET session of 13 June 2026, not released yet."""
    return ExamSession.objects.create(exam=Exam.objects.get(code="PET"), date=dt.date(2026, 6, 13))


@pytest.fixture
def released_pet(pet_session: ExamSession) -> ExamSession:
    """The PET session, its results released."""
    release_session(pet_session)
    return pet_session


# --- Candidates (the candidates' portal) ---


@pytest.fixture
def owner(pet_session: ExamSession) -> Candidate:
    """PGD961 ONE (secret 1234): registered, email confirmed, a PET result of 85."""
    candidate = make_candidate(pet_session, "PGD961", score=85)
    register(candidate)
    return candidate


@pytest.fixture
def outsider(pet_session: ExamSession) -> Candidate:
    """XYZ123 YAMADA Hanako (secret 9876): another registered candidate in the same session,
    a PET result of 72, Japanese pages."""
    candidate = make_candidate(
        pet_session, "XYZ123", secret="9876", score=72, family="YAMADA", given="Hanako"
    )
    register(candidate, email="hanako@example.org", language="ja")
    return candidate


@pytest.fixture
def released_result(owner: Candidate, pet_session: ExamSession) -> Result:
    """The owner's PET result (85), released, with all four component scores."""
    release_session(pet_session)
    result = Result.objects.get(entry__candidate=owner)
    result.component_scores = dict(OWNER_SCORES)
    result.save()
    return result


# --- Organisations (the Verification Service) ---


@pytest.fixture
def rvs_account(db: None) -> OrganisationAccount:
    """WASEDA University – Admissions Office, an approved (active) account."""
    return make_account(
        "WASEDA University",
        "Admissions Office",
        aliases="早稲田大学\nWaseda Daigaku",
        active=True,
        email="admissions@waseda.example.jp",
    )


@pytest.fixture
def other_account(db: None) -> OrganisationAccount:
    """Keio University – Admissions, another organisation's active account."""
    return make_account(
        "Keio University",
        "Admissions",
        aliases="慶應義塾大学",
        active=True,
        email="admissions@keio.example.jp",
    )


@pytest.fixture
def rvs_admin(rvs_account: OrganisationAccount) -> User:
    """admin@waseda.example.jp, the administrator of WASEDA's account (the owner)."""
    return make_rvs_user("admin@waseda.example.jp", rvs_account, role=Role.ADMIN)


@pytest.fixture
def rvs_member(rvs_account: OrganisationAccount) -> User:
    """member@waseda.example.jp, an approved member of WASEDA's account."""
    return make_rvs_user("member@waseda.example.jp", rvs_account)


@pytest.fixture
def rvs_outsider(other_account: OrganisationAccount) -> User:
    """admin@keio.example.jp, the administrator of Keio's account: sees nothing of WASEDA's."""
    return make_rvs_user("admin@keio.example.jp", other_account, role=Role.ADMIN)


@pytest.fixture
def pending_user(rvs_account: OrganisationAccount) -> User:
    """new@waseda.example.jp, who asked to join WASEDA's account and waits for approval."""
    return make_rvs_user("new@waseda.example.jp", rvs_account, status=Status.PENDING)


@pytest.fixture
def pet_requirement(rvs_account: OrganisationAccount, catalogue: None) -> ScoreRequirement:
    """WASEDA accepts PET from 80 overall, writing from 65, released up to 24 months ago."""
    return ScoreRequirement.objects.create(
        account=rvs_account,
        exam=Exam.objects.get(code="PET"),
        min_overall=80,
        component_minimums={"writing": 65},
        max_age_months=24,
    )


@pytest.fixture
def directory(db: None) -> None:
    """A small directory to search: WASEDA (three departments), Todai, Keio, two St Mary's
    Colleges, a Canadian university and an employer. None of the accounts is active."""
    make_accounts(
        "WASEDA University",
        "School of Law",
        "Admissions Office",
        "Graduate School of Commerce",
        aliases="早稲田大学\nWaseda Daigaku\nSōdai",
    )
    make_accounts("The University of Tokyo", "Faculty of Law", aliases="東京大学\nTodai")
    make_accounts("Tokyo University of Foreign Studies", aliases="東京外国語大学")
    make_accounts("Keio University", "Faculty of Law", aliases="慶應義塾大学")
    make_accounts("Université de Montréal", "Admissions", country="CA", city="Montréal")
    make_accounts("St Mary's College", "Admissions", country="US", city="Moraga")
    make_accounts("St Mary's College", "Admissions", country="GB", city="Belfast")
    make_accounts(
        "Contoso Pharmaceuticals",
        "Tokyo Office",
        country="US",
        city="Boston",
        type=OrganisationType.EMPLOYER,
    )


# --- Shared results (what a candidate sent to an organisation) ---


@pytest.fixture
def inbox_share(
    owner: Candidate, released_pet: ExamSession, rvs_account: OrganisationAccount
) -> Share:
    """PGD961 ONE's PET result (85; writing 81), delivered to WASEDA Admissions Office."""
    return share_result(owner, rvs_account, OWNER_SCORES)


@pytest.fixture
def second_share(
    outsider: Candidate, released_pet: ExamSession, rvs_account: OrganisationAccount
) -> Share:
    """YAMADA Hanako's PET result (72; writing 61), delivered to WASEDA too."""
    return share_result(outsider, rvs_account, SECOND_SCORES)


@pytest.fixture
def keio_share(
    outsider: Candidate, released_pet: ExamSession, other_account: OrganisationAccount
) -> Share:
    """YAMADA Hanako's result sent to Keio (another organisation) only."""
    return share_result(outsider, other_account, SECOND_SCORES)


# --- The exam board's staff ---


@pytest.fixture
def staff(db: None) -> User:
    """`staff` (staff@example.org), a superuser of the exam board who signs in at /admin/."""
    return User.objects.create_superuser("staff", "staff@example.org", PASSWORD)


@pytest.fixture
def staff_client(client: Client, staff: User) -> Client:
    """The test client, signed in as `staff`."""
    client.force_login(staff)
    return client


# --- Files, background work ---


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., str]:
    """Writes lines (joined with `newline`) to a file and returns its path."""

    def write(
        *lines: str,
        name: str = "data.csv",
        newline: str = "\n",
        encoding: str = "utf-8",
        end: str = "\n",
    ) -> str:
        path = tmp_path / name
        path.write_bytes((newline.join(lines) + end).encode(encoding))
        return str(path)

    return write


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
