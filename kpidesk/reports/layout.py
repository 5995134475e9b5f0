"""What every printed page shares: A4 portrait, firm name and title in the header, page x of y,
the document version and the audit chain's head (``anchor``) in the footer, styles, and
wrapped table cells."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, TableStyle

from kpidesk.core.entry import number_text
from kpidesk.i18n import gettext

from .anchor import ChainHead
from .fonts import PdfFont
from .wrap import break_lines

MARGIN = 15 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN
CELL_PADDING = 3
# The footer's rule; the version and page number under it, the audit anchor under them (7 mm
# from the paper's edge, inside what office printers print).
FOOTER_RULE = 14.5 * mm


@dataclass
class Page:
    """Per-document page furniture."""

    firm: str
    title: str
    version: str
    lang: str
    font: PdfFont
    anchor: ChainHead | None = None  # the audit chain's head when the run began, if any


class SectionStart(Flowable):
    """Page numbers count again from the page this stands on: a file of documents each handed
    out alone (a result notice per person) says "page 1 of 1" on each, and each one's last
    page carries the whole digest."""

    def wrap(self, *_args) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._sections.append(self.canv.getPageNumber())


def _numbered_canvas(page: Page):
    class NumberedCanvas(canvas.Canvas):
        """Keeps each page until the end so the footer can say 'page x of y'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._sections: list[int] = [1]  # the first page of each document in the file

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            starts = sorted(set(self._sections))
            ends = [start - 1 for start in starts[1:]] + [len(self._pages)]
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                start, end = next((s, e) for s, e in zip(starts, ends) if s <= number <= e)
                self._furniture(number - start + 1, end - start + 1)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            width, height = A4
            self.setFont(page.font.name, 8)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(MARGIN, height - 10 * mm, page.firm)
            self.drawRightString(width - MARGIN, height - 10 * mm, page.title)
            self.setStrokeColor(colors.HexColor("#999999"))
            self.line(MARGIN, height - 11.5 * mm, width - MARGIN, height - 11.5 * mm)
            self.line(MARGIN, FOOTER_RULE, width - MARGIN, FOOTER_RULE)
            self.drawString(MARGIN, FOOTER_RULE - 3.5 * mm, page.version)
            self.drawRightString(
                width - MARGIN,
                FOOTER_RULE - 3.5 * mm,
                gettext("Page {page} of {total}", page.lang).format(page=number, total=total),
            )
            if page.anchor is not None:
                # Smaller and below the version: it is for whoever checks the paper against the
                # file, not for the reader. The last page carries the whole digest.
                last = number == total
                self.setFont(page.font.name, 7)
                self.drawString(
                    MARGIN,
                    FOOTER_RULE - 7 * mm,
                    page.anchor.full(page.lang) if last else page.anchor.short(page.lang),
                )

    return NumberedCanvas


def build(path_or_buffer, page: Page, story: list) -> None:
    if hasattr(path_or_buffer, "__fspath__"):
        path_or_buffer = str(path_or_buffer)  # reportlab takes a str or a file object
    document = SimpleDocTemplate(
        path_or_buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 3 * mm,
        bottomMargin=MARGIN + 5 * mm,
        title=page.title,
        author=page.firm,
        creator="kpidesk",
    )
    document.build(story, canvasmaker=_numbered_canvas(page))


class Styles:
    def __init__(self, font: PdfFont):
        self.font = font
        base = dict(fontName=font.name, wordWrap="CJK")
        self.title = ParagraphStyle(
            "title", fontSize=16, leading=22, alignment=1, spaceAfter=8, **base
        )
        self.heading = ParagraphStyle(
            "heading", fontSize=12, leading=16, spaceBefore=6, spaceAfter=4, **base
        )
        self.body = ParagraphStyle("body", fontSize=10, leading=14, **base)
        # Cells arrive broken into lines by ``cell_text`` (kinsoku applied): reportlab's own CJK
        # wrapping would only redo that work, slower and without the punctuation rules.
        self.cell = ParagraphStyle(
            "cell", fontSize=9, leading=12, fontName=font.name, wordWrap=None
        )
        self.small = ParagraphStyle("small", fontSize=8, leading=10, **base)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text), style or self.body)

    def cell_text(self, text, width: float, style: ParagraphStyle | None = None) -> Paragraph:
        """A table cell pre-broken into lines that fit ``width`` (points), kinsoku applied."""
        style = style or self.cell
        text = "" if text is None else str(text)
        lines = break_lines(
            text, width - 2 * CELL_PADDING, lambda s: stringWidth(s, style.fontName, style.fontSize)
        )
        return Paragraph("<br/>".join(escape(line) for line in lines), style)


def table_style(font: PdfFont, header_rows: int = 1) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font.name),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#444444")),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#dde4ee")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
    )


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return number_text(value)
    return str(value)
