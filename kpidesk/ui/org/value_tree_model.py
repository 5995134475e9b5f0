"""The value tree (§3): indicators, the operator joining each to its parent, the owner, the
baseline and the §6 sensitivity weight of each leaf. Nodes drag onto positions in the
organisation tree to give them an owner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt

from kpidesk.i18n import _
from kpidesk.services.firm import TreeNodeView

from kpidesk.ui.org.org_tree_model import ID_ROLE, KIND_ROLE, decode_items, encode_items

OPERATOR_SIGN = {"+": "+", "-": "−", "*": "×", "/": "÷"}
LABEL, OPERATOR, OWNER, BASELINE, WEIGHT = range(5)
EDITABLE_COLUMNS = (LABEL, OPERATOR, OWNER, BASELINE)
# An edit typed into a cell: (node id, column, what was typed or chosen) → whether it was taken.
Edit = Callable[[int, int, object], bool]
# A node dropped onto another (node id, new parent id, row among its new siblings or -1).
Drop = Callable[[int, int, int], bool]


class ValueTreeModel(QAbstractItemModel):
    def __init__(
        self,
        nodes: list[TreeNodeView],
        parent: QObject | None = None,
        read: Callable[[], list[TreeNodeView]] | None = None,
        edit: Edit | None = None,
        drop: Drop | None = None,
    ):
        super().__init__(parent)
        self.read = read  # the tree as it stands, after a change
        # Cells edit only when an editor is given (the tree-building feature composes one):
        # the edit goes through an operation, and the row repaints when the change is announced.
        self.edit, self.drop = edit, drop
        self._nodes: dict[int, TreeNodeView] = {}
        self._children: dict[int | None, list[int]] = {}
        self.reload(nodes)

    def on_changed(self, changes, _source=None) -> None:
        """The value tree changed (an owner given by a drop, an import): show it."""
        if changes.value_tree and self.read is not None:
            self.reload(self.read())

    def reload(self, nodes: list[TreeNodeView]) -> None:
        """Show ``nodes``: with the same rows, only the changed ones repaint (an owner, a
        weight); the model resets only when rows come, go or move."""
        children: dict[int | None, list[int]] = {}
        for node in nodes:
            children.setdefault(node.parent_id, []).append(node.id)
        if self._nodes and children == self._children:
            changed = [n for n in nodes if n != self._nodes[n.id]]
            self._nodes = {n.id: n for n in nodes}
            # One signal per parent, over the rows that changed there: an operator changes
            # the weight of every leaf, and 189 signals through the filter cost seconds.
            rows: dict[int | None, list[int]] = {}
            for node in changed:
                rows.setdefault(node.parent_id, []).append(
                    self._children[node.parent_id].index(node.id)
                )
            for parent_id, changed_rows in rows.items():
                siblings = self._children[parent_id]
                first, last = min(changed_rows), max(changed_rows)
                self.dataChanged.emit(
                    self.createIndex(first, 0, siblings[first]),
                    self.createIndex(last, 4, siblings[last]),
                )
            return
        self.beginResetModel()
        self._nodes = {n.id: n for n in nodes}
        self._children = children
        self.endResetModel()

    def index_of(self, node_id: int, column: int = 0) -> QModelIndex:
        """The node's index (invalid when it is not in the tree shown)."""
        node = self._nodes.get(node_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(self._children[node.parent_id].index(node_id), column, node_id)

    def node(self, node_id: int) -> TreeNodeView | None:
        return self._nodes.get(node_id)

    def nodes(self) -> list[TreeNodeView]:
        return list(self._nodes.values())

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)

    def _id(self, index: QModelIndex) -> int | None:
        return index.internalId() if index.isValid() else None

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._children[self._id(parent)][row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent_id = self._nodes[index.internalId()].parent_id
        if parent_id is None:
            return QModelIndex()
        grandparent = self._nodes[parent_id].parent_id
        return self.createIndex(self._children[grandparent].index(parent_id), 0, parent_id)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._id(parent), []))

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 5

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        if role == KIND_ROLE:
            return "tree"
        if role == ID_ROLE:
            return node.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.EditRole:  # what an editor starts from
            return self._edit_text(node, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == LABEL:
            return node.label  # whole, where a narrow panel elides it
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return node.label
        if column == 1:
            return "" if node.parent_id is None else OPERATOR_SIGN.get(node.operator, node.operator)
        if column == 2:
            return node.owner or ""
        if column == 3:
            return "" if node.baseline is None else f"{node.baseline:g}"
        return "" if node.weight is None else f"{node.weight * 100:.1f}%"

    @staticmethod
    def _edit_text(node: TreeNodeView, column: int) -> str:
        if column == LABEL:
            return node.label
        if column == OPERATOR:
            return OPERATOR_SIGN.get(node.operator, node.operator)
        if column == OWNER:
            return node.owner or ""
        if column == BASELINE:
            return "" if node.baseline is None else f"{node.baseline:.15g}"
        return ""

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.edit is None:
            return False
        if index.column() not in EDITABLE_COLUMNS:
            return False
        return bool(self.edit(index.internalId(), index.column(), value))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                _("Indicator"),
                _("Operator"),
                _("Owner"),
                _("Baseline"),
                _("Sensitivity weight"),
            )[section]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if self.drop is not None:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        root = self._nodes[index.internalId()].parent_id is None
        editable = index.column() in EDITABLE_COLUMNS and not (root and index.column() == OPERATOR)
        if self.edit is not None and editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        items = decode_items(data)
        return (
            self.drop is not None
            and parent.isValid()
            and len(items) == 1
            and items[0][0] == "tree"
            and items[0][1] in self._nodes
        )

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """A node dragged onto another becomes its driver (at the row it was dropped at); the
        rows move when the change is announced, so Qt must not remove the dragged row."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        self.drop(decode_items(data)[0][1], parent.internalId(), row)
        return False

    def mimeTypes(self) -> list[str]:
        from kpidesk.ui.org.org_tree_model import MIME

        return [MIME]

    def mimeData(self, indexes):
        return encode_items([("tree", i.internalId()) for i in indexes if i.column() == 0])

    def supportedDragActions(self) -> Qt.DropAction:
        # Link: onto a position of the organisation (its owner); move: within the tree.
        return Qt.DropAction.LinkAction | Qt.DropAction.MoveAction
