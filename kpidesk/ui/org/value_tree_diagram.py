"""The value tree drawn as a diagram, as facilitators project it (METHOD.md §3): the top value on
the left, its drivers to the right, each joined by its operator, leaves showing their owner,
baseline and §6 sensitivity weight.

The layout is measured in the widget's own font: boxes are as wide as their words, rows as tall
as two lines of text, gaps in proportion, so the same tree reads at the desk and at a
presentation's type size without labels running into each other."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from kpidesk.services.firm import TreeNodeView

from kpidesk.ui.org.value_tree_model import OPERATOR_SIGN

# In line heights of the font: padding inside a box, gaps between columns and rows, the margin,
# and the widest a label may grow before it wraps onto a second line.
PAD, GAP_X, GAP_Y, MARGIN, MAX_LABEL = 0.5, 3.0, 0.6, 1.0, 14.0
INK, LINE, LEAF, INNER, ACCENT = (
    QColor("#1f2d3d"),
    QColor("#7d8da1"),
    QColor("#e8f1fb"),
    QColor("#f4f6f8"),
    QColor("#1565c0"),
)
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap


class ValueTreeDiagram(QWidget):
    def __init__(self, parent: QWidget | None = None, read=None):
        super().__init__(parent)
        self.read = read  # the tree as it stands, after a change (a callable)
        self.nodes: dict[int, TreeNodeView] = {}
        self.boxes: dict[int, QRectF] = {}
        # Where each node's two texts are drawn: its label (bold) and its details line.
        self.title_rects: dict[int, QRectF] = {}
        self.detail_rects: dict[int, QRectF] = {}
        self._children: dict[int | None, list[int]] = {}
        self.zoom = 1.0

    # fonts and texts -----------------------------------------------------------------------
    def text_font(self) -> QFont:
        font = QFont(self.font())
        if self.zoom != 1.0:
            font.setPointSizeF(font.pointSizeF() * self.zoom)
        return font

    def title_font(self) -> QFont:
        font = self.text_font()
        font.setBold(True)
        return font

    def sign_font(self) -> QFont:
        font = self.title_font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        return font

    @staticmethod
    def details(node: TreeNodeView) -> str:
        parts = [node.owner or ""]
        if node.baseline is not None:
            parts.append(f"{node.baseline:g}")
        if node.weight is not None:
            parts.append(f"{node.weight * 100:.1f}%")
        return "  ·  ".join(p for p in parts if p)

    # layout ---------------------------------------------------------------------------------
    def on_changed(self, changes, _source=None) -> None:
        """The value tree changed (an owner, an import): draw it again."""
        if changes.value_tree and self.read is not None:
            self.set_nodes(self.read())

    def set_nodes(self, nodes: list[TreeNodeView]) -> None:
        self.nodes = {n.id: n for n in nodes}
        self._children = {}
        for node in nodes:
            self._children.setdefault(node.parent_id, []).append(node.id)
        self._lay_out()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._lay_out()

    def fit_into(self, room: QSize, largest: float = 1.6) -> None:
        """Zoom so the whole tree fills ``room`` (a projector's screen), up to ``largest`` times
        the widget's font and never below it."""
        self.set_zoom(1.0)
        natural = self.sizeHint()
        zoom = min(room.width() / natural.width(), room.height() / natural.height(), largest)
        zoom = max(1.0, zoom)
        self.set_zoom(zoom)
        while zoom > 1.0 and (
            self.sizeHint().width() > room.width() or self.sizeHint().height() > room.height()
        ):  # text does not grow exactly in proportion: step back until it fits
            zoom = max(1.0, zoom * 0.95)
            self.set_zoom(zoom)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.nodes:
            self._lay_out()  # presentation's larger type: measure again

    def _lay_out(self) -> None:
        title_metrics = QFontMetricsF(self.title_font())
        detail_metrics = QFontMetricsF(self.text_font())
        line = max(title_metrics.height(), detail_metrics.height())
        pad, cap = PAD * line, MAX_LABEL * line
        depth: dict[int, int] = {}

        def walk(node_id: int, level: int) -> None:
            depth[node_id] = level
            for kid in self._children.get(node_id, []):
                walk(kid, level + 1)

        for root in self._children.get(None, []):
            walk(root, 0)
        # Each column is as wide as its widest label (wrapped beyond the cap) or details line.
        text_width: dict[int, float] = {}
        for node_id, level in depth.items():
            node = self.nodes[node_id]
            wanted = max(  # a long label wraps; the short details line never does
                min(title_metrics.horizontalAdvance(node.label), cap),
                detail_metrics.horizontalAdvance(self.details(node)),
            )
            text_width[level] = max(text_width.get(level, 0.0), wanted, 4 * line)
        title_height = 0.0
        for node_id, level in depth.items():
            bound = title_metrics.boundingRect(
                QRectF(0, 0, text_width[level], 10 * line), WRAP, self.nodes[node_id].label
            )
            title_height = max(title_height, bound.height())
        box_height = pad + title_height + detail_metrics.height() + pad
        column_x, x = {}, MARGIN * line
        for level in sorted(text_width):
            column_x[level] = x
            x += text_width[level] + 2 * pad + GAP_X * line
        self._gap_x = GAP_X * line
        self.boxes, self.title_rects, self.detail_rects = {}, {}, {}
        slot = [MARGIN * line]

        def place(node_id: int) -> float:
            kids = self._children.get(node_id, [])
            if kids:
                ys = [place(kid) for kid in kids]
                y = (ys[0] + ys[-1]) / 2  # a parent sits level with the middle of its drivers
            else:
                y = slot[0]
                slot[0] += box_height + GAP_Y * line
            level = depth[node_id]
            box = QRectF(column_x[level], y, text_width[level] + 2 * pad, box_height)
            self.boxes[node_id] = box
            inner = box.adjusted(pad, pad, -pad, -pad)
            self.title_rects[node_id] = QRectF(
                inner.left(), inner.top(), inner.width(), title_height
            )
            self.detail_rects[node_id] = QRectF(
                inner.left(), inner.bottom() - detail_metrics.height(), inner.width(),
                detail_metrics.height(),
            )
            return y

        for root in self._children.get(None, []):
            place(root)
        self.updateGeometry()
        self.resize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:
        if not self.boxes:
            return QSize(400, 200)
        margin = MARGIN * QFontMetricsF(self.title_font()).height()
        right = max(b.right() for b in self.boxes.values())
        bottom = max(b.bottom() for b in self.boxes.values())
        return QSize(int(right + margin) + 1, int(bottom + margin) + 1)

    # painting -------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        sign_font = self.sign_font()
        sign_height = QFontMetricsF(sign_font).height()
        for node_id, box in self.boxes.items():  # edges first, boxes over them
            parent = self.nodes[node_id].parent_id
            if parent is None:
                continue
            start = QPointF(self.boxes[parent].right(), self.boxes[parent].center().y())
            end = QPointF(box.left(), box.center().y())
            elbow = start.x() + self._gap_x / 2
            painter.setPen(QPen(LINE, 1.5))
            painter.drawPolyline([start, QPointF(elbow, start.y()), QPointF(elbow, end.y()), end])
            sign = OPERATOR_SIGN.get(self.nodes[node_id].operator, self.nodes[node_id].operator)
            painter.setFont(sign_font)
            painter.setPen(ACCENT)
            painter.drawText(  # the operator sits on the branch, just above it
                QRectF(elbow, end.y() - sign_height, self._gap_x / 2, sign_height),
                Qt.AlignmentFlag.AlignCenter,
                sign,
            )
        title_font = self.title_font()
        for node_id, box in self.boxes.items():
            node = self.nodes[node_id]
            leaf = node.weight is not None or node.baseline is not None
            painter.setPen(QPen(INK, 1.2))
            painter.setBrush(LEAF if leaf else INNER)
            painter.drawRoundedRect(box, 6, 6)
            painter.setFont(title_font)
            painter.drawText(self.title_rects[node_id], WRAP, node.label)
            painter.setFont(self.text_font())
            painter.drawText(
                self.detail_rects[node_id],
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.details(node),
            )
