"""The organisation's inbox: the shares it sees and their filters (the CSV: export.py).

An account sees its current shares once delivered. Pending ones (sent before the account
had users) wait, withdrawn ones are gone. Everything here must stay quick with 20,000
shares in one account: filters are database conditions, and a page of rows costs a fixed
number of queries whatever its length (bench/inbox_bench.py measures it).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.forms.models import ModelChoiceIterator
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from directory.api import OrganisationAccount
from exams.api import Candidate, Exam, ExamSession, Result, normalize_candidate_id
from organisations.requirements import meets_q
from sharing.api import Share, ShareStatus
from statements.api import Statement, normalize_reference

PAGE_SIZE = 50
NEW, VIEWED, PROCESSED = "new", "viewed", "processed"
STATUS_CHOICES = [
    (NEW, gettext_lazy("New")),
    (VIEWED, gettext_lazy("Viewed")),
    (PROCESSED, gettext_lazy("Processed")),
]


def inbox_shares(account: OrganisationAccount) -> QuerySet[Share]:
    """The account's delivered, not withdrawn shares, newest first, with their results."""
    return (
        Share.objects.current()
        .filter(account=account, status__in=[ShareStatus.DELIVERED, ShareStatus.VIEWED])
        .select_related("result__entry__candidate", "result__entry__session__exam")
        # The order of the share_inbox index, so a page is read without sorting them all.
        .order_by("-created_at", "-pk")
    )


def get_share(account: OrganisationAccount, share_uuid: UUID) -> Share:
    """One share of the account's inbox; 404 for anyone else's, a withdrawn or pending one."""
    shares = inbox_shares(account).prefetch_related("result__entry__session__exam__components")
    return get_object_or_404(shares, uuid=share_uuid)


def status_of(share: Share) -> str:
    return status_name(share.status, share.processed_at)


def status_name(status: str, processed_at: datetime | None) -> str:
    if processed_at is not None:
        return PROCESSED
    return VIEWED if status == ShareStatus.VIEWED else NEW


def mark_viewed(share: Share) -> bool:
    """Marks the share viewed the first time only (the candidate sees that date)."""
    now = timezone.now()
    updated = Share.objects.filter(pk=share.pk, viewed_at__isnull=True).update(
        status=ShareStatus.VIEWED, viewed_at=now
    )
    if updated:
        share.status, share.viewed_at = ShareStatus.VIEWED, now
    return bool(updated)


def set_processed(share: Share, processed: bool) -> bool:
    """Marks the share processed (and viewed) or not processed; False if nothing changed."""
    mark_viewed(share)
    shares = Share.objects.filter(pk=share.pk, processed_at__isnull=processed)
    processed_at = timezone.now() if processed else None
    if not shares.update(processed_at=processed_at):
        return False
    share.processed_at = processed_at
    return True


class _WholeChoices(ModelChoiceIterator):
    """The exams read with one plain query. Django's iterator() would open a server-side
    cursor on PostgreSQL, three round trips (DECLARE, FETCH, CLOSE) for a handful of rows."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ExamChoiceField(forms.ModelChoiceField):
    iterator = _WholeChoices

    def label_from_instance(self, obj: Exam) -> str:
        return obj.name  # in the page's language


class InboxFilterForm(forms.Form):
    """The inbox's filters, read from the query string (a GET form: no JavaScript)."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Name, ID Number or Statement of Results reference"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    exam = ExamChoiceField(
        label=gettext_lazy("Exam"),
        queryset=Exam.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("All exams"),
    )
    received_from = forms.DateField(
        label=gettext_lazy("Received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_to = forms.DateField(
        label=gettext_lazy("Received until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All")), *STATUS_CHOICES],
    )
    meets = forms.ChoiceField(
        label=gettext_lazy("Meets requirements"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("yes", gettext_lazy("Yes")),
            ("no", gettext_lazy("No")),
        ],
    )

    def __init__(self, *args: Any, has_requirements: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_requirements:  # nothing to meet: the filter would only mislead
            del self.fields["meets"]

    @property
    def in_use(self) -> int:
        """How many filters narrow the list (the page says so while they are folded away)."""
        data = getattr(self, "cleaned_data", {})
        return sum(1 for value in data.values() if value not in (None, ""))

    def apply(
        self, shares: QuerySet[Share], account: OrganisationAccount, meets: Q | None = None
    ) -> QuerySet[Share]:
        """`shares` narrowed by every valid filter (an invalid one is shown, not applied).
        `meets` is `meets_q(account)`, if the caller has it already."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q", "").strip():
            shares = shares.filter(_search_q(data["q"].strip()))
        if data.get("exam"):
            shares = shares.filter(session__exam=data["exam"])
        if data.get("received_from"):
            shares = shares.filter(delivered_at__gte=_start_of(data["received_from"]))
        if data.get("received_to"):
            shares = shares.filter(delivered_at__lt=_start_of(data["received_to"] + timedelta(1)))
        if data.get("status"):
            shares = shares.filter(_status_q(data["status"]))
        if not data.get("meets"):
            return shares
        meets = meets_q(account) if meets is None else meets
        if data["meets"] == "yes":
            shares = shares.filter(meets)
        else:
            # Not exclude(meets): NOT (score >= 65) is NULL, not true, when the score is
            # missing from the JSON, and the share would vanish from both lists. The CASE
            # makes it false; checked on each share's own row, so the count reads each
            # share once and a page stops after its 50 rows.
            shares = shares.alias(meets=meeting(meets)).filter(meets=False)
        return shares

    def describe(self) -> str:
        """The filters in use, for the audit log: `status=new exam=PET`."""
        data = getattr(self, "cleaned_data", {})
        used = {name: value for name, value in data.items() if value not in (None, "")}
        return " ".join(f"{name}={getattr(value, 'code', value)}" for name, value in used.items())


def meeting(meets: Q) -> Case:
    """True where `meets` holds, false where it does not or is NULL (a missing score)."""
    return Case(When(meets, then=Value(True)), default=Value(False), output_field=BooleanField())


def _search_q(text: str) -> Q:
    """Every word in the family or given name, or the exact ID Number, or the reference.

    Each is a subquery of the results it finds, which the database computes once and then
    checks against the account's shares, rather than joining every share to its candidate
    (a join of 20,000 rows: bench/inbox_bench.py)."""
    names = Q()
    for word in text.split():
        names &= Q(entry__candidate__family_name__icontains=word) | Q(
            entry__candidate__given_name__icontains=word
        )
    identified = Q(entry__candidate__candidate_id=normalize_candidate_id(text))
    condition = Q(result__in=Result.objects.filter(names | identified).values("pk"))
    reference = normalize_reference(text)
    if reference:
        statements = Statement.objects.filter(reference=reference).values("result")
        condition |= Q(result__in=statements)
    return condition


def _status_q(status: str) -> Q:
    if status == PROCESSED:
        return Q(processed_at__isnull=False)
    if status == VIEWED:
        return Q(status=ShareStatus.VIEWED, processed_at__isnull=True)
    return Q(status=ShareStatus.DELIVERED)


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day` where the service runs (TIME_ZONE)."""
    return timezone.make_aware(datetime.combine(day, time.min))


STATUS_TAGS = {NEW: "tag-warning", VIEWED: "tag-muted", PROCESSED: ""}  # CSS classes


@dataclass(frozen=True)
class InboxRow:
    share: Share
    status: str
    meets: bool

    # Labels ready for the template: an {% include %} a row made the page notably slower.
    @property
    def status_label(self) -> str:
        return str(dict(STATUS_CHOICES)[self.status])

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS[self.status]

    @property
    def candidate(self) -> Candidate:
        return self.share.result.entry.candidate

    @property
    def session(self) -> ExamSession:
        return self.share.result.entry.session
