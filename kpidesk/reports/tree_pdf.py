"""A value tree printed as one PDF page (METHOD.md §3), as the diagram draws it: the top value
on the left, its drivers to the right joined by their operators, each box its label with the
owner, baseline and sensitivity weight. A4 landscape, or A3 for a large tree; the drawing is
scaled to fit the page (never enlarged past its natural size)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kpidesk.core.valuetree import tree_layout
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


class Node(Protocol):
    """What the page needs of a node (``services.firm.TreeNodeView`` has it)."""

    id: int
    parent_id: int | None
    label: str
    operator: str
    owner: str | None
    baseline: float | None
    weight: float | None


def details(node: Node) -> str:
    parts = [node.owner or ""]
    if node.baseline is not None:
        parts.append(f"{node.baseline:g}")
    if node.weight is not None:
        parts.append(f"{node.weight * 100:.1f}%")
    return "  ·  ".join(p for p in parts if p)


def write_tree_pdf(
    path: str | Path,
    nodes: Sequence[Node],
    title: str,
    font_path: str | None = None,
) -> Path:
    """Write the tree to ``path`` as one landscape page; returns the path."""
    font = cjk_font(font_path).name
    children: dict[int | None, list[int]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.id)
    by_id = {node.id: node for node in nodes}
    placed = tree_layout(children)

    def measure(text: str) -> float:
        return stringWidth(text, font, SIZE)

    widths: dict[int, float] = {}
    for node_id, (level, _row) in placed.items():
        node = by_id[node_id]
        wanted = max(min(measure(node.label), MAX_LABEL), measure(details(node)), 4 * LINE)
        widths[level] = max(widths.get(level, 0.0), wanted)
    labels = {
        node_id: break_lines(by_id[node_id].label, widths[level], measure)
        for node_id, (level, _row) in placed.items()
    }
    title_lines = max((len(lines) for lines in labels.values()), default=1)
    box_height = 2 * PAD + (title_lines + 1) * LINE
    column_x, x = {}, 0.0
    for level in sorted(widths):
        column_x[level] = x
        x += widths[level] + 2 * PAD + GAP_X
    drawing_width = x - GAP_X if widths else 0.0
    rows = max((row for _level, row in placed.values()), default=0.0) + 1
    drawing_height = rows * (box_height + GAP_Y) - GAP_Y

    page = landscape(A3 if rows > A3_FROM_ROWS else A4)
    canvas = Canvas(str(path), pagesize=page)
    canvas.setTitle(title)
    canvas.setFont(font, 14)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN, page[1] - MARGIN - 14, title)
    room_width = page[0] - 2 * MARGIN
    room_height = page[1] - 2 * MARGIN - 28
    scale = min(1.0, room_width / max(drawing_width, 1), room_height / max(drawing_height, 1))
    canvas.translate(MARGIN, page[1] - MARGIN - 28)
    canvas.scale(scale, scale)

    def box(node_id: int) -> tuple[float, float, float, float]:
        """Left, top (downwards from the drawing's top), width, height."""
        level, row = placed[node_id]
        return column_x[level], row * (box_height + GAP_Y), widths[level] + 2 * PAD, box_height

    for node_id in placed:  # edges first, boxes over them
        node = by_id[node_id]
        if node.parent_id is None or node.parent_id not in placed:
            continue
        px, py, pw, ph = box(node.parent_id)
        bx, by, _bw, bh = box(node_id)
        start_x, start_y, end_y = px + pw, -(py + ph / 2), -(by + bh / 2)
        elbow = start_x + GAP_X / 2
        canvas.setStrokeColor(EDGE)
        canvas.setLineWidth(1.2)
        path_ = canvas.beginPath()
        path_.moveTo(start_x, start_y)
        path_.lineTo(elbow, start_y)
        path_.lineTo(elbow, end_y)
        path_.lineTo(bx, end_y)
        canvas.drawPath(path_, stroke=1, fill=0)
        canvas.setFillColor(ACCENT)
        canvas.setFont(font, SIZE * 1.3)
        canvas.drawCentredString(elbow + GAP_X / 4, end_y + 3, SIGN.get(node.operator, node.operator))
    for node_id in placed:
        node = by_id[node_id]
        bx, by, bw, bh = box(node_id)
        canvas.setStrokeColor(INK)
        canvas.setFillColor(INNER if children.get(node_id) else LEAF)
        canvas.roundRect(bx, -(by + bh), bw, bh, 4, stroke=1, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(font, SIZE)
        top = -(by + PAD) - SIZE
        for number, line in enumerate(labels[node_id]):
            canvas.drawString(bx + PAD, top - number * LINE, line)
        canvas.drawString(bx + PAD, -(by + bh) + PAD + 2, details(node))
    if not placed:
        canvas.setFillColor(INK)
        canvas.drawString(0, -LINE, _("This value tree has no nodes yet."))
    canvas.setFillColor(white)
    canvas.showPage()
    canvas.save()
    return Path(path)
