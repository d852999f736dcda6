"""The limits on guessing Secret Numbers hold the goal of docs/decisions/0003: a spray of
one guess at each of 100,000 ID Numbers from 1,000 addresses finds fewer than one Secret
Number a day, and nothing an attacker does stops a candidate who has their Confirmation
of Entry."""

import datetime as dt
from unittest import mock

from django.db import transaction
from django.utils import timezone

from limits import api as limits
from limits.models import Counter

DAY_MINUTES = 24 * 60
SPRAY = 100_000  # one guess at each of 100,000 ID Numbers
SECRETS = 10_000  # a Secret Number may have four digits
DATES = 365  # the date of birth, even to someone who knows the year
# Requests in flight together may all pass a threshold before one of them reaches it
# (the check and the count are not one transaction): 4 web machines x 8 workers.
IN_FLIGHT = 32


def guesses_without_date_of_birth(threshold: int, window_minutes: int) -> int:
    """At most, in a day, for one count that asks the date of birth once reached.

    A window starts at the first wrong guess; the guess that reaches the threshold makes
    the date of birth needed for one window from then, during which nothing is counted.
    So each cycle lasts more than a window and lets `threshold` guesses through."""
    cycles = DAY_MINUTES // window_minutes + 1
    return (threshold + IN_FLIGHT) * cycles


def expected_finds_a_day(settings) -> float:
    # The attacker may also hold an organisation account and spray verification.
    window = settings.SECRET_GUESS_WINDOW_MINUTES
    plain = guesses_without_date_of_birth(settings.REGISTRATION_DOB_AFTER_WRONG_TOTAL, window)
    plain += guesses_without_date_of_birth(settings.VERIFY_DOB_AFTER_WRONG_TOTAL, window)
    plain = min(plain, SPRAY)
    return plain / SECRETS + (SPRAY - plain) / (SECRETS * DATES)


def test_it_lets_a_spray_at_100000_id_numbers_find_less_than_one_secret_number_a_day(
    settings,
) -> None:
    assert expected_finds_a_day(settings) < 1


def test_it_lets_through_no_more_guesses_than_the_arithmetic_counts(settings, db) -> None:
    settings.REGISTRATION_DOB_AFTER_WRONG_TOTAL = 4
    start, plain = timezone.now(), 0
    with mock.patch("django.utils.timezone.now") as now:
        for minute in range(0, DAY_MINUTES, 5):  # a burst from ten addresses every 5 min
            now.return_value = start + dt.timedelta(minutes=minute)
            for n in range(10):
                candidate_id, address = (
                    f"SPR{minute:04d}{n}",
                    f"10.{n}.{minute // 256}.{minute % 256}",
                )
                if not limits.registration_needs_date_of_birth(candidate_id, address):
                    limits.registration_failed(candidate_id, address)
                    plain += 1
    window = settings.SECRET_GUESS_WINDOW_MINUTES
    assert plain <= guesses_without_date_of_birth(4, window) - IN_FLIGHT * (
        DAY_MINUTES // window + 1
    )
    assert plain >= 4 * (DAY_MINUTES // window)  # and the count is not needlessly strict


def test_it_never_pauses_a_fresh_address_however_an_id_is_attacked(settings, db) -> None:
    for n in range(200):
        limits.registration_failed("PGD961", f"10.0.{n}.1")
    for n in range(settings.REGISTRATION_PAUSE_AFTER_WRONG_PER_ADDRESS):
        limits.registration_failed(f"SPR{n}", "10.9.9.9")
    # The ID Number and the service ask the date of birth; nobody is refused...
    assert limits.registration_needs_date_of_birth("PGD961", "192.0.2.7")
    assert limits.registration_paused_until("192.0.2.7") is None
    # ...but the address that kept failing is paused, and only it.
    assert limits.registration_paused_until("10.9.9.9") is not None


def test_it_counts_a_tally_like_the_limit_it_batches(settings, db) -> None:
    settings.DOB_AFTER_WRONG_SECRETS_PER_ID = 3
    rule = limits.wrong_secrets_per_id("PGD961")
    for _ in range(2):
        with transaction.atomic():
            tally = limits.Tally([rule])
            tally.hit([rule])
            tally.save()
    with transaction.atomic():
        tally = limits.Tally([rule])
        assert tally.blocked_until([rule]) is None
        tally.hit([rule, rule])  # the third reaches the limit; the fourth is not counted
        assert tally.blocked_until([rule]) is not None
        tally.save()
    counter = Counter.objects.get(name="secret:id")
    assert counter.count == 3 and counter.blocked_until is not None
    assert limits.registration_needs_date_of_birth("PGD961", None)
