"""Verify a result: ID Number + Secret Number, or reference + date of birth, with limits."""

import datetime as dt
import re

import pytest
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from exams.api import release_session
from exams.models import Entry, Exam, ExamSession, Result
from limits.models import Counter
from organisations.models import AuditEvent, Verification
from statements.api import statement_for
from tests.factories import make_candidate

URL = reverse("organisations:verify")
NEUTRAL = "No matching result. Check the details and try again."
PAUSED = "Too many unsuccessful attempts. Verification is paused until"
ASKS_DOB = "To protect the candidate, please also enter their date of birth."


@pytest.fixture
def released(owner, pet_session):
    release_session(pet_session)
    return owner


@pytest.fixture
def stranger(db) -> User:
    """Signed in, but a user of no organisation account."""
    return User.objects.create_user("someone@example.org", "someone@example.org", "x")


def by_secret(client, candidate_id: str = "pgd961", secret: str = "1234", born: str = ""):
    data = {"method": "secret", "candidate_id": candidate_id, "secret_number": secret}
    return client.post(URL, {**data, "date_of_birth": born} if born else data)


def by_reference(client, reference: str, date_of_birth: str = "2008-04-02"):
    return client.post(
        URL, {"method": "reference", "reference": reference, "date_of_birth": date_of_birth}
    )


def outcome(response) -> str:
    """The outcome box: what the user is told about the attempt."""
    found = re.search(r'<div class="notice[^"]*verify-outcome".*?</div>', response.text, re.S)
    return found.group(0) if found else ""


def until_shown(name: str) -> str:
    """When the pause counted by limit `name` ends, as the page shows it."""
    until = Counter.objects.get(name=name).blocked_until
    return date_filter(timezone.localtime(until), "DATETIME_FORMAT")


def fail(client, times: int, candidate_id: str = "pgd961") -> None:
    for _ in range(times):
        assert NEUTRAL in by_secret(client, candidate_id, "0000").text


def test_it_shows_both_ways_to_verify(client, rvs_member) -> None:
    client.force_login(rvs_member)
    text = client.get(URL).text
    assert "Secret Number" in text and "Statement of Results reference" in text
    assert 'name="method" value="secret"' in text and 'name="method" value="reference"' in text


def test_it_verifies_with_the_id_number_and_secret_number(client, rvs_member, released) -> None:
    client.force_login(rvs_member)
    text = by_secret(client).text
    result = released.entries.get().result
    for shown in (
        "PGD961 ONE",
        "PGD961",
        "2 April 2008",
        "Preliminary English Test",
        "13 June 2026",
        "Pass with Merit",
        "<strong>85</strong>",
        "scale 0–100",
        "B1",
        "Reading",
        "Speaking",
        statement_for(result).reference,
    ):
        assert shown in text
    assert NEUTRAL not in text


def test_it_shows_every_released_result_of_the_candidate(
    client, rvs_member, released, pet_session
) -> None:
    ket = ExamSession.objects.create(exam=Exam.objects.get(code="KET"), date=dt.date(2026, 3, 7))
    entry = Entry.objects.create(candidate=released, session=ket)
    Result.objects.create(entry=entry, overall_score=140, grade_en="Grade A", cefr_level="B1")
    release_session(ket)
    client.force_login(rvs_member)
    text = by_secret(client).text
    assert "Preliminary English Test" in text and "A2 Key" in text and "Grade A" in text


def test_it_verifies_with_a_reference_typed_loosely_and_the_date_of_birth(
    client, rvs_member, released
) -> None:
    reference = statement_for(released.entries.get().result).reference
    typed = " " + reference.lower().replace("-", " ") + " "
    client.force_login(rvs_member)
    text = by_reference(client, typed).text
    assert "PGD961 ONE" in text and "Pass with Merit" in text and reference in text
    assert Verification.objects.get().reference == reference


@pytest.mark.parametrize(
    "attempt",
    ["unknown id", "wrong secret", "wrong date of birth", "unknown reference", "unreleased"],
)
def test_it_gives_one_neutral_message_for_every_failure(
    client, rvs_member, owner, pet_session, attempt
) -> None:
    if attempt != "unreleased":
        release_session(pet_session)
    reference = statement_for(owner.entries.get().result).reference
    client.force_login(rvs_member)
    response = {
        "unknown id": lambda: by_secret(client, candidate_id="ZZZ999"),
        "wrong secret": lambda: by_secret(client, secret="4321"),
        "wrong date of birth": lambda: by_reference(client, reference, "2008-04-03"),
        "unknown reference": lambda: by_reference(client, "AAAA-BBBB-CCCC"),
        "unreleased": lambda: by_secret(client),
    }[attempt]()
    assert outcome(response) == (
        f'<div class="notice notice-error verify-outcome" role="alert">\n  <p>{NEUTRAL}</p>\n</div>'
    )
    assert "PGD961 ONE" not in response.text and "Pass with Merit" not in response.text


def test_it_records_every_attempt_and_never_the_secret_number(
    client, rvs_member, rvs_account, released
) -> None:
    client.force_login(rvs_member)
    assert 'value="1234"' not in by_secret(client).text  # not even sent back to the page
    by_secret(client, secret="4321")
    verifications = list(Verification.objects.order_by("created_at"))
    assert [(v.candidate_id, v.matched, v.method) for v in verifications] == [
        ("PGD961", True, "secret"),
        ("PGD961", False, "secret"),
    ]
    assert verifications[0].result == released.entries.get().result
    assert {v.user for v in verifications} == {rvs_member}
    assert {v.account for v in verifications} == {rvs_account}
    events = AuditEvent.objects.filter(action=AuditEvent.Action.VERIFY).order_by("created_at")
    assert [(e.params["candidate_id"], e.params["outcome"]) for e in events] == [
        ("PGD961", "match"),
        ("PGD961", "no_match"),
    ]
    for row in [*verifications, *events]:
        for field in row._meta.fields:
            if isinstance(
                field, models.CharField | models.TextField | models.GenericIPAddressField
            ):
                assert "1234" not in str(getattr(row, field.attname) or "")


def test_it_pauses_a_user_from_the_fifth_failure(client, rvs_member, released) -> None:
    client.force_login(rvs_member)
    fail(client, 2, "AAA111")
    fail(client, 3, "BBB222")
    until = until_shown("verify:user")
    response = by_secret(client)  # the right secret, now refused unchecked
    assert f"{PAUSED} {until}." in response.text
    assert "PGD961 ONE" not in response.text
    assert Verification.objects.count() == 5  # a paused attempt adds no failure


def test_it_pauses_an_account_whose_users_fail_together(
    client, rvs_admin, rvs_member, rvs_outsider, released, settings
) -> None:
    settings.VERIFY_PAUSE_AFTER_WRONG_PER_ACCOUNT = 3
    client.force_login(rvs_admin)
    fail(client, 2, "AAA111")
    client.force_login(rvs_member)
    fail(client, 1, "BBB222")
    assert PAUSED in by_secret(client).text
    client.force_login(rvs_outsider)  # another organisation is not paused
    assert "PGD961 ONE" in by_secret(client).text


def test_it_asks_the_date_of_birth_for_an_id_number_tried_by_several_organisations(
    client, rvs_member, rvs_outsider, rvs_admin, released, outsider
) -> None:
    # Today that ID Number is paused for every organisation: now nobody is refused.
    client.force_login(rvs_member)
    fail(client, 2)
    client.force_login(rvs_outsider)
    fail(client, 1)
    client.force_login(rvs_admin)
    asked = by_secret(client)
    assert ASKS_DOB in asked.text and 'name="date_of_birth"' in asked.text
    assert outcome(asked) == "" and "PGD961 ONE" not in asked.text
    assert "PGD961 ONE" in by_secret(client, born="2008-04-02").text
    assert "PGD961 ONE" in by_secret(client, born="２００８/０４/０２").text
    # Only that ID Number asks for it.
    assert "Hanako YAMADA" in by_secret(client, "XYZ123", "9876").text


def test_it_asks_the_date_of_birth_for_an_unknown_id_number_just_like_a_real_one(
    client, rvs_member, db
) -> None:
    client.force_login(rvs_member)
    fail(client, 3, "NOPE99")
    assert ASKS_DOB in by_secret(client, "NOPE99", "1234").text


def test_it_a_wrong_date_of_birth_is_a_failed_attempt(client, rvs_member, released) -> None:
    client.force_login(rvs_member)
    fail(client, 3)
    assert NEUTRAL in by_secret(client, born="2008-04-03").text
    assert Verification.objects.filter(matched=False).count() == 4
    assert Counter.objects.get(name="verify:user").count == 4


def test_it_asks_everybody_for_the_date_of_birth_at_the_total_limit(
    client, rvs_member, rvs_outsider, released, settings
) -> None:
    settings.VERIFY_DOB_AFTER_WRONG_TOTAL = 2
    client.force_login(rvs_outsider)
    fail(client, 1, "CCC333")
    fail(client, 1, "DDD444")
    client.force_login(rvs_member)
    assert ASKS_DOB in by_secret(client).text
    assert "PGD961 ONE" in by_secret(client, born="2008-04-02").text


def test_it_guessing_a_reference_pauses_only_the_organisation_guessing(
    client, rvs_member, rvs_outsider, released
) -> None:
    reference = statement_for(released.entries.get().result).reference
    client.force_login(rvs_member)
    for day in range(1, 6):
        assert NEUTRAL in by_reference(client, reference, f"2008-01-0{day}").text
    assert PAUSED in by_reference(client, reference).text
    client.force_login(rvs_outsider)
    assert "PGD961 ONE" in by_reference(client, reference).text


def test_it_the_pause_ends_one_window_after_the_failure_that_started_it(
    client, rvs_member, released, settings
) -> None:
    client.force_login(rvs_member)
    for n in range(5):
        fail(client, 1, f"AAA{n}")
    assert PAUSED in by_secret(client).text
    past = timezone.now() - dt.timedelta(minutes=settings.SECRET_GUESS_WINDOW_MINUTES, seconds=1)
    Counter.objects.update(window_start=past, blocked_until=past)
    assert "PGD961 ONE" in by_secret(client).text


def test_it_successful_verifications_do_not_count(client, rvs_member, released) -> None:
    client.force_login(rvs_member)
    fail(client, 2)
    for _ in range(3):
        assert "PGD961 ONE" in by_secret(client).text


def test_it_takes_full_width_id_and_secret_and_never_counts_them(
    client, rvs_member, released
) -> None:
    client.force_login(rvs_member)
    assert "PGD961 ONE" in by_secret(client, "ＰＧＤ９６１", "１２３４").text
    assert not Counter.objects.exists()


@pytest.mark.parametrize("typed", ["ß" * 32, "ﬃ" * 32])
def test_it_refuses_an_id_number_too_long_once_normalised(client, rvs_member, db, typed) -> None:
    client.force_login(rvs_member)
    response = by_secret(client, typed)
    assert response.status_code == 200
    assert "An ID Number has at most 32 characters." in response.text
    assert not Verification.objects.exists()


def test_it_asks_again_for_a_missing_value_without_counting_it(client, rvs_member, db) -> None:
    client.force_login(rvs_member)
    response = by_secret(client, secret="")
    assert "There is a problem" in response.text and NEUTRAL not in response.text
    assert not Verification.objects.exists()


@pytest.mark.parametrize("who", ["pending_user", "stranger", "owner", "outsider"])
def test_it_others_may_not_verify(client, request, who) -> None:
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))  # candidates log in as their user
    assert client.get(URL).status_code == 403
    assert by_secret(client).status_code == 403
    assert not Verification.objects.exists()


def test_it_a_visitor_is_sent_to_log_in(client, db) -> None:
    assert client.get(URL).url.startswith(reverse("organisations:login"))


def test_it_shows_a_japanese_name_family_name_first(client, rvs_member, pet_session) -> None:
    make_candidate(pet_session, "JPN001", secret="5555", score=72, family="佐藤", given="結衣")
    release_session(pet_session)
    client.force_login(rvs_member)
    assert "佐藤 結衣" in by_secret(client, "jpn001", "5555").text
