from django.core import mail
from django.urls import reverse

from organisations.models import Membership, Role, Status
from tests.factories import PASSWORD, link_in_last_email, make_account

URL = reverse("organisations:join")


def join_form(account, **overrides: str) -> dict[str, str]:
    data = {
        "contact_name": "Ken Sato",
        "email": "ken@waseda.example.jp",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "ja",
        "account": str(account.uuid),
        "q": "waseda",
    }
    data.update(overrides)
    return data


def test_it_finds_open_accounts_only(client, rvs_admin, rvs_account) -> None:
    page = client.get(URL, {"q": "早稲田"})
    assert "Admissions Office" in page.text


def test_it_a_colleague_joins_and_an_administrator_approves(
    client, rvs_admin, rvs_account, run_worker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, join_form(rvs_account))
    run_worker()
    joiner = Membership.objects.get(user__email="ken@waseda.example.jp")
    assert joiner.status == Status.PENDING and joiner.role == Role.MEMBER
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_in_last_email("/rvs/confirm/", to="ken@waseda.example.jp"))
    run_worker()
    assert mail.outbox[-1].to == ["admin@waseda.example.jp"]
    assert "Ken Sato" in mail.outbox[-1].subject

    client.force_login(rvs_admin)
    users = client.get(reverse("organisations:users"))
    assert "ken@waseda.example.jp" in users.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organisations:change_member", args=[joiner.pk]), {"action": "approve"})
    run_worker()
    joiner.refresh_from_db()
    assert joiner.status == Status.APPROVED
    assert mail.outbox[-1].to == ["ken@waseda.example.jp"]


def test_it_a_joiner_waits_until_approved(client, pending_user) -> None:
    client.force_login(pending_user)
    response = client.get(reverse("organisations:settings"))
    assert response.status_code == 403
    assert "Waiting for approval" in response.text


def test_it_refuses_an_account_that_is_not_open(client, db) -> None:

    closed = make_account("Tohoku University", "Admissions", city="Sendai")
    response = client.post(URL, join_form(closed))
    assert response.status_code == 400
    assert not Membership.objects.exists()


def test_it_a_taken_address_gets_the_same_answer_and_its_owner_an_email(
    client, rvs_admin, rvs_account, rvs_outsider, run_worker, django_capture_on_commit_callbacks
) -> None:
    """Old code answered "This email address already has an account" (an oracle)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, join_form(rvs_account, email="admin@keio.example.jp"), follow=True
        )
    assert response.status_code == 200
    assert "Check your email" in response.text
    assert "already has an account" not in response.text
    assert not Membership.objects.filter(user=rvs_outsider, account=rvs_account).exists()
    run_worker()
    assert [m.to for m in mail.outbox] == [["admin@keio.example.jp"]]
    assert "/rvs/password/forgot/" in mail.outbox[0].body
