"""The meeting's agenda as a table model (a model, not a widget per item: an agenda may have
5,000 items): number, the item (unit · position · person), why it is where it is, its time box
(editable: F2 or typing), and whether it was discussed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QWidget

from kpidesk.core.agenda import reasons_text
from kpidesk.i18n import _
from kpidesk.services.meetings import PreparedItem
from kpidesk.services.meetings import ItemRow

Index = QModelIndex | QPersistentModelIndex
NUMBER, ITEM, REASONS, MINUTES, DISCUSSED = range(5)
# The service's bounds of a time box (services/meetings.py set_item): the editor offers no
# other value, so it never offers 0 only to refuse it.
MINUTES_RANGE = (1, 240)


class MinutesDelegate(QStyledItemDelegate):
    """The time box column's editor: a spin box from 1 to 240 minutes."""

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setFrame(False)
        editor.setRange(*MINUTES_RANGE)
        return editor


def item_title(entry: PreparedItem) -> str:
    parts = [p for p in (entry.unit, entry.position, entry.person) if p]
    return " · ".join(parts)


class AgendaModel(QAbstractTableModel):
    def __init__(self, set_minutes: Callable[[int, int], None], parent=None):
        super().__init__(parent)
        self.items: list[PreparedItem] = []
        self.current = -1  # the item being discussed (drawn bold)
        self._set_minutes = set_minutes  # (item id, minutes): an operation the window runs

    def set_items(self, items: list[PreparedItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def update_items(self, items: list[PreparedItem]) -> None:
        """The same items again after an edit: rows whose item changed are redrawn; a new
        order or other items reset the model."""
        if [p.item.id for p in items] != [p.item.id for p in self.items]:
            self.set_items(items)
            return
        old, self.items = self.items, list(items)
        for row, (was, now) in enumerate(zip(old, items)):
            if was.item != now.item:
                self.dataChanged.emit(self.index(row, 0), self.index(row, DISCUSSED))

    def replace_item(self, item: ItemRow) -> None:
        """One item's own row as it now stands (the names stay)."""
        for row, entry in enumerate(self.items):
            if entry.item.id == item.id:
                self.items[row] = replace(entry, item=item)
                self.dataChanged.emit(self.index(row, 0), self.index(row, DISCUSSED))
                return

    def set_current(self, row: int) -> None:
        before, self.current = self.current, row
        for changed in (before, row):
            if 0 <= changed < len(self.items):
                self.dataChanged.emit(self.index(changed, 0), self.index(changed, DISCUSSED))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("No."), _("Item"), _("Why here"), _("Minutes"), _("Discussed"))[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == MINUTES:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        entry, column = self.items[index.row()], index.column()
        item = entry.item
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(index.row() + 1),
                item_title(entry),
                reasons_text(item.reasons),
                str(item.minutes),
                "✓" if item.discussed else "",
            )[column]
        if role == Qt.ItemDataRole.EditRole and column == MINUTES:
            return item.minutes
        if role == Qt.ItemDataRole.ToolTipRole and column == REASONS and item.reasons:
            return reasons_text(item.reasons)
        if role == Qt.ItemDataRole.FontRole and index.row() == self.current:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == REASONS and item.reasons:
            return QBrush(QColor("#b71c1c"))
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != MINUTES or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            minutes = int(value)
        except (TypeError, ValueError):
            return False
        self._set_minutes(self.items[index.row()].item.id, minutes)
        return True
