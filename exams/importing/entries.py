"""Entries import: candidates from the Confirmation of Entry and their exam sessions."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from exams.importing import entry_sql
from exams.importing.common import (
    BATCH_SIZE,
    Cells,
    ErrorLog,
    ImportRejected,
    RowError,
    Sessions,
    check_header,
    exams_by_code,
    find_exam,
    open_csv,
)
from exams.importing.staging import Row, Staging, add_errors, execute, fetch
from exams.models import hash_secret_number
from lib.csvrows import CsvRow, Source, batches

COLUMNS = [
    "candidate_id",
    "secret_number",
    "family_name",
    "given_name",
    "date_of_birth",
    "email",
    "exam_code",
    "session_date",
    "centre",
]
# Files written before exam centres had a Japanese name stay valid (and keep the names).
OPTIONAL_COLUMNS = ["centre_ja"]
_SECRET_NUMBER = re.compile(r"[A-Za-z0-9]{4,64}")
# What differs when one ID Number comes back as another person (entry_sql.PROBLEMS).
_CLASHES = [gettext_noop("Secret Number"), gettext_noop("name or date of birth")]


@dataclass
class EntriesReport:
    new: int = 0
    updated: int = 0
    session_ids: set[int] = field(default_factory=set)

    @property
    def entries(self) -> int:
        return self.new + self.updated

    def summary(self) -> str:
        entries = ngettext("%(n)d entry", "%(n)d entries", self.entries) % {"n": self.entries}
        sessions = len(self.session_ids)
        in_sessions = ngettext("%(n)d session", "%(n)d sessions", sessions) % {"n": sessions}
        return _("Imported %(entries)s (%(new)d new, %(updated)d updated) in %(sessions)s.") % {
            "entries": entries,
            "new": self.new,
            "updated": self.updated,
            "sessions": in_sessions,
        }


def import_entries(source: Source, progress: bool | None = None) -> EntriesReport:
    """Upserts candidates and entries from an entries CSV; all rows or none (ImportRejected).

    Rows are checked one by one while the file streams into a staging table; an ID Number
    given twice (as another person, or for one session twice) is found there, and the
    candidates and entries are then written with two statements (docs/decisions/0012).
    """
    with open_csv(source) as reader, transaction.atomic():
        check_header(reader.header, COLUMNS, OPTIONAL_COLUMNS)
        run = _EntriesImport(reader.header)
        for chunk in batches(reader.rows(progress), BATCH_SIZE):
            run.add(chunk)
        return run.finish()


class _EntriesImport:
    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.exams = exams_by_code()
        self.sessions = Sessions()
        self.errors = ErrorLog()
        self.staged = 0
        self.staging = Staging(entry_sql.ROWS, entry_sql.ROW_COLUMNS)
        self.staging.create()

    def add(self, chunk: list[CsvRow]) -> None:
        problems: list[RowError] = []
        rows = [row for csv_row in chunk if (row := self._parse(csv_row, problems))]
        self.errors.extend(problems)
        self.staging.load(rows)
        self.staged += len(rows)

    def _parse(self, csv_row: CsvRow, problems: list[RowError]) -> Row | None:
        cells = Cells(csv_row)
        if not cells.width_matches(len(self.header)):
            problems.extend(cells.errors)
            return None
        person = _person(cells)
        exam = find_exam(self.exams, cells)
        session_date = cells.date("session_date")
        centre = cells.text("centre", max_length=200, required=False)
        centre_ja = cells.text("centre_ja", max_length=200, required=False)
        problems.extend(cells.errors)
        if cells.errors or exam is None or session_date is None:
            return None
        session = self.sessions.get_or_create(exam, session_date)
        return (csv_row.line, *person, session.id, centre, centre_ja)

    def finish(self) -> EntriesReport:
        """Checks the staged rows against each other; applies them all or raises."""
        self.staging.analyze()
        add_errors(self.errors, entry_sql.PROBLEMS, None, self._describe)
        if self.errors:
            raise ImportRejected(self.errors)
        (updated,) = fetch(entry_sql.EXISTING)[0]
        candidates, entries = entry_sql.APPLY
        if "centre_ja" in self.header:
            entries = entries.rstrip("\n") + entry_sql.UPDATE_CENTRE_JA
        for statement in (candidates, entries):
            execute(statement)
        self.staging.drop()
        sessions = {met.session.pk for met in self.sessions.met if met.session is not None}
        return EntriesReport(self.staged - updated, updated, sessions)

    def _describe(self, kind: int, *values: Any) -> str:
        candidate_id, other_line, session_id = values
        if kind == entry_sql.REPEATED_ENTRY:
            met = next(m for m in self.sessions.met if m.session and m.session.pk == session_id)
            return _(
                "ID Number %(id)s is already entered for %(exam)s on %(date)s on line %(line)d"
            ) % {
                "id": candidate_id,
                "exam": met.exam.code,
                "date": met.day.isoformat(),
                "line": other_line,
            }
        return _("ID Number %(id)s is on line %(line)d with a different %(clash)s") % {
            "id": candidate_id,
            "line": other_line,
            "clash": _(_CLASHES[kind]),
        }


def _person(cells: Cells) -> tuple[Any, ...]:
    """The candidate's columns of the staging table, in entry_sql.ROW_COLUMNS order."""
    candidate_id = cells.id_number("candidate_id")
    secret_number = cells.row.get("secret_number")
    # The message never repeats the Secret Number: error output ends up in logs and emails.
    if not _SECRET_NUMBER.fullmatch(secret_number):
        cells.problem(_("secret_number must be 4 to 64 letters or digits"))
    return (
        candidate_id,
        hash_secret_number(secret_number),
        cells.text("family_name", max_length=150),
        cells.text("given_name", max_length=150, required=False),
        cells.date("date_of_birth"),
        cells.email("email"),
    )
