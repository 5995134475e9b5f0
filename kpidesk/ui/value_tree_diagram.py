"""The value tree drawn as a diagram, as facilitators project it (METHOD.md §3): the top value on
the left, its drivers to the right, each joined by its operator, leaves showing their owner,
baseline and §6 sensitivity weight."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from kpidesk.services.firm import TreeNodeView

from .value_tree_model import OPERATOR_SIGN

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 176, 60, 56, 12, 16
INK, LINE, LEAF, INNER, ACCENT = (
    QColor("#1f2d3d"),
    QColor("#7d8da1"),
    QColor("#e8f1fb"),
    QColor("#f4f6f8"),
    QColor("#1565c0"),
)


class ValueTreeDiagram(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.nodes: dict[int, TreeNodeView] = {}
        self.boxes: dict[int, QRectF] = {}

    def set_nodes(self, nodes: list[TreeNodeView]) -> None:
        self.nodes = {n.id: n for n in nodes}
        children: dict[int | None, list[int]] = {}
        for node in nodes:
            children.setdefault(node.parent_id, []).append(node.id)
        self.boxes, slot = {}, [0]

        def place(node_id: int, depth: int) -> float:
            kids = children.get(node_id, [])
            if kids:
                ys = [place(kid, depth + 1) for kid in kids]
                y = (ys[0] + ys[-1]) / 2  # a parent sits level with the middle of its drivers
            else:
                y = MARGIN + slot[0] * (BOX_H + GAP_Y)
                slot[0] += 1
            self.boxes[node_id] = QRectF(MARGIN + depth * (BOX_W + GAP_X), y, BOX_W, BOX_H)
            return y

        for root in children.get(None, []):
            place(root, 0)
        self.updateGeometry()
        self.resize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:
        if not self.boxes:
            return QSize(400, 200)
        right = max(b.right() for b in self.boxes.values())
        bottom = max(b.bottom() for b in self.boxes.values())
        return QSize(int(right + MARGIN), int(bottom + MARGIN))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        for node_id, box in self.boxes.items():  # edges first, boxes over them
            parent = self.nodes[node_id].parent_id
            if parent is None:
                continue
            start = QPointF(self.boxes[parent].right(), self.boxes[parent].center().y())
            end = QPointF(box.left(), box.center().y())
            elbow = start.x() + GAP_X / 2
            painter.setPen(QPen(LINE, 1.5))
            painter.drawPolyline([start, QPointF(elbow, start.y()), QPointF(elbow, end.y()), end])
            sign = OPERATOR_SIGN.get(self.nodes[node_id].operator, self.nodes[node_id].operator)
            bold = QFont(painter.font())
            bold.setBold(True)
            bold.setPointSizeF(bold.pointSizeF() * 1.3)
            painter.setFont(bold)
            painter.setPen(ACCENT)
            painter.drawText(
                QRectF(elbow + 2, end.y() - 18, GAP_X / 2 - 4, 16),
                Qt.AlignmentFlag.AlignCenter,
                sign,
            )
            painter.setFont(self.font())
        for node_id, box in self.boxes.items():
            node = self.nodes[node_id]
            leaf = node.weight is not None or node.baseline is not None
            painter.setPen(QPen(INK, 1.2))
            painter.setBrush(LEAF if leaf else INNER)
            painter.drawRoundedRect(box, 6, 6)
            title = QFont(self.font())
            title.setBold(True)
            painter.setFont(title)
            painter.drawText(
                box.adjusted(8, 4, -8, -BOX_H / 2),
                Qt.AlignmentFlag.AlignLeft
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextWordWrap,
                node.label,
            )
            painter.setFont(self.font())
            details = [node.owner or ""]
            if node.baseline is not None:
                details.append(f"{node.baseline:g}")
            if node.weight is not None:
                details.append(f"{node.weight * 100:.1f}%")
            painter.drawText(
                box.adjusted(8, BOX_H / 2, -8, -4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                "  ·  ".join(d for d in details if d),
            )
