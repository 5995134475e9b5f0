"""The organisation tree: units → their positions, then sub-units; holder and contract status.
Units and positions can be dragged onto a unit to move them; value-tree nodes dropped on a
position make it their owner. A name is edited in place (F2): ``on_rename`` runs the rename as
an operation. A vacant position and a holder of a key position without a contract for the year
carry a badge (a sign and a word, in colour, with a tooltip saying what to do)."""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle
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
from kpidesk.core.org import employee_class_word, unit_kind_word
from kpidesk.i18n import _

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
# What the tree's filter searches: the cell's text and, for a position, the KPIs its contract
# carries (typing 客户满意度 finds the positions measured by it).
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
MIME = "application/x-kpidesk-item"
# What needs doing shows in this colour, always with a sign and a word too (never colour alone).
ATTENTION = QColor("#b35900")
ARCHIVED = QColor("#808080")


_ICON: list[QIcon] = []


def _attention_icon() -> QIcon:
    """The style's warning sign, made once (the model repaints often)."""
    if not _ICON:
        _ICON.append(QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
    return _ICON[0]


def vacant_badge() -> str:
    return "⚠ " + _("vacant")


def no_contract_badge() -> str:
    return "△ " + _("no contract")


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
    parent: _Node | None = None
    # What the tree shows beside the name: archived; a position's key flag, employee class and
    # whom it reports to (``details`` of the organisation read; empty when not given).
    info: dict = field(default_factory=dict)
    children: list[_Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def _key(node: _Node) -> tuple[str, int]:
    return (node.kind, node.item.id if node.item is not None else 0)


def _by_key(root: _Node) -> dict[tuple[str, int], _Node]:
    found, stack = {}, [root]
    while stack:
        node = stack.pop()
        found[_key(node)] = node
        stack.extend(node.children)
    return found


def _shape(root: _Node) -> dict[tuple[str, int], list[tuple[str, int]]]:
    """Each node's children, by key: what decides the rows."""
    return {key: [_key(c) for c in node.children] for key, node in _by_key(root).items()}


# What a drop asks for: (dragged kind, dragged id, target kind, target id) → accepted?
DropHandler = Callable[[str, int, str, int], bool]
# A name typed in place: (kind, id, new name) → accepted?
RenameHandler = Callable[[str, int, str], bool]


class OrgTreeModel(QAbstractItemModel):
    def __init__(
        self,
        units: list[Unit],
        positions: dict[int, list[Position]],
        parent: QObject | None = None,
        on_drop: DropHandler | None = None,
        indicator_names: Callable[[], dict[int, list[str]]] | None = None,
        read: Callable[[], tuple] | None = None,
        on_rename: RenameHandler | None = None,
        details: dict | None = None,
    ):
        super().__init__(parent)
        self.on_drop = on_drop
        self.on_rename = on_rename
        self.indicator_names = indicator_names
        self.read = read  # the units and positions as they stand, after a change
        self._kpis: dict[int, str] | None = None
        self._root = _Node("root", None)
        self.reload(units, positions, details)

    def on_changed(self, changes, _source=None) -> None:
        """The organisation changed (a move, a new contract's badge, an import): show it."""
        if changes.organisation and self.read is not None:
            self.reload(*self.read())

    def reload(
        self,
        units: list[Unit],
        positions: dict[int, list[Position]],
        details: dict | None = None,
    ) -> None:
        """Show ``units`` and ``positions``. When the same rows stay, only the rows whose unit
        or position changed repaint (a contract's badge); one row that moved to another unit
        moves (a drop); the model resets only when rows come or go, so the view keeps its
        expanded branches and current row otherwise."""
        root = _Node("root", None)
        details = details or {}
        nodes = {
            unit.id: _Node("unit", unit, info=details.get(("unit", unit.id), {})) for unit in units
        }
        # A unit lists its own positions first, then its sub-units.
        for unit in units:
            for position in positions.get(unit.id, []):
                info = details.get(("position", position.id), {})
                nodes[unit.id].children.append(
                    _Node("position", position, nodes[unit.id], info=info)
                )
        for unit in units:
            node = nodes[unit.id]
            node.parent = nodes.get(unit.parent_id, root)
            node.parent.children.append(node)
        self.size = len(units) + sum(len(p) for p in positions.values())
        if self._root.children and self._refresh_in_place(root):
            return
        self.beginResetModel()
        self._root = root
        self.endResetModel()

    def _refresh_in_place(self, root: _Node) -> bool:
        old, new = _by_key(self._root), _by_key(root)
        if old.keys() != new.keys():
            return False  # rows come or go
        moved = [k for k, n in new.items() if n.parent and _key(n.parent) != _key(old[k].parent)]
        if len(moved) > 1:
            return False
        if moved:
            node, target = old[moved[0]], new[moved[0]]
            source, destination, row = node.parent, old[_key(target.parent)], target.row()
            shape = _shape(self._root)  # what the tree would be with just this row moved
            shape[_key(source)].remove(moved[0])
            shape[_key(destination)].insert(row, moved[0])
            if shape != _shape(root) or not self.beginMoveRows(
                self._index_of(source), node.row(), node.row(), self._index_of(destination), row
            ):
                return False
            source.children.remove(node)
            node.parent = destination
            destination.children.insert(row, node)
            self.endMoveRows()
        elif _shape(self._root) != _shape(root):
            return False  # the same rows in another order
        for key, node in old.items():
            if node.item is not None and (node.item, node.info) != (new[key].item, new[key].info):
                node.item, node.info = new[key].item, new[key].info
                parent, row = self._index_of(node.parent), node.row()
                self.dataChanged.emit(self.index(row, 0, parent), self.index(row, 2, parent))
        return True

    def _index_of(self, node: _Node) -> QModelIndex:
        if node is self._root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def retranslate(self) -> None:
        """Headers, badges and "vacant" are words: repaint every row in the new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        for node in _by_key(self._root).values():
            if node.children:
                parent = self._index_of(node)
                last = len(node.children) - 1
                self.dataChanged.emit(self.index(0, 0, parent), self.index(last, 2, parent))

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
        if role == Qt.ItemDataRole.EditRole:
            return node.item.name if index.column() == 0 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(node, index.column())
        if role == Qt.ItemDataRole.DecorationRole:
            # The name column is always in view, however narrow the panel: a sign there says
            # the row needs someone (its tooltip and the badge columns say what).
            if index.column() == 0 and self._needs_attention(node):
                return _attention_icon()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, index.column())
        if role not in (Qt.ItemDataRole.DisplayRole, SEARCH_ROLE):
            return None
        if index.column() == 0:
            if role == SEARCH_ROLE and node.kind == "position":
                return f"{node.item.name} {self._search_kpis().get(node.item.id, '')}"
            if node.info.get("archived"):
                return f"{node.item.name} ({_('archived')})"
            return node.item.name
        if node.kind != "position":
            return None
        if index.column() == 1:
            holders = node.info.get("holders", ())
            if len(holders) > 1:  # a position that is not key: one of them would mislead
                return _("{count} holders").format(count=len(holders))
            return node.item.holder or vacant_badge()
        if self._lacks_contract(node):
            return no_contract_badge()
        return status_badge(node.item.contract_status)

    def _needs_attention(self, node: _Node) -> bool:
        if node.kind != "position" or node.info.get("archived"):
            return False
        return not node.item.holder or self._lacks_contract(node)

    def _lacks_contract(self, node: _Node) -> bool:
        """A key position someone holds, with no contract for the year: HR has work to do."""
        item = node.item
        return (
            node.kind == "position"
            and bool(item.holder)
            and item.contract_id is None
            and node.info.get("key_position", True)
            and not node.info.get("archived")
        )

    def _foreground(self, node: _Node, column: int):
        if node.info.get("archived"):
            return QBrush(ARCHIVED)
        if node.kind != "position":
            return None
        if (column == 1 and not node.item.holder) or (column == 2 and self._lacks_contract(node)):
            return QBrush(ATTENTION)
        return None

    def _tooltip(self, node: _Node, column: int) -> str | None:
        item = node.item
        if node.kind == "unit":
            text = _("{name}: {kind}").format(name=item.name, kind=unit_kind_word(item.kind))
            return text + (" — " + _("archived") if node.info.get("archived") else "")
        if column == 1 and not item.holder:
            return _(
                "Nobody holds {position}: assign a person (Organisation › Assign a person…)."
            ).format(position=item.name)
        if column == 2 and self._lacks_contract(node):
            return _(
                "{holder} holds the key position {position} but has no contract for this year."
            ).format(holder=item.holder, position=item.name)
        if column == 0:
            key = node.info.get("key_position", True)
            parts = [_("key position") if key else _("not a key position")]
            if node.info.get("employee_class"):
                parts.append(str(employee_class_word(node.info["employee_class"])))
            boss = node.info.get("reports_to")
            if boss:
                parts.append(_("reports to {position}").format(position=boss))
            if node.info.get("archived"):
                parts.append(_("archived"))
            text = f"{item.name}: " + _(", ").join(parts)
            if not item.holder and not node.info.get("archived"):
                text += "\n" + self._tooltip(node, 1)
            elif self._lacks_contract(node):
                text += "\n" + self._tooltip(node, 2)
            return text
        if column == 1 and len(node.info.get("holders", ())) > 1:
            return _(", ").join(node.info["holders"])
        return item.holder if column == 1 else status_badge(item.contract_status) or None

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
        if index.column() == 0 and self.on_rename is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A name typed in place: renamed through the operation (undoable, audited); the row
        repaints when the change comes back (``on_changed``)."""
        if (
            not index.isValid()
            or index.column() != 0
            or role != Qt.ItemDataRole.EditRole
            or self.on_rename is None
        ):
            return False
        node = self.node(index)
        text = str(value or "").strip()
        if text == node.item.name:
            return False
        return bool(self.on_rename(node.kind, node.item.id, text))

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
