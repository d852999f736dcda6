"""Plain helpers that make test data or read what the code produced. The fixtures built on
them (owner, outsider, rvs_admin, staff, ...) are in tests/conftest.py."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from directory.models import Organisation, OrganisationAccount, OrganisationType
from exams.models import Candidate, Entry, ExamSession, Result
from organisations.models import Membership, Role, Status
from sharing.models import Share
from sharing.shares import send_result

CATALOGUE = Path(__file__).resolve().parent.parent / "exams" / "catalogue" / "demo.yaml"
PASSWORD = "correct horse battery 42"
"""Every user the tests create signs in with this password."""


# --- Candidates ---


def make_candidate(
    session: ExamSession,
    candidate_id: str,
    secret: str = "1234",
    score: int | None = None,
    **names: str,
) -> Candidate:
    """A candidate entered for `session`, with a result of `score` if one is given."""
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
    """Gives the candidate a user account (password PASSWORD), its email confirmed."""
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


# --- The organisation directory ---


def make_account(
    name: str,
    department: str = "",
    *,
    country: str = "JP",
    city: str = "Tokyo",
    aliases: str = "",
    active: bool = False,
    email: str = "admissions@example.jp",
) -> OrganisationAccount:
    """One account (department) of an organisation, created with it if it is new."""
    organisation, _ = Organisation.objects.get_or_create(
        name=name,
        country=country,
        city=city,
        defaults={"type": "university", "aliases": aliases},
    )
    account = OrganisationAccount(
        organisation=organisation, department=department, email=email, is_active=active
    )
    account.refresh_search_text()
    account.save()
    return account


def make_accounts(
    name: str,
    *departments: str,
    country: str = "JP",
    city: str = "Tokyo",
    aliases: str = "",
    type: str = OrganisationType.UNIVERSITY,
) -> list[OrganisationAccount]:
    """An organisation with one account per department, searchable as the import leaves it."""
    organisation = Organisation.objects.create(
        name=name, country=country, city=city, aliases=aliases, type=type
    )
    accounts = []
    for department in departments or [""]:
        account = OrganisationAccount(organisation=organisation, department=department)
        account.refresh_search_text()
        account.save()
        accounts.append(account)
    return accounts


# --- Users of the Verification Service ---


def make_rvs_user(
    email: str,
    account: OrganisationAccount,
    role: str = Role.MEMBER,
    status: str = Status.APPROVED,
    language: str = "en",
) -> User:
    """A user of `account` (password PASSWORD, email confirmed) with that role and status."""
    user = User(
        username=email, email=email, first_name=email.split("@")[0].title(), language=language
    )
    user.set_password(PASSWORD)
    user.save()
    user.confirm_email(email)
    Membership.objects.create(user=user, account=account, role=role, status=status)
    return user


# --- Shared results ---

OWNER_SCORES = {"reading": 88, "writing": 81, "listening": 90, "speaking": 79}
SECOND_SCORES = {"reading": 75, "writing": 61, "listening": 70, "speaking": 80}


def share_result(
    candidate: Candidate, account: OrganisationAccount, scores: dict | None = None
) -> Share:
    """Sends the candidate's (released) result to `account`; returns the Share."""
    result = candidate.entries.get().result
    if scores is not None:
        result.component_scores = scores
        result.save(update_fields=["component_scores"])
    return send_result(result, account, None).share


# --- Emails ---


def link_in_last_email(fragment: str, to: str | None = None) -> str:
    """The path of the first link containing `fragment` in the newest matching email."""
    messages = [m for m in mail.outbox if to is None or to in m.to]
    word = next(w for w in messages[-1].body.split() if fragment in w)
    return word.replace("http://testserver", "")


# --- Management commands and the files they import ---

ENTRY_HEADER = (
    "candidate_id,secret_number,family_name,given_name,date_of_birth,email,"
    "exam_code,session_date,centre"
)
RESULT_HEADER = (
    "candidate_id,exam_code,session_date,overall_score,reading,writing,listening,speaking"
)


def run(command: str, *args: str) -> str:
    """Runs a management command and returns what it printed."""
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(command: str, *args: str) -> str:
    """Runs a command that must refuse its input and returns the message the user sees."""
    with pytest.raises(CommandError) as failure:
        run(command, *args)
    return str(failure.value)


# --- Statements of Results ---


def statement_url(result: Result) -> str:
    return reverse("statements:download", args=[result.uuid])


def pdf_text(content: bytes) -> str:
    """The text a reader of the PDF sees, as pypdf extracts it, each run of white space
    (a line or a table cell ending) made one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def download(client: Client, result: Result, language: str = "en") -> bytes:
    """The statement's PDF, as `client` downloads it in `language`."""
    response = client.get(statement_url(result), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content
