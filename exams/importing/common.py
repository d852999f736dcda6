"""What the exam-board imports share: error log, file opening, cell parsing, session lookup."""

import heapq
import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exams.models import Exam, ExamSession, normalize_candidate_id
from lib.csvrows import CsvInputError, CsvReader, CsvRow, Source

BATCH_SIZE = 1000
MAX_SHOWN_ERRORS = 200
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"-?[0-9]+")
_WEB_URL = URLValidator(schemes=["http", "https"])


class RowError(NamedTuple):
    line: int | None
    message: str


class ErrorLog:
    """All errors of one file in line order; keeps the first few hundred, counts the rest."""

    def __init__(self, limit: int = MAX_SHOWN_ERRORS) -> None:
        self.limit = limit
        self.shown: list[RowError] = []
        self.total = 0

    def __bool__(self) -> bool:
        return self.total > 0

    def add(self, line: int | None, message: str) -> None:
        self.total += 1
        if len(self.shown) < self.limit:
            self.shown.append(RowError(line, message))

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in sorted(errors, key=lambda error: error.line or 0):
            self.add(*error)

    def merge(self, found: list[RowError], total: int) -> None:
        """Adds errors found apart from these (`found` in line order, the first of `total`)."""
        merged = heapq.merge(self.shown, found, key=lambda error: error.line or 0)
        self.shown = list(itertools.islice(merged, self.limit))
        self.total += total

    def lines(self) -> list[str]:
        lines = [_format(error) for error in self.shown]
        hidden = self.total - len(self.shown)
        if hidden:
            lines.append(
                ngettext("… and %(n)d more error", "… and %(n)d more errors", hidden)
                % {"n": hidden}
            )
        return lines


class ImportRejected(Exception):
    """Nothing from the file was applied; `errors` says why."""

    def __init__(self, errors: ErrorLog) -> None:
        super().__init__("\n".join(errors.lines()))
        self.errors = errors

    @classmethod
    def single(cls, message: str, line: int | None = None) -> "ImportRejected":
        errors = ErrorLog()
        errors.add(line, message)
        return cls(errors)


def command_error(source: object, exc: ImportRejected) -> CommandError:
    """The message a management command ends with when a file is rejected."""
    count = exc.errors.total
    headline = ngettext(
        "Nothing was imported from %(file)s: %(count)d error.",
        "Nothing was imported from %(file)s: %(count)d errors.",
        count,
    ) % {"file": source, "count": count}
    return CommandError("\n".join([headline, *exc.errors.lines()]))


@contextmanager
def open_csv(source: Source) -> Iterator[CsvReader]:
    """The file's reader; any problem reading it, now or mid-file, becomes ImportRejected."""
    try:
        with CsvReader(source) as reader:
            yield reader
    except CsvInputError as exc:
        raise ImportRejected.single(_describe(exc), exc.line) from None


def check_header(header: list[str], expected: list[str], optional: list[str] | None = None) -> None:
    """The header is `expected`, or `expected` then the `optional` columns."""
    if header == expected or (optional and header == expected + optional):
        return
    if optional:
        message = _("the header must be %(expected)s (or end with %(optional)s), not %(found)s")
    else:
        message = _("the header must be %(expected)s, not %(found)s")
    values = {"expected": ",".join(expected), "found": ",".join(header)}
    raise ImportRejected.single(message % {**values, "optional": ",".join(optional or [])}, line=1)


class Cells:
    """Reads typed values from one row, collecting a message for each bad cell."""

    def __init__(self, row: CsvRow) -> None:
        self.row = row
        self.errors: list[RowError] = []

    def problem(self, message: str) -> None:
        self.errors.append(RowError(self.row.line, message))

    def text(self, column: str, *, max_length: int, required: bool = True) -> str:
        value = self.row.get(column)
        if required and not value:
            self.problem(_("%(column)s is empty") % {"column": column})
        elif len(value) > max_length:
            self.problem(
                _("%(column)s is longer than %(max)d characters")
                % {"column": column, "max": max_length}
            )
        return value

    def id_number(self, column: str) -> str:
        """An ID Number, normalised first (`ß` becomes `SS`, full width becomes ASCII) and
        measured after: the database column holds 32 characters."""
        value = normalize_candidate_id(self.row.get(column))
        if not value:
            self.problem(_("%(column)s is empty") % {"column": column})
        elif len(value) > 32:
            self.problem(
                _("%(column)s is longer than %(max)d characters") % {"column": column, "max": 32}
            )
        return value

    def date(self, column: str) -> date | None:
        value = self.text(column, max_length=64)  # longer is reported as "not a date"
        if not value:
            return None
        try:
            if _ISO_DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.problem(
            _("%(column)s %(value)s is not a date like 2025-06-14")
            % {"column": column, "value": value}
        )
        return None

    def integer(self, column: str) -> int | None:
        value = self.row.get(column)
        if not value:
            self.problem(_("%(column)s is empty") % {"column": column})
        elif not _INTEGER.fullmatch(value):
            self.problem(
                _("%(column)s %(value)s is not a whole number") % {"column": column, "value": value}
            )
        else:
            return int(value)
        return None

    def email(self, column: str) -> str:
        value = self.text(column, max_length=254, required=False)
        try:
            if value:
                validate_email(value)
        except ValidationError:
            self.problem(
                _("%(column)s %(value)s is not an email address")
                % {"column": column, "value": value}
            )
        return value

    def url(self, column: str) -> str:
        value = self.text(column, max_length=200, required=False)
        try:
            if value:
                _WEB_URL(value)
        except ValidationError:
            self.problem(
                _("%(column)s %(value)s is not a web address like https://example.org/")
                % {"column": column, "value": value}
            )
        return value

    def width_matches(self, expected: int) -> bool:
        if self.row.width == expected:
            return True
        self.problem(
            _("expected %(expected)d values, found %(found)d")
            % {"expected": expected, "found": self.row.width}
        )
        return False


def exams_by_code() -> dict[str, Exam]:
    """Every exam with its components and bands, keyed by upper-case code (codes are short)."""
    exams = Exam.objects.prefetch_related("components", "bands")
    return {exam.code.upper(): exam for exam in exams}


def find_exam(exams: dict[str, Exam], cells: Cells) -> Exam | None:
    code = cells.text("exam_code", max_length=20)
    exam = exams.get(code.upper())
    if code and exam is None:
        cells.problem(_("unknown exam %(code)s") % {"code": code})
    return exam


@dataclass(slots=True)
class SessionMet:
    """An (exam, date) pair a file names, and its session if there is one."""

    exam: Exam
    day: date
    session: ExamSession | None

    def __str__(self) -> str:
        return f"{self.exam.code} {self.day.isoformat()}"


class Sessions:
    """Exam sessions met so far, by (exam, date): a file holds only a handful. Each gets a
    small number (`ref`) that staged rows carry, so that messages can name it."""

    def __init__(self) -> None:
        self._refs: dict[tuple[int, date], int] = {}
        self.met: list[SessionMet] = []

    def find(self, exam: Exam, day: date) -> int:
        """The ref of (exam, day); `met[ref].session` is None when there is no session."""
        key = (exam.id, day)
        if key not in self._refs:
            # Locked until the import commits: a release waits for it (its UPDATE blocks),
            # so a session cannot be released between our check and our writes.
            sessions = ExamSession.objects.select_for_update(of=("self",)).select_related("exam")
            session = sessions.filter(exam=exam, date=day).first()
            self._refs[key] = len(self.met)
            self.met.append(SessionMet(exam, day, session))
        return self._refs[key]

    def get_or_create(self, exam: Exam, day: date) -> ExamSession:
        met = self.met[self.find(exam, day)]
        if met.session is None:
            met.session = ExamSession.objects.create(exam=exam, date=day)
        return met.session


def _format(error: RowError) -> str:
    if error.line is None:
        return error.message
    return _("line %(line)d: %(message)s") % {"line": error.line, "message": error.message}


def _describe(exc: CsvInputError) -> str:
    messages = {
        CsvInputError.MISSING: _("the file does not exist"),
        CsvInputError.UNREADABLE: _("the file cannot be read (%(detail)s)"),
        CsvInputError.NOT_UTF8: _(
            "the file is not UTF-8 text; save it as “CSV UTF-8” "
            "(Shift_JIS and UTF-16 files are not accepted)"
        ),
        CsvInputError.EMPTY: _("the file is empty; it must start with a header line"),
        CsvInputError.MALFORMED: _("this is not valid CSV (%(detail)s)"),
    }
    return messages[exc.problem] % {"detail": exc.detail}
