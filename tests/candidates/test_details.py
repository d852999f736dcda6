from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD


def test_it_shows_the_candidates_details(client, owner) -> None:
    client.force_login(owner.user)
    response = client.get(reverse("candidates:details"))
    assert "PGD961" in response.text
    assert "one@example.org" in response.text


def test_it_changes_the_email_only_after_confirmation(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("candidates:change_email"), {"email": "new@example.org"})
    owner.user.refresh_from_db()
    assert owner.user.email == "one@example.org"
    run_worker()
    assert mail.outbox[0].to == ["new@example.org"]
    link = next(w for w in mail.outbox[0].body.split() if "/confirm-email/" in w)
    client.get(link.replace("http://testserver", ""))
    owner.user.refresh_from_db()
    assert owner.user.email == "new@example.org"
    assert owner.user.has_confirmed_email


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


def test_the_switcher_saves_the_language_of_a_signed_in_user(client, owner) -> None:
    client.force_login(owner.user)
    client.post(reverse("set_language"), {"language": "ja", "next": "/home/"})
    owner.user.refresh_from_db()
    assert owner.user.language == "ja"


def test_the_switcher_works_for_visitors(client, db) -> None:
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    response = client.get(reverse("candidates:welcome"))
    assert response.headers["Content-Language"] == "ja"
