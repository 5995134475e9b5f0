"""Value trees and their nodes, as a facilitator builds them (METHOD.md §3): several trees per
firm (``value_trees``), nodes kept in sibling order (``sort``), a node removed with its subtree
and put back with the same ids. Every insert, update and delete goes through the ORM session,
so ``storage/audit.py`` records it."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpidesk.core.problems import InputError, NotFoundError
from kpidesk.i18n import N_

from .records import IndicatorRecord, PositionRecord, TreeNodeRecord, UnitRecord, ValueTreeRecord

# What a node's snapshot keeps (everything but the id, which it keeps too).
NODE_FIELDS = (
    "tree",
    "label",
    "indicator_id",
    "parent_id",
    "operator",
    "owner_unit_id",
    "owner_position_id",
    "baseline",
    "sort",
)
EDITABLE = ("label", "indicator_id", "operator", "baseline")


class TreeRepository:
    def __init__(self, session: Session):
        self.session = session

    # trees ----------------------------------------------------------------------------------
    def trees(self) -> list[ValueTreeRecord]:
        return list(
            self.session.scalars(
                select(ValueTreeRecord).order_by(ValueTreeRecord.sort, ValueTreeRecord.id)
            )
        )

    def node_counts(self) -> dict[str, int]:
        """How many nodes each tree has, in one query."""
        return dict(
            self.session.execute(
                select(TreeNodeRecord.tree, func.count()).group_by(TreeNodeRecord.tree)
            ).all()
        )

    def tree(self, code: str) -> ValueTreeRecord:
        found = self.session.scalars(
            select(ValueTreeRecord).where(ValueTreeRecord.code == code)
        ).first()
        if found is None:
            raise NotFoundError(N_("there is no value tree {code}"), code=code)
        return found

    def add_tree(
        self, name: str, unit_id: int | None = None, code: str | None = None, id: int | None = None
    ) -> ValueTreeRecord:
        """A new, empty tree, last in the list; ``code`` and ``id`` given when undo puts back a
        deleted one."""
        if code is None:
            taken = set(self.session.scalars(select(ValueTreeRecord.code)))
            number = len(taken) + 1
            while f"tree{number}" in taken:
                number += 1
            code = f"tree{number}"
        sort = (self.session.scalar(select(func.max(ValueTreeRecord.sort))) or 0) + 1
        record = ValueTreeRecord(id=id, code=code, name=name, unit_id=unit_id, sort=sort)
        self.session.add(record)
        self.session.flush()
        return record

    def rename_tree(self, code: str, name: str) -> str:
        record = self.tree(code)
        old, record.name = record.name, name
        return old

    def set_tree_unit(self, code: str, unit_id: int | None) -> int | None:
        """The division (unit) a tree serves, None for the whole firm; returns the old one."""
        record = self.tree(code)
        old, record.unit_id = record.unit_id, unit_id
        return old

    def remove_tree(self, code: str) -> dict:
        """Delete an empty tree; the snapshot puts it back."""
        record = self.tree(code)
        if self.nodes(code):
            raise InputError(
                N_("the value tree {name} still has nodes: delete them first"), name=record.name
            )
        snapshot = {
            "id": record.id,
            "code": record.code,
            "name": record.name,
            "unit_id": record.unit_id,
        }
        self.session.delete(record)
        self.session.flush()
        return snapshot

    # nodes ------------------------------------------------------------------------------------
    def nodes(self, code: str) -> list[TreeNodeRecord]:
        return list(
            self.session.scalars(
                select(TreeNodeRecord)
                .where(TreeNodeRecord.tree == code)
                .order_by(TreeNodeRecord.sort, TreeNodeRecord.id)
            )
        )

    def node(self, node_id: int) -> TreeNodeRecord:
        record = self.session.get(TreeNodeRecord, node_id)
        if record is None:
            raise NotFoundError(N_("there is no value-tree node {id}"), id=node_id)
        return record

    def siblings(self, tree: str, parent_id: int | None) -> list[int]:
        """The ids under ``parent_id`` in their order (the roots for None)."""
        under = (
            TreeNodeRecord.parent_id.is_(None)
            if parent_id is None
            else TreeNodeRecord.parent_id == parent_id
        )
        return list(
            self.session.scalars(
                select(TreeNodeRecord.id)
                .where(TreeNodeRecord.tree == tree, under)
                .order_by(TreeNodeRecord.sort, TreeNodeRecord.id)
            )
        )

    def _number(self, ids: list[int]) -> None:
        """Sibling order written as 0, 1, 2 … (only the rows whose place changed are touched)."""
        for sort, node_id in enumerate(ids):
            record = self.node(node_id)
            if record.sort != sort:
                record.sort = sort

    def add_node(
        self,
        tree: str,
        parent_id: int | None,
        label: str,
        index: int | None = None,
        **fields,
    ) -> int:
        """A node under ``parent_id`` at ``index`` among its siblings (None: last)."""
        self.tree(tree)
        siblings = self.siblings(tree, parent_id)
        record = TreeNodeRecord(
            tree=tree, parent_id=parent_id, label=label, sort=len(siblings), **fields
        )
        self.session.add(record)
        self.session.flush()
        siblings.insert(len(siblings) if index is None else index, record.id)
        self._number(siblings)
        return record.id

    def subtree(self, node_id: int) -> list[TreeNodeRecord]:
        """The node and everything below it, parents before their children."""
        root = self.node(node_id)
        order, stack = [], [root]
        children: dict[int | None, list[TreeNodeRecord]] = {}
        for record in self.nodes(root.tree):
            children.setdefault(record.parent_id, []).append(record)
        while stack:
            record = stack.pop()
            order.append(record)
            stack.extend(reversed(children.get(record.id, [])))
        return order

    def remove_subtree(self, node_id: int) -> dict:
        """Delete the node and its subtree; the snapshot (every row with its id, and where the
        node stood among its siblings) lets ``restore`` put them back exactly."""
        records = self.subtree(node_id)
        root = records[0]
        snapshot = {
            "nodes": [{"id": r.id, **{f: getattr(r, f) for f in NODE_FIELDS}} for r in records],
            "siblings": self.siblings(root.tree, root.parent_id),
        }
        for record in reversed(records):  # children first: the parent key must not dangle
            self.session.delete(record)
            self.session.flush()
        return snapshot

    def restore(self, snapshot: dict) -> int:
        for row in snapshot["nodes"]:
            self.session.add(TreeNodeRecord(**row))
            self.session.flush()
        self._number(snapshot["siblings"])
        return snapshot["nodes"][0]["id"]

    def indicator_name(self, indicator_id: int) -> str:
        record = self.session.get(IndicatorRecord, indicator_id)
        if record is None:
            raise NotFoundError(N_("there is no dictionary entry {id}"), id=indicator_id)
        return record.name

    def set_field(self, node_id: int, field: str, value):
        if field not in EDITABLE:
            raise ValueError(f"not an editable node field: {field}")
        record = self.node(node_id)
        known = field != "indicator_id" or value is None
        if not known and self.session.get(IndicatorRecord, value) is None:
            raise NotFoundError(N_("there is no dictionary entry {id}"), id=value)
        old = getattr(record, field)
        setattr(record, field, value)
        return old

    def set_owner(
        self, node_id: int, position_id: int | None, unit_id: int | None
    ) -> tuple[int | None, int | None]:
        """A position owns the node (and its unit with it), or a unit alone, or nobody."""
        record = self.node(node_id)
        old = (record.owner_position_id, record.owner_unit_id)
        if position_id is not None:
            position = self.session.get(PositionRecord, position_id)
            if position is None:
                raise NotFoundError(N_("there is no position {id}"), id=position_id)
            unit_id = position.unit_id
        elif unit_id is not None and self.session.get(UnitRecord, unit_id) is None:
            raise NotFoundError(N_("there is no unit {id}"), id=unit_id)
        record.owner_position_id, record.owner_unit_id = position_id, unit_id
        return old

    def move(self, node_id: int, parent_id: int | None, index: int) -> tuple[int | None, int]:
        """Hang the node under ``parent_id`` at ``index`` among its siblings; returns where it
        was (parent, index), which is how the move is undone."""
        record = self.node(node_id)
        old_parent = record.parent_id
        old_siblings = self.siblings(record.tree, old_parent)
        old_index = old_siblings.index(node_id)
        old_siblings.remove(node_id)
        if old_parent != parent_id:
            self._number(old_siblings)
            record.parent_id = parent_id
            siblings = self.siblings(record.tree, parent_id)
            siblings = [s for s in siblings if s != node_id]
        else:
            siblings = old_siblings
        siblings.insert(max(0, min(index, len(siblings))), node_id)
        self._number(siblings)
        self.session.flush()
        return old_parent, old_index

    def parents(self, tree: str) -> dict[int, int | None]:
        return {
            node_id: parent
            for node_id, parent in self.session.execute(
                select(TreeNodeRecord.id, TreeNodeRecord.parent_id).where(
                    TreeNodeRecord.tree == tree
                )
            )
        }
