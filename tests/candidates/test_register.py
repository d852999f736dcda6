"""Registration: ID Number + Secret Number, and the date of birth when guessing is going on."""

import datetime as dt
import hashlib
import hmac
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from exams.models import Candidate
from limits.models import Counter
from tests.factories import PASSWORD, make_candidate

URL = reverse("candidates:register")
NO_MATCH = "The ID Number and Secret Number do not match our records"
NO_MATCH_WITH_DOB = "The ID Number, Secret Number and date of birth do not match our records"
ASKS_DOB = "please also enter your date of birth"
PAUSED = "Too many wrong Secret Numbers have been typed from your network"


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


def post(client, address: str = "127.0.0.1", **overrides: str):
    return client.post(URL, form(**overrides), REMOTE_ADDR=address)


def page(response) -> str:
    """The page without its per-request CSRF token and the Secret Number typed (sent back
    into its own field), to compare the answers to two attempts."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)
    return re.sub(r'(name="secret_number") value="[^"]*"', r"\1", text)


def registered() -> bool:
    return User.objects.filter(username="PGD961").exists()


@pytest.fixture
def unregistered(pet_session) -> Candidate:
    """PGD961, secret 1234, born 2008-04-02, not registered yet."""
    return make_candidate(pet_session, "PGD961", secret="1234", score=85)


def test_it_shows_the_form(client, db) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert "Secret Number" in response.text
    assert "Confirmation of Entry" in response.text
    assert 'name="date_of_birth"' not in response.text  # only when it is needed


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
    assert NO_MATCH in wrong_secret.text
    assert NO_MATCH in wrong_id.text
    assert not User.objects.exists()


def test_it_tells_a_registered_id_to_log_in_or_reset(client, owner) -> None:
    response = client.post(URL, form(email="other@example.org", email_again="other@example.org"))
    assert response.status_code == 409
    assert "already registered" in response.text
    assert reverse("candidates:forgot_password") in response.text
    assert User.objects.get(username="PGD961").email == "one@example.org"


def test_it_answers_a_registered_id_the_same_whatever_secret_without_counting_it(
    client, owner, settings
) -> None:
    # Today "already registered" appears only with the right secret: an oracle for it.
    right, wrong = post(client), post(client, secret_number="0000")
    assert right.status_code == wrong.status_code == 409
    assert page(right) == page(wrong)
    assert not Counter.objects.exists()  # neither checked nor counted
    for _ in range(settings.DOB_AFTER_WRONG_SECRETS_PER_ID + 1):
        assert post(client, secret_number="0000").status_code == 409


def test_it_rejects_different_emails_and_weak_passwords(client, unregistered) -> None:
    response = client.post(URL, form(email_again="typo@example.org"))
    assert "The two email addresses are different." in response.text
    response = client.post(URL, form(password1="12345678", password2="12345678"))
    assert "entirely numeric" in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize("weak", ["12345678", "pgd961pg"])
def test_it_refuses_a_weak_password_the_same_whatever_secret(client, unregistered, weak) -> None:
    # Today the password is checked only once the secret is right: an oracle for it.
    right = post(client, password1=weak, password2=weak)
    wrong = post(client, password1=weak, password2=weak, secret_number="0000")
    assert right.status_code == wrong.status_code == 200
    assert page(right) == page(wrong)
    assert NO_MATCH not in right.text
    assert not Counter.objects.exists()  # the secret was not even looked at
    assert not User.objects.exists()


def test_it_asks_the_date_of_birth_after_wrong_secrets_for_an_id(
    client, unregistered, settings
) -> None:
    for guess in range(settings.DOB_AFTER_WRONG_SECRETS_PER_ID):
        assert NO_MATCH in post(client, secret_number=f"{guess:04d}").text
    # Not refused: asked for the date of birth on the Confirmation of Entry.
    asked = post(client)
    assert ASKS_DOB in asked.text and 'name="date_of_birth"' in asked.text
    assert "Many wrong Secret Numbers have been typed recently" in asked.text
    assert NO_MATCH not in asked.text
    assert not registered()
    assert post(client, date_of_birth="2008-04-02").status_code == 302
    assert registered()


def test_it_lets_the_real_candidate_register_while_many_addresses_guess_their_secret(
    client, unregistered, settings
) -> None:
    for n in range(40):
        post(client, f"10.0.{n}.1", secret_number=f"{n:04d}", date_of_birth="2008-01-01")
    assert ASKS_DOB in post(client, "192.0.2.7").text
    assert post(client, "192.0.2.7", date_of_birth="2008-04-02").status_code == 302
    assert registered()


def test_it_asks_everyone_for_the_date_of_birth_after_the_service_wide_threshold(
    client, unregistered, settings
) -> None:
    settings.REGISTRATION_DOB_AFTER_WRONG_TOTAL = 5
    for n in range(5):  # a spray: one guess at each of many ID Numbers, many addresses
        post(client, f"10.0.0.{n}", candidate_id=f"SPR{n:03d}", secret_number="0000")
    assert 'name="date_of_birth"' in client.get(URL, REMOTE_ADDR="192.0.2.7").text
    refused = post(client, "192.0.2.7")
    assert ASKS_DOB in refused.text and not registered()
    assert post(client, "192.0.2.7", date_of_birth="2008-04-02").status_code == 302


def test_it_counts_a_wrong_date_of_birth_as_a_wrong_attempt(client, unregistered, settings) -> None:
    settings.DOB_AFTER_WRONG_SECRETS_PER_ID = 1
    settings.REGISTRATION_PAUSE_AFTER_WRONG_PER_ADDRESS = 2
    post(client, secret_number="0000")
    wrong_date = post(client, date_of_birth="2008-04-03")
    assert NO_MATCH_WITH_DOB in wrong_date.text
    # That was the address's second wrong attempt: it is now paused, nobody else is.
    assert PAUSED in post(client, date_of_birth="2008-04-02").text
    assert post(client, "192.0.2.7", date_of_birth="2008-04-02").status_code == 302


def test_it_pauses_only_the_address_that_keeps_failing(client, unregistered, settings) -> None:
    settings.REGISTRATION_PAUSE_AFTER_WRONG_PER_ADDRESS = 3
    for n in range(3):
        post(client, "10.0.0.1", candidate_id=f"OTHER{n}", secret_number="0000")
    paused = post(client, "10.0.0.1")
    assert PAUSED in paused.text and not registered()
    response = post(client, "10.0.0.2")
    assert response.status_code == 302  # from another address, not even a date of birth


def test_it_stops_asking_the_date_of_birth_after_the_window(client, unregistered, settings) -> None:
    for _ in range(settings.DOB_AFTER_WRONG_SECRETS_PER_ID):
        post(client, secret_number="0000")
    assert ASKS_DOB in post(client).text
    past = timezone.now() - dt.timedelta(minutes=settings.SECRET_GUESS_WINDOW_MINUTES + 1)
    Counter.objects.update(window_start=past, blocked_until=past)
    assert post(client).status_code == 302


@pytest.mark.parametrize(
    "typed", ["2008-04-02", "2008/04/02", "２００８/０４/０２", "2008年4月2日"]
)
def test_it_takes_the_date_of_birth_as_people_type_it(
    client, unregistered, settings, typed
) -> None:
    settings.DOB_AFTER_WRONG_SECRETS_PER_ID = 1
    post(client, secret_number="0000")
    assert post(client, date_of_birth=typed).status_code == 302


def test_it_takes_full_width_id_and_secret_and_never_counts_them(
    client, pet_session, settings
) -> None:
    settings.DOB_AFTER_WRONG_SECRETS_PER_ID = 1
    make_candidate(pet_session, "JPN2026", secret="4821")
    response = post(client, candidate_id=" ＪＰＮ２０２６ ", secret_number="４８２１")
    assert response.status_code == 302
    assert User.objects.filter(username="JPN2026").exists()
    assert not Counter.objects.exists()


def test_it_still_matches_a_secret_hashed_before_normalisation(
    client, unregistered, settings
) -> None:
    # Hashes stored before NFKC was added: an ASCII secret hashes the same as it did.
    key = settings.SECRET_NUMBER_KEY.encode()
    old_hash = hmac.new(key, b"1234", hashlib.sha256).hexdigest()
    Candidate.objects.filter(pk=unregistered.pk).update(secret_number_hash=old_hash)
    assert post(client, secret_number="１２３４").status_code == 302


@pytest.mark.parametrize("typed", ["ß" * 32, "ﬃ" * 32, "ｱ" * 33])
def test_it_refuses_an_id_number_too_long_once_normalised(client, db, typed) -> None:
    # `ß` is `SS` once upper-cased: today 32 of them reach the database and fail there.
    response = post(client, candidate_id=typed)
    assert response.status_code == 200
    assert "An ID Number has at most 32 characters." in response.text
    assert not Counter.objects.exists()


def test_it_greets_a_japanese_name_family_name_first(
    client, pet_session, run_worker, django_capture_on_commit_callbacks
) -> None:
    make_candidate(pet_session, "JPN2026", secret="4821", family="佐藤", given="結衣")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form(candidate_id="JPN2026", secret_number="4821"))
    run_worker()
    assert mail.outbox[0].body.startswith("佐藤 結衣 様")
    assert "佐藤 結衣" in client.get(reverse("candidates:home")).text


def test_it_knows_the_browser_that_registered_the_account(client, unregistered) -> None:
    """It counts its own wrong passwords: a stranger locking the ID does not lock it."""
    client.post(URL, form())
    client.post(reverse("candidates:logout"))
    stranger = Client()
    for _ in range(4):
        stranger.post(reverse("candidates:login"), {"username": "PGD961", "password": "x"})
    login = {"username": "PGD961", "password": PASSWORD}
    assert stranger.post(reverse("candidates:login"), login).status_code == 429
    assert client.post(reverse("candidates:login"), login).status_code == 302


def via(client, proxy: str, forwarded: str, **overrides: str):
    return client.post(URL, form(**overrides), REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded)


def test_it_behind_a_declared_proxy_one_guesser_does_not_pause_the_others(
    client, unregistered, settings
) -> None:
    """The README's TLS proxy: every request comes from 10.0.0.5. Counting that address
    would pause registration for every candidate; the client's own address is counted."""
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    settings.REGISTRATION_PAUSE_AFTER_WRONG_PER_ADDRESS = 3
    for n in range(3):
        via(client, "10.0.0.5", "198.51.100.66", candidate_id=f"OTHER{n}", secret_number="0")
    assert PAUSED in via(client, "10.0.0.5", "198.51.100.66").text
    assert via(client, "10.0.0.5", "203.0.113.7").status_code == 302


def test_it_without_a_declared_proxy_a_spoofed_header_escapes_nothing(
    client, unregistered, settings
) -> None:
    settings.REGISTRATION_PAUSE_AFTER_WRONG_PER_ADDRESS = 3
    for n in range(3):
        via(client, "198.51.100.66", f"192.0.2.{n}", candidate_id=f"OTHER{n}", secret_number="0")
    assert PAUSED in via(client, "198.51.100.66", "192.0.2.99").text
    assert not registered()


def test_it_shows_one_notice_after_registering_then_the_reminder(client, unregistered) -> None:
    response = client.post(URL, form(language="en"), follow=True)
    notices = re.findall(r'class="notice[ "]', response.text)
    assert len(notices) == 1, notices
    assert "Your account is ready. We have sent a link to one@example.org" in response.text
    assert "Please confirm your email address" not in response.text
    assert "Please confirm your email address" in client.get(reverse("candidates:home")).text
