"""Bulk verification: a CSV file of attempts in, a report line by line out.

The file is UTF-8 (with or without a BOM) with the header `candidate_id,secret_number`
(optionally `,date_of_birth`) or `reference,date_of_birth` and at most MAX_ROWS data
rows; a file that breaks these is refused whole, before anything is checked. A malformed
row is only reported. While wrong Secret Numbers make verification of an ID Number ask
the date of birth too (docs/decisions/0003), its rows without one are reported as
needing it, unchecked. The report never shows a Secret Number.
"""

import csv
import uuid
from collections import Counter
from itertools import islice
from typing import BinaryIO, NamedTuple, Protocol

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exams.api import normalize_candidate_id
from lib.csvrows import CsvInputError, CsvReader, CsvRow
from lib.dates import parse_date
from lib.spreadsheet import safe_cell
from organisations import audit, verification
from organisations.models import AuditEvent, Membership
from organisations.verification import REFERENCE, SECRET, Attempt, Checked

MAX_ROWS = 5000
MAX_TYPED = 40  # longer than any ID Number or reference: a cell pasted in the wrong column
HEADERS = {
    ("candidate_id", "secret_number"): SECRET,
    ("candidate_id", "secret_number", "date_of_birth"): SECRET,
    ("reference", "date_of_birth"): REFERENCE,
}
MATCH, NO_MATCH, MALFORMED, NOT_CHECKED = "match", "no_match", "malformed", "not_checked"
NEEDS_DATE_OF_BIRTH = "needs_date_of_birth"
COLUMNS = [
    gettext_lazy("Line"),
    gettext_lazy("ID Number or reference"),
    gettext_lazy("Outcome"),
    gettext_lazy("Exam"),
    gettext_lazy("Session"),
    gettext_lazy("Result"),
    gettext_lazy("Overall score"),
    gettext_lazy("Name"),
    gettext_lazy("Date of birth"),
]
# The latest report lives in the user's own session rather than in a table: its download
# link then works for that user only, and nothing needs pruning. 5,000 rows of short text
# is a few hundred kilobytes in the database-backed session.
SESSION_KEY = "rvs_bulk_report"


class FileRefused(Exception):
    """The file as a whole cannot be used; the message says why, for the uploader."""


class Row(NamedTuple):
    line: int
    typed: str  # the ID Number or reference, never the Secret Number
    attempt: Attempt | None
    problem: str = ""


class ReportRow(NamedTuple):
    kind: str
    line: int
    typed: str
    outcome: str
    exam: str = ""
    session: str = ""
    grade: str = ""
    score: str = ""
    name: str = ""
    date_of_birth: str = ""


def read_rows(upload: BinaryIO) -> list[Row]:
    try:
        with CsvReader(upload) as reader:
            method = _method(reader.header)
            rows = list(islice(reader.rows(progress=False), MAX_ROWS + 1))
    except CsvInputError as exc:
        raise FileRefused(_unreadable(exc)) from None
    if len(rows) > MAX_ROWS:
        raise FileRefused(
            _(
                "The file has more than %(max)s rows. Split it into smaller files; "
                "nothing was verified."
            )
            % {"max": f"{MAX_ROWS:,}"}
        )
    if not rows:
        raise FileRefused(_("The file has a header but no rows to verify."))
    parse = _parse_secret if method == SECRET else _parse_reference
    return [parse(row, len(reader.header)) for row in rows]


def _method(header: list[str]) -> str:
    method = HEADERS.get(tuple(name.lower() for name in header))
    if method is None:
        raise FileRefused(
            _(
                "The first line must be the header candidate_id,secret_number (or "
                "candidate_id,secret_number,date_of_birth) or reference,date_of_birth."
            )
        )
    return method


def _unreadable(exc: CsvInputError) -> str:
    if exc.problem == CsvInputError.NOT_UTF8:
        return _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")
    if exc.problem == CsvInputError.EMPTY:
        return _("The file is empty.")
    return _("The file is not a CSV file we can read (line %(line)s).") % {"line": exc.line}


def _cells(row: CsvRow, width: int) -> tuple[list[str], str]:
    """The header's `width` values, and a problem if the line has more."""
    values = [*row.values.values(), "", "", ""][:width]
    problem = ""
    if row.width > width:
        problem = (
            _("more than two values on the line")
            if width == 2
            else _("more than three values on the line")
        )
    return values, problem


def _parse_secret(row: CsvRow, width: int) -> Row:
    (typed, secret, *rest), problem = _cells(row, width)
    typed = normalize_candidate_id(typed)  # before its length: `ß` typed is `SS`
    problem = problem or _missing("candidate_id", typed) or _missing("secret_number", secret)
    if not problem and len(typed) > verification.MAX_ID_LENGTH:
        problem = _("candidate_id is longer than 32 characters")
    born = rest[0] if rest else ""  # the optional date_of_birth column
    date_of_birth = parse_date(born) if born else None
    if not problem and born and date_of_birth is None:
        problem = _("date_of_birth is not a date like 2008-04-02")
    if problem:
        return Row(row.line, typed[:MAX_TYPED], None, problem)
    return Row(row.line, typed, Attempt.by_secret(typed, secret, date_of_birth))


def _parse_reference(row: CsvRow, width: int) -> Row:
    (typed, born), problem = _cells(row, width)
    problem = problem or _missing("reference", typed) or _missing("date_of_birth", born)
    if not problem and len(typed) > MAX_TYPED:
        problem = _("reference is longer than %(max)s characters") % {"max": MAX_TYPED}
    date_of_birth = parse_date(born)
    if not problem and date_of_birth is None:
        problem = _("date_of_birth is not a date like 2008-04-02")
    if problem or date_of_birth is None:
        return Row(row.line, typed[:MAX_TYPED], None, problem)
    return Row(row.line, typed, Attempt.by_reference(typed, date_of_birth))


def _missing(column: str, value: str) -> str:
    return "" if value else _("empty %(column)s") % {"column": column}


def verify_rows(membership: Membership, rows: list[Row], ip_address: str | None) -> list[ReportRow]:
    """Checks the well-formed rows, in file order, and reports every row."""
    attempts = [row.attempt for row in rows if row.attempt is not None]
    with transaction.atomic():
        checked = iter(verification.check(membership, attempts, ip_address, bulk=True))
        report = [
            line
            for row in rows
            for line in _report(row, next(checked) if row.attempt is not None else None)
        ]
        audit.record(membership, AuditEvent.Action.BULK_VERIFY, params=_summary(report))
    return report


def _report(row: Row, checked: Checked | None) -> list[ReportRow]:
    if checked is None:
        outcome = _("Malformed: %(reason)s") % {"reason": row.problem}
        return [ReportRow(MALFORMED, row.line, row.typed, outcome)]
    if checked.paused_until is not None:
        time = verification.format_time(checked.paused_until)
        outcome = _("Not checked: verification paused until %(time)s") % {"time": time}
        return [ReportRow(NOT_CHECKED, row.line, row.typed, outcome)]
    if checked.needs_date_of_birth:
        outcome = _(
            "Not checked: many unsuccessful attempts with this ID Number; "
            "add the candidate's date of birth in a date_of_birth column"
        )
        return [ReportRow(NEEDS_DATE_OF_BIRTH, row.line, row.typed, outcome)]
    if not checked.results:
        return [ReportRow(NO_MATCH, row.line, row.typed, _("No match"))]
    # A candidate may hold several released results: one report line for each.
    return [
        ReportRow(
            MATCH,
            row.line,
            row.typed,
            _("Match"),
            exam=result.entry.session.exam.name,
            session=result.entry.session.date.isoformat(),
            grade=result.grade,
            score=str(result.overall_score),
            name=result.entry.candidate.full_name,
            date_of_birth=result.entry.candidate.date_of_birth.isoformat(),
        )
        for result in checked.results
    ]


def counts(report: list[ReportRow]) -> Counter[str]:
    """How many file lines had each outcome (a line with two results counts once)."""
    return Counter(kind for _line, kind in {(row.line, row.kind) for row in report})


def _summary(report: list[ReportRow]) -> dict[str, int]:
    """The counts for the audit log, which puts them into words when it is read."""
    found = counts(report)
    return {
        "rows": sum(found.values()),
        "match": found[MATCH],
        "no_match": found[NO_MATCH],
        "malformed": found[MALFORMED],
        "not_checked": found[NOT_CHECKED],
        "needs_date_of_birth": found[NEEDS_DATE_OF_BIRTH],
    }


class TextSink(Protocol):
    """Where write_csv writes: a text file, a StringIO or an HttpResponse."""

    def write(self, text: str, /) -> object: ...


def write_csv(report: list[ReportRow], out: TextSink) -> None:
    out.write("\ufeff")  # Excel reads UTF-8 (Japanese names) only after a BOM
    writer = csv.writer(out)
    writer.writerow([str(column) for column in COLUMNS])
    writer.writerows([safe_cell(cell) for cell in row[1:]] for row in report)


def remember(session: SessionBase, report: list[ReportRow]) -> str:
    """Keeps the report for its CSV download; returns the id its link carries."""
    report_id = str(uuid.uuid4())
    session[SESSION_KEY] = {"id": report_id, "rows": [list(row) for row in report]}
    return report_id


def recall(session: SessionBase, report_id: str) -> list[ReportRow] | None:
    stored = session.get(SESSION_KEY)
    if not stored or stored.get("id") != report_id:
        return None
    return [ReportRow(*row) for row in stored["rows"]]
