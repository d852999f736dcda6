from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, link_in_last_email


def test_it_shows_the_candidates_details(client, owner) -> None:
    client.force_login(owner.user)
    response = client.get(reverse("candidates:details"))
    assert "PGD961" in response.text
    assert "one@example.org" in response.text


def test_it_focuses_no_field_so_a_phone_opens_it_at_the_top(client, owner) -> None:
    client.force_login(owner.user)
    assert "autofocus" not in client.get(reverse("candidates:details")).text


def change_email(client, email: str, password: str = PASSWORD):
    return client.post(
        reverse("candidates:change_email"), {"email": email, "current_password": password}
    )


def test_it_changes_the_email_only_after_confirmation(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(client, "new@example.org")
    owner.user.refresh_from_db()
    assert owner.user.email == "one@example.org"
    assert owner.user.pending_email == "new@example.org"
    assert "new@example.org" in client.get(reverse("candidates:details")).text
    run_worker()
    client.get(link_in_last_email("/confirm-email/", to="new@example.org"))
    owner.user.refresh_from_db()
    assert owner.user.email == "new@example.org"
    assert owner.user.pending_email == ""
    assert owner.user.has_confirmed_email


def test_it_asks_for_the_current_password(client, owner) -> None:
    """A borrowed session (a shared computer, a stolen cookie) cannot move the account."""
    client.force_login(owner.user)
    response = change_email(client, "thief@example.net", password="not the password")
    assert response.status_code == 400
    assert "The password is not right." in response.text
    owner.user.refresh_from_db()
    assert owner.user.pending_email == ""
    assert mail.outbox == []


def test_it_tells_the_old_address_in_the_users_language(
    client, outsider, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider.user)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(client, "thief@example.net")
    run_worker()
    (notice,) = [m for m in mail.outbox if m.to == ["hanako@example.org"]]
    assert "thief@example.net" in notice.body
    assert "/email/undo/" in notice.body
    assert 'lang="ja"' in notice.alternatives[0].content  # Hanako reads Japanese


def test_it_lets_the_old_address_undo_a_change_and_the_owner_choose_a_new_password(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    """Someone who knew the password moved the account to their address and confirmed it:
    the link in the old mailbox takes it back and leads to a new password."""
    thief = Client()
    thief.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(thief, "thief@example.net")
    run_worker()
    thief.get(link_in_last_email("/confirm-email/", to="thief@example.net"))
    owner.user.refresh_from_db()
    assert owner.user.email == "thief@example.net"

    undo = link_in_last_email("/email/undo/", to="one@example.org")
    assert "Keep my email address" in client.get(undo).text
    response = client.post(undo)
    assert "/password/reset/" in response.url
    owner.user.refresh_from_db()
    assert owner.user.email == "one@example.org" and owner.user.has_confirmed_email
    assert not owner.user.has_usable_password()
    assert thief.get(reverse("candidates:details")).status_code == 302  # signed out
    page = client.get(response.url, follow=True)
    assert "new_password1" in page.text
    assert client.post(undo).status_code == 400  # once only


def test_it_cancels_a_pending_change_when_it_is_undone(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        change_email(client, "thief@example.net")
    run_worker()
    confirm = link_in_last_email("/confirm-email/", to="thief@example.net")
    client.post(link_in_last_email("/email/undo/", to="one@example.org"))
    owner.user.refresh_from_db()
    assert owner.user.pending_email == "" and owner.user.email == "one@example.org"
    assert client.get(confirm).status_code == 400
    owner.user.refresh_from_db()
    assert owner.user.email == "one@example.org"


def test_it_emails_to_new_addresses_are_rationed(client, owner, settings) -> None:
    settings.EMAILS_PER_RECIPIENT = 2
    client.force_login(owner.user)
    assert change_email(client, "new@example.org").status_code == 302
    assert change_email(client, "new@example.org").status_code == 302
    response = change_email(client, "new@example.org")
    assert response.status_code == 400
    assert "Please try again later." in response.text


def test_it_changes_the_password(client, owner) -> None:
    client.force_login(owner.user)
    new = "another long passphrase 9"
    response = client.post(
        reverse("candidates:change_password"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    owner.user.refresh_from_db()
    assert owner.user.check_password(new)


def test_it_refuses_a_wrong_old_password(client, owner) -> None:
    client.force_login(owner.user)
    response = client.post(
        reverse("candidates:change_password"),
        {"old_password": "nope", "new_password1": "x" * 20, "new_password2": "x" * 20},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    owner.user.refresh_from_db()
    assert owner.user.check_password(PASSWORD)


def test_it_saves_the_language_and_uses_it(client, owner) -> None:
    client.force_login(owner.user)
    client.post(reverse("candidates:change_language"), {"language": "ja"})
    owner.user.refresh_from_db()
    assert owner.user.language == "ja"
    page = client.get(reverse("candidates:details"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.headers["Content-Language"] == "ja"
    assert 'lang="ja"' in page.text


def test_it_saves_the_language_a_signed_in_user_switches_to(client, owner) -> None:
    client.force_login(owner.user)
    client.post(reverse("set_language"), {"language": "ja", "next": "/home/"})
    owner.user.refresh_from_db()
    assert owner.user.language == "ja"


def test_it_switches_the_language_for_visitors(client, db) -> None:
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    response = client.get(reverse("candidates:welcome"))
    assert response.headers["Content-Language"] == "ja"


def test_it_keeps_a_borrowed_session_from_guessing_the_password(client, owner) -> None:
    """Four wrong current passwords (email or password change) and the right one is refused
    too, for the lockout's 30 minutes: the form is no oracle for the password."""
    client.force_login(owner.user)
    for guess in ["a", "b"]:
        change_email(client, "thief@example.net", password=guess)
    for guess in ["c", "d"]:
        client.post(
            reverse("candidates:change_password"),
            {"old_password": guess, "new_password1": "x" * 20, "new_password2": "x" * 20},
        )
    response = change_email(client, "thief@example.net", password=PASSWORD)
    assert "Too many wrong passwords" in response.text
    owner.user.refresh_from_db()
    assert owner.user.pending_email == ""
