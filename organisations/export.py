"""The inbox as a CSV file, for the spreadsheets of admissions offices.

Streamed: 20,000 rows are written as the database hands them over, never all held. Read
as plain values, not model instances: building seven objects a row made 20,000 rows slow.
Every cell goes through `safe_cell`, so a name cannot become a formula.
"""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.api import OrganisationAccount
from exams.api import Component, localized
from lib.csvrows import batches
from lib.spreadsheet import safe_cell
from organisations.inbox import STATUS_CHOICES, status_name
from organisations.requirements import meets_q
from sharing.api import Share
from statements.api import Statement


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


def component_names(shares: QuerySet[Share]) -> dict[str, str]:
    """The components of every exam among `shares`, in catalogue order, each code once,
    with its name in the page's language (the first exam's, where exams share a code)."""
    exams = shares.order_by().values("session__exam_id").distinct()
    components = Component.objects.filter(exam_id__in=exams).order_by("exam__code", "position")
    names: dict[str, str] = {}
    for component in components:
        names.setdefault(component.code, component.name)
    return names


EXPORT_VALUES = {
    "family_name": F("result__entry__candidate__family_name"),
    "given_name": F("result__entry__candidate__given_name"),
    "candidate_id": F("result__entry__candidate__candidate_id"),
    "date_of_birth": F("result__entry__candidate__date_of_birth"),
    "exam": F("session__exam__code"),
    "session_date": F("session__date"),
    "grade_en": F("result__grade_en"),
    "grade_ja": F("result__grade_ja"),
    "overall_score": F("result__overall_score"),
    "cefr_level": F("result__cefr_level"),
    "component_scores": F("result__component_scores"),
    "reference": F("result__statement__reference"),
}


def export_rows(shares: QuerySet[Share], account: OrganisationAccount) -> Iterator[list]:
    """The CSV's header, then one row per share, read from the database in chunks."""
    names = component_names(shares)
    codes = list(names)
    yield [
        _("Received"), _("Status"), _("Family name"), _("Given name"), _("ID Number"),
        _("Date of birth"), _("Exam"), _("Session date"), _("Result"), _("Overall score"),
        _("CEFR level"), *names.values(), _("Statement of Results reference"),
        _("Meets requirements"),
    ]  # fmt: skip
    labels = {status: str(label) for status, label in STATUS_CHOICES}
    # No requirements set: nothing to meet, so the column stays empty rather than "No".
    answers = {True: _("Yes"), False: _("No")} if account.requirements.exists() else {}
    # A handful of grades in 20,000 rows: each is put in the page's language once.
    grade = lru_cache(lambda en, ja: localized(SimpleNamespace(grade_en=en, grade_ja=ja), "grade"))
    meets = Case(When(meets_q(account), then=Value(True)), default=Value(False))
    # The plugin cannot see the keys of **EXPORT_VALUES, so the rows are plain dicts here.
    values: QuerySet[Share, dict[str, Any]] = shares.values(  # type: ignore[assignment]
        "delivered_at", "status", "processed_at", meets=meets, **EXPORT_VALUES
    )
    for row in values.iterator(chunk_size=2000):
        status = status_name(row["status"], row["processed_at"])
        scores = row["component_scores"]
        yield [
            _received(row["delivered_at"]),
            labels[status], row["family_name"], row["given_name"], row["candidate_id"],
            row["date_of_birth"].isoformat(), row["exam"], row["session_date"].isoformat(),
            grade(row["grade_en"], row["grade_ja"]), row["overall_score"], row["cefr_level"],
            *(scores.get(code) for code in codes), row["reference"] or "",
            answers.get(row["meets"], ""),
        ]  # fmt: skip


def _received(moment: dt.datetime) -> str:
    """ISO 8601 for spreadsheets, with the offset: "2026-12-03 10:00+09:00"."""
    return timezone.localtime(moment).isoformat(sep=" ", timespec="minutes")


class _Echo:
    """A file that hands back what is written, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def csv_stream(lines: Iterable[list], batch: int = 200) -> Iterator[str]:
    """CSV text, each cell neutralised, after a BOM so that Excel reads it as UTF-8.

    Rows go out `batch` at a time: one chunk per row costs more than the rows themselves.
    """
    yield "\ufeff"
    writer = csv.writer(_Echo())
    for chunk in batches(lines, batch):
        yield "".join(writer.writerow([safe_cell(value) for value in line]) for line in chunk)
