"""What every visitor's browser and every search engine gets besides the page itself:
a description, robots.txt, the favicon, compression and the Permissions-Policy header."""

import gzip
import re
import urllib.robotparser

import pytest

PUBLIC_PAGES = ["/", "/register/", "/login/", "/exams/", "/help/", "/rvs/"]
JA = {"HTTP_ACCEPT_LANGUAGE": "ja"}


def _description(page: str) -> str:
    [description] = re.findall(r'<meta name="description" content="([^"]+)">', page)
    return description


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_it_describes_each_public_page_in_the_visitors_language(client, db, path) -> None:
    english = _description(client.get(path).text)
    japanese = _description(client.get(path, **JA).text)
    assert len(english) > 50 and re.search(r"[\u3040-\u30ff]", japanese)


def test_it_describes_the_verification_service_as_such(client, db) -> None:
    assert "Results Verification Service" in _description(client.get("/rvs/").text)


def test_it_lets_robots_index_public_pages_only(client, db) -> None:
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(response.text.splitlines())
    for path in PUBLIC_PAGES:
        assert robots.can_fetch("*", path), path
    personal = ["/home/", "/details/", "/shares/", "/results/1f0e/", "/invitations/1f0e/"]
    personal += ["/rvs/inbox/", "/rvs/verify/", "/rvs/users/", "/admin/", "/confirm-email/x/"]
    for path in personal:
        assert not robots.can_fetch("*", path), path


def test_it_answers_favicon_ico_with_the_sites_icon(client, db) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/favicon.svg"
    assert "private" not in response["Cache-Control"]
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").text


def test_it_compresses_pages_for_browsers_that_accept_it(client, db) -> None:
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Welcome to the Results Service" in gzip.decompress(response.content).decode()


def test_it_allows_no_powerful_browser_feature(client, db) -> None:
    policy = client.get("/")["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
