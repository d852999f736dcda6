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

    def look(self, value: str) -> tuple[datetime | None, bool]:
        """One read: when the block on `value` ends (None if not blocked), and whether any
        count is on record for it at all (something a success would have to reset)."""
        row = Counter.objects.filter(key=hashed_key(self.name, value)).values_list(
            "blocked_until", flat=True
        )
        found = list(row[:1])
        if not found:
            return None, False
        until = found[0]
        return (until if until is not None and until > timezone.now() else None), True

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


@dataclass(frozen=True)
class LoginCount:
    """What the sign-in counter of one username (and browser) holds before a try."""

    blocked_until: datetime | None
    counted: bool  # failures are on record: a success must forget them


def login_count(username: str, device: str | None) -> LoginCount:
    """One read before the password is checked: whether the key is blocked, and whether
    there is anything for a success to reset (most sign-ins have no failures, and then
    cost no write here)."""
    limit, value = login_limit(username, device)
    blocked_until, counted = limit.look(value)
    return LoginCount(blocked_until, counted)


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


def password_check_failed(user_id: int) -> datetime | None:
    """A wrong current password typed by a signed-in user (changing the email or the
    password): a borrowed session must not become a way to guess the password."""
    limit = _limit("password-check", "LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES")
    return limit.hit(str(user_id))


def password_check_blocked_until(user_id: int) -> datetime | None:
    limit = _limit("password-check", "LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES")
    return limit.blocked_until(str(user_id))


# --- Emails anyone can trigger: rationed per recipient and per client address ---------------


def allow_email(kind: str, recipient: str, address: str | None) -> bool:
    """Whether one more `kind` email (password reset, unlock link, invitation) may go out.

    Both rations are counted only when both allow it, so a flooded mailbox does not use
    up the sender's ration and the other way round."""
    per_recipient = Limit(f"email:{kind}:to", settings.EMAILS_PER_RECIPIENT, 60)
    per_address = Limit(f"email:{kind}:from", settings.EMAILS_PER_ADDRESS, 60)
    recipient = recipient.strip().lower()
    if per_recipient.blocked_until(recipient) or (address and per_address.blocked_until(address)):
        return False
    per_recipient.hit(recipient)
    if address:
        per_address.hit(address)
    return True


# --- Guessing Secret Numbers: ask the date of birth too, never pause others (0003) --------
#
# Counting wrong Secret Numbers for an ID Number, a client address or the whole service
# does not refuse anybody: once a count is reached, registration (or verification) of
# what it covers also asks the date of birth printed on the Confirmation of Entry, for one
# window. A candidate who holds it always gets through; a guesser needs 365 times more
# guesses. Only the client address, user or organisation that keeps failing is paused.

Rule = tuple[Limit, str]


def _guess_limit(name: str, limit_setting: str) -> Limit:
    return Limit(name, getattr(settings, limit_setting), settings.SECRET_GUESS_WINDOW_MINUTES)


def wrong_secrets_per_id(candidate_id: str) -> Rule:
    """One candidate's Secret Number, however it is guessed (registration, verification)."""
    return _guess_limit("secret:id", "DOB_AFTER_WRONG_SECRETS_PER_ID"), candidate_id


def _any_blocked(rules: Iterable[Rule]) -> bool:
    keys = [hashed_key(limit.name, value) for limit, value in rules]
    return Counter.objects.filter(key__in=keys, blocked_until__gt=timezone.now()).exists()


def _registration_step_ups(candidate_id: str | None, address: str | None) -> list[Rule]:
    rules = [(_guess_limit("register:total", "REGISTRATION_DOB_AFTER_WRONG_TOTAL"), "")]
    if candidate_id:
        rules.append(wrong_secrets_per_id(candidate_id))
    if address:
        limit = _guess_limit("register:address", "REGISTRATION_DOB_AFTER_WRONG_PER_ADDRESS")
        rules.append((limit, address))
    return rules


def _registration_pause() -> Limit:
    return _guess_limit("register:pause", "REGISTRATION_PAUSE_AFTER_WRONG_PER_ADDRESS")


def registration_needs_date_of_birth(candidate_id: str | None, address: str | None) -> bool:
    """Whether registering `candidate_id` from `address` asks the date of birth too (with
    no ID Number: whether every registration from there does)."""
    return _any_blocked(_registration_step_ups(candidate_id, address))


def registration_paused_until(address: str | None) -> datetime | None:
    """When this client address may try again after too many wrong Secret Numbers."""
    return _registration_pause().blocked_until(address) if address else None


def registration_failed(candidate_id: str, address: str | None) -> None:
    """One wrong Secret Number (or date of birth) for `candidate_id` from `address`."""
    for limit, value in _registration_step_ups(candidate_id, address):
        limit.hit(value)
    if address:
        _registration_pause().hit(address)


def verification_step_ups(candidate_id: str) -> list[Rule]:
    """Wrong Secret Numbers after which verifying `candidate_id` asks the date of birth."""
    total = _guess_limit("verify:total", "VERIFY_DOB_AFTER_WRONG_TOTAL")
    return [wrong_secrets_per_id(candidate_id), (total, "")]


def verification_pauses(account_id: int, user_id: int | None, reference: str = "") -> list[Rule]:
    """Failed verifications after which one organisation is paused: its account, one of
    its users (`user_id`, the single form only), or its tries at one reference."""
    account = _guess_limit("verify:account", "VERIFY_PAUSE_AFTER_WRONG_PER_ACCOUNT")
    rules = [(account, f"{account_id}")]
    if user_id is not None:
        user = _guess_limit("verify:user", "VERIFY_PAUSE_AFTER_WRONG_PER_USER")
        rules.append((user, f"{user_id}"))
    if reference:
        limit = _guess_limit("verify:reference", "VERIFY_PAUSE_AFTER_WRONG_PER_REFERENCE")
        rules.append((limit, f"{account_id}\x00{reference}"))
    return rules


class Tally:
    """The rules of many rows at once (a file of 5,000 verifications): their counters are
    read and locked in a few queries, counted in memory with the same rules as
    `Limit.hit`, and written back in one. Use inside `transaction.atomic()`.

    Rows that did not exist yet cannot be locked: two files counting the same new key at
    the same instant may lose one's count of it; every shared row (the total, an
    account) exists after its first failure and is locked."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.now = timezone.now()
        self._limits = {hashed_key(limit.name, value): limit for limit, value in rules}
        self._counters: dict[str, Counter] = {}
        self._changed: set[str] = set()
        keys = sorted(self._limits)  # one order for every caller: no deadlocks
        for start in range(0, len(keys), 500):
            rows = Counter.objects.select_for_update().filter(key__in=keys[start : start + 500])
            self._counters.update((row.key, row) for row in rows.order_by("key"))

    def blocked_until(self, rules: Iterable[Rule]) -> datetime | None:
        """The latest end among the blocks on these rules; None if none is blocked."""
        ends: list[datetime] = []
        for limit, value in rules:
            counter = self._counters.get(hashed_key(limit.name, value))
            if counter is not None and counter.blocked_until and counter.is_blocked(self.now):
                ends.append(counter.blocked_until)
        return max(ends, default=None)

    def hit(self, rules: Iterable[Rule]) -> None:
        for limit, value in rules:
            key = hashed_key(limit.name, value)
            counter = self._counters.setdefault(
                key, Counter(key=key, name=limit.name, window_start=self.now)
            )
            counter.add(self.now, limit.window, limit.limit)
            self._changed.add(key)

    def save(self) -> None:
        Counter.objects.bulk_create(
            [self._counters[key] for key in sorted(self._changed)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["count", "window_start", "blocked_until"],
        )


# --- Invitations to organisations: per sending candidate, within the email rations -------


def _invitations_per_candidate() -> Limit:
    return Limit("invitation:candidate", settings.INVITATIONS_PER_CANDIDATE, 24 * 60)


def invitations_left(candidate_id: str) -> int:
    """How many more invitations this candidate may send before their day's are used up."""
    limit = _invitations_per_candidate()
    return max(limit.limit - limit.count(candidate_id), 0)


def allow_invitation(candidate_id: str, recipient: str, address: str | None) -> bool:
    """Whether candidate `candidate_id` may invite `recipient` now, from `address`: within
    their INVITATIONS_PER_CANDIDATE a day and the email rations per recipient and per
    address (so no one floods a mailbox through many candidates' accounts). Counts it."""
    per_candidate = _invitations_per_candidate()
    if per_candidate.blocked_until(candidate_id) is not None:
        return False
    if not allow_email("invitation", recipient, address):
        return False
    per_candidate.hit(candidate_id)
    return True
