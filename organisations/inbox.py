"""The organisation's inbox: the shares it sees and their filters (the CSV: export.py).

An account sees its current shares once delivered. Pending ones (sent before the account
had users) wait, withdrawn ones are gone. Everything here must stay quick with 20,000
shares in one account: filters are database conditions, and a page of rows costs a fixed
number of queries whatever its length (bench/inbox_bench.py measures it).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy

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


class ExamChoiceField(forms.ModelChoiceField):
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
        if data.get("meets") == "yes":
            shares = shares.filter(meets_q(account))
        elif data.get("meets") == "no":
            # NOT EXISTS rather than exclude(meets_q): NOT (score >= 65) is NULL, not true,
            # when the score is missing from the JSON, and the share would vanish from both
            # lists. A correlated subquery, so a page stops after its 50 rows.
            meeting = Share.objects.filter(pk=OuterRef("pk")).filter(meets_q(account))
            shares = shares.exclude(Exists(meeting))
        return shares

    def describe(self) -> str:
        """The filters in use, for the audit log: `status=new exam=PET`."""
        data = getattr(self, "cleaned_data", {})
        used = {name: value for name, value in data.items() if value not in (None, "")}
        return " ".join(f"{name}={getattr(value, 'code', value)}" for name, value in used.items())


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


_ROW = (
    '<th scope="row" data-label="{l_candidate}"><a href="{url}">{name}</a></th>'
    '<td data-label="{l_id}">{candidate_id}</td>'
    '<td data-label="{l_birth}">{birth}</td>'
    '<td data-label="{l_exam}">{exam}</td>'
    '<td data-label="{l_session}">{session}</td>'
    '<td data-label="{l_result}">{grade}</td>'
    '<td data-label="{l_overall}" class="number">{overall}</td>'
    '<td data-label="{l_cefr}">{cefr}</td>'
    '<td data-label="{l_received}">{received}</td>'
    '<td data-label="{l_status}"><span class="tag {tag}">{status}</span></td>'
)
_MEETS_CELL = '<td data-label="{l_requirements}">{meets}</td>'

_ROW_START = {True: '<tr class="is-new">', False: "<tr>"}


def rows_html(rows: Iterable[InboxRow], has_requirements: bool = True) -> SafeString:
    """The inbox table's rows. Written here rather than in the template: 50 rows of 11
    labelled cells cost the template engine twenty-odd milliseconds, twice the rest of the
    page (bench/inbox_bench.py); format_html escapes every value as the template did.

    Without score requirements there is nothing to meet: the column is left out."""
    labels = {key: conditional_escape(gettext(label)) for key, label in _LABELS.items()}
    meets = format_html('<span class="meets-yes">✓ {}</span>', gettext("Meets"))
    fails = format_html('<span class="meets-no">✗ {}</span>', gettext("Does not meet"))
    # One reverse() for the page: fifty cost a fifth of the rows' time.
    url, dates = reverse("organisations:share", args=[_ANY_UUID]), _Dates()
    html = []
    for row in rows:
        cells = _cells(row, dates)
        cells["url"] = url.replace(str(_ANY_UUID), str(row.share.uuid))
        cells["meets"] = meets if row.meets else fails
        row_format = _ROW + (_MEETS_CELL if has_requirements else "") + "</tr>"
        html.append(format_html(_ROW_START[row.status == NEW] + row_format, **labels, **cells))
    return format_html_join("\n", "{}", ((row,) for row in html))


def _cells(row: InboxRow, dates: "_Dates") -> dict[str, object]:
    result, candidate, session = row.share.result, row.candidate, row.session
    return {
        "name": candidate.full_name,
        "candidate_id": candidate.candidate_id,
        "birth": dates(candidate.date_of_birth),
        "exam": session.exam.name,
        "session": dates(session.date),
        "grade": result.grade,
        "overall": formats.localize(result.overall_score),
        "cefr": result.cefr_level or "—",
        "received": dates(row.share.delivered_at),
        "tag": row.status_tag,
        "status": row.status_label,
    }


_ANY_UUID = UUID(int=0)
_LABELS = {
    "l_candidate": "Candidate",
    "l_id": "ID Number",
    "l_birth": "Date of birth",
    "l_exam": "Exam",
    "l_session": "Session date",
    "l_result": "Result",
    "l_overall": "Overall score",
    "l_cefr": "CEFR level",
    "l_received": "Received",
    "l_status": "Status",
    "l_requirements": "Requirements",
}


class _Dates(dict[date, str]):
    """Dates as the template's `|date:"DATE_FORMAT"` writes them (a datetime in local time,
    like it), each formatted once: a page's rows share a few sessions and delivery days."""

    def __call__(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = timezone.localtime(value).date()  # DATE_FORMAT shows the date alone
        if value not in self:
            self[value] = formats.date_format(value, "DATE_FORMAT")
        return self[value]


def rows(ids: Iterable[int], account: OrganisationAccount) -> list[InboxRow]:
    """One page of the inbox, by share id, with whether each meets the requirements.

    The page's ids are chosen first, from the share table alone (and whatever a filter
    needs); the joins for the columns shown are then made for 50 rows, not for all 20,000
    before sorting them (a hundred milliseconds on PostgreSQL, bench/inbox_bench.py).
    """
    ids = list(ids)
    shares = inbox_shares(account).filter(pk__in=ids)
    meeting = Share.objects.filter(pk__in=ids).filter(meets_q(account))
    meets = set(meeting.values_list("pk", flat=True))
    return [InboxRow(share, status_of(share), share.pk in meets) for share in shares]
