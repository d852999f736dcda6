"""The site's own error pages (resultbridge/views.py), as a visitor meets them with DEBUG
off: in their language, with the site's header and a way back to where they were."""

import pytest
from django.test import Client
from django.urls import path

from resultbridge.urls import handler403, handler404, handler500  # noqa: F401
from resultbridge.urls import urlpatterns as site


def broken_view(request):
    raise RuntimeError("the database is down")


urlpatterns = [path("broken/", broken_view), *site]

JA = {"HTTP_ACCEPT_LANGUAGE": "ja"}


@pytest.fixture(autouse=True)
def debug_off(settings) -> None:
    settings.DEBUG = False


def _is_candidate_page(page: str) -> bool:
    return 'class="area-candidate"' in page and '<a class="button" href="/">' in page


def test_it_shows_its_own_404_in_both_languages(client, db) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>We cannot find this page</h1>" in response.text
    assert _is_candidate_page(response.text)
    assert 'class="site-header"' in response.text and 'href="/static/favicon.svg"' in response.text
    assert "お探しのページが見つかりません" in client.get("/no-such-page/", **JA).text


def test_it_shows_404s_under_rvs_in_the_organisation_look(client, db) -> None:
    response = client.get("/rvs/no-such-page/")
    assert response.status_code == 404
    assert 'class="area-organisation"' in response.text
    assert '<a class="button" href="/rvs/">' in response.text


def test_it_shows_its_own_403_in_the_area_it_was_asked_in(client, rvs_member) -> None:
    client.force_login(rvs_member)
    response = client.get("/rvs/users/")  # for the account's administrators only
    assert response.status_code == 403
    assert "<h1>You cannot open this page</h1>" in response.text
    assert 'class="area-organisation"' in response.text
    assert '<a class="button" href="/rvs/">' in response.text


def test_it_explains_a_csrf_failure_in_the_visitors_language(db) -> None:
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/login/", {"username": "PGD961", "password": "x"}, **JA)
    assert response.status_code == 403
    assert "もう一度送信してください" in response.text
    assert _is_candidate_page(response.text)
    english = browser.post("/rvs/login/", {"username": "a@example.org", "password": "x"})
    assert "Please send it again" in english.text
    assert 'class="area-organisation"' in english.text


@pytest.mark.urls(__name__)
def test_it_shows_its_own_500_without_the_database(settings) -> None:
    # No `db` fixture: any query while rendering the page would fail the test.
    settings.BOARD_SUPPORT_EMAIL = "help@board.example.org"
    browser = Client(raise_request_exception=False)
    response = browser.get("/broken/", **JA)
    assert response.status_code == 500
    assert "システムでエラーが発生しました" in response.text
    assert "リザルトブリッジ試験機構" in response.text  # the site's header
    assert 'href="mailto:help@board.example.org"' in response.text
    assert '<a class="button" href="/">' in response.text
    assert "language-switcher" not in response.text  # its form would need a CSRF token
    assert "Something went wrong on our side" in browser.get("/broken/").text


@pytest.mark.urls(__name__)
def test_it_still_answers_a_500_when_the_page_itself_cannot_be_made(settings, tmp_path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "never-collected"  # no manifest: {% static %} fails
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "<h1>Server error (500)</h1>" in response.text
