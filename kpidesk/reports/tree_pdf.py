"""A value tree printed as a PDF (METHOD.md §3), as the diagram draws it: the top value on the
left, its drivers to the right joined by their operators, each box its label with the owner,
baseline and sensitivity weight. A4 landscape, or A3 for a large tree; the drawing is scaled to
fit one page (never enlarged past its natural size) down to type of 7 pt, the least that reads
printed; a larger tree goes on several pages at that size, in panels."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kpidesk.core.valuetree import panel_roots, tree_layout
from kpidesk.i18n import _

from .fonts import cjk_font
from .wrap import break_lines

SIGN = {"+": "+", "-": "−", "*": "×", "/": "÷"}
SIZE = 10.0  # points, before the drawing is scaled to the page
LINE = SIZE * 1.3
PAD, GAP_X, GAP_Y, MAX_LABEL = 0.5 * LINE, 3.0 * LINE, 0.6 * LINE, 14.0 * LINE
INK, EDGE, LEAF, INNER, ACCENT = (
    HexColor("#1f2d3d"),
    HexColor("#7d8da1"),
    HexColor("#e8f1fb"),
    HexColor("#f4f6f8"),
    HexColor("#1565c0"),
)
A3_FROM_ROWS = 24  # leaves (rows) beyond which the tree goes on an A3 sheet
MARGIN = 12 * mm
PANEL_ROWS = 20  # a taller tree wraps into panels flowed across the page (and pages)
SMALLEST_SCALE = 0.7  # of SIZE: 7 pt type, the least that reads on paper


class Node(Protocol):
    """What the page needs of a node (``services.firm.TreeNodeView`` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def label(self) -> str: ...
    @property
    def operator(self) -> str: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def baseline(self) -> float | None: ...
    @property
    def weight(self) -> float | None: ...


def details(node: Node) -> str:
    parts = [node.owner or ""]
    if node.baseline is not None:
        parts.append(f"{node.baseline:g}")
    if node.weight is not None:
        parts.append(f"{node.weight * 100:.1f}%")
    return "  ·  ".join(p for p in parts if p)


class Drawing:
    """One tree (or one panel of a wrapped tree) laid out in points at ``SIZE``: columns by
    depth, rows by leaf, boxes as wide as their column's widest label."""

    def __init__(self, children: dict, by_id: dict, font: str, caption: str = ""):
        self.children, self.by_id, self.font, self.caption = children, by_id, font, caption
        self.placed = tree_layout(children)
        widths: dict[int, float] = {}
        for node_id, (level, _row) in self.placed.items():
            node = by_id[node_id]
            wanted = max(
                min(self.measure(node.label), MAX_LABEL), self.measure(details(node)), 4 * LINE
            )
            widths[level] = max(widths.get(level, 0.0), wanted)
        self.widths = widths
        self.labels = {
            node_id: break_lines(by_id[node_id].label, widths[level], self.measure)
            for node_id, (level, _row) in self.placed.items()
        }
        title_lines = max((len(lines) for lines in self.labels.values()), default=1)
        self.box_height = 2 * PAD + (title_lines + 1) * LINE
        self.column_x, x = {}, 0.0
        for level in sorted(widths):
            self.column_x[level] = x
            x += widths[level] + 2 * PAD + GAP_X
        self.top = LINE * 1.5 if caption else 0.0
        self.width = max(x - GAP_X if widths else 0.0, self.measure(caption))
        rows = max((row for _level, row in self.placed.values()), default=0.0) + 1
        self.rows = rows
        self.height = self.top + rows * (self.box_height + GAP_Y) - GAP_Y

    def measure(self, text: str) -> float:
        return stringWidth(text, self.font, SIZE)

    def box(self, node_id: int) -> tuple[float, float, float, float]:
        """Left, top (downwards from the drawing's top), width, height."""
        level, row = self.placed[node_id]
        return (
            self.column_x[level],
            self.top + row * (self.box_height + GAP_Y),
            self.widths[level] + 2 * PAD,
            self.box_height,
        )

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        """Draw with the drawing's top left at (x, y), y growing downwards as negative."""
        canvas.saveState()
        canvas.translate(x, y)
        if self.caption:
            canvas.setFillColor(EDGE)
            canvas.setFont(self.font, SIZE)
            canvas.drawString(0, -SIZE, self.caption)
        for node_id in self.placed:  # edges first, boxes over them
            node = self.by_id[node_id]
            if node.parent_id is None or node.parent_id not in self.placed:
                continue
            px, py, pw, ph = self.box(node.parent_id)
            bx, by, _bw, bh = self.box(node_id)
            start_x, start_y, end_y = px + pw, -(py + ph / 2), -(by + bh / 2)
            elbow = start_x + GAP_X / 2
            canvas.setStrokeColor(EDGE)
            canvas.setLineWidth(1.2)
            path = canvas.beginPath()
            path.moveTo(start_x, start_y)
            path.lineTo(elbow, start_y)
            path.lineTo(elbow, end_y)
            path.lineTo(bx, end_y)
            canvas.drawPath(path, stroke=1, fill=0)
            canvas.setFillColor(ACCENT)
            canvas.setFont(self.font, SIZE * 1.3)
            canvas.drawCentredString(
                elbow + GAP_X / 4, end_y + 3, SIGN.get(node.operator, node.operator)
            )
        for node_id in self.placed:
            node = self.by_id[node_id]
            bx, by, bw, bh = self.box(node_id)
            canvas.setStrokeColor(INK)
            canvas.setFillColor(INNER if self.children.get(node_id) else LEAF)
            canvas.roundRect(bx, -(by + bh), bw, bh, 4, stroke=1, fill=1)
            canvas.setFillColor(INK)
            canvas.setFont(self.font, SIZE)
            top = -(by + PAD) - SIZE
            for number, line in enumerate(self.labels[node_id]):
                canvas.drawString(bx + PAD, top - number * LINE, line)
            canvas.drawString(bx + PAD, -(by + bh) + PAD + 2, details(node))
        canvas.restoreState()


def _drawings(nodes: Sequence[Node], font: str) -> list[Drawing]:
    """The tree as one drawing, or — too tall for a page — wrapped: an outline of the upper
    levels whose leaves are panels, then each panel's subtree under a caption naming where it
    hangs (``panel_roots``)."""
    children: dict[int | None, list[int]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.id)
    by_id = {node.id: node for node in nodes}
    panels = panel_roots(children, PANEL_ROWS)
    roots = children.get(None, [])
    if panels == roots:
        return _cut_long_lists(children, roots, by_id, font, None)
    cut = set(panels)
    outline = {key: ([] if key in cut else kids) for key, kids in children.items()}
    drawings = [Drawing(outline, by_id, font)]
    for panel in panels:
        sub: dict[int | None, list[int]] = {None: [panel]}
        stack = [panel]
        while stack:
            key = stack.pop()
            sub[key] = children.get(key, [])
            stack.extend(sub[key])
        parent = by_id[panel].parent_id
        drawings += _cut_long_lists(sub, [panel], by_id, font, parent)
    return drawings


def _cut_long_lists(
    children: dict, roots: list[int], by_id: dict, font: str, parent: int | None
) -> list[Drawing]:
    """One drawing of ``children``; a node whose drivers are all leaves and more than
    ``PANEL_ROWS`` (``panel_roots`` keeps it whole) is drawn again for each next run of
    leaves, so every drawing fits a page at readable type."""
    caption = f"{by_id[parent].label} ›" if parent is not None else ""
    rows = sum(1 for kids in children.values() for kid in kids if not children.get(kid))
    long_list = next(
        (
            key
            for key, kids in children.items()
            if key is not None
            and len(kids) > PANEL_ROWS
            and all(not children.get(kid) for kid in kids)
        ),
        None,
    )
    if long_list is None or rows <= PANEL_ROWS:
        return [Drawing(children, by_id, font, caption)]
    kids = children[long_list]
    drawings = []
    for start in range(0, len(kids), PANEL_ROWS):
        part = {None: [long_list], long_list: kids[start : start + PANEL_ROWS]}
        # TRANSLATORS: the caption over the rest of a long list of drivers on a printed tree
        more = _("(continued)") if start else ""
        drawings.append(Drawing(part, by_id, font, f"{caption} {more}".strip()))
    return drawings


Placed = list[tuple[Drawing, float, float]]  # a page's drawings and their (x, y), unscaled


def _flow(drawings: list[Drawing], room_width: float, room_height: float):
    """Stack the drawings into columns, left to right, at the largest scale (≤ 1, ≥ 7 pt type)
    at which they fit one page; at 7 pt, onto as many pages as they take. Returns each page's
    scale and its drawings' places (a drawing too big for a page alone is shrunk to fit it)."""
    scale = 1.0
    while True:
        pages = _pack(drawings, room_width / scale, room_height / scale)
        if len(pages) == 1 or scale <= SMALLEST_SCALE:
            break
        scale = max(scale * 0.95, SMALLEST_SCALE)
    flowed = []
    for page in pages:
        width = max(x + d.width for d, x, _y in page)
        height = max(y + d.height for d, _x, y in page)
        flowed.append((min(scale, room_width / max(width, 1), room_height / max(height, 1)), page))
    return flowed


def _pack(drawings: list[Drawing], width: float, height: float) -> list[Placed]:
    """Columns of drawings top to bottom, columns left to right, a new page when the next
    column would not fit (``width`` and ``height``: the page's room, unscaled)."""
    pages: list[Placed] = []
    page: Placed = []
    x = y = column_width = 0.0
    for drawing in drawings:
        if y > 0 and y + drawing.height > height:  # next column
            x, y, column_width = x + column_width + GAP_X, 0.0, 0.0
        if x > 0 and x + drawing.width > width:  # next page
            pages.append(page)
            page, x, y, column_width = [], 0.0, 0.0, 0.0
        page.append((drawing, x, y))
        y += drawing.height + 2 * GAP_Y
        column_width = max(column_width, drawing.width)
    pages.append(page)
    return pages


def write_tree_pdf(
    path: str | Path,
    nodes: Sequence[Node],
    title: str,
    font_path: str | None = None,
) -> Path:
    """Write the tree to ``path`` in landscape pages (one when it fits at readable type);
    returns the path."""
    font = cjk_font(font_path).name
    drawings = _drawings(nodes, font) if nodes else []
    rows = sum(d.rows for d in drawings)
    page = landscape(A3 if rows > A3_FROM_ROWS else A4)
    canvas = Canvas(str(path), pagesize=page)
    canvas.setTitle(title)
    room_width = page[0] - 2 * MARGIN
    room_height = page[1] - 2 * MARGIN - 28
    pages = _flow(drawings, room_width, room_height) if drawings else [(1.0, [])]
    for number, (scale, placed) in enumerate(pages, start=1):
        heading = title
        if len(pages) > 1:
            # TRANSLATORS: a printed value tree's title on each of its pages
            heading = _("{title} (page {page} of {pages})").format(
                title=title, page=number, pages=len(pages)
            )
        canvas.setFont(font, 14)
        canvas.setFillColor(INK)
        canvas.drawString(MARGIN, page[1] - MARGIN - 14, heading)
        canvas.translate(MARGIN, page[1] - MARGIN - 28)
        if drawings:
            canvas.scale(scale, scale)
            for drawing, x, y in placed:
                drawing.draw(canvas, x, -y)
        else:
            canvas.setFont(font, SIZE)
            canvas.drawString(0, -LINE, _("This value tree has no nodes yet."))
        canvas.showPage()
    canvas.save()
    return Path(path)
