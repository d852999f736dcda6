import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exams.api import release_session
from exams.models import Exam, ExamSession, Result
from tests.factories import make_candidate

URL = reverse("candidates:home")


def test_it_lists_released_results(client, owner, pet_session) -> None:
    release_session(pet_session)
    client.force_login(owner.user)
    response = client.get(URL)
    assert "Welcome PGD961 ONE" in response.text
    assert "Here are the results of your test" in response.text
    assert "Preliminary English Test" in response.text
    assert "Pass with Merit" in response.text
    assert ">85<" in response.text


def test_it_hides_results_before_release_and_says_when_they_come(
    client, owner, pet_session
) -> None:
    pet_session.release_at = timezone.make_aware(dt.datetime(2026, 7, 1, 9, 0))
    pet_session.save()
    client.force_login(owner.user)
    response = client.get(URL)
    assert "Pass with Merit" not in response.text
    assert "Expected release:" in response.text
    assert "1 Jul 2026, 09:00 JST" in response.text  # British, with the time zone


def test_it_writes_dates_unambiguously_in_each_language(client, owner, pet_session) -> None:
    pet_session.release_at = timezone.make_aware(dt.datetime(2026, 12, 3, 10, 0))
    pet_session.save()
    client.force_login(owner.user)
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").text
    assert "13 June 2026" in english and "3 Dec 2026, 10:00 JST" in english
    owner.user.language = "ja"
    owner.user.save()
    japanese = client.get(URL).text
    assert "2026年6月13日" in japanese and "2026年12月3日 10:00 JST" in japanese


def test_it_shows_only_the_candidates_own_results(client, owner, outsider, pet_session) -> None:
    release_session(pet_session)
    client.force_login(outsider.user)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="ja")
    assert ">72<" in response.text
    assert ">85<" not in response.text


def test_it_speaks_japanese_to_a_japanese_user(client, outsider, pet_session) -> None:
    release_session(pet_session)
    client.force_login(outsider.user)
    response = client.get(URL)
    assert response.headers["Content-Language"] == "ja"
    assert "合格" in response.text


def test_it_forbids_users_who_are_not_candidates(client, django_user_model, db) -> None:
    staff = django_user_model.objects.create_user("staff", password="x" * 12)
    client.force_login(staff)
    assert client.get(URL).status_code == 403


def test_it_lists_a_second_exam_waiting_for_release(client, owner, catalogue) -> None:
    fce = ExamSession.objects.create(exam=Exam.objects.get(code="FCE"), date=dt.date(2026, 7, 4))
    make_candidate(fce, "OTHER1")  # another candidate, to prove the filter
    owner.entries.create(session=fce, centre="Osaka")
    client.force_login(owner.user)
    response = client.get(URL)
    assert "Results have not been released yet" in response.text


def test_it_writes_nothing_to_the_database_on_a_get(client, owner, pet_session) -> None:
    release_session(pet_session)
    client.force_login(owner.user)
    for _ in range(2):  # rendered, then from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        sql = [q["sql"].lstrip() for q in queries.captured_queries]
        assert not [q for q in sql if q.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_it_shows_results_released_after_the_page_was_seen(client, owner, pet_session) -> None:
    client.force_login(owner.user)
    assert "Pass with Merit" not in client.get(URL).text
    release_session(pet_session)
    assert "Pass with Merit" in client.get(URL).text


def test_it_shows_an_amended_score(client, owner, pet_session) -> None:
    release_session(pet_session)
    client.force_login(owner.user)
    assert ">85<" in client.get(URL).text
    Result.objects.filter(entry__candidate=owner).update(
        overall_score=61, amended_at=timezone.now()
    )
    text = client.get(URL).text
    assert ">61<" in text and ">85<" not in text


def test_it_never_shows_another_candidate_the_first_ones_list(
    client, owner, outsider, pet_session
) -> None:
    release_session(pet_session)
    client.force_login(owner.user)
    assert ">85<" in client.get(URL).text
    client.force_login(outsider.user)
    text = client.get(URL).text
    assert ">72<" in text and ">85<" not in text


def test_it_costs_two_queries_kept_and_one_more_rendered(client, owner, pet_session) -> None:
    """The session with its user and candidate, the candidate's entries (docs/decisions/
    0010); when the lists are rendered, one more reads the statements their LinkedIn
    links name."""
    release_session(pet_session)
    client.force_login(owner.user)
    for expected in (3, 2):  # rendered, then kept whole
        with CaptureQueriesContext(connection) as queries:
            assert ">85<" in client.get(URL).text
        assert len(queries.captured_queries) == expected


def test_it_shows_a_message_on_the_kept_page_once(client, owner, pet_session) -> None:
    client.force_login(owner.user)
    client.get(URL)  # now kept whole
    client.post(reverse("candidates:change_language"), {"language": "en"})  # not followed
    assert "Your language has been saved." in client.get(URL).text
    assert "Your language has been saved." not in client.get(URL).text


def test_it_shows_a_changed_email_notice_on_the_kept_page(client, owner, pet_session) -> None:
    client.force_login(owner.user)
    assert "Please confirm your email address" not in client.get(URL).text
    owner.user.email_confirmed_at = None
    owner.user.save()
    assert "Please confirm your email address" in client.get(URL).text


def test_it_shows_the_guides_actions_on_the_home_page(client, owner, pet_session) -> None:
    release_session(pet_session)
    client.force_login(owner.user)
    text = client.get(URL).text
    result = owner.entries.get().result
    for heading in (
        "Download your Statement of Results",
        "Send your results to an education institution, employer or immigration authority",
        "Add your new qualification to your LinkedIn profile",
        "Take the next step",
        "Important information about your results",
    ):
        assert heading in text
    assert f'href="{reverse("sharing:send", args=[result.uuid])}">Send my result' in text
    assert "https://www.linkedin.com/profile/add?" in text


def test_it_gives_each_result_its_own_card_and_actions(client, owner, pet_session) -> None:
    fce = ExamSession.objects.create(exam=Exam.objects.get(code="FCE"), date=dt.date(2026, 7, 4))
    entry = owner.entries.create(session=fce, centre="Osaka")
    Result.objects.create(entry=entry, overall_score=175, grade_en="Grade B", cefr_level="B2")
    release_session(pet_session)
    release_session(fce)
    client.force_login(owner.user)
    text = client.get(URL).text
    cards = text.split('<article class="panel result-card"')[1:]
    assert len(cards) == 2
    pet = owner.entries.get(session=pet_session).result
    for card, (exam, result, other) in zip(
        cards, [("B2 First", entry.result, pet), ("Preliminary", pet, entry.result)], strict=True
    ):
        assert exam in card.split("</h3>")[0]  # the card's title names its exam
        assert reverse("sharing:send", args=[result.uuid]) in card
        assert reverse("statements:download", args=[result.uuid]) in card
        assert reverse("candidates:result", args=[result.uuid]) in card
        assert str(other.uuid) not in card  # nothing of the other result
