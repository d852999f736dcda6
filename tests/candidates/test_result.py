from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exams.api import release_session
from exams.models import Result
from tests.factories import share_result


@pytest.fixture
def result(owner, pet_session):
    release_session(pet_session)
    return owner.entries.get().result


def test_it_shows_the_result_with_scale_cefr_and_components(client, owner, result) -> None:
    client.force_login(owner.user)
    response = client.get(reverse("candidates:result", args=[result.uuid]))
    text = response.text
    assert "Preliminary English Test" in text
    assert "Pass with Merit" in text
    assert "/100" in text and ">85<" in text
    assert "B1" in text
    for component in ("Reading", "Writing", "Listening", "Speaking"):
        assert component in text
    assert "Important information about your results" in text
    assert "Download your Statement of Results" in text


OVERALL_IN_CHART = '<span class="chart-label">Overall score</span> <strong class="chart-value">'


def test_it_writes_the_chart_as_text_a_screen_reader_reads(client, owner, result) -> None:
    client.force_login(owner.user)
    text = client.get(reverse("candidates:result", args=[result.uuid])).text
    assert 'aria-labelledby="chart-title"' in text
    assert OVERALL_IN_CHART + "85" in text
    assert 'class="chart-bar" width="100%" height="20" aria-hidden="true"' in text


def test_it_labels_the_band_ticks_and_draws_in_percent(client, owner, result) -> None:
    """No viewBox that shrinks the text on a phone; every band start has its number."""
    client.force_login(owner.user)
    text = client.get(reverse("candidates:result", args=[result.uuid])).text
    assert "viewBox" not in text
    assert '<circle cx="85.0%"' in text
    for start in ("45", "70", "80", "90"):  # the PET bands of the demo catalogue
        assert f'<line x1="{start}.0%"' in text
        assert f'text-anchor="middle">{start}</text>' in text
    assert 'text-anchor="start">0</text>' in text
    assert 'text-anchor="end" class="chart-axis-second">100</text>' in text  # beside 90


def test_it_builds_the_linkedin_link_with_the_documented_parameters(client, owner, result) -> None:
    client.force_login(owner.user)
    text = client.get(reverse("candidates:result", args=[result.uuid])).text
    href = text.split('href="https://www.linkedin.com/profile/add?', 1)[1].split('"', 1)[0]
    params = parse_qs(urlparse("?" + href.replace("&amp;", "&")).query)
    assert params["startTask"] == ["CERTIFICATION_NAME"]
    assert params["name"] == ["Preliminary English Test"]
    assert params["organizationName"] == ["ResultBridge Exam Board"]
    assert params["issueYear"] and params["issueMonth"]
    assert params["certId"] == [result.statement.reference]
    assert 'target="_blank"' in text


def test_it_answers_404_for_another_candidates_result(client, outsider, result) -> None:
    client.force_login(outsider.user)
    assert client.get(reverse("candidates:result", args=[result.uuid])).status_code == 404


def test_it_answers_404_for_an_unreleased_result(client, owner, pet_session) -> None:
    client.force_login(owner.user)
    result = owner.entries.get().result
    assert client.get(reverse("candidates:result", args=[result.uuid])).status_code == 404


WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_during(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]


def test_it_writes_nothing_to_the_database_on_a_get(client, owner, result) -> None:
    client.force_login(owner.user)
    url = reverse("candidates:result", args=[result.uuid])
    assert writes_during(client, url) == []  # first view: rendered, statement read
    assert writes_during(client, url) == []  # from the cache


def test_it_shows_the_amended_score_after_an_amendment(client, owner, result) -> None:
    client.force_login(owner.user)
    url = reverse("candidates:result", args=[result.uuid])
    assert ">85<" in client.get(url).text
    Result.objects.filter(pk=result.pk).update(
        overall_score=61, grade_en="Pass", amended_at=timezone.now()
    )
    text = client.get(url).text
    assert "<strong>61</strong>" in text and OVERALL_IN_CHART + "61" in text
    assert "<strong>85</strong>" not in text and OVERALL_IN_CHART + "85" not in text


def test_it_shows_the_japanese_page_after_the_english_one(client, owner, result) -> None:
    client.force_login(owner.user)
    url = reverse("candidates:result", args=[result.uuid])
    assert "Your scores" in client.get(url).text
    owner.user.language = "ja"
    owner.user.save()
    text = client.get(url).text
    assert "スコアの内訳" in text
    assert "Your scores" not in text


def test_it_never_gives_another_candidate_the_cached_page(client, owner, outsider, result) -> None:
    url = reverse("candidates:result", args=[result.uuid])
    client.force_login(owner.user)
    assert ">85<" in client.get(url).text  # now in the cache
    other = Client()
    other.force_login(outsider.user)
    response = other.get(url)
    assert response.status_code == 404
    assert ">85<" not in response.text
    own = outsider.entries.get().result
    assert ">72<" in other.get(reverse("candidates:result", args=[own.uuid])).text


def test_it_shows_shares_made_after_the_page_was_cached(client, owner, result, rvs_account) -> None:
    client.force_login(owner.user)
    url = reverse("candidates:result", args=[result.uuid])
    assert "Where you have sent this result" not in client.get(url).text
    share_result(owner, rvs_account)
    text = client.get(url).text
    assert "Where you have sent this result" in text
    assert "WASEDA University" in text


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_it_costs_two_queries_rendered_and_kept(client, owner, result) -> None:
    """The session with its user and candidate, the owner's result (ADR 0010)."""
    client.force_login(owner.user)
    url = reverse("candidates:result", args=[result.uuid])
    client.get(url)  # rendered once (reads the statement)
    sql = queries_of(client, url)
    assert len(sql) == 2
    tables = ("accounts_session", "accounts_user", "exams_candidate")
    assert all(table in sql[0] for table in tables)
    assert "exams_result" in sql[1]


def csrf_tokens(text: str) -> list[str]:
    return [part.split('"', 1)[0] for part in text.split('name="csrfmiddlewaretoken" value="')[1:]]


def test_it_gives_each_kept_page_a_working_csrf_token(owner, result) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner.user)
    url = reverse("candidates:result", args=[result.uuid])
    first, second = client.get(url).text, client.get(url).text
    assert "csrf-token-of-this-request" not in second
    tokens = csrf_tokens(first) + csrf_tokens(second)
    assert len(tokens) == 4 and tokens[0] != tokens[2]  # a new token on every response
    logout = client.post(reverse("candidates:logout"), {"csrfmiddlewaretoken": tokens[3]})
    assert logout.status_code == 302
    assert client.get(url).status_code == 302  # signed out: to the login page
