"""Spreadsheet keys for the item views people type numbers into (contract lines, the scoring
table, the year grid).

A spreadsheet user types a column of actuals and never touches the mouse, so a grid:

* starts editing when a printable key is typed on an editable cell, with that key;
* Enter commits and moves down to the next editable cell of the column (category rows are
  skipped), ready for the next value; Enter on a cell not being edited moves down too;
* Tab / Shift+Tab commit and move right / left across editable cells, wrapping to the next line;
* arrows move between cells, skipping category rows; Esc cancels an edit (the delegate's own);
* Delete empties an actual (where the view allows it);
* after the model is reset (an edit's save reloads the contract) the current cell returns to
  the same row key (the line id) and column, and the keyboard focus stays in the view;
* typing on (or double-clicking) a cell that takes no value says why, in words, through
  ``explain`` and a tooltip at the cell, instead of silently jumping elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QTableView,
    QToolTip,
    QTreeView,
)

# (index, typed) → why the cell takes no value, or None (typed: the user typed a key on it,
# otherwise they double-clicked it).
LockReason = Callable[[QModelIndex, bool], "str | None"]

Action = QAbstractItemView.CursorAction
Hint = QAbstractItemDelegate.EndEditHint


class GridKeys:
    """Mixed into a ``QAbstractItemView`` subclass (``GridTreeView``, ``GridTableView``)."""

    key_role: int = Qt.ItemDataRole.UserRole
    lock_reason: LockReason | None = None
    explain: Callable[[str], None] | None = None

    def setup_grid(
        self,
        key_role: int,
        lock_reason: LockReason | None = None,
        explain: Callable[[str], None] | None = None,
        clear_on_delete: bool = False,
    ) -> None:
        """``clear_on_delete``: Delete empties an editable cell (an actual), as in a
        spreadsheet; off where an empty value means nothing (a weight)."""
        self.key_role = key_role
        self.clear_on_delete = clear_on_delete
        self.lock_reason = lock_reason
        self.explain = explain
        self.last_explanation = ""
        self._remembered: tuple[object, int, bool] | None = None
        self.setTabKeyNavigation(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )

    # the model ------------------------------------------------------------------------------
    def setModel(self, model) -> None:  # noqa: N802 (Qt's name)
        previous = self.model()
        if previous is not None:
            previous.modelAboutToBeReset.disconnect(self._remember_current)
            previous.modelReset.disconnect(self._restore_current)
        super().setModel(model)
        if model is not None:
            model.modelAboutToBeReset.connect(self._remember_current)
            model.modelReset.connect(self._restore_current)

    def _remember_current(self) -> None:
        current = self.currentIndex()
        focus = QApplication.focusWidget()
        had_focus = focus is not None and (focus is self or self.isAncestorOf(focus))
        key = current.siblingAtColumn(0).data(self.key_role) if current.isValid() else None
        self._remembered = (key, current.column(), had_focus) if current.isValid() else None

    def _restore_current(self) -> None:
        remembered, self._remembered = self._remembered, None
        if remembered is None:
            return
        key, column, had_focus = remembered
        if key is not None:
            for row in self._rows(visible_only=False):
                if row.data(self.key_role) == key:
                    self.setCurrentIndex(row.siblingAtColumn(column))
                    break
        if had_focus:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _rows(self, visible_only: bool = True) -> list[QModelIndex]:
        """Column-0 indexes of the rows that hold values, top to bottom (category rows,
        which have children, are headings, not rows)."""
        model, rows = self.model(), []
        if model is None:
            return rows

        def walk(parent: QModelIndex) -> None:
            for number in range(model.rowCount(parent)):
                index = model.index(number, 0, parent)
                if model.rowCount(index) > 0:
                    folded = isinstance(self, QTreeView) and not self.isExpanded(index)
                    if not (visible_only and folded):
                        walk(index)
                else:
                    rows.append(index)

        walk(QModelIndex())
        return rows

    # moving ---------------------------------------------------------------------------------
    @staticmethod
    def _editable(index: QModelIndex) -> bool:
        return index.isValid() and bool(index.flags() & Qt.ItemFlag.ItemIsEditable)

    def _columns(self) -> list[int]:
        model = self.model()
        count = model.columnCount(QModelIndex()) if model is not None else 0
        return [c for c in range(count) if not self.isColumnHidden(c)]

    def _position(self, rows: list[QModelIndex]) -> int:
        """Where the current index is among ``rows``; a category row counts as just above its
        first line."""
        current = self.currentIndex()
        if not current.isValid():
            return -1
        row = current.siblingAtColumn(0)
        for number, candidate in enumerate(rows):
            if candidate == row:
                return number
            if candidate.parent() == row:
                return number - 1
        return -1

    def _reading_order(self, step: int) -> QModelIndex:
        """The next (step 1) or previous (step −1) editable cell, across then down, wrapping to
        the next line; the next cell at all when none takes a value."""
        rows, columns = self._rows(), self._columns()
        if not rows or not columns:
            return QModelIndex()
        current = self.currentIndex()
        cells = [(r, c) for r in range(len(rows)) for c in columns]
        row = self._position(rows)
        column = current.column() if current.isValid() and row >= 0 else columns[0]
        start = cells.index((row, column)) if (row, column) in cells else -step
        order = [cells[(start + step * k) % len(cells)] for k in range(1, len(cells) + 1)]
        candidates = [rows[r].siblingAtColumn(c) for r, c in order]
        editable = [index for index in candidates if self._editable(index)]
        return (editable or candidates)[0]

    def _down_to_editable(self) -> QModelIndex:
        """The next editable cell below in the current column (Enter)."""
        rows, current = self._rows(), self.currentIndex()
        if not current.isValid():
            return QModelIndex()
        below = [r.siblingAtColumn(current.column()) for r in rows[self._position(rows) + 1 :]]
        return next((index for index in below if self._editable(index)), QModelIndex())

    def moveCursor(self, action, modifiers):  # noqa: N802 (Qt's name)
        rows = self._rows()
        if not rows:
            return super().moveCursor(action, modifiers)
        current = self.currentIndex()
        if action in (Action.MoveNext, Action.MovePrevious):
            return self._reading_order(1 if action == Action.MoveNext else -1)
        if not current.isValid():
            return rows[0]
        row = self._position(rows)
        column = current.column()
        columns = self._columns()
        if action in (Action.MoveDown, Action.MoveUp):
            on_line = row >= 0 and rows[row] == current.siblingAtColumn(0)
            if action == Action.MoveDown:  # noqa: SIM108 (each branch says why)
                target = row + 1  # from a category row: its first line
            else:
                target = row - 1 if on_line else row
            return rows[max(0, min(len(rows) - 1, target))].siblingAtColumn(column)
        if action in (Action.MoveLeft, Action.MoveRight) and column in columns:
            place = columns.index(column) + (1 if action == Action.MoveRight else -1)
            return current.siblingAtColumn(columns[max(0, min(len(columns) - 1, place))])
        if action == Action.MoveHome:
            return current.siblingAtColumn(columns[0])
        if action == Action.MoveEnd:
            return current.siblingAtColumn(columns[-1])
        return super().moveCursor(action, modifiers)

    def _go(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    # keys -----------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        editing = self.state() == QAbstractItemView.State.EditingState
        key, modifiers = event.key(), event.modifiers()
        plain = not (
            modifiers
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        )
        if not editing and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self._go(self._down_to_editable())
            event.accept()
            return
        if not editing and plain and key == Qt.Key.Key_Delete and self.clear_on_delete:
            current = self.currentIndex()
            if self._editable(current):
                self.model().setData(current, None)
            else:
                self._explain(current, typed=True)
            event.accept()
            return
        text = event.text()
        if not editing and plain and text and text.isprintable():
            current = self.currentIndex()
            if current.isValid() and not self._editable(current):
                self._explain(current, typed=True)
                event.accept()  # not a keyboard search that jumps elsewhere
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        index = self.indexAt(event.position().toPoint())
        super().mouseDoubleClickEvent(event)
        if index.isValid() and not self._editable(index):
            self._explain(index, typed=False)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 (Qt's name)
        """Enter (the delegate's SubmitModelCache) moves down; Tab and Shift+Tab move across
        without opening the next editor, as a spreadsheet does: typing starts the next one."""
        if hint == Hint.SubmitModelCache:
            super().closeEditor(editor, hint)
            self._go(self._down_to_editable())
        elif hint in (Hint.EditNextItem, Hint.EditPreviousItem):
            super().closeEditor(editor, Hint.NoHint)
            self._go(self._reading_order(1 if hint == Hint.EditNextItem else -1))
        else:
            super().closeEditor(editor, hint)
        if not self.hasFocus() and QApplication.focusWidget() is None:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    # why not --------------------------------------------------------------------------------
    def _explain(self, index: QModelIndex, typed: bool) -> None:
        reason = self.lock_reason(index, typed) if self.lock_reason else None
        if not reason:
            return
        self.last_explanation = reason
        if QGuiApplication.platformName() != "offscreen":  # it has no popups to show
            rect = self.visualRect(index)
            at = self.viewport().mapToGlobal(rect.bottomLeft())
            QToolTip.showText(at, reason, self.viewport())
        if self.explain is not None:
            self.explain(reason)


class GridTreeView(GridKeys, QTreeView):
    pass


class GridTableView(GridKeys, QTableView):
    pass
