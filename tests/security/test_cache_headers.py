"""Pages with personal data are never cached; the public pages still may be."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from exams.models import Candidate
from sharing.models import Share


def _private(response) -> bool:  # noqa: ANN001
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_it_keeps_the_candidates_pages_out_of_caches(
    client: Client, owner: Candidate, inbox_share: Share
) -> None:
    client.force_login(owner.user)
    result = inbox_share.result
    for url in [
        reverse("candidates:home"),
        reverse("candidates:result", args=[result.uuid]),
        reverse("candidates:details"),
        reverse("sharing:shares"),
        reverse("sharing:send", args=[result.uuid]),
        reverse("statements:download", args=[result.uuid]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _private(response), url


def test_it_keeps_the_whole_verification_service_out_of_caches(
    client: Client, rvs_admin: User, inbox_share: Share
) -> None:
    for url in [reverse("organisations:landing"), reverse("organisations:login")]:
        assert _private(client.get(url)), url
    client.force_login(rvs_admin)
    for url in [
        reverse("organisations:inbox"),
        reverse("organisations:share", args=[inbox_share.uuid]),
        reverse("organisations:export"),
        reverse("organisations:users"),
        reverse("organisations:verify"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _private(response), url


def test_it_keeps_the_admin_out_of_caches(client: Client, staff: User) -> None:
    client.force_login(staff)
    response = client.get(reverse("admin:exams_candidate_changelist"))
    assert response.status_code == 200
    assert _private(response)


@pytest.mark.parametrize("name", ["candidates:welcome", "candidates:exams", "candidates:help"])
def test_it_lets_public_pages_be_cached(client: Client, name: str, catalogue: None) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_it_keeps_public_pages_private_for_a_signed_in_user(
    client: Client, owner: Candidate
) -> None:
    # The header shows their name on every page.
    client.force_login(owner.user)
    assert _private(client.get(reverse("candidates:exams")))


def test_it_keeps_a_page_private_unless_it_is_listed_as_public(client: Client, db: None) -> None:
    assert _private(client.get(reverse("candidates:register")))
    assert _private(client.get("/no-such-page/"))
