"""The one limiter (limits.api.Limit) every rule of the service is built on."""

import datetime as dt

import pytest
from django.utils import timezone

from limits.api import Limit, allow_email
from limits.models import Counter

LIMIT = Limit("test", limit=3, minutes=30)


def age(minutes: int) -> None:
    """Moves every counter `minutes` into the past, as if that much time had gone by."""
    for counter in Counter.objects.all():
        counter.window_start -= dt.timedelta(minutes=minutes)
        if counter.blocked_until:
            counter.blocked_until -= dt.timedelta(minutes=minutes)
        counter.save()


def test_it_blocks_at_the_limit_for_one_window(db) -> None:
    assert LIMIT.hit("a") is None
    assert LIMIT.hit("a") is None
    until = LIMIT.hit("a")
    assert until is not None
    assert dt.timedelta(minutes=29) < until - timezone.now() <= dt.timedelta(minutes=30)
    assert LIMIT.blocked_until("a") == until
    assert LIMIT.blocked_until("b") is None


def test_it_neither_counts_nor_extends_while_blocked(db) -> None:
    for _ in range(3):
        until = LIMIT.hit("a")
    for _ in range(5):
        assert LIMIT.hit("a") == until
    assert Counter.objects.get().count == 3


def test_it_ends_the_block_one_window_after_it_began(db) -> None:
    for _ in range(3):
        LIMIT.hit("a")
    age(31)
    assert LIMIT.blocked_until("a") is None
    assert LIMIT.count("a") == 0
    assert LIMIT.hit("a") is None


def test_it_starts_the_count_again_after_a_quiet_window(db) -> None:
    LIMIT.hit("a")
    LIMIT.hit("a")
    age(31)
    assert LIMIT.hit("a") is None
    assert LIMIT.count("a") == 1


def test_it_stores_no_personal_data(db) -> None:
    LIMIT.hit("PGD961")
    LIMIT.hit("203.0.113.7")
    stored = " ".join(f"{c.key} {c.name} {c.subject}" for c in Counter.objects.all())
    assert "PGD961" not in stored and "203.0.113.7" not in stored


def test_it_forgets_the_key_on_reset(db) -> None:
    for _ in range(3):
        LIMIT.hit("a")
    LIMIT.reset("a")
    assert LIMIT.blocked_until("a") is None


@pytest.mark.parametrize("limit", [1, 2])
def test_it_allow_rations_and_stops_counting_when_used_up(db, limit) -> None:
    ration = Limit("ration", limit=limit, minutes=60)
    assert [ration.allow("x") for _ in range(limit + 2)] == [True] * limit + [False, False]
    assert Counter.objects.get().count == limit


def test_it_emails_are_rationed_per_recipient_and_per_address(db, settings) -> None:
    settings.EMAILS_PER_RECIPIENT, settings.EMAILS_PER_ADDRESS = 2, 3
    assert allow_email("reset", "A@example.org", "198.51.100.1")
    assert allow_email("reset", "a@example.org", "198.51.100.2")
    assert not allow_email("reset", "a@example.org", "198.51.100.3")  # the recipient's ration
    assert allow_email("reset", "b@example.org", "198.51.100.1")
    assert allow_email("invite", "a@example.org", "198.51.100.9")  # another kind of email
