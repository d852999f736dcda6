"""Where a result's scores sit on the exam's scale, as data for a server-rendered SVG.

The chart is one row per score (overall first, then each component): a bar along the
scale from its lowest to its highest score, the grade bands marked along it, and the
score marked and written out, so nothing depends on colour.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from exams.api import Exam, Result

WIDTH, LEFT, RIGHT, ROW = 640, 150, 60, 44


@dataclass(frozen=True)
class ChartRow:
    label: str
    score: int
    y: int
    x: float  # where the score sits

    @property
    def text_y(self) -> int:
        return self.y + 5


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


def _x(exam: Exam, score: int) -> float:
    span = max(exam.score_max - exam.score_min, 1)
    clamped = min(max(score, exam.score_min), exam.score_max)
    return LEFT + (clamped - exam.score_min) / span * (WIDTH - LEFT - RIGHT)


def chart_for(result: Result) -> dict[str, object]:
    exam = result.entry.session.exam
    rows = [(_("Overall score"), result.overall_score)]
    for component, score in result.component_scores_in_order():
        if score is not None:
            rows.append((component.name, int(score)))
    chart_rows = [
        ChartRow(label=label, score=score, y=30 + i * ROW, x=round(_x(exam, score), 1))
        for i, (label, score) in enumerate(rows)
    ]
    ticks = [
        Tick(x=round(_x(exam, band.min_score), 1), label=str(band.min_score))
        for band in exam.bands.all()
        if band.min_score > exam.score_min
    ]
    return {
        "rows": chart_rows,
        "ticks": ticks,
        "width": WIDTH,
        "height": 30 + len(rows) * ROW + 10,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "min": exam.score_min,
        "max": exam.score_max,
    }
