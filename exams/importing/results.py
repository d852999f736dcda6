"""Results import: scores per entry, graded by the exam's bands; amendments keep revisions."""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exams.importing.common import (
    BATCH_SIZE,
    ErrorLog,
    ImportRejected,
    RowError,
    Sessions,
    exams_by_code,
    open_csv,
)
from exams.importing.score_rows import ScoreRow, ScoreRowParser, check_results_header
from exams.models import Candidate, Entry, ExamSession, Result, ResultRevision
from lib.csvrows import CsvRow, Source, batches

_RESULT_FIELDS = [
    "overall_score",
    "grade_en",
    "grade_ja",
    "cefr_level",
    "component_scores",
    "imported_at",
    "amended_at",
]


@dataclass
class ResultsReport:
    new: int = 0
    replaced: int = 0
    amended: int = 0
    unchanged: int = 0

    @property
    def results(self) -> int:
        return self.new + self.replaced + self.amended + self.unchanged

    def summary(self) -> str:
        results = ngettext("%(n)d result", "%(n)d results", self.results) % {"n": self.results}
        return _(
            "Imported %(results)s (%(new)d new, %(replaced)d replaced, %(amended)d amended, "
            "%(unchanged)d unchanged)."
        ) % {"results": results, **asdict(self)}


def import_results(
    source: Source, amend: bool = False, progress: bool | None = None
) -> ResultsReport:
    """Imports a results CSV: all rows or none (ImportRejected lists every bad line).

    A result whose session is released changes only with `amend=True`, which keeps the
    previous version as a ResultRevision.
    """
    with open_csv(source) as reader, transaction.atomic():
        check_results_header(reader.header)
        run = _ResultsImport(reader.header, amend)
        for chunk in batches(reader.rows(progress), BATCH_SIZE):
            run.add(chunk)
        if run.errors:
            raise ImportRejected(run.errors)
        return run.report


@dataclass(slots=True)
class _Target:
    """A checked row with the entry it belongs to and that entry's current result."""

    row: ScoreRow
    entry_id: int
    session: ExamSession
    current: Result | None


class _ResultsImport:
    def __init__(self, header: list[str], amend: bool) -> None:
        self.parser = ScoreRowParser(exams_by_code(), header)
        self.amend = amend
        self.sessions = Sessions()
        self.errors = ErrorLog()
        self.problems: list[RowError] = []  # of the batch being read
        self.report = ResultsReport()
        self.now = timezone.now()

    def add(self, chunk: list[CsvRow]) -> None:
        rows = [row for csv_row in chunk if (row := self.parser.parse(csv_row, self.problems))]
        targets = self._targets(rows)
        results: list[Result] = []
        revisions: list[ResultRevision] = []
        for target in targets:
            self._apply(target, results, revisions)
        self.errors.extend(self.problems)
        self.problems = []
        if not self.errors:  # after the first error, only look for more errors
            _save(results, revisions)

    def _targets(self, rows: list[ScoreRow]) -> list[_Target]:
        """Rows whose candidate, session and entry exist, with their entry's result."""
        candidates = dict(
            Candidate.objects.filter(
                candidate_id__in={row.candidate_id for row in rows}
            ).values_list("candidate_id", "pk")
        )
        pairs: dict[int, tuple[int, ExamSession]] = {}
        for row in rows:
            session = self.sessions.find(row.exam, row.session_date)
            if self._exists(row, session, candidates) and session is not None:
                pairs[row.line] = (candidates[row.candidate_id], session)
        entries = _entry_ids(pairs.values())
        results = Result.objects.in_bulk(entries.values(), field_name="entry_id")
        targets = []
        for row in rows:
            if row.line in pairs and (entry_id := self._entry_id(row, pairs, entries)):
                session = pairs[row.line][1]
                targets.append(_Target(row, entry_id, session, results.get(entry_id)))
        return targets

    def _exists(
        self, row: ScoreRow, session: ExamSession | None, candidates: dict[str, int]
    ) -> bool:
        if row.candidate_id not in candidates:
            self._problem(row, _("unknown ID Number %(id)s") % {"id": row.candidate_id})
        if session is None:
            self._problem(
                row,
                _("there is no %(exam)s session on %(date)s")
                % {"exam": row.exam.code, "date": row.session_date.isoformat()},
            )
        return row.candidate_id in candidates and session is not None

    def _entry_id(
        self, row: ScoreRow, pairs: dict[int, tuple[int, ExamSession]], entries: dict
    ) -> int | None:
        candidate_pk, session = pairs[row.line]
        entry_id = entries.get((candidate_pk, session.pk))
        if entry_id is None:
            self._problem(
                row,
                _("ID Number %(id)s has no entry for %(session)s")
                % {"id": row.candidate_id, "session": session},
            )
        return entry_id

    def _apply(
        self, target: _Target, results: list[Result], revisions: list[ResultRevision]
    ) -> None:
        """Decides between new, replaced, unchanged, amended and refused."""
        new = _result(target, self.now)
        current = target.current
        if current is not None and _same_result(current, new):
            self.report.unchanged += 1
        elif not target.session.is_released:
            results.append(new)
            self.report.new += current is None
            self.report.replaced += current is not None
        elif not self.amend:
            self._refuse(target)
        else:
            if current is not None:
                revisions.append(_revision(current, self.now))
                new.imported_at, new.amended_at = current.imported_at, self.now
            results.append(new)
            self.report.amended += 1

    def _refuse(self, target: _Target) -> None:
        if target.current is None:
            message = _("%(session)s is already released; use --amend to add a result to it")
        else:
            message = _("the result for %(session)s is already released; use --amend")
        self._problem(target.row, message % {"session": target.session})

    def _problem(self, row: ScoreRow, message: str) -> None:
        self.problems.append(RowError(row.line, message))


def _entry_ids(pairs: Iterable[tuple[int, ExamSession]]) -> dict[tuple[int, int], int]:
    """(candidate pk, session pk) -> entry pk, for the pairs given."""
    pairs = list(pairs)
    entries = Entry.objects.filter(
        candidate_id__in={pair[0] for pair in pairs},
        session_id__in={pair[1].pk for pair in pairs},
    ).values_list("candidate_id", "session_id", "pk")
    return {(candidate, session): pk for candidate, session, pk in entries}


def _result(target: _Target, now: datetime) -> Result:
    band = target.row.band
    return Result(
        entry_id=target.entry_id,
        overall_score=target.row.overall_score,
        grade_en=band.grade_en,
        grade_ja=band.grade_ja,
        cefr_level=band.cefr_level,
        component_scores=target.row.component_scores,
        imported_at=now,
    )


def _same_result(current: Result, new: Result) -> bool:
    fields = ["overall_score", "grade_en", "grade_ja", "cefr_level", "component_scores"]
    return all(getattr(current, name) == getattr(new, name) for name in fields)


def _revision(current: Result, now: datetime) -> ResultRevision:
    return ResultRevision(
        result=current,
        overall_score=current.overall_score,
        grade_en=current.grade_en,
        grade_ja=current.grade_ja,
        cefr_level=current.cefr_level,
        component_scores=current.component_scores,
        valid_from=current.amended_at or current.imported_at,
        replaced_at=now,
    )


def _save(results: list[Result], revisions: list[ResultRevision]) -> None:
    # One upsert for new, replaced and amended results; `uuid` is not among the update
    # fields, so a replaced result keeps the UUID its links were made with.
    Result.objects.bulk_create(
        results, update_conflicts=True, unique_fields=["entry"], update_fields=_RESULT_FIELDS
    )
    ResultRevision.objects.bulk_create(revisions)
