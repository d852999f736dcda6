"""Verifying a result for an organisation, and the limits on guessing.

An organisation proves what a candidate told it with the ID Number + Secret Number from
the Confirmation of Entry, or with a Statement of Results reference + the candidate's
date of birth. A Secret Number may have only four digits and every organisation user can
try one, so failed verifications are counted (docs/decisions/0003, rules in limits.api):

- per ID Number (with wrong Secret Numbers at registration) and in total: once reached,
  verification by Secret Number asks the candidate's date of birth too. Nobody is
  refused: an organisation that has the candidate's papers has the date of birth.
- per user (the single form only), per organisation account, and per account and
  reference: once reached, that user or account is paused for one window. Only the
  organisation that keeps failing is paused, never the candidate for others.

A paused attempt, or one that needs a date of birth it lacks, is not checked, counted or
recorded as a verification, so retrying reveals nothing and stretches nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from exams.api import Candidate, Component, Result, normalize_candidate_id
from lib.csvrows import batches
from limits import api as limits
from organisations import audit
from organisations.models import AuditEvent, Membership, Verification
from statements.api import Statement, normalize_reference, statement_for

SECRET, REFERENCE = Verification.Method.SECRET, Verification.Method.REFERENCE
MAX_ID_LENGTH = 32  # of an ID Number once normalised (`ß` is `SS`)


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
    def by_secret(
        cls, candidate_id: str, secret_number: str, date_of_birth: date | None = None
    ) -> "Attempt":
        return cls(
            SECRET,
            candidate_id=normalize_candidate_id(candidate_id),
            secret_number=secret_number.strip(),
            date_of_birth=date_of_birth,
        )

    @classmethod
    def by_reference(cls, reference: str, date_of_birth: date) -> "Attempt":
        # Stored normalised (like the ID Number) so that guesses at one reference add up.
        return cls(
            REFERENCE, reference=normalize_reference(reference)[:32], date_of_birth=date_of_birth
        )


@dataclass(frozen=True)
class Checked:
    attempt: Attempt
    results: list[Result]
    paused_until: datetime | None = None
    needs_date_of_birth: bool = False

    @property
    def matched(self) -> bool:
        return bool(self.results)


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
            born = attempt.date_of_birth
            if born is not None and candidate.date_of_birth != born:
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


Rules = tuple[list[limits.Rule], list[limits.Rule]]


def _rules(membership: Membership, attempt: Attempt, bulk: bool) -> Rules:
    """The pauses and the date-of-birth step-ups that one attempt is counted towards."""
    user_id = None if bulk else membership.user_id  # files do not pause the single form
    if attempt.method == REFERENCE:
        return limits.verification_pauses(membership.account_id, user_id, attempt.reference), []
    pauses = limits.verification_pauses(membership.account_id, user_id)
    return pauses, limits.verification_step_ups(attempt.candidate_id)


def check(
    membership: Membership, attempts: Sequence[Attempt], ip_address: str | None, *, bulk: bool
) -> list[Checked]:
    """Checks each attempt in order, as limits are reached; records what was checked
    (never the Secret Number). Call inside a transaction: the counters are locked."""
    rules = [_rules(membership, attempt, bulk) for attempt in attempts]
    tally = limits.Tally(rule for pauses, step_ups in rules for rule in [*pauses, *step_ups])
    matcher = Matcher(attempts)
    checked, records = [], []
    for attempt, (pauses, step_ups) in zip(attempts, rules, strict=True):
        until = tally.blocked_until(pauses)
        if until is not None:
            checked.append(Checked(attempt, [], paused_until=until))
            continue
        if attempt.date_of_birth is None and tally.blocked_until(step_ups) is not None:
            checked.append(Checked(attempt, [], needs_date_of_birth=True))
            continue
        results = matcher.results(attempt)
        if not results:
            tally.hit([*pauses, *step_ups])
        records.append(_record(membership, attempt, results, ip_address, bulk, tally.now))
        checked.append(Checked(attempt, results))
    tally.save()
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
        elif checked.needs_date_of_birth:
            outcome = "date_of_birth_needed"
        else:
            outcome = "match" if checked.matched else "no_match"
        params = {
            "method": attempt.method,
            "candidate_id": attempt.candidate_id,
            "reference": attempt.reference,
            "outcome": outcome,
        }
        audit.record(membership, AuditEvent.Action.VERIFY, params=params)
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
        Shown(result, result.component_scores_in_order(), statement_for(result).reference)
        for result in results
    ]
