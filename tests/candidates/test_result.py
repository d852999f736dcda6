from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from exams.api import release_session


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


def test_it_makes_the_chart_readable_by_a_screen_reader(client, owner, result) -> None:
    client.force_login(owner.user)
    text = client.get(reverse("candidates:result", args=[result.uuid])).text
    assert 'role="img"' in text
    assert '<title id="chart-title">' in text
    assert "Overall score: 85 (0–100)" in text


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
