"""Entries import: candidates from the Confirmation of Entry and their exam sessions."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

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
from exams.models import Candidate, Entry, Exam, hash_secret_number
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
_SECRET_NUMBER = re.compile(r"[A-Za-z0-9]{4,64}")
# What differs when one ID Number comes back as another person (see _fingerprint).
_CLASHES = [gettext_noop("Secret Number"), gettext_noop("name or date of birth")]
_CANDIDATE_FIELDS = ["secret_number_hash", "family_name", "given_name", "date_of_birth", "email"]


@dataclass(slots=True)
class EntryRow:
    line: int
    candidate: Candidate
    exam: Exam
    session_date: date
    centre: str


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
    """Upserts candidates and entries from an entries CSV; all rows or none (ImportRejected)."""
    with open_csv(source) as reader, transaction.atomic():
        check_header(reader.header, COLUMNS)
        run = _EntriesImport()
        for chunk in batches(reader.rows(progress), BATCH_SIZE):
            run.add(chunk)
        if run.errors:
            raise ImportRejected(run.errors)
        return run.report


class _EntriesImport:
    def __init__(self) -> None:
        self.exams = exams_by_code()
        self.sessions = Sessions()
        self.errors = ErrorLog()
        self.report = EntriesReport()
        # Small keys only, so that 100,000-row files stay small in memory.
        self.people: dict[str, tuple[int, int, int]] = {}
        self.entry_lines: dict[tuple[str, int, date], int] = {}

    def add(self, chunk: list[CsvRow]) -> None:
        problems: list[RowError] = []
        rows = [row for csv_row in chunk if (row := self._parse(csv_row, problems))]
        self.errors.extend(problems)
        if not self.errors:  # after the first error, only look for more errors
            self._save(rows)

    def _parse(self, csv_row: CsvRow, problems: list[RowError]) -> EntryRow | None:
        cells = Cells(csv_row)
        if not cells.width_matches(len(COLUMNS)):
            problems.extend(cells.errors)
            return None
        candidate = _candidate(cells)
        exam = find_exam(self.exams, cells)
        session_date = cells.date("session_date")
        centre = cells.text("centre", max_length=200, required=False)
        if not cells.errors and exam is not None and session_date is not None:
            self._check_repeats(cells, candidate, exam, session_date)
        problems.extend(cells.errors)
        if cells.errors or exam is None or session_date is None:
            return None
        return EntryRow(csv_row.line, candidate, exam, session_date, centre)

    def _check_repeats(self, cells: Cells, person: Candidate, exam: Exam, day: date) -> None:
        """The same ID Number may recur (other exams), but as the same person, once a session."""
        key = person.candidate_id
        fingerprint = _fingerprint(person)
        first = self.people.setdefault(key, (*fingerprint, cells.row.line))
        for clash, seen, found in zip(_CLASHES, first, fingerprint, strict=False):
            if seen != found:
                cells.problem(
                    _("ID Number %(id)s is on line %(line)d with a different %(clash)s")
                    % {"id": key, "line": first[2], "clash": _(clash)}
                )
        line = self.entry_lines.setdefault((key, exam.pk, day), cells.row.line)
        if line != cells.row.line:
            cells.problem(
                _("ID Number %(id)s is already entered for %(exam)s on %(date)s on line %(line)d")
                % {"id": key, "exam": exam.code, "date": day.isoformat(), "line": line}
            )

    def _save(self, rows: list[EntryRow]) -> None:
        people = {row.candidate.candidate_id: row.candidate for row in rows}
        Candidate.objects.bulk_create(
            people.values(),
            update_conflicts=True,
            unique_fields=["candidate_id"],
            update_fields=_CANDIDATE_FIELDS,
        )
        ids = dict(
            Candidate.objects.filter(candidate_id__in=people).values_list("candidate_id", "pk")
        )
        entries = [self._entry(row, ids[row.candidate.candidate_id]) for row in rows]
        self._count(entries)
        Entry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["candidate", "session"],
            update_fields=["centre"],
        )

    def _entry(self, row: EntryRow, candidate_pk: int) -> Entry:
        session = self.sessions.get_or_create(row.exam, row.session_date)
        self.report.session_ids.add(session.pk)
        return Entry(candidate_id=candidate_pk, session_id=session.pk, centre=row.centre)

    def _count(self, entries: Iterable[Entry]) -> None:
        keys = {(entry.candidate_id, entry.session_id) for entry in entries}
        existing = Entry.objects.filter(
            candidate_id__in={key[0] for key in keys}, session_id__in={key[1] for key in keys}
        ).values_list("candidate_id", "session_id")
        updated = len(keys.intersection(existing))
        self.report.updated += updated
        self.report.new += len(keys) - updated


def _candidate(cells: Cells) -> Candidate:
    candidate_id = cells.id_number("candidate_id")
    secret_number = cells.row.get("secret_number")
    # The message never repeats the Secret Number: error output ends up in logs and emails.
    if not _SECRET_NUMBER.fullmatch(secret_number):
        cells.problem(_("secret_number must be 4 to 64 letters or digits"))
    # A missing date of birth is None alongside a reported problem: the row is not saved.
    return Candidate(  # type: ignore[misc]
        candidate_id=candidate_id,
        secret_number_hash=hash_secret_number(secret_number),
        family_name=cells.text("family_name", max_length=150),
        given_name=cells.text("given_name", max_length=150, required=False),
        date_of_birth=cells.date("date_of_birth"),
        email=cells.email("email"),
    )


def _fingerprint(person: Candidate) -> tuple[int, int]:
    # Hashes, not values: only "same or different" is needed to spot a clash.
    return (
        hash(person.secret_number_hash),
        hash((person.family_name, person.given_name, person.date_of_birth)),
    )
