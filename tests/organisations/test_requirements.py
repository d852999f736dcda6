"""Score requirements: the page, and the rule checked in Python and in the database."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.models import Exam, ExamSession, Result
from organisations.inbox import InboxFilterForm, inbox_shares
from organisations.models import AuditEvent, ScoreRequirement
from organisations.requirements import check, months_before, months_between

URL = reverse("organisations:requirements")
PET_FORM = {
    "pet-accepted": "on",
    "pet-min_overall": "80",
    "pet-component_writing": "65",
    "pet-max_age_months": "24",
}


def test_it_shows_administrators_a_form_per_exam(client, rvs_admin, pet_requirement) -> None:
    client.force_login(rvs_admin)
    text = client.get(URL).text
    assert "Accept Preliminary English Test results" in text
    assert "Accept A2 Key results" in text
    assert 'name="pet-component_writing"' in text and 'value="65"' in text


def test_it_saves_a_requirement(client, rvs_admin, rvs_account, catalogue) -> None:
    client.force_login(rvs_admin)
    response = client.post(URL, PET_FORM, follow=True)
    assert "The score requirements have been saved." in response.text
    requirement = ScoreRequirement.objects.get(account=rvs_account)
    assert requirement.exam.code == "PET"
    assert requirement.min_overall == 80
    assert requirement.component_minimums == {"writing": 65}
    assert requirement.max_age_months == 24
    event = AuditEvent.objects.get(action="requirements")
    assert event.user == rvs_admin
    assert event.params == {"changes": ["PET: accepted overall>=80 writing>=65 age<=24m"]}


def test_it_removes_a_requirement(client, rvs_admin, pet_requirement) -> None:
    client.force_login(rvs_admin)
    client.post(URL, {})
    assert not ScoreRequirement.objects.exists()
    assert AuditEvent.objects.get(action="requirements").params == {"changes": ["PET: removed"]}


def test_it_records_nothing_when_nothing_changed(client, rvs_admin, pet_requirement) -> None:
    client.force_login(rvs_admin)
    client.post(URL, PET_FORM)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pet-min_overall", "120", "Enter a score from 0 to 100, the scale of this exam."),
        ("pet-component_writing", "-1", "Enter a score from 0 to 100, the scale of this exam."),
        ("pet-max_age_months", "0", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_it_refuses_minimums_outside_the_scale(
    client, rvs_admin, catalogue, field, value, message
) -> None:
    client.force_login(rvs_admin)
    response = client.post(URL, {**PET_FORM, field: value})
    assert response.status_code == 400
    assert message in response.text
    assert not ScoreRequirement.objects.exists()


def test_it_checks_each_exam_on_its_own_scale(client, rvs_admin, rvs_account, catalogue) -> None:
    client.force_login(rvs_admin)
    response = client.post(URL, {"ket-accepted": "on", "ket-min_overall": "80"})
    assert "Enter a score from 100 to 150" in response.text
    client.post(URL, {"ket-accepted": "on", "ket-min_overall": "120"})
    assert ScoreRequirement.objects.get(account=rvs_account).exam.code == "KET"


def test_it_refuses_minimums_of_an_exam_not_accepted(client, rvs_admin, catalogue) -> None:
    client.force_login(rvs_admin)
    response = client.post(URL, {"pet-min_overall": "80"})
    assert response.status_code == 400
    assert "to keep these minimums, or clear them" in response.text


def test_it_members_read_them_only(client, rvs_member, pet_requirement) -> None:
    client.force_login(rvs_member)
    text = client.get(URL).text
    assert "Preliminary English Test" in text and "Writing 65" in text and "24 months" in text
    assert '<form method="post" novalidate>' not in text
    assert client.post(URL, {}).status_code == 403
    assert ScoreRequirement.objects.count() == 1


def test_it_another_organisation_sees_and_changes_only_its_own(
    client, rvs_outsider, other_account, pet_requirement
) -> None:
    client.force_login(rvs_outsider)
    assert 'value="65"' not in client.get(URL).text
    client.post(URL, {"ket-accepted": "on"})
    assert ScoreRequirement.objects.get(account=other_account).exam.code == "KET"
    pet_requirement.refresh_from_db()
    assert pet_requirement.min_overall == 80


@pytest.mark.parametrize("who", ["pending_user", "owner_user"])
def test_it_refuses_others(client, request, who, rvs_account, owner) -> None:
    user = owner.user if who == "owner_user" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, PET_FORM).status_code == 403


def test_it_sends_visitors_to_the_login(client, db) -> None:
    assert client.get(URL).url.startswith(reverse("organisations:login"))


# The rule itself: `check` (reasons) and `meets_q` (the inbox filter) must always agree.


def _months_ago(months: int, days: int = 0) -> dt.datetime:
    return months_before(timezone.now(), months) - dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({}, None),
        ({"overall_score": 79}, "Overall score 79 is below the minimum 80"),
        ({"component_scores": {"writing": 64}}, "Writing 64 is below the minimum 65"),
        ({"component_scores": {"reading": 90}}, "Writing has no score; the minimum is 65"),
        ({"released_at": _months_ago(30, 1)}, "The result is 30 months old; the maximum is 24"),
        ({"released_at": _months_ago(24, 1)}, "The result is more than 24 months old"),
        ({"released_at": _months_ago(23, 27)}, None),
        ({"exam": "KET"}, "PET is not an accepted exam"),
    ],
)
def test_it_check_and_the_database_agree(
    rvs_account, inbox_share, pet_requirement, change, reason
) -> None:
    result = inbox_share.result
    session = result.entry.session
    if "exam" in change:
        pet_requirement.exam = Exam.objects.get(code=change["exam"])
        pet_requirement.save()
    if "released_at" in change:
        ExamSession.objects.filter(pk=session.pk).update(released_at=change["released_at"])
    fields = {k: v for k, v in change.items() if k in ("overall_score", "component_scores")}
    Result.objects.filter(pk=result.pk).update(**fields)
    result = Result.objects.select_related("entry__session__exam").get(pk=result.pk)

    reasons = check(result, [pet_requirement])
    assert reasons == ([reason] if reason else [])
    for meets, expected in (("yes", not reasons), ("no", bool(reasons))):
        form = InboxFilterForm({"meets": meets})
        found = form.apply(inbox_shares(rvs_account), rvs_account).exists()
        assert found == expected, meets


def test_it_no_requirement_means_nothing_meets_them(rvs_account, inbox_share) -> None:
    assert check(inbox_share.result, []) == ["PET is not an accepted exam"]
    shares = inbox_shares(rvs_account)
    assert not InboxFilterForm({"meets": "yes"}).apply(shares, rvs_account).exists()
    assert InboxFilterForm({"meets": "no"}).apply(shares, rvs_account).exists()


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (dt.datetime(2024, 1, 31), dt.datetime(2024, 2, 29), 0),
        (dt.datetime(2024, 1, 31), dt.datetime(2024, 3, 1), 1),
        (dt.datetime(2024, 1, 15), dt.datetime(2026, 7, 15), 30),
        (dt.datetime(2024, 1, 15), dt.datetime(2026, 7, 14), 29),
    ],
)
def test_it_months_between_counts_calendar_months(earlier, later, months) -> None:
    assert months_between(earlier, later) == months


def test_it_months_before_keeps_to_the_calendar() -> None:
    assert months_before(dt.datetime(2026, 3, 31, 9), 1) == dt.datetime(2026, 2, 28, 9)
    assert months_before(dt.datetime(2026, 1, 15), 13) == dt.datetime(2024, 12, 15)
