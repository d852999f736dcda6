"""The link that confirms a candidate's email address: once, and only for the address
still waiting on the account (issue 8, section 3)."""

import datetime as dt

from django.urls import reverse

from accounts.tokens import make_email_token
from candidates.emails import start_email_change
from exams.api import release_session
from tests.factories import PASSWORD, make_candidate, register


def confirm_url(user) -> str:
    return reverse("candidates:confirm_email", args=[make_email_token(user, "candidate")])


def ask_for(user, email: str) -> str:
    """Asks to change to `email` (as the details page does); the link it emails."""
    user.refresh_from_db()
    start_email_change(user, email)
    return confirm_url(user)


def test_it_confirms_the_pending_address(client, owner) -> None:
    link = ask_for(owner.user, "new@example.org")
    response = client.get(link)
    assert "Your email address is confirmed" in response.text
    owner.user.refresh_from_db()
    assert owner.user.email == "new@example.org" and owner.user.pending_email == ""


def test_it_accepts_a_link_only_once(client, owner) -> None:
    """Old code: the link re-applied its address every time it was opened. Here a thief's
    address, confirmed once and then replaced by the owner, cannot be brought back."""
    thief_link = ask_for(owner.user, "thief@example.net")
    client.get(thief_link)
    own_link = ask_for(owner.user, "one@example.org")
    client.get(own_link)
    response = client.get(thief_link)
    assert response.status_code == 400
    assert "This link does not work" in response.text
    owner.user.refresh_from_db()
    assert owner.user.email == "one@example.org"


def test_it_voids_earlier_links_after_a_later_change(client, owner) -> None:
    first = ask_for(owner.user, "first@example.org")
    second = ask_for(owner.user, "second@example.org")
    assert client.get(first).status_code == 400
    owner.user.refresh_from_db()
    assert owner.user.email == "one@example.org"
    assert client.get(second).status_code == 200
    owner.user.refresh_from_db()
    assert owner.user.email == "second@example.org"


def test_it_refuses_to_confirm_a_cancelled_change(client, owner) -> None:
    """Asking for the current address again cancels a pending change."""
    link = ask_for(owner.user, "thief@example.net")
    ask_for(owner.user, "one@example.org")
    assert client.get(link).status_code == 400
    owner.user.refresh_from_db()
    assert owner.user.email == "one@example.org"


def test_it_confirms_once_with_the_link_from_registration(client, pet_session) -> None:

    user = register(make_candidate(pet_session, "NEW001"), email="a@example.org", confirmed=False)
    link = confirm_url(user)
    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert user.has_confirmed_email
    assert client.get(link).status_code == 400


def test_it_refuses_a_tampered_or_foreign_link(client, owner, outsider) -> None:
    link = ask_for(owner.user, "new@example.org")
    assert client.get(link[:-3] + "xyz/").status_code == 400
    # A link made for the organisations' portal is no good here.
    start_email_change(outsider.user, "other@example.org")
    rvs = make_email_token(outsider.user, "organisation")
    assert client.get(reverse("candidates:confirm_email", args=[rvs])).status_code == 400
    assert PASSWORD  # the fixtures' users keep their password throughout


def test_it_links_to_results_already_released(client, owner, pet_session) -> None:
    release_session(pet_session)
    response = client.get(ask_for(owner.user, "new@example.org"))
    result = owner.entries.get().result
    assert "Your results are ready:" in response.text
    link = reverse("candidates:result", args=[result.uuid])
    assert f'href="{link}">Preliminary English Test' in response.text
    assert "no release date yet" not in response.text
    assert "We expect to release" not in response.text


def test_it_says_when_results_not_released_yet_will_come(client, owner, pet_session) -> None:
    pet_session.release_at = dt.datetime(2026, 7, 1, 1, 0, tzinfo=dt.UTC)  # 10:00 in Japan
    pet_session.save()
    response = client.get(ask_for(owner.user, "new@example.org"))
    assert "Your results are ready" not in response.text
    assert (
        "We expect to release your Preliminary English Test results on 1 Jul 2026, 10:00 JST "
        "and will email new@example.org then." in response.text
    )
