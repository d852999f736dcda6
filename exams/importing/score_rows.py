"""Checks one row of a results CSV against the exam it names, before any database lookup."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from exams.importing.common import Cells, ImportRejected, RowError, find_exam
from exams.models import Exam, GradeBand
from lib.csvrows import CsvRow

FIXED_COLUMNS = ["candidate_id", "exam_code", "session_date", "overall_score"]


@dataclass(slots=True)
class ScoreRow:
    line: int
    candidate_id: str
    exam: Exam
    session_date: date
    overall_score: int
    component_scores: dict[str, int]
    band: GradeBand


def check_results_header(header: list[str]) -> list[str]:
    """The component columns that follow the fixed ones."""
    components = header[len(FIXED_COLUMNS) :]
    if header[: len(FIXED_COLUMNS)] != FIXED_COLUMNS:
        problem = _("the header must start with %(expected)s, not %(found)s") % {
            "expected": ",".join(FIXED_COLUMNS),
            "found": ",".join(header),
        }
    elif "" in components:
        problem = _("the header has an empty column name")
    elif len(set(components)) < len(components):
        problem = _("the header names a column twice")
    else:
        return components
    raise ImportRejected.single(problem, line=1)


class ScoreRowParser:
    """Turns CSV rows into ScoreRows. It remembers nothing per row, so that memory stays
    flat: rows given twice are found in the staging table (exams/importing/results.py)."""

    def __init__(self, exams: dict[str, Exam], header: list[str]) -> None:
        self.exams = exams
        self.width = len(header)
        self.columns = header[len(FIXED_COLUMNS) :]
        self.layouts: dict[int, tuple[list[tuple[str, bool]], list[str]]] = {}
        # A scale has a few hundred scores: each band is looked up once, not once a row.
        self.bands: dict[tuple[int, int], GradeBand | None] = {}

    def parse(self, csv_row: CsvRow, problems: list[RowError]) -> ScoreRow | None:
        cells = Cells(csv_row)
        if not cells.width_matches(self.width):
            problems.extend(cells.errors)
            return None
        candidate_id = cells.id_number("candidate_id")
        exam = find_exam(self.exams, cells)
        session_date = cells.date("session_date")
        overall = cells.integer("overall_score")
        row = None
        if exam is not None:
            scores = self._component_scores(cells, exam)
            band = self._band(cells, exam, overall)
            if not cells.errors and session_date and band and overall is not None:
                row = ScoreRow(
                    csv_row.line, candidate_id, exam, session_date, overall, scores, band
                )
        problems.extend(cells.errors)
        return None if cells.errors else row

    def _component_scores(self, cells: Cells, exam: Exam) -> dict[str, int]:
        codes, foreign = self._layout(exam)
        for column in foreign:
            if cells.row.get(column):
                cells.problem(
                    _("column %(column)s is not a component of %(exam)s")
                    % {"column": column, "exam": exam.code}
                )
        scores = {}
        for code, has_column in codes:
            if not has_column:
                cells.problem(
                    _("no %(column)s column for %(exam)s") % {"column": code, "exam": exam.code}
                )
            elif (score := cells.integer(code)) is not None and _on_scale(cells, exam, code, score):
                scores[code] = score
        return scores

    def _layout(self, exam: Exam) -> tuple[list[tuple[str, bool]], list[str]]:
        """The exam's components (with a column in the file or not) and the file's other
        columns, which must be empty: worked out once per exam, not once per row."""
        if exam.id not in self.layouts:
            codes = [item.code for item in exam.components.all()]
            self.layouts[exam.id] = (
                [(code, code in self.columns) for code in codes],
                [column for column in self.columns if column not in codes],
            )
        return self.layouts[exam.id]

    def _band(self, cells: Cells, exam: Exam, overall: int | None) -> GradeBand | None:
        if overall is None or not _on_scale(cells, exam, "overall_score", overall):
            return None
        key = (exam.id, overall)
        if key not in self.bands:
            self.bands[key] = exam.band_for(overall)
        band = self.bands[key]
        if band is None:
            cells.problem(
                _("overall_score %(score)d is in no grade band of %(exam)s")
                % {"score": overall, "exam": exam.code}
            )
        return band


def _on_scale(cells: Cells, exam: Exam, column: str, score: int) -> bool:
    if exam.score_min <= score <= exam.score_max:
        return True
    cells.problem(
        _("%(column)s %(score)d is outside the %(exam)s scale %(min)d–%(max)d")
        % {
            "column": column,
            "score": score,
            "exam": exam.code,
            "min": exam.score_min,
            "max": exam.score_max,
        }
    )
    return False
