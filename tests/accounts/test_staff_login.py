"""The exam board's /admin/ sign-in: its own lockout page and ways back."""

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

URL = reverse("admin:login")


def login(client, password: str, username: str = "staff"):
    return client.post(URL, {"username": username, "password": password, "next": "/admin/"})


def lock_out(client) -> None:
    for _ in range(4):
        login(client, "wrong")


def test_it_logs_staff_in(client, staff) -> None:
    assert login(client, PASSWORD).status_code == 302


def test_it_gives_a_locked_staff_account_the_admins_own_page(client, staff) -> None:
    lock_out(client)
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "This staff account is locked" in response.text
    assert "manage.py unlock_login" in response.text
    assert "Email me a link to unlock" not in response.text  # not the candidates' page
    assert "ResultBridge: exam board" in response.text


def test_it_lets_another_member_of_staff_unlock_it(client, staff) -> None:
    lock_out(client)
    colleague = User.objects.create_superuser("Colleague", "c@example.org", PASSWORD)
    admin = Client()
    admin.force_login(colleague)
    admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [staff.pk]},
    )
    assert login(client, PASSWORD).status_code == 302


def test_it_unlocks_with_the_command_when_nobody_can_sign_in(client, staff) -> None:
    lock_out(client)
    call_command("unlock_login", "staff", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert login(client, PASSWORD).status_code == 302


def test_it_unlocks_known_browsers_too_with_the_command(client, staff) -> None:
    assert login(client, PASSWORD).status_code == 302
    client.post(reverse("admin:logout"))
    lock_out(client)  # this browser's own count
    call_command("unlock_login", "staff", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert login(client, PASSWORD).status_code == 302
