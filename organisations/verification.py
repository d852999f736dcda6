"""Verifying a result for an organisation, and the limits on guessing.

An organisation proves what a candidate told it with the ID Number + Secret Number from
the Confirmation of Entry, or with a Statement of Results reference + the candidate's
date of birth. A Secret Number may have only four digits (docs/decisions/0003) and every
organisation user can try one, so failed verifications are counted over
VERIFY_LOCKOUT_MINUTES four ways: per user (the single form only), per account (one
organisation's users together), per typed ID Number or reference across all
organisations (one candidate's secret), and in total. Successful ones do not count.

A limit reached pauses its scope for one window from the failure that reached it. While
paused, the secret is not checked and nothing is counted, so retrying reveals nothing and
does not stretch the pause (nobody keeps the service paused just by retrying). Two
requests at the same instant may each record a failure past a limit: the pause then
starts one failure later, which is harmless.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from exams.models import Candidate, Component, Result, normalize_candidate_id
from lib.csvrows import batches
from organisations import audit
from organisations.models import AuditEvent, Membership, Verification
from statements.api import Statement, statement_for
from statements.models import normalize_reference  # not (yet) in statements.api

SECRET, REFERENCE = Verification.Method.SECRET, Verification.Method.REFERENCE
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]  # ISO, and what Japanese spreadsheets write
_DEFAULTS = {
    "VERIFY_FAILURES_PER_USER": 5,
    "VERIFY_FAILURES_PER_ACCOUNT": 50,
    "VERIFY_FAILURES_PER_ID": 5,
    "VERIFY_FAILURES_TOTAL": 1000,
    "VERIFY_LOCKOUT_MINUTES": 30,
}
# Scope kind -> the setting that limits it.
_LIMITS = {
    "user": "VERIFY_FAILURES_PER_USER",
    "account": "VERIFY_FAILURES_PER_ACCOUNT",
    "candidate_id": "VERIFY_FAILURES_PER_ID",
    "reference": "VERIFY_FAILURES_PER_ID",
    "total": "VERIFY_FAILURES_TOTAL",
}
Scope = tuple[str, str]


def _setting(name: str) -> int:
    # The lead owns settings.py: these work with or without an entry there.
    return int(getattr(settings, name, _DEFAULTS[name]))


def window() -> timedelta:
    return timedelta(minutes=_setting("VERIFY_LOCKOUT_MINUTES"))


def format_time(moment: datetime) -> str:
    """A pause's end as people read it: in the local time zone."""
    return date_filter(timezone.localtime(moment), "DATETIME_FORMAT")


@dataclass(frozen=True)
class Attempt:
    """What a person typed, normalised the way it is stored and counted."""

    method: str
    candidate_id: str = ""
    reference: str = ""
    secret_number: str = ""
    date_of_birth: date | None = None

    @classmethod
    def by_secret(cls, candidate_id: str, secret_number: str) -> "Attempt":
        return cls(
            SECRET,
            candidate_id=normalize_candidate_id(candidate_id),
            secret_number=secret_number.strip(),
        )

    @classmethod
    def by_reference(cls, reference: str, date_of_birth: date) -> "Attempt":
        # Stored normalised (like the ID Number) so that guesses at one reference add up.
        return cls(
            REFERENCE, reference=normalize_reference(reference)[:32], date_of_birth=date_of_birth
        )

    @property
    def scope(self) -> Scope:
        if self.method == SECRET:
            return ("candidate_id", self.candidate_id)
        return ("reference", self.reference)


@dataclass(frozen=True)
class Checked:
    attempt: Attempt
    results: list[Result]
    paused_until: datetime | None = None

    @property
    def matched(self) -> bool:
        return bool(self.results)


def pause_end(newest_first: Sequence[datetime], limit: int, now: datetime) -> datetime | None:
    """When the pause of one scope ends, from its latest failures; None if not paused."""
    if limit < 1 or len(newest_first) < limit:
        return None
    newest, oldest = newest_first[0], newest_first[limit - 1]
    if newest - oldest >= window():  # spread over more than a window: no limit reached
        return None
    end = newest + window()
    return end if end > now else None


class Limiter:
    """The pauses for one membership's attempts: failures read once from the database,
    then counted in memory as a file's rows fail (a few queries for 5,000 rows)."""

    def __init__(
        self, membership: Membership, attempts: Sequence[Attempt], *, per_user: bool
    ) -> None:
        self.now = timezone.now()
        self._per_user = per_user
        self._times: dict[Scope, list[datetime]] = {}
        # A pause may start from failures up to one window before its own start.
        failures = Verification.objects.filter(
            matched=False, created_at__gte=self.now - 2 * window()
        ).order_by("-created_at")
        self._load(failures, "total", "")
        self._load(failures.filter(account=membership.account), "account", "")
        if per_user:
            self._load(failures.filter(user=membership.user, bulk=False), "user", "")
        for kind in ("candidate_id", "reference"):
            values = sorted({a.scope[1] for a in attempts if a.scope[0] == kind})
            for batch in batches(values, 500):
                self._load_keys(failures.filter(**{f"{kind}__in": batch}), kind)

    def _load(self, failures: QuerySet, kind: str, key: str) -> None:
        limit = _setting(_LIMITS[kind])
        self._times[(kind, key)] = list(failures.values_list("created_at", flat=True)[:limit])

    def _load_keys(self, failures: QuerySet, kind: str) -> None:
        limit = _setting(_LIMITS[kind])
        for key, created_at in failures.values_list(kind, "created_at"):
            times = self._times.setdefault((kind, key), [])
            if len(times) < limit:
                times.append(created_at)

    def _scopes(self, attempt: Attempt) -> list[Scope]:
        scopes = [("total", ""), ("account", ""), attempt.scope]
        return [*scopes, ("user", "")] if self._per_user else scopes

    def paused_until(self, attempt: Attempt) -> datetime | None:
        """The latest end among the pauses that apply: the time when it may be tried again."""
        ends = [
            pause_end(self._times.get(scope, []), _setting(_LIMITS[scope[0]]), self.now)
            for scope in self._scopes(attempt)
        ]
        return max((end for end in ends if end is not None), default=None)

    def failed(self, attempt: Attempt) -> None:
        for scope in self._scopes(attempt):
            self._times.setdefault(scope, []).insert(0, self.now)


class Matcher:
    """The released results that attempts prove, looked up a batch of rows at a time."""

    def __init__(self, attempts: Sequence[Attempt]) -> None:
        self._candidates: dict[str, Candidate] = {}
        self._results: dict[int, list[Result]] = {}
        self._statements: dict[str, Statement] = {}
        ids = sorted({a.candidate_id for a in attempts if a.method == SECRET})
        references = sorted({a.reference for a in attempts if a.method == REFERENCE})
        for batch in batches(ids, 500):
            self._load_candidates(batch)
        for batch in batches(references, 500):
            statements = Statement.objects.filter(
                reference__in=batch, result__entry__session__released_at__isnull=False
            ).select_related("result__entry__candidate", "result__entry__session__exam")
            self._statements.update((s.reference, s) for s in statements)

    def _load_candidates(self, ids: list[str]) -> None:
        for candidate in Candidate.objects.filter(candidate_id__in=ids):
            self._candidates[candidate.candidate_id] = candidate
        for result in _released().filter(entry__candidate__candidate_id__in=ids):
            self._results.setdefault(result.entry.candidate_id, []).append(result)

    def results(self, attempt: Attempt) -> list[Result]:
        """Every kind of failure gives the same empty list: nothing tells them apart."""
        if attempt.method == SECRET:
            candidate = self._candidates.get(attempt.candidate_id)
            if candidate is None or not candidate.check_secret_number(attempt.secret_number):
                return []
            return self._results.get(candidate.pk, [])
        statement = self._statements.get(attempt.reference)
        if statement is None or statement.result.entry.candidate.date_of_birth != (
            attempt.date_of_birth
        ):
            return []
        return [statement.result]


def _released() -> QuerySet:
    return (
        Result.objects.released()
        .select_related("entry__candidate", "entry__session__exam")
        .order_by("-entry__session__date", "entry__session__exam__code")
    )


def check(
    membership: Membership, attempts: Sequence[Attempt], ip_address: str | None, *, bulk: bool
) -> list[Checked]:
    """Checks each attempt in order, pausing as limits are reached; records what was
    checked (never the Secret Number). Paused attempts are not recorded as failures."""
    limiter = Limiter(membership, attempts, per_user=not bulk)
    matcher = Matcher(attempts)
    checked, records = [], []
    for attempt in attempts:
        until = limiter.paused_until(attempt)
        if until is not None:
            checked.append(Checked(attempt, [], until))
            continue
        results = matcher.results(attempt)
        if not results:
            limiter.failed(attempt)
        records.append(_record(membership, attempt, results, ip_address, bulk, limiter.now))
        checked.append(Checked(attempt, results))
    Verification.objects.bulk_create(records)
    return checked


def _record(
    membership: Membership,
    attempt: Attempt,
    results: list[Result],
    ip_address: str | None,
    bulk: bool,
    now: datetime,
) -> Verification:
    return Verification(
        user=membership.user,
        account=membership.account,
        method=attempt.method,
        bulk=bulk,
        candidate_id=attempt.candidate_id,
        reference=attempt.reference,
        result=results[0] if results else None,
        matched=bool(results),
        ip_address=ip_address,
        created_at=now,
    )


def verify(membership: Membership, attempt: Attempt, ip_address: str | None) -> Checked:
    """One verification from the form, recorded and written to the audit log."""
    with transaction.atomic():
        checked = check(membership, [attempt], ip_address, bulk=False)[0]
        if checked.paused_until is not None:
            outcome = "paused"
        else:
            outcome = "match" if checked.matched else "no match"
        audit.record(membership, AuditEvent.Action.VERIFY, detail=f"{attempt.method}: {outcome}")
    return checked


@dataclass(frozen=True)
class Shown:
    """A matched result as the verification page shows it."""

    result: Result
    components: list[tuple[Component, int | None]]
    reference: str


def shown(results: list[Result]) -> list[Shown]:
    # The reference is the one the candidate's Statement of Results carries (made now if
    # they never downloaded it), so the organisation can quote a stable reference.
    return [
        Shown(result, _components(result), statement_for(result).reference) for result in results
    ]


def _components(result: Result) -> list[tuple[Component, int | None]]:
    exam = result.entry.session.exam
    return [(c, result.component_scores.get(c.code)) for c in exam.components.all()]
