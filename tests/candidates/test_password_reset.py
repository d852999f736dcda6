from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

URL = reverse("candidates:forgot_password")
NEW_PASSWORD = "a brand new passphrase 7"


def reset_link(message) -> str:
    link = next(w for w in message.body.split() if "/password/reset/" in w)
    return link.replace("http://testserver", "")


def test_it_emails_a_link_that_sets_a_new_password(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"candidate_id": "pgd961"})
    assert response.status_code == 302
    run_worker()
    assert [m.to for m in mail.outbox] == [["one@example.org"]]
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert "Choose a new password" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    owner.user.refresh_from_db()
    assert owner.user.check_password(NEW_PASSWORD)
    assert not owner.user.check_password(PASSWORD)


def test_it_says_the_same_whether_or_not_the_id_exists(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(URL, {"candidate_id": "PGD961"}, follow=True)
        unknown = client.post(URL, {"candidate_id": "NOSUCH1"}, follow=True)

    def main(response) -> str:
        return response.text.split("<main", 1)[1].split("</main>", 1)[0]

    assert known.redirect_chain == unknown.redirect_chain
    assert main(known) == main(unknown)
    run_worker()
    assert len(mail.outbox) == 1


def test_it_unlocks_a_locked_account(
    client, owner, run_worker, django_capture_on_commit_callbacks
) -> None:
    login = reverse("candidates:login")
    for _ in range(4):
        client.post(login, {"username": "PGD961", "password": "wrong"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"candidate_id": "PGD961"})
    run_worker()
    page = client.get(reset_link(mail.outbox[0]), follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    response = client.post(login, {"username": "PGD961", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_it_rejects_a_tampered_link(client, owner) -> None:
    response = client.get(reverse("candidates:password_reset_confirm", args=["MQ", "bad-token"]))
    assert "This link does not work" in response.text
