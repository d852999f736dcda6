from django.core import mail
from django.urls import reverse

from organisations.access import SESSION_KEY
from organisations.models import Membership, Role
from tests.factories import PASSWORD, link_in_last_email, make_rvs_user

URL = reverse("organisations:login")


def login(client, password: str, email: str = "admin@waseda.example.jp"):
    return client.post(URL, {"username": email, "password": password})


def test_it_logs_in_with_email_and_password(client, rvs_admin) -> None:
    response = login(client, PASSWORD, email="ADMIN@waseda.example.jp")
    assert response.status_code == 302
    assert response.url == reverse("organisations:inbox")


def test_it_the_fourth_wrong_password_locks_the_account(client, rvs_admin) -> None:
    for _ in range(3):
        assert login(client, "wrong").status_code == 200
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert "Your account is locked" in locked.text
    assert "Log in to the Results Verification Service" in locked.text
    assert login(client, PASSWORD).status_code == 429


def test_it_an_organisation_user_unlocks_from_the_verification_service(
    client, rvs_admin, run_worker, django_capture_on_commit_callbacks
) -> None:
    url = reverse("organisations:login")
    for _ in range(4):
        client.post(url, {"username": "admin@waseda.example.jp", "password": "wrong"})
    locked = client.post(url, {"username": "admin@waseda.example.jp", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Email me a link to unlock" in locked.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organisations:unlock_request"), {"username": "admin@waseda.example.jp"}
        )
    run_worker()
    link = link_in_last_email("/rvs/unlock/")
    client.post(link)
    right = client.post(url, {"username": "admin@waseda.example.jp", "password": PASSWORD})
    assert right.status_code == 302


def test_it_password_reset_by_email(
    client, rvs_admin, run_worker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organisations:forgot_password"), {"email": "admin@waseda.example.jp"})
        client.post(reverse("organisations:forgot_password"), {"email": "nobody@example.org"})
    run_worker()
    assert [m.to for m in mail.outbox] == [["admin@waseda.example.jp"]]
    page = client.get(link_in_last_email("/rvs/password/reset/"), follow=True)
    new = "a whole new passphrase 5"
    client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert login(client, new).status_code == 302


def test_it_logout_is_a_post(client, rvs_admin) -> None:
    client.force_login(rvs_admin)
    assert client.post(reverse("organisations:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_a_user_of_two_accounts_switches_between_them(client, rvs_admin, other_account) -> None:
    Membership.objects.create(
        user=rvs_admin, account=other_account, role=Role.MEMBER, status="approved"
    )
    client.force_login(rvs_admin)
    page = client.get(reverse("organisations:settings"))
    assert "Keio University" in page.text and "WASEDA University" in page.text
    client.post(
        reverse("organisations:switch"),
        {"account": str(other_account.uuid), "next": reverse("organisations:settings")},
    )
    assert client.session[SESSION_KEY] == str(other_account.uuid)
    page = client.get(reverse("organisations:settings"))
    assert "<dd>Member</dd>" in page.text


def test_it_switching_to_someone_elses_account_does_nothing(
    client, rvs_admin, other_account
) -> None:
    make_rvs_user("x@keio.example.jp", other_account)
    client.force_login(rvs_admin)
    client.post(reverse("organisations:switch"), {"account": str(other_account.uuid)})
    assert SESSION_KEY not in client.session
