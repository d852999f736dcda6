"""The Statement of Results as a PDF: an A4 page the candidate prints or sends on."""

import datetime as dt
import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from exams.api import Result
from notifications import api as notifications
from statements.models import Statement
from statements.pdf_styles import (
    BRAND,
    HEADER_HEIGHT,
    MARGIN,
    MUTED,
    PAGE_WIDTH,
    RULE,
    TINT,
    PageFurniture,
    register_font,
    table_style,
    text_styles,
)

CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
NOT_GIVEN = "–"


def render_statement(result: Result, statement: Statement, language: str) -> bytes:
    """The Statement of Results of `result`, with its labels in `language`."""
    buffer = io.BytesIO()
    with translation.override(language):
        board = board_name()
        doc = SimpleDocTemplate(
            buffer,
            title=_("Statement of Results"),
            author=board,
            subject=f"{result.entry.candidate.candidate_id} {result.entry.session.exam.name}",
            creator="ResultBridge",
            lang=language,
            initialFontName=register_font(),  # else the page opens with a non-embedded Helvetica
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=HEADER_HEIGHT + 12 * mm,
            bottomMargin=28 * mm,
        )
        furniture = _furniture(board, statement)
        doc.build(_story(result, statement), onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


def board_name() -> str:
    return notifications.board_name(translation.get_language())


def _other_board_name() -> str:
    """The board's name in the other language, under the main one: the statement is read
    by organisations abroad as well as in Japan."""
    if translation.get_language() == "ja":
        return settings.BOARD_NAME_EN
    return settings.BOARD_NAME_JA


def _furniture(board: str, statement: Statement) -> PageFurniture:
    return PageFurniture(
        board_name=board,
        board_subtitle=_other_board_name(),
        footer_left=f"{board} · {settings.BOARD_SUPPORT_EMAIL}",
        footer_right=_("Reference %(reference)s") % {"reference": statement.reference},
    )


def _story(result: Result, statement: Statement) -> list[Flowable]:
    styles = text_styles(translation.get_language())
    intro = _(
        "%(board)s certifies that the candidate named below took the exam shown and "
        "achieved the following result."
    ) % {"board": board_name()}
    return [
        Paragraph(escape(_("Statement of Results")), styles["title"]),
        Paragraph(escape(intro), styles["intro"]),
        *_section(_("Candidate details"), _candidate_rows(result)),
        *_section(_("Exam details"), _exam_rows(result)),
        *_section(_("Overall result"), []),
        _result_panel(result),
        Spacer(1, 6 * mm),
        *_section(_("Component scores"), []),
        _components_table(result),
        Spacer(1, 8 * mm),
        _reference_box(statement),
    ]


def _text(value: object, style: str = "value") -> Paragraph:
    """A table cell. Names and centres come from imports: escape them, they are not markup."""
    return Paragraph(escape(str(value)), text_styles(translation.get_language())[style])


def _date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")  # 13 June 2026 / 2026年6月13日


def _candidate_rows(result: Result) -> list[tuple[str, str]]:
    candidate = result.entry.candidate
    return [
        (_("Candidate name"), candidate.full_name),
        (_("ID Number"), candidate.candidate_id),
        (_("Date of birth"), _date(candidate.date_of_birth)),
    ]


def _exam_rows(result: Result) -> list[tuple[str, str]]:
    entry = result.entry
    return [
        (_("Exam"), entry.session.exam.name),
        (_("Session date"), _date(entry.session.date)),
        (_("Exam centre"), entry.centre_name or NOT_GIVEN),
    ]


def _section(heading: str, rows: list[tuple[str, str]]) -> list[Flowable]:
    flowables: list[Flowable] = [_text(heading, "section")]
    if rows:
        table = Table(
            [[_text(label, "label"), _text(value)] for label, value in rows],
            colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm],
        )
        table.setStyle(_rows_style())
        flowables += [table, Spacer(1, 5 * mm)]
    return flowables


def _rows_style() -> TableStyle:
    return table_style(
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, BRAND),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    )


def _overall_score(result: Result) -> Paragraph:
    """`85 (scale 0–100)`, the scale smaller: the score is what the reader looks for."""
    exam = result.entry.session.exam
    scale = _("(scale %(min)s–%(max)s)") % {"min": exam.score_min, "max": exam.score_max}
    small = f'<font size="10" color="{MUTED.hexval()}">{escape(scale)}</font>'
    markup = f"{result.overall_score} {small}"
    return Paragraph(markup, text_styles(translation.get_language())["figure"])


def _result_panel(result: Result) -> Table:
    """Result, overall score and CEFR level side by side, large: what a reader looks for first."""
    labels = [_("Result"), _("Overall score"), _("CEFR level")]
    figures = [
        _text(result.grade, "figure"),
        _overall_score(result),
        _text(result.cefr_level or NOT_GIVEN, "figure"),
    ]
    table = Table(
        [[_text(label, "label") for label in labels], figures],
        colWidths=[CONTENT_WIDTH * share for share in (0.4, 0.36, 0.24)],
    )
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, -1), TINT),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, BRAND),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, 0), 7),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
        )
    )
    return table


def _components_table(result: Result) -> Table:
    rows = [[_text(_("Component"), "head"), _text(_("Score"), "head")]]
    for component, score in result.component_scores_in_order():
        rows.append([_text(component.name), _text(NOT_GIVEN if score is None else score)])
    table = Table(rows, colWidths=[CONTENT_WIDTH - 40 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, 0), BRAND),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, TINT]),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        )
    )
    return table


def _reference_box(statement: Statement) -> Table:
    verify = _(
        "Organisations can verify this Statement of Results with its reference and the "
        "candidate's date of birth."
    )
    issued = _("Date of issue: %(date)s") % {"date": _date(timezone.localdate())}
    table = Table(
        [
            [_text(_("Statement of Results reference"), "label")],
            [_text(statement.reference, "reference")],
            [_text(verify, "small")],
            [_text(issued, "small")],
        ],
        colWidths=[CONTENT_WIDTH],
    )
    table.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.2, BRAND),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        )
    )
    return table
