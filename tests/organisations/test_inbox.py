"""The inbox: what the organisation sees of the results sent to it, and its filters."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exams.models import Exam, ExamSession
from sharing.models import Share
from sharing.shares import send_result, withdraw_share
from statements.api import statement_for
from tests.factories import make_account, make_candidate, make_rvs_user, share_result

URL = reverse("organisations:inbox")


def inbox(client, user, **filters) -> str:
    client.force_login(user)
    response = client.get(URL, filters)
    assert response.status_code == 200
    return response.text


def test_it_lists_the_shares_with_their_results(client, rvs_member, inbox_share) -> None:
    text = inbox(client, rvs_member)
    assert "PGD961 ONE" in text
    assert "PGD961" in text
    assert "Preliminary English Test" in text
    assert "Pass with Merit" in text
    assert ">85<" in text
    assert "B1" in text


def test_it_shows_new_shares_in_bold_with_a_label(client, rvs_member, inbox_share) -> None:
    text = inbox(client, rvs_member)
    assert '<tr class="is-new">' in text
    assert ">New<" in text


def test_it_shows_viewed_and_processed(client, rvs_member, inbox_share, second_share) -> None:
    now = timezone.now()
    Share.objects.filter(pk=inbox_share.pk).update(status="viewed", viewed_at=now)
    Share.objects.filter(pk=second_share.pk).update(
        status="viewed", viewed_at=now, processed_at=now
    )
    text = inbox(client, rvs_member)
    assert "is-new" not in text
    assert ">Viewed<" in text and ">Processed<" in text


def test_it_hides_withdrawn_and_pending_shares(client, rvs_member, inbox_share, owner) -> None:
    withdraw_share(inbox_share)
    Share.objects.filter(pk=inbox_share.pk).update(status="pending")
    pending = send_result(inbox_share.result, inbox_share.account, None).share
    Share.objects.filter(pk=pending.pk).update(status="pending", delivered_at=None)
    text = inbox(client, rvs_member)
    assert "PGD961" not in text
    assert "0 results" in text


def test_it_shows_only_the_accounts_own_shares(client, rvs_outsider, inbox_share) -> None:
    text = inbox(client, rvs_outsider)
    assert "PGD961" not in text


@pytest.mark.parametrize("who", ["pending_user", "owner_user"])
def test_it_refuses_others(client, request, who, rvs_account, owner) -> None:
    user = owner.user if who == "owner_user" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_it_sends_visitors_to_the_login(client, db) -> None:
    assert client.get(URL).url.startswith(reverse("organisations:login"))


def test_it_marks_whether_results_meet_the_requirements(
    client, rvs_member, inbox_share, second_share, pet_requirement
) -> None:
    text = inbox(client, rvs_member)
    assert text.count("✓ Meets") == 1
    assert text.count("✗ Does not meet") == 1


@pytest.mark.parametrize(
    ("filters", "found", "hidden"),
    [
        ({"q": "yamada"}, "YAMADA", "PGD961"),
        ({"q": "hanako yamada"}, "YAMADA", "PGD961"),
        ({"q": "pgd961"}, "PGD961", "YAMADA"),
        ({"status": "new"}, "YAMADA", "PGD961"),
        ({"status": "viewed"}, "PGD961", "YAMADA"),
        ({"meets": "yes"}, "PGD961", "YAMADA"),
        ({"meets": "no"}, "YAMADA", "PGD961"),
    ],
)
def test_it_filters(
    client, rvs_member, inbox_share, second_share, pet_requirement, filters, found, hidden
) -> None:
    Share.objects.filter(pk=inbox_share.pk).update(status="viewed", viewed_at=timezone.now())
    text = inbox(client, rvs_member, **filters)
    assert found in text
    assert hidden not in text


def test_it_finds_a_statement_of_results_reference(
    client, rvs_member, inbox_share, second_share
) -> None:
    reference = statement_for(second_share.result).reference
    text = inbox(client, rvs_member, q=reference.lower().replace("-", " "))
    assert "YAMADA" in text and "PGD961" not in text


def test_it_filters_by_exam_and_received_dates(
    client, rvs_member, inbox_share, catalogue, rvs_account
) -> None:
    session = ExamSession.objects.create(
        exam=Exam.objects.get(code="KET"), date=dt.date(2026, 3, 14), released_at=timezone.now()
    )
    candidate = make_candidate(session, "KET001", score=135, family="SATO", given="Aoi")
    ket = share_result(candidate, rvs_account)
    Share.objects.filter(pk=ket.pk).update(delivered_at=timezone.now() - dt.timedelta(days=10))
    assert "PGD961" not in inbox(client, rvs_member, exam="KET")
    today = timezone.localdate()
    text = inbox(client, rvs_member, received_from=today.isoformat())
    assert "PGD961" in text and "SATO" not in text
    earlier = (today - dt.timedelta(days=5)).isoformat()
    text = inbox(client, rvs_member, received_to=earlier)
    assert "SATO" in text and "PGD961" not in text


def test_it_keeps_the_filters_in_page_links(client, rvs_member, released_pet, rvs_account):
    for number in range(51):
        candidate = make_candidate(
            released_pet, f"P{number:04d}", score=80, family="SUZUKI", given="Ren"
        )
        share_result(candidate, rvs_account)
    text = inbox(client, rvs_member, q="suzuki")
    assert "51 results" in text
    assert "?q=suzuki&amp;page=2" in text
    assert "P0000" in inbox(client, rvs_member, q="suzuki", page=2)


def test_it_needs_no_query_per_row(client, rvs_member, released_pet, rvs_account, pet_requirement):
    def count_queries() -> int:
        client.logout()  # a fresh session each time: the same session writes alike
        client.force_login(rvs_member)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    share_result(make_candidate(released_pet, "Q0000", score=85), rvs_account)
    few = count_queries()
    for number in range(1, 8):
        candidate = make_candidate(released_pet, f"Q{number:04d}", score=60 + number)
        share_result(candidate, rvs_account, {"writing": 50})
    assert count_queries() == few


def test_it_shows_the_other_account_its_own_inbox(client, rvs_outsider, keio_share) -> None:
    other = make_account("Sophia University", active=True)
    share_result(keio_share.result.entry.candidate, other)
    text = inbox(client, rvs_outsider)
    assert "YAMADA" in text


def test_it_searches_names_only_among_the_accounts_own_shares(
    client, rvs_member, inbox_share, second_share, released_pet, other_account
) -> None:
    namesake = make_candidate(released_pet, "ZZZ999", score=70, family="ONE", given="Other")
    share_result(namesake, other_account)  # to Keio, not to WASEDA

    text = inbox(client, rvs_member, q="one")
    assert "PGD961" in text and "ZZZ999" not in text and "YAMADA" not in text
    assert "1 result" in text


def test_it_lists_a_result_missing_a_required_score_as_not_meeting(
    client, rvs_member, inbox_share, second_share, pet_requirement
) -> None:
    result = second_share.result
    result.component_scores = {"reading": 90}  # no writing score: the minimum is 65
    result.overall_score = 90
    result.save()

    assert "YAMADA" in inbox(client, rvs_member, meets="no")
    assert "YAMADA" not in inbox(client, rvs_member, meets="yes")


def test_it_labels_the_rows_in_the_users_language(
    client, rvs_account, inbox_share, pet_requirement
) -> None:
    user = make_rvs_user("ja@waseda.example.jp", rvs_account, language="ja")
    client.force_login(user)
    text = client.get(URL, HTTP_ACCEPT_LANGUAGE="ja").text

    assert 'data-label="ID Number">PGD961</td>' in text
    assert "✓ 満たす" in text


def test_it_escapes_what_candidates_and_the_board_wrote(
    client, rvs_member, released_pet, rvs_account
) -> None:
    candidate = make_candidate(released_pet, "ESC001", score=70, family="<b>O'Hara</b>")
    share_result(candidate, rvs_account)

    text = inbox(client, rvs_member)
    assert "&lt;b&gt;O&#x27;Hara&lt;/b&gt;" in text and "<b>O'Hara" not in text


def test_it_shows_every_share_once_across_the_pages(client, rvs_member, released_pet, rvs_account):
    sent = timezone.now()
    for number in range(101):
        candidate = make_candidate(released_pet, f"R{number:04d}", score=80)
        share_result(candidate, rvs_account)
    # Sent in the same instant: the order (newest first, then by id) must still be total.
    Share.objects.update(created_at=sent)
    seen = []
    for page in (1, 2, 3):
        text = inbox(client, rvs_member, page=page)
        seen += re.findall(r'data-label="ID Number">(R\d{4})<', text)
    assert sorted(seen) == [f"R{number:04d}" for number in range(101)]  # none lost or twice
    assert seen == sorted(seen, reverse=True)  # the same order as they were sent, reversed


def test_it_costs_the_same_few_queries_whatever_the_filter(
    client, rvs_member, inbox_share, pet_requirement
) -> None:
    client.force_login(rvs_member)
    inbox(client, rvs_member)  # the session written once
    for filters in ({}, {"meets": "yes"}, {"meets": "no"}, {"status": "new"}, {"q": "one"}):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, filters).status_code == 200
        # session, user, memberships, requirements, count, page, rows, exams (the filter);
        # a page with no rows skips the last two of the page's three
        assert len(queries) <= 8, filters


def test_it_lists_a_result_under_its_exam_after_staff_move_its_entry(
    client, rvs_member, inbox_share, catalogue
) -> None:
    ket = ExamSession.objects.create(
        exam=Exam.objects.get(code="KET"), date=dt.date(2026, 3, 14), released_at=timezone.now()
    )
    entry = inbox_share.result.entry
    entry.session = ket  # as staff correct it in the admin
    entry.save()

    assert Share.objects.get(pk=inbox_share.pk).session == ket
    assert "PGD961" in inbox(client, rvs_member, exam="KET")
    assert "PGD961" not in inbox(client, rvs_member, exam="PET")
