"""Results import: scores per entry, graded by the exam's bands; amendments keep revisions.

Rows are checked one by one while the file streams into a staging table; what needs the
database (candidate, entry, current result, rows given twice) is then checked for all
rows at once, and applied with three statements (docs/decisions/0012).
"""

import json
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exams.importing import result_sql
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
from exams.importing.staging import Row, Staging, add_errors, execute, fetch
from exams.models import Result
from exams.signals import results_imported
from lib.csvrows import CsvRow, Source, batches


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
    previous version as a ResultRevision; then `results_imported` names those sessions.
    """
    with open_csv(source) as reader, transaction.atomic():
        check_results_header(reader.header)
        run = _ResultsImport(reader.header, amend)
        for chunk in batches(reader.rows(progress), BATCH_SIZE):
            run.add(chunk)
        return run.finish()


class _ResultsImport:
    def __init__(self, header: list[str], amend: bool) -> None:
        self.parser = ScoreRowParser(exams_by_code(), header)
        self.amend = amend
        self.sessions = Sessions()
        self.errors = ErrorLog()
        self.staging = Staging(result_sql.ROWS, result_sql.ROW_COLUMNS)
        self.staging.create()

    def add(self, chunk: list[CsvRow]) -> None:
        problems: list[RowError] = []
        rows = [
            self._staged(row) for csv_row in chunk if (row := self.parser.parse(csv_row, problems))
        ]
        self.errors.extend(problems)
        self.staging.load(rows)

    def _staged(self, row: ScoreRow) -> Row:
        ref = self.sessions.find(row.exam, row.session_date)
        session = self.sessions.met[ref].session
        scores = json.dumps(row.component_scores)  # as Django writes a JSONField
        session_id = None if session is None else session.id
        return (row.line, row.candidate_id, ref, session_id, row.band.id, row.overall_score, scores)

    def finish(self) -> ResultsReport:
        """Checks every staged row against the database; applies them all or raises."""
        self.staging.analyze()
        execute(result_sql.checked(self.staging.sql))
        execute(f"ANALYZE {result_sql.CHECKED}")
        add_errors(self.errors, result_sql.PROBLEMS, {"amend": self.amend}, self._describe)
        if self.errors:
            raise ImportRejected(self.errors)
        report = ResultsReport(*fetch(result_sql.COUNTS)[0])
        released = [pk for (pk,) in fetch(result_sql.RELEASED_SESSIONS)]
        self._apply()
        if released:
            results_imported.send(sender=Result, session_ids=released)
        execute(f"DROP TABLE {result_sql.CHECKED}")
        self.staging.drop()
        return report

    def _apply(self) -> None:
        params = {"now": connection.ops.adapt_datetimefield_value(timezone.now())}
        for statement in result_sql.apply(self.staging.sql):
            execute(statement, params)

    def _describe(self, kind: int, *values: Any) -> str:
        first_line, candidate_id, ref, has_result = values
        session = self.sessions.met[ref]
        messages = {
            result_sql.DUPLICATE: lambda: _("duplicate of line %(line)d") % {"line": first_line},
            result_sql.UNKNOWN_CANDIDATE: lambda: (
                _("unknown ID Number %(id)s") % {"id": candidate_id}
            ),
            result_sql.NO_SESSION: lambda: (
                _("there is no %(exam)s session on %(date)s")
                % {"exam": session.exam.code, "date": session.day.isoformat()}
            ),
            result_sql.NO_ENTRY: lambda: (
                _("ID Number %(id)s has no entry for %(session)s")
                % {"id": candidate_id, "session": session}
            ),
            result_sql.RELEASED: lambda: _refusal(bool(has_result)) % {"session": session},
        }
        return messages[kind]()


def _refusal(has_result: bool) -> str:
    if has_result:
        return _("the result for %(session)s is already released; use --amend")
    return _("%(session)s is already released; use --amend to add a result to it")
