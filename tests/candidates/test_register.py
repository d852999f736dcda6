import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from candidates.models import RegistrationAttempt
from exams.models import Candidate
from tests.conftest import PASSWORD, make_candidate

URL = reverse("candidates:register")


def form(**overrides: str) -> dict[str, str]:
    data = {
        "candidate_id": "pgd961",
        "secret_number": "1234",
        "email": "one@example.org",
        "email_again": "one@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "ja",
    }
    data.update(overrides)
    return data


@pytest.fixture
def unregistered(pet_session) -> Candidate:
    return make_candidate(pet_session, "PGD961", secret="1234", score=85)


def test_it_shows_the_form(client, db) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert "Secret Number" in response.text
    assert "Confirmation of Entry" in response.text


def test_it_registers_logs_in_and_emails_a_confirmation_link(
    client, unregistered, run_worker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form())
    assert response.status_code == 302
    assert response.url == reverse("candidates:home")
    user = User.objects.get(username="PGD961")
    assert user.language == "ja"
    assert user.email_confirmed_at is None
    assert user.check_password(PASSWORD)
    unregistered.refresh_from_db()
    assert unregistered.user == user

    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["one@example.org"]
    assert "メールアドレス" in message.subject  # in the language the candidate chose
    link = next(w for w in message.body.split() if "/confirm-email/" in w)
    client.logout()
    confirmed = client.get(link.replace("http://testserver", ""))
    assert confirmed.status_code == 200
    user.refresh_from_db()
    assert user.has_confirmed_email


def test_it_gives_one_message_for_a_wrong_id_or_secret(client, unregistered) -> None:
    wrong_secret = client.post(URL, form(secret_number="9999"))
    wrong_id = client.post(URL, form(candidate_id="NOPE00"))
    message = "The ID Number and Secret Number do not match our records"
    assert message in wrong_secret.text
    assert message in wrong_id.text
    assert not User.objects.exists()


def test_it_tells_a_registered_id_to_log_in_or_reset(client, owner) -> None:
    response = client.post(URL, form(email="other@example.org", email_again="other@example.org"))
    assert response.status_code == 409
    assert "already registered" in response.text
    assert reverse("candidates:forgot_password") in response.text
    assert User.objects.get(username="PGD961").email == "one@example.org"


def test_it_rejects_different_emails_and_weak_passwords(client, unregistered) -> None:
    response = client.post(URL, form(email_again="typo@example.org"))
    assert "The two email addresses are different." in response.text
    response = client.post(URL, form(password1="12345678", password2="12345678"))
    assert "entirely numeric" in response.text
    assert not User.objects.exists()


def test_it_locks_registration_of_an_id_after_repeated_wrong_secrets(
    client, unregistered, settings
) -> None:
    for guess in range(settings.REGISTRATION_FAILURES_PER_ID):
        client.post(URL, form(secret_number=f"{guess:04d}"))
    # The right Secret Number does not help while the ID Number is locked.
    response = client.post(URL, form())
    assert "Too many wrong attempts" in response.text
    assert not User.objects.exists()


def test_it_opens_again_after_the_lockout(client, unregistered, settings) -> None:
    old = timezone.now() - dt.timedelta(minutes=settings.REGISTRATION_LOCKOUT_MINUTES + 1)
    for _ in range(settings.REGISTRATION_FAILURES_PER_ID):
        RegistrationAttempt.objects.create(
            candidate_id="PGD961", ip_address="127.0.0.1", created_at=old
        )
    response = client.post(URL, form())
    assert response.status_code == 302
    assert User.objects.filter(username="PGD961").exists()


def test_it_limits_one_address_trying_many_id_numbers(client, unregistered, settings) -> None:
    settings.REGISTRATION_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        client.post(URL, form(candidate_id=f"OTHER{n}", secret_number="0000"))
    response = client.post(URL, form())
    assert "Too many wrong attempts" in response.text
    assert not User.objects.exists()


def test_it_limits_failures_in_total_across_addresses(client, unregistered, settings) -> None:
    settings.REGISTRATION_FAILURES_TOTAL = 10
    RegistrationAttempt.objects.bulk_create(
        RegistrationAttempt(candidate_id=f"ID{n}", ip_address=f"10.0.0.{n}") for n in range(10)
    )
    response = client.post(URL, form())
    assert "Too many wrong attempts" in response.text
    assert not User.objects.exists()


def test_it_greets_a_japanese_name_family_name_first(
    client, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    make_candidate(pet_session, "JPN2026", secret="4821", family="佐藤", given="結衣")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form(candidate_id="JPN2026", secret_number="4821"))
    run_worker()
    assert mail.outbox[0].body.startswith("佐藤 結衣 様")
    assert "佐藤 結衣" in client.get(reverse("candidates:home")).text
