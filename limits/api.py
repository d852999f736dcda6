"""Every limit the service sets, in one place (docs/decisions/0006).

A `Limit` counts events for a key (an ID Number, a client address, an email address) in
a window that starts at the first event; the event that reaches the limit blocks the key
for one window from then. While blocked, nothing is counted and the block never
stretches, so hammering a blocked key changes nothing. Each public function below is one
rule of the service; the numbers come from settings.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from limits.clientip import client_ip  # noqa: F401  (re-exported for other apps)
from limits.models import Counter, hashed_key


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    minutes: int

    @property
    def window(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    def blocked_until(self, value: str) -> datetime | None:
        """When the block on `value` ends, or None if it is not blocked (counts nothing)."""
        now = timezone.now()
        until = (
            Counter.objects.filter(key=hashed_key(self.name, value), blocked_until__gt=now)
            .values_list("blocked_until", flat=True)
            .first()
        )
        return until

    def count(self, value: str) -> int:
        """Events for `value` in its current window (a block counts as reaching the limit)."""
        counter = Counter.objects.filter(key=hashed_key(self.name, value)).first()
        now = timezone.now()
        if counter is None or not counter.is_current(now, self.window):
            return 0
        return max(counter.count, self.limit) if counter.is_blocked(now) else counter.count

    def hit(self, value: str, subject: str = "") -> datetime | None:
        """Counts one event; returns when the block ends if `value` is blocked now."""
        now = timezone.now()
        with transaction.atomic():
            key = hashed_key(self.name, value)
            counter = Counter.locked(key, self.name, subject and hashed_key("subject", subject))
            counter.add(now, self.window, self.limit)
            counter.save()
        return counter.blocked_until if counter.is_blocked(now) else None

    def allow(self, value: str) -> bool:
        """For things that are rationed rather than failed (emails): True if this one may
        happen, and counts it; False, counting nothing, once the ration is used up."""
        if self.blocked_until(value) is not None:
            return False
        self.hit(value)
        return True

    def reset(self, value: str) -> None:
        Counter.objects.filter(key=hashed_key(self.name, value)).delete()


def _limit(name: str, limit_setting: str, minutes_setting: str) -> Limit:
    return Limit(name, getattr(settings, limit_setting), getattr(settings, minutes_setting))


# --- Sign-in: more than three wrong passwords, then 30 minutes (the guide's rule) ----------


def login_limit(username: str, device: str | None) -> tuple[Limit, str]:
    """Failures from browsers that have signed in to `username` before (a device cookie)
    count on their own, per browser; all other clients share one count per username."""
    limit = _limit("login", "LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES")
    return limit, f"{username}\x00{device or ''}"


def login_blocked_until(username: str, device: str | None) -> datetime | None:
    limit, value = login_limit(username, device)
    return limit.blocked_until(value)


def login_failed(username: str, device: str | None) -> datetime | None:
    limit, value = login_limit(username, device)
    return limit.hit(value, subject=username)


def login_succeeded(username: str, device: str | None) -> None:
    limit, value = login_limit(username, device)
    limit.reset(value)


def unlock_login(usernames: Iterable[str]) -> int:
    """Ends every sign-in block on these usernames, for every browser (staff, unlock links)."""
    subjects = [hashed_key("subject", username) for username in usernames]
    return Counter.objects.filter(name="login", subject__in=subjects).delete()[0]


# --- Emails anyone can trigger: rationed per recipient and per client address ---------------


def allow_email(kind: str, recipient: str, address: str | None) -> bool:
    """Whether one more `kind` email (password reset, unlock link, invitation) may go out.

    Both rations are counted only when both allow it, so a flooded mailbox does not use
    up the sender's ration and the other way round."""
    per_recipient = Limit(f"email:{kind}:to", settings.EMAILS_PER_RECIPIENT, 60)
    per_address = Limit(f"email:{kind}:from", settings.EMAILS_PER_ADDRESS, 60)
    recipient = recipient.strip().lower()
    if per_recipient.blocked_until(recipient) or (
        address and per_address.blocked_until(address)
    ):
        return False
    per_recipient.hit(recipient)
    if address:
        per_address.hit(address)
    return True
