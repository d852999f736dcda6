"""One table for every limit: how many times something happened to one key in a window.

A key is a limit's name and a value (an ID Number, a client address, an email address),
stored hashed: the table holds no personal data and no key is longer than 64 characters.
"""

import hashlib
from datetime import datetime, timedelta

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hashed_key(name: str, value: str) -> str:
    return hashlib.sha256(f"{name}\x00{value}".encode()).hexdigest()


class Counter(models.Model):
    """Events counted for one key since `window_start`; `blocked_until` is set when the
    count reached its limit, and then neither moves until it has passed."""

    key = models.CharField(max_length=64, primary_key=True)
    name = models.CharField(_("limit"), max_length=40, db_index=True)
    # Hash of whom the count is about (a username), so that staff can end every block on
    # one account, the per-browser ones included, without knowing the browsers.
    subject = models.CharField(max_length=64, blank=True, db_index=True)
    count = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("limit counter")
        verbose_name_plural = _("limit counters")

    def __str__(self) -> str:
        return f"{self.name} {self.key[:12]}"

    def is_blocked(self, now: datetime) -> bool:
        return self.blocked_until is not None and self.blocked_until > now

    def is_current(self, now: datetime, window: timedelta) -> bool:
        """False once the window has run out and no block is on: the count starts again."""
        return self.is_blocked(now) or self.window_start + window > now

    def add(self, now: datetime, window: timedelta, limit: int) -> None:
        """One more event. Reaching `limit` blocks the key for one window from now."""
        if self.is_blocked(now):
            return  # a block is neither counted against nor extended
        if not self.is_current(now, window):
            self.count, self.window_start, self.blocked_until = 0, now, None
        self.count += 1
        if self.count >= limit:
            self.blocked_until = now + window

    @classmethod
    def locked(cls, key: str, name: str, subject: str = "") -> "Counter":
        """The row for `key`, locked for update until the surrounding transaction ends."""
        assert transaction.get_connection().in_atomic_block
        now = timezone.now()
        counter, _created = cls.objects.select_for_update().get_or_create(
            key=key, defaults={"name": name, "subject": subject, "window_start": now}
        )
        return counter
