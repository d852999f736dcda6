"""Where a result's scores sit on the exam's scale, as data for a server-rendered chart.

The chart is one row per score (overall first, then each component): its name and score
as text, which wraps on a phone, and under them a bar along the scale with the grade
bands marked and the score as a circle, so nothing depends on colour. Positions are
percentages of the bar's width, so the bars fit any screen and the text keeps its size
(an SVG scaled by a viewBox shrinks its text with it: unreadable at 320 px). Under the
bars, one line of labels says where the scale and each band start.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from exams.api import Exam, Result

# The narrowest bar (a 320 px screen less the page's and the chart's padding), and how
# wide a digit of the axis labels is there: labels closer than that go on a second line.
NARROWEST_PX, DIGIT_PX, GAP_PX = 250, 8, 6


@dataclass(frozen=True)
class ChartRow:
    label: str
    score: int
    x: float  # where the score sits, in % of the bar


@dataclass(frozen=True)
class AxisLabel:
    x: float  # % of the bar
    text: str
    anchor: str  # SVG text-anchor: the scale's ends stay inside the bar
    line: int = 0  # 0 or 1: a label too close to the one before goes on a second line

    @property
    def y(self) -> int:
        return 14 + self.line * 16


def _x(exam: Exam, score: int) -> float:
    span = max(exam.score_max - exam.score_min, 1)
    clamped = min(max(score, exam.score_min), exam.score_max)
    return round((clamped - exam.score_min) / span * 100, 2)


def _extent(label: AxisLabel) -> tuple[float, float]:
    """Where the label's text starts and ends on the narrowest bar, in px."""
    at, width = label.x / 100 * NARROWEST_PX, len(label.text) * DIGIT_PX
    start = {"start": at, "middle": at - width / 2, "end": at - width}[label.anchor]
    return start, start + width


def _lines(labels: list[AxisLabel]) -> list[AxisLabel]:
    """The labels, each on the first line where it does not touch the one before."""
    ends = [float("-inf"), float("-inf")]
    placed = []
    for label in sorted(labels, key=lambda label: label.x):
        start, end = _extent(label)
        line = next((i for i, last in enumerate(ends) if start >= last + GAP_PX), 1)
        ends[line] = end
        placed.append(AxisLabel(label.x, label.text, label.anchor, line))
    return placed


def chart_for(result: Result) -> dict[str, object]:
    exam = result.entry.session.exam
    scores = [(_("Overall score"), result.overall_score)]
    for component, score in result.component_scores_in_order():
        if score is not None:
            scores.append((component.name, int(score)))
    inside = range(exam.score_min + 1, exam.score_max)  # not the scale's own ends
    starts = sorted({band.min_score for band in exam.bands.all() if band.min_score in inside})
    ticks = [_x(exam, start) for start in starts]
    axis = _lines(
        [
            AxisLabel(0, str(exam.score_min), "start"),
            *(AxisLabel(_x(exam, start), str(start), "middle") for start in starts),
            AxisLabel(100, str(exam.score_max), "end"),
        ]
    )
    return {
        "rows": [ChartRow(label, score, _x(exam, score)) for label, score in scores],
        "ticks": ticks,
        "axis": axis,
        "axis_height": 36 if any(label.line for label in axis) else 20,
        "min": exam.score_min,
        "max": exam.score_max,
    }
