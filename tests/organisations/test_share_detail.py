"""One shared result: the whole result, the requirement check, viewed and processed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.models import Exam, ExamSession
from organisations.models import AuditEvent, ScoreRequirement
from organisations.requirements import months_before
from sharing.models import Share
from sharing.shares import withdraw_share
from statements.models import Statement


def url(share: Share) -> str:
    return reverse("organisations:share", args=[share.uuid])


def process_url(share: Share) -> str:
    return reverse("organisations:process", args=[share.uuid])


def test_it_shows_the_whole_result(client, rvs_member, inbox_share) -> None:
    client.force_login(rvs_member)
    text = client.get(url(inbox_share)).text
    for shown in ["PGD961 ONE", "PGD961", "2 April 2008", "Preliminary English Test",
                  "13 June 2026", "Pass with Merit", "85", "B1", "Writing", "81"]:  # fmt: skip
        assert shown in text
    reference = Statement.objects.get(result=inbox_share.result).reference
    assert reference in text


def test_it_marks_the_share_viewed_the_first_time_only(
    client, rvs_member, owner, inbox_share
) -> None:
    client.force_login(rvs_member)
    client.get(url(inbox_share))
    inbox_share.refresh_from_db()
    assert inbox_share.status == "viewed"
    first = inbox_share.viewed_at
    assert first is not None
    client.get(url(inbox_share))
    inbox_share.refresh_from_db()
    assert inbox_share.viewed_at == first
    events = AuditEvent.objects.filter(action="view", share=inbox_share, user=rvs_member)
    assert events.count() == 2
    assert events.first().params["candidate_id"] == "PGD961"
    client.force_login(owner.user)
    assert "Viewed on" in client.get(reverse("sharing:shares")).text


def test_it_says_the_result_meets_the_requirements(
    client, rvs_member, inbox_share, pet_requirement
) -> None:
    client.force_login(rvs_member)
    assert "✓ Meets your score requirements" in client.get(url(inbox_share)).text


def test_it_gives_the_reasons_a_result_falls_short(
    client, rvs_member, second_share, pet_requirement
) -> None:
    released_at = months_before(timezone.now(), 30) - dt.timedelta(days=1)
    ExamSession.objects.filter(pk=second_share.result.entry.session_id).update(
        released_at=released_at
    )
    client.force_login(rvs_member)
    text = client.get(url(second_share)).text
    assert "✗ Does not meet your score requirements" in text
    assert "Overall score 72 is below the minimum 80" in text
    assert "Writing 61 is below the minimum 65" in text
    assert "The result is 30 months old; the maximum is 24" in text


def test_it_names_an_exam_that_is_not_accepted(client, rvs_member, inbox_share) -> None:
    ScoreRequirement.objects.create(account=inbox_share.account, exam=Exam.objects.get(code="KET"))
    client.force_login(rvs_member)
    assert "PET is not an accepted exam" in client.get(url(inbox_share)).text


def test_it_marks_a_share_processed_and_back(client, rvs_member, inbox_share) -> None:
    client.force_login(rvs_member)
    response = client.post(process_url(inbox_share), follow=True)
    assert "Marked as processed." in response.text
    assert "Mark as not processed" in response.text
    inbox_share.refresh_from_db()
    assert inbox_share.processed_at is not None
    assert inbox_share.viewed_at is not None
    assert AuditEvent.objects.filter(action="process", share=inbox_share).count() == 1
    client.post(process_url(inbox_share), {"undo": "1"})
    inbox_share.refresh_from_db()
    assert inbox_share.processed_at is None
    assert inbox_share.status == "viewed"
    assert AuditEvent.objects.filter(action="process", share=inbox_share).count() == 2


def test_it_returns_to_a_safe_next_page_only(client, rvs_member, inbox_share) -> None:
    client.force_login(rvs_member)
    back = "/rvs/inbox/?status=new"
    assert client.post(process_url(inbox_share), {"next": back}).url == back
    response = client.post(process_url(inbox_share), {"next": "https://evil.example/"})
    assert response.url == url(inbox_share)


def test_it_processing_is_post_only(client, rvs_member, inbox_share) -> None:
    client.force_login(rvs_member)
    assert client.get(process_url(inbox_share)).status_code == 405


def test_it_hides_another_accounts_share(client, rvs_outsider, inbox_share) -> None:
    client.force_login(rvs_outsider)
    response = client.get(url(inbox_share))
    assert response.status_code == 404
    assert "PGD961" not in response.text
    assert client.post(process_url(inbox_share)).status_code == 404
    inbox_share.refresh_from_db()
    assert inbox_share.viewed_at is None and inbox_share.processed_at is None
    assert not AuditEvent.objects.exists()


def test_it_hides_withdrawn_and_pending_shares(client, rvs_member, inbox_share) -> None:
    client.force_login(rvs_member)
    withdraw_share(inbox_share)
    assert client.get(url(inbox_share)).status_code == 404
    Share.objects.filter(pk=inbox_share.pk).update(withdrawn_at=None, status="pending")
    assert client.get(url(inbox_share)).status_code == 404
    inbox_share.refresh_from_db()
    assert inbox_share.viewed_at is None


@pytest.mark.parametrize("who", ["pending_user", "owner_user"])
def test_it_refuses_others(client, request, who, inbox_share, owner) -> None:
    user = owner.user if who == "owner_user" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(url(inbox_share)).status_code == 403
    assert client.post(process_url(inbox_share)).status_code == 403


def test_it_sends_visitors_to_the_login(client, inbox_share) -> None:
    assert client.get(url(inbox_share)).url.startswith(reverse("organisations:login"))
    inbox_share.refresh_from_db()
    assert inbox_share.viewed_at is None
