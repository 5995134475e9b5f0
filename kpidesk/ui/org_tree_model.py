"""The organisation tree: units → sub-units and positions, with holder and contract status."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from kpidesk.core.model import Position, Unit

STATUS_BADGE = {"draft": "○ draft", "agreed": "◐ agreed", "signed": "● signed", "closed": "■ closed"}
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(eq=False)
class _Node:
    kind: str  # "unit" or "position"
    item: Unit | Position | None
    parent: "_Node | None" = None
    children: list["_Node"] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class OrgTreeModel(QAbstractItemModel):
    COLUMNS = ("Unit / position", "Holder", "Contract")

    def __init__(self, units: list[Unit], positions: dict[int, list[Position]],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._root = _Node("root", None)
        nodes = {unit.id: _Node("unit", unit) for unit in units}
        # A unit lists its own positions first, then its sub-units.
        for unit in units:
            for position in positions.get(unit.id, []):
                nodes[unit.id].children.append(_Node("position", position, nodes[unit.id]))
        for unit in units:
            node = nodes[unit.id]
            node.parent = nodes.get(unit.parent_id, self._root)
            node.parent.children.append(node)

    def _node(self, index: QModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._node(index)
        if role == KIND_ROLE:
            return node.kind
        if role == ID_ROLE:
            return node.item.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            return node.item.name
        if node.kind != "position":
            return None
        if index.column() == 1:
            return node.item.holder or "—"
        return STATUS_BADGE.get(node.item.contract_status or "", "")

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
