"""The organisation's inbox: the shares it sees, their filters, and the CSV export.

An account sees its current shares once delivered. Pending ones (sent before the account
had users) wait, withdrawn ones are gone. Everything here must stay quick with 20,000
shares in one account: filters are database conditions, and a page of rows costs a fixed
number of queries whatever its length (bench/inbox_bench.py measures it).
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django import forms
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exams.models import Component, Exam, Result, normalize_candidate_id
from lib.spreadsheet import safe_cell
from organisations.models import ScoreRequirement
from organisations.requirements import check, meets_q
from sharing.models import OrganisationAccount, Share, ShareStatus
from statements.api import Statement
from statements.models import normalize_reference

PAGE_SIZE = 50
NEW, VIEWED, PROCESSED = "new", "viewed", "processed"
STATUS_CHOICES = [
    (NEW, gettext_lazy("New")),
    (VIEWED, gettext_lazy("Viewed")),
    (PROCESSED, gettext_lazy("Processed")),
]
COMPONENTS = "result__entry__session__exam__components"  # prefetched for the reasons


def inbox_shares(account: OrganisationAccount) -> QuerySet[Share]:
    """The account's delivered, not withdrawn shares, newest first, with their results."""
    return (
        Share.objects.current()
        .filter(account=account, status__in=[ShareStatus.DELIVERED, ShareStatus.VIEWED])
        .select_related("result__entry__candidate", "result__entry__session__exam")
        .order_by("-delivered_at", "-pk")
    )


def get_share(account: OrganisationAccount, share_uuid: UUID) -> Share:
    """One share of the account's inbox; 404 for anyone else's, a withdrawn or pending one."""
    shares = inbox_shares(account).prefetch_related(COMPONENTS)
    return get_object_or_404(shares, uuid=share_uuid)


def status_of(share: Share) -> str:
    if share.processed_at is not None:
        return PROCESSED
    return VIEWED if share.status == ShareStatus.VIEWED else NEW


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


def describe_share(share: Share) -> str:
    """The audit log's line for a share: who and which exam, still readable if withdrawn."""
    entry = share.result.entry
    return f"{entry.candidate.candidate_id} {entry.candidate.full_name} {entry.session}"


class InboxFilterForm(forms.Form):
    """The inbox's filters, read from the query string (a GET form: no JavaScript)."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Name, ID Number or Statement of Results reference"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    exam = forms.ModelChoiceField(
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exam"].label_from_instance = lambda exam: exam.name  # in the page's language

    def apply(self, shares: QuerySet[Share], account: OrganisationAccount) -> QuerySet[Share]:
        """`shares` narrowed by every valid filter (an invalid one is shown, not applied)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q", "").strip():
            shares = shares.filter(_search_q(data["q"].strip()))
        if data.get("exam"):
            shares = shares.filter(result__entry__session__exam=data["exam"])
        if data.get("received_from"):
            shares = shares.filter(delivered_at__gte=_start_of(data["received_from"]))
        if data.get("received_to"):
            shares = shares.filter(delivered_at__lt=_start_of(data["received_to"] + timedelta(1)))
        if data.get("status"):
            shares = shares.filter(_status_q(data["status"]))
        if data.get("meets"):
            shares = _with_meets(shares, account).filter(meets=data["meets"] == "yes")
        return shares

    def describe(self) -> str:
        """The filters in use, for the audit log: `status=new exam=PET`."""
        data = getattr(self, "cleaned_data", {})
        used = {name: value for name, value in data.items() if value not in (None, "")}
        return " ".join(f"{name}={getattr(value, 'code', value)}" for name, value in used.items())


def _search_q(text: str) -> Q:
    """Every word in the family or given name, or the exact ID Number, or the reference."""
    names = Q()
    for word in text.split():
        names &= Q(result__entry__candidate__family_name__icontains=word) | Q(
            result__entry__candidate__given_name__icontains=word
        )
    condition = names | Q(result__entry__candidate__candidate_id=normalize_candidate_id(text))
    reference = normalize_reference(text)
    if reference:
        condition |= Q(result__statement__reference=reference)
    return condition


def _with_meets(shares: QuerySet[Share], account: OrganisationAccount) -> QuerySet[Share]:
    # A CASE rather than exclude(meets_q): NOT (score >= 65) is NULL, not true, when the
    # score is missing from the JSON, and such a result would vanish from "does not meet".
    meets = Case(
        When(meets_q(account), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return shares.alias(meets=meets)


def _status_q(status: str) -> Q:
    if status == PROCESSED:
        return Q(processed_at__isnull=False)
    if status == VIEWED:
        return Q(status=ShareStatus.VIEWED, processed_at__isnull=True)
    return Q(status=ShareStatus.DELIVERED)


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day` where the service runs (TIME_ZONE)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class InboxRow:
    share: Share
    status: str
    meets: bool


def rows(shares: Iterable[Share], requirements: list[ScoreRequirement]) -> list[InboxRow]:
    now = timezone.now()
    return [
        InboxRow(share, status_of(share), not check(share.result, requirements, now))
        for share in shares
    ]


def issue_missing_statements(shares: QuerySet[Share]) -> None:
    """Gives every result a Statement of Results reference before the export lists them.

    As `statements.api.statement_for` does one at a time, in bulk: a reference is issued
    once and never changes, and ignore_conflicts keeps one made meanwhile by a download.
    """
    missing = shares.filter(result__statement__isnull=True).values_list("result_id", flat=True)
    Statement.objects.bulk_create(
        [Statement(result_id=result_id) for result_id in missing.order_by()],
        batch_size=1000,
        ignore_conflicts=True,
    )


def component_codes(shares: QuerySet[Share]) -> list[str]:
    """The component codes of every exam among `shares`, in catalogue order, each once."""
    exams = shares.order_by().values("result__entry__session__exam_id").distinct()
    codes = Component.objects.filter(exam_id__in=exams).order_by("exam__code", "position")
    return list(dict.fromkeys(codes.values_list("code", flat=True)))


def export_rows(shares: QuerySet[Share], requirements: list[ScoreRequirement]) -> Iterator[list]:
    """The CSV's header then one row per share, read from the database in chunks."""
    codes = component_codes(shares)
    labels = dict(STATUS_CHOICES)
    yield [
        _("Received"), _("Status"), _("Family name"), _("Given name"), _("ID Number"),
        _("Date of birth"), _("Exam"), _("Session date"), _("Result"), _("Overall score"),
        _("CEFR level"), *codes, _("Statement of Results reference"),
        _("Meets requirements"),
    ]  # fmt: skip
    yes, no, now = _("Yes"), _("No"), timezone.now()
    chunked = shares.select_related("result__statement").prefetch_related(COMPONENTS)
    for share in chunked.iterator(chunk_size=2000):
        result: Result = share.result
        candidate, session = result.entry.candidate, result.entry.session
        statement = getattr(result, "statement", None)
        yield [
            timezone.localtime(share.delivered_at).strftime("%Y-%m-%d %H:%M"),
            labels[status_of(share)], candidate.family_name, candidate.given_name,
            candidate.candidate_id, candidate.date_of_birth.isoformat(), session.exam.code,
            session.date.isoformat(), result.grade, result.overall_score, result.cefr_level,
            *(result.component_scores.get(code) for code in codes),
            statement.reference if statement else "",
            no if check(result, requirements, now) else yes,
        ]  # fmt: skip


class _Echo:
    """A file that hands back what is written, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def csv_stream(lines: Iterable[list]) -> Iterator[str]:
    """CSV text, each cell neutralised, after a BOM so that Excel reads it as UTF-8."""
    yield "\ufeff"
    writer = csv.writer(_Echo())
    for line in lines:
        yield writer.writerow([safe_cell(value) for value in line])
