"""The look of the Statement of Results: its font, colours, text styles and page furniture."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import TableStyle

FONT = "IPAexGothic"
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "ipaexg.ttf"

INK = colors.HexColor("#1b2533")
MUTED = colors.HexColor("#5a6678")
BRAND = colors.HexColor(settings.BOARD_PRIMARY_COLOUR)
ACCENT = colors.HexColor("#b8913a")
TINT = colors.HexColor("#eef3f8")
RULE = colors.HexColor("#c5cfdb")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
HEADER_HEIGHT = 28 * mm
FOOTER_Y = 14 * mm


@cache
def register_font() -> str:
    """Registers IPAexGothic with ReportLab, once per process.

    A TrueType (glyf) font, so ReportLab embeds a subset of it in every PDF: the
    statement reads the same on any machine. ReportLab's own Japanese CID fonts are never
    embedded, and it cannot read the CFF outlines of Noto CJK.
    """
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


def _style(name: str, language: str, size: float, **options: object) -> ParagraphStyle:
    options.setdefault("textColor", INK)
    options.setdefault("leading", size * 1.35)
    return ParagraphStyle(
        name,
        fontName=register_font(),
        fontSize=size,
        # Japanese has no spaces between words: break lines between any two characters.
        wordWrap="CJK" if language == "ja" else None,
        **options,
    )


@cache
def text_styles(language: str) -> dict[str, ParagraphStyle]:
    return {
        "title": _style("title", language, 22, textColor=BRAND, spaceAfter=3 * mm),
        "intro": _style("intro", language, 9.5, textColor=MUTED, spaceAfter=6 * mm),
        "section": _style("section", language, 10.5, textColor=BRAND, spaceAfter=1.5 * mm),
        "label": _style("label", language, 8.5, textColor=MUTED),
        "value": _style("value", language, 10.5),
        "figure": _style("figure", language, 15, textColor=BRAND),
        "head": _style("head", language, 9, textColor=colors.white),
        "reference": _style("reference", language, 26, textColor=BRAND, leading=32),
        "small": _style("small", language, 8.5, textColor=MUTED),
    }


def table_style(*commands: tuple) -> TableStyle:
    """A TableStyle in our font: a table's own default, Helvetica, would not be embedded."""
    return TableStyle([("FONT", (0, 0), (-1, -1), register_font()), *commands])


@dataclass(frozen=True)
class PageFurniture:
    """Draws the header band and the footer on every page (ReportLab's onPage callback)."""

    board_name: str
    board_subtitle: str
    footer_left: str
    footer_right: str

    def __call__(self, canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        self._header(canvas)
        self._footer(canvas)
        canvas.restoreState()

    def _header(self, canvas: Canvas) -> None:
        bottom = PAGE_HEIGHT - HEADER_HEIGHT
        canvas.setFillColor(BRAND)
        canvas.rect(0, bottom, PAGE_WIDTH, HEADER_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(ACCENT)
        canvas.rect(0, bottom - 1.2 * mm, PAGE_WIDTH, 1.2 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(FONT, 17)
        canvas.drawString(MARGIN, bottom + 14 * mm, self.board_name)
        canvas.setFont(FONT, 9)
        canvas.drawString(MARGIN, bottom + 7.5 * mm, self.board_subtitle)

    def _footer(self, canvas: Canvas) -> None:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, FOOTER_Y + 4.5 * mm, PAGE_WIDTH - MARGIN, FOOTER_Y + 4.5 * mm)
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, FOOTER_Y, self.footer_left)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_Y, self.footer_right)
