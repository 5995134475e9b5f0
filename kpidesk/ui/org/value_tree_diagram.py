"""The value tree drawn as a diagram, as facilitators project it (METHOD.md §3): the top value on
the left, its drivers to the right, each joined by its operator, leaves showing their owner,
baseline and §6 sensitivity weight.

The layout is measured in the widget's own font: boxes are as wide as their words, rows as tall
as two lines of text, gaps in proportion, so the same tree reads at the desk and at a
presentation's type size without labels running into each other."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QLineEdit, QScrollArea, QWidget

from kpidesk.core.valuetree import tree_layout
from kpidesk.reports.wrap import break_lines
from kpidesk.services.firm import TreeNodeView

from kpidesk.ui.org.value_tree_model import OPERATOR_SIGN

# In line heights of the font: padding inside a box, gaps between columns and rows, the margin,
# and the widest a label may grow before it wraps onto a second line.
PAD, GAP_X, GAP_Y, MARGIN, MAX_LABEL = 0.5, 3.0, 0.6, 1.0, 14.0
# A label wraps onto at most this many lines, the last elided: every row of the diagram is as
# tall as its tallest box, and one long label must not make them all tall.
MAX_LABEL_LINES = 3
INK, LINE, LEAF, INNER, ACCENT = (
    QColor("#1f2d3d"),
    QColor("#7d8da1"),
    QColor("#e8f1fb"),
    QColor("#f4f6f8"),
    QColor("#1565c0"),
)
SELECTED = QColor("#fff4c2")
LINES = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop  # the label's lines, as broken
# Fitting a large tree never shrinks its type below this (points): past it the diagram scrolls.
READABLE_POINTS = 8.0
ZOOM_STEP, LARGEST_ZOOM = 1.2, 4.0
OPERATOR_KEYS = {"+": "+", "-": "-", "*": "*", "/": "/", "×": "*", "÷": "/", "−": "-"}


class LabelEditor(QLineEdit):
    """The label typed on the box itself: Enter keeps it, Esc leaves it as it was."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.node_id: int | None = None
        self.hide()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.node_id = None  # nothing to keep: editingFinished follows the hide
            self.hide()
            diagram = self.parentWidget()
            if diagram is not None:
                diagram.setFocus()
            return
        super().keyPressEvent(event)


class ValueTreeDiagram(QWidget):
    """The diagram is a view of its own: the selected node is drawn marked and follows the
    tree's selection (``select``; a click or an arrow key says ``current_changed``), F2 or a
    double-click edits a label on its box (``label_edited``), + − × ÷ typed set the operator
    (``operator_typed``), Space or the ± on a box folds a subtree, Ctrl+wheel zooms."""

    current_changed = Signal(int)
    label_edited = Signal(int, str)
    operator_typed = Signal(int, str)
    menu_requested = Signal(QPoint)  # global position: right-click, Menu key, Shift+F10

    def __init__(self, parent: QWidget | None = None, read=None):
        super().__init__(parent)
        self.read = read  # the tree as it stands, after a change (a callable)
        self.nodes: dict[int, TreeNodeView] = {}
        self.boxes: dict[int, QRectF] = {}
        # Where each node's two texts are drawn: its label (bold) and its details line.
        self.title_rects: dict[int, QRectF] = {}
        self.title_lines: dict[int, str] = {}  # each label as drawn: its lines, the last elided
        self.detail_rects: dict[int, QRectF] = {}
        self.toggles: dict[int, QRectF] = {}  # the ± of a node with drivers
        self._children: dict[int | None, list[int]] = {}
        self.collapsed: set[int] = set()
        self.selected: int | None = None
        self.zoom = 1.0
        self.editor = LabelEditor(self)
        self.editor.editingFinished.connect(self._label_done)
        self.editor.textChanged.connect(lambda _text: self._fit_editor())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

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
        self.collapsed &= set(self.nodes)
        if self.selected not in self.nodes:
            self.selected = None
        if self.editor.isVisible() and self.editor.node_id not in self.nodes:
            self.editor.node_id = None
            self.editor.hide()
        self._lay_out()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._lay_out()

    def smallest_zoom(self) -> float:
        """The zoom at which the type is as small as still reads on a projector."""
        points = self.font().pointSizeF()
        return min(1.0, READABLE_POINTS / points) if points > 0 else 1.0

    def zoom_in(self) -> None:
        self.set_zoom(min(self.zoom * ZOOM_STEP, LARGEST_ZOOM))

    def zoom_out(self) -> None:
        self.set_zoom(max(self.zoom / ZOOM_STEP, self.smallest_zoom()))

    def fits(self, room: QSize) -> bool:
        """The whole tree shows in ``room`` at the zoom in force."""
        size = self.sizeHint()
        return size.width() <= room.width() and size.height() <= room.height()

    def fit(self) -> None:
        """Ctrl+0: the whole tree in the room it has, never below readable type (a tree of
        200 nodes then scrolls)."""
        area = self._scroll_area()
        room = area.viewport().size() if area is not None else self.size()
        self.fit_into(room, largest=1.6, smallest=self.smallest_zoom())
        self.ensure_selected_visible()

    def fit_into(self, room: QSize, largest: float = 1.6, smallest: float = 1.0) -> None:
        """Zoom so the whole tree fills ``room`` (a projector's screen), up to ``largest`` times
        the widget's font and never below ``smallest``."""
        self.set_zoom(1.0)
        natural = self.sizeHint()
        zoom = min(room.width() / natural.width(), room.height() / natural.height(), largest)
        zoom = max(smallest, zoom)
        self.set_zoom(zoom)
        while zoom > smallest and (
            self.sizeHint().width() > room.width() or self.sizeHint().height() > room.height()
        ):  # text does not grow exactly in proportion: step back until it fits
            zoom = max(smallest, zoom * 0.95)
            self.set_zoom(zoom)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.nodes:
            self._lay_out()  # presentation's larger type: measure again

    def shown_children(self) -> dict[int | None, list[int]]:
        """Each node's drivers as drawn: none under a folded node."""
        return {
            key: ([] if key in self.collapsed else kids) for key, kids in self._children.items()
        }

    def _lay_out(self) -> None:
        title_metrics = QFontMetricsF(self.title_font())
        detail_metrics = QFontMetricsF(self.text_font())
        line = max(title_metrics.height(), detail_metrics.height())
        pad, cap = PAD * line, MAX_LABEL * line
        placed = tree_layout(self.shown_children())
        # Each column is as wide as its widest label (wrapped beyond the cap) or details line.
        text_width: dict[int, float] = {}
        for node_id, (level, _row) in placed.items():
            node = self.nodes[node_id]
            wanted = max(  # a long label wraps; the short details line never does
                min(title_metrics.horizontalAdvance(node.label), cap),
                detail_metrics.horizontalAdvance(self.details(node)),
            )
            text_width[level] = max(text_width.get(level, 0.0), wanted, 4 * line)
        title_height = 0.0
        self.title_lines = {}
        for node_id, (level, _row) in placed.items():
            lines = self._label_lines(self.nodes[node_id].label, text_width[level], title_metrics)
            self.title_lines[node_id] = lines
            # Measured as drawn: a Chinese fallback face makes a line taller than the metrics say.
            bound = title_metrics.boundingRect(QRectF(0, 0, text_width[level], 10 * line), LINES, lines)
            title_height = max(title_height, bound.height())
        box_height = pad + title_height + detail_metrics.height() + pad
        column_x, x = {}, MARGIN * line
        for level in sorted(text_width):
            column_x[level] = x
            x += text_width[level] + 2 * pad + GAP_X * line
        self._gap_x = GAP_X * line
        self.boxes, self.title_rects, self.detail_rects, self.toggles = {}, {}, {}, {}
        step, top = box_height + GAP_Y * line, MARGIN * line
        toggle = 0.9 * detail_metrics.height()
        for node_id, (level, row) in placed.items():
            box = QRectF(column_x[level], top + row * step, text_width[level] + 2 * pad, box_height)
            self.boxes[node_id] = box
            inner = box.adjusted(pad, pad, -pad, -pad)
            self.title_rects[node_id] = QRectF(
                inner.left(), inner.top(), inner.width(), title_height
            )
            self.detail_rects[node_id] = QRectF(
                inner.left(), inner.bottom() - detail_metrics.height(), inner.width(),
                detail_metrics.height(),
            )
            if self._children.get(node_id):  # in the gap right of the box, on its branch:
                self.toggles[node_id] = QRectF(  # never over the box's words
                    box.right() + toggle / 4, box.center().y() - toggle / 2, toggle, toggle
                )
        self.updateGeometry()
        self.resize(self.sizeHint())
        if self.editor.isVisible() and self.editor.node_id in self.title_rects:
            self.editor.setFont(self.title_font())
            self._fit_editor()
        self.update()

    @staticmethod
    def _label_lines(label: str, width: float, metrics: QFontMetricsF) -> str:
        """The label broken into lines of ``width`` (Chinese rules: no closing mark starts a
        line), at most ``MAX_LABEL_LINES``, the last elided when there is more."""
        lines = break_lines(label, width, metrics.horizontalAdvance)
        if len(lines) > MAX_LABEL_LINES:
            rest = "".join(lines[MAX_LABEL_LINES - 1 :])
            lines = lines[: MAX_LABEL_LINES - 1] + [
                metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
            ]
        return "\n".join(lines)

    def sizeHint(self) -> QSize:
        if not self.boxes:
            return QSize(400, 200)
        margin = MARGIN * QFontMetricsF(self.title_font()).height()
        right = max(b.right() for b in [*self.boxes.values(), *self.toggles.values()])
        bottom = max(b.bottom() for b in self.boxes.values())
        return QSize(int(right + margin) + 1, int(bottom + margin) + 1)

    # selection, folding and editing -------------------------------------------------------------
    def select(self, node_id: int | None) -> None:
        """Mark ``node_id`` as the current node (from the tree view: no signal back)."""
        if node_id == self.selected:
            return
        self.selected = node_id
        self._unfold_to(node_id)
        self.update()
        self.ensure_selected_visible()

    def _choose(self, node_id: int | None) -> None:
        """The user chose a node here: mark it and tell the tree."""
        if node_id is None or node_id == self.selected:
            return
        self.select(node_id)
        self.current_changed.emit(node_id)

    def _unfold_to(self, node_id: int | None) -> None:
        folded = False
        parent = self.nodes[node_id].parent_id if node_id in self.nodes else None
        while parent is not None:
            if parent in self.collapsed:
                self.collapsed.discard(parent)
                folded = True
            parent = self.nodes[parent].parent_id
        if folded:
            self._lay_out()

    def toggle(self, node_id: int) -> None:
        """Fold or unfold the drivers of ``node_id``."""
        if not self._children.get(node_id):
            return
        self.collapsed ^= {node_id}
        self._lay_out()
        self.ensure_selected_visible()

    def _scroll_area(self) -> QScrollArea | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        return widget

    def ensure_selected_visible(self) -> None:
        area = self._scroll_area()
        if area is None or self.selected not in self.boxes:
            return
        box = self.boxes[self.selected]
        area.ensureVisible(int(box.center().x()), int(box.center().y()),
                           int(box.width() / 2) + 10, int(box.height() / 2) + 10)

    def show_node(self, node_id: int | None) -> None:
        """Scroll so the node's box shows (a tree taller than the room opens on its top value,
        not on the empty top left corner)."""
        area = self._scroll_area()
        if area is None or node_id not in self.boxes:
            return
        box, room = self.boxes[node_id], area.viewport().size()
        area.ensureVisible(int(box.center().x()), int(box.center().y()),
                           int(box.width() / 2) + 10, room.height() // 2)  # mid-height

    def edit_label(self, node_id: int | None = None) -> bool:
        """F2: a line editor on the node's box, holding its label selected."""
        node_id = self.selected if node_id is None else node_id
        if node_id not in self.boxes:
            return False
        self.editor.node_id = node_id
        self.editor.setFont(self.title_font())
        self.editor.setText(self.nodes[node_id].label)
        self._fit_editor()
        self.editor.selectAll()
        self.editor.show()
        self.editor.setFocus()
        return True

    def _fit_editor(self) -> None:
        """The editor covers the label inside its box (a long label scrolls in it), never
        over the operator signs and branches beside the box."""
        node_id = self.editor.node_id
        if node_id not in self.boxes:
            return
        box = self.boxes[node_id].adjusted(2, 2, -2, -2)
        title = self.title_rects[node_id]
        height = min(box.height(), QFontMetricsF(self.editor.font()).height() + 6)
        top = min(max(box.top(), title.top() - 2), box.bottom() - height)
        self.editor.setGeometry(QRectF(box.left(), top, box.width(), height).toRect())

    def cancel_edit(self) -> None:
        """Close the label editor keeping the label as it was."""
        self.editor.node_id = None
        self.editor.hide()

    def _label_done(self) -> None:
        node_id, self.editor.node_id = self.editor.node_id, None
        if node_id is None:
            return
        text = self.editor.text()
        self.editor.hide()
        self.setFocus()
        if node_id in self.nodes and text.strip() and text != self.nodes[node_id].label:
            self.label_edited.emit(node_id, text)

    def node_at(self, point: QPointF) -> int | None:
        for node_id, box in self.boxes.items():
            if box.contains(point):
                return node_id
        return None

    # keyboard and mouse -------------------------------------------------------------------------
    def _neighbour(self, key: int) -> int | None:
        """Left: the parent; Right: the first driver; Up / Down: the sibling above / below."""
        node = self.nodes.get(self.selected) if self.selected is not None else None
        if node is None:
            roots = self._children.get(None, [])
            return roots[0] if roots else None
        if key == Qt.Key.Key_Left:
            return node.parent_id
        if key == Qt.Key.Key_Right:
            kids = self._children.get(node.id, [])
            if kids and node.id in self.collapsed:
                self.toggle(node.id)
            return kids[0] if kids else None
        siblings = self._children.get(node.parent_id, [])
        index = siblings.index(node.id) + (-1 if key == Qt.Key.Key_Up else 1)
        return siblings[index] if 0 <= index < len(siblings) else None

    def keyPressEvent(self, event) -> None:
        key = event.key()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down) and plain:
            self._choose(self._neighbour(key))
        elif key == Qt.Key.Key_F2 and self.selected is not None:
            self.edit_label()
        elif key == Qt.Key.Key_Space and self.selected is not None:
            self.toggle(self.selected)
        elif event.text() in OPERATOR_KEYS and self.selected is not None and plain:
            self.operator_typed.emit(self.selected, OPERATOR_KEYS[event.text()])
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        point = event.position()
        for node_id, toggle in self.toggles.items():
            if toggle.contains(point):
                self.toggle(node_id)
                return
        self._choose(self.node_at(point))
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        node_id = self.node_at(event.position())
        if node_id is not None:
            self._choose(node_id)
            self.edit_label(node_id)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)  # the scroll area scrolls

    def contextMenuEvent(self, event) -> None:
        if event.reason() == event.Reason.Mouse:
            self._choose(self.node_at(QPointF(event.pos())))
            where = event.globalPos()
        elif self.selected in self.boxes:  # the Menu key: at the selected box
            where = self.mapToGlobal(self.boxes[self.selected].center().toPoint())
        else:
            where = self.mapToGlobal(QPoint(0, 0))
        self.menu_requested.emit(where)
        event.accept()

    # painting -------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self.paint(painter)

    def paint(self, painter: QPainter, marked: bool = True) -> None:
        """Draw the diagram (on the widget, or on a picture being exported: ``marked`` False
        leaves the selection out)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(QPointF(0, 0), QSize(self.sizeHint())), Qt.GlobalColor.white)
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
        title_font, text_font = self.title_font(), self.text_font()
        for node_id, box in self.boxes.items():
            node = self.nodes[node_id]
            leaf = not self._children.get(node_id)
            chosen = marked and node_id == self.selected
            painter.setPen(QPen(ACCENT if chosen else INK, 3.0 if chosen else 1.2))
            painter.setBrush(SELECTED if chosen else LEAF if leaf else INNER)
            painter.drawRoundedRect(box, 6, 6)
            painter.setPen(INK)
            painter.setFont(title_font)
            painter.drawText(self.title_rects[node_id], LINES, self.title_lines[node_id])
            painter.setFont(text_font)
            painter.drawText(
                self.detail_rects[node_id],
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.details(node),
            )
            toggle = self.toggles.get(node_id)
            if toggle is not None:  # ± : fold or unfold the drivers
                painter.setPen(QPen(INK, 1.2))
                painter.setBrush(Qt.GlobalColor.white)
                painter.drawRect(toggle)
                middle = toggle.center()
                arm = toggle.width() * 0.3
                painter.drawLine(QPointF(middle.x() - arm, middle.y()), QPointF(middle.x() + arm, middle.y()))
                if node_id in self.collapsed:
                    painter.drawLine(QPointF(middle.x(), middle.y() - arm), QPointF(middle.x(), middle.y() + arm))
