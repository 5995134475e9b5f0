"""The organisation tree: units → their positions, then sub-units; holder and contract status.
Units and positions can be dragged onto a unit to move them; value-tree nodes dropped on a
position make it their owner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
)

from kpidesk.core.model import Position, Unit
from kpidesk.i18n import _

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
# What the tree's filter searches: the cell's text and, for a position, the KPIs its contract
# carries (typing 客户满意度 finds the positions measured by it).
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
MIME = "application/x-kpidesk-item"


def status_badge(status: str | None) -> str:
    return {
        "draft": "○ " + _("draft"),
        "agreed": "◐ " + _("agreed"),
        "signed": "● " + _("signed"),
        "closed": "■ " + _("closed"),
    }.get(status or "", "")


def encode_items(items: list[tuple[str, int]]) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME, QByteArray(";".join(f"{k}:{i}" for k, i in items).encode()))
    return mime


def decode_items(mime: QMimeData) -> list[tuple[str, int]]:
    if not mime.hasFormat(MIME):
        return []
    text = bytes(mime.data(MIME).data()).decode()
    return [(k, int(i)) for k, i in (part.split(":") for part in text.split(";") if part)]


@dataclass(eq=False)
class _Node:
    kind: str  # "unit" or "position"
    item: Unit | Position | None
    parent: "_Node | None" = None
    children: list["_Node"] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


# What a drop asks for: (dragged kind, dragged id, target kind, target id) → accepted?
DropHandler = Callable[[str, int, str, int], bool]


class OrgTreeModel(QAbstractItemModel):
    def __init__(
        self,
        units: list[Unit],
        positions: dict[int, list[Position]],
        parent: QObject | None = None,
        on_drop: DropHandler | None = None,
        indicator_names: Callable[[], dict[int, list[str]]] | None = None,
    ):
        super().__init__(parent)
        self.on_drop = on_drop
        self.indicator_names = indicator_names
        self._kpis: dict[int, str] | None = None
        self._root = _Node("root", None)
        self.reload(units, positions)

    def reload(self, units: list[Unit], positions: dict[int, list[Position]]) -> None:
        self.beginResetModel()
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
        self.size = len(units) + sum(len(p) for p in positions.values())
        self.endResetModel()

    def node(self, index: QModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    _node = node

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        children = self.node(parent).children
        # Checked by hand: hasIndex() is the hot spot when views walk thousands of rows.
        if not (0 <= row < len(children) and 0 <= column < 3) or (
            parent.isValid() and parent.column()
        ):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 3

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self.node(index)
        if role == KIND_ROLE:
            return node.kind
        if role == ID_ROLE:
            return node.item.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SEARCH_ROLE):
            return None
        if index.column() == 0:
            if role == SEARCH_ROLE and node.kind == "position":
                return f"{node.item.name} {self._search_kpis().get(node.item.id, '')}"
            return node.item.name
        if node.kind != "position":
            return None
        if index.column() == 1:
            return node.item.holder or _("vacant")
        return status_badge(node.item.contract_status)

    def _search_kpis(self) -> dict[int, str]:
        """Each position's contract KPIs, read once per pass of the filter over the tree (one
        query), so a line added a moment ago is found without reloading the tree."""
        if self._kpis is None:
            names = self.indicator_names() if self.indicator_names else {}
            self._kpis = {position_id: " ".join(kpis) for position_id, kpis in names.items()}
            QTimer.singleShot(0, self._forget_kpis)
        return self._kpis

    def _forget_kpis(self) -> None:
        self._kpis = None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Unit / position"), _("Holder"), _("Contract"))[section]
        return None

    # drag and drop ---------------------------------------------------------------------------
    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.LinkAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:
        items = []
        for index in indexes:
            if index.column() == 0:
                node = self.node(index)
                items.append((node.kind, node.item.id))
        return encode_items(items)

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        items = decode_items(data)
        if not items or not parent.isValid():
            return False
        target = self.node(parent).kind
        return all(
            (kind in ("unit", "position") and target == "unit")
            or (kind == "tree" and target == "position")
            for kind, _id in items
        )

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent) or self.on_drop is None:
            return False
        target = self.node(parent)
        items = decode_items(data)
        # Act after the view has finished the drag: the change reloads this model, which must
        # not happen under the view's feet. Returning False tells the view to remove nothing.
        QTimer.singleShot(
            0,
            lambda: [
                self.on_drop(kind, item_id, target.kind, target.item.id) for kind, item_id in items
            ],
        )
        return False
