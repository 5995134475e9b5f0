"""Building value trees (METHOD.md §3), one transaction per edit: trees added, renamed and
deleted; nodes added as a child or a sibling, renamed, tied to a dictionary entry, given an
operator, an owner and a baseline, reordered, moved under another parent, deleted (a node with
drivers only with its subtree). Each returns an ``OpResult`` whose undo is another call here
(a deleted node comes back with its id and its subtree); storage audits every row."""

from __future__ import annotations

import math
from contextlib import contextmanager

from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.problems import KpideskError, Problem
from kpidesk.core.valuetree import name_problem, normalise_operator, tidy_name, would_cycle
from kpidesk.i18n import N_
from kpidesk.storage.document import Document
from kpidesk.storage.tree_repo import TreeRepository

from .editing import EditRefused, edit_transaction

TREE = Changes(value_tree=True)


def _refuse(template: str, **params) -> EditRefused:
    return EditRefused([Problem(template, None, params)])


def _name(text: str, empty: str) -> str:
    """A label or a tree name tidied to one line, refused when empty or too long."""
    name = tidy_name(text)
    problem = name_problem(name, empty)
    if problem is not None:
        raise EditRefused([problem])
    return name


def _label(text: str) -> str:
    return _name(text, N_("a node of the value tree needs a name"))


class TreeEdits:
    def __init__(self, document: Document):
        self.document = document

    @contextmanager
    def _edit(self):
        with edit_transaction(self.document) as session:
            yield TreeRepository(session)

    # trees ------------------------------------------------------------------------------------
    def add_tree(self, name: str, unit_id: int | None = None) -> OpResult:
        """A new empty tree (one per division, seed 000); the value is its code."""
        name = _name(name, N_("a value tree needs a name"))
        with self._edit() as trees:
            self._refuse_taken_name(trees, name)
            code = trees.add_tree(name, unit_id).code
        return OpResult(code, TREE, lambda: self.delete_tree(code))

    def rename_tree(self, code: str, name: str) -> OpResult:
        name = _name(name, N_("a value tree needs a name"))
        with self._edit() as trees:
            self._refuse_taken_name(trees, name, code)
            old = trees.rename_tree(code, name)
        return OpResult(old, TREE, lambda: self.rename_tree(code, old))

    def set_tree_unit(self, code: str, unit_id: int | None) -> OpResult:
        """The division a tree serves (seed 000: each division's own value-tree view); None:
        the whole firm."""
        with self._edit() as trees:
            old = trees.set_tree_unit(code, unit_id)
        return OpResult(old, TREE, lambda: self.set_tree_unit(code, old))

    @staticmethod
    def _refuse_taken_name(trees: TreeRepository, name: str, code: str | None = None) -> None:
        """Two trees of one name could not be told apart in the chooser."""
        if any(t.name.casefold() == name.casefold() and t.code != code for t in trees.trees()):
            raise _refuse(N_("There is already a value tree named {name}."), name=name)

    def delete_tree(self, code: str) -> OpResult:
        """Only an empty tree goes (its nodes are the facilitator's work)."""
        with self._edit() as trees:
            snapshot = trees.remove_tree(code)
        return OpResult(snapshot, TREE, lambda: self._restore_tree(snapshot))

    def _restore_tree(self, snapshot: dict) -> OpResult:
        with self._edit() as trees:
            trees.add_tree(snapshot["name"], snapshot["unit_id"], snapshot["code"], snapshot["id"])
        return OpResult(snapshot["code"], TREE, lambda: self.delete_tree(snapshot["code"]))

    # adding and removing nodes ---------------------------------------------------------------
    def add_child(
        self,
        node_id: int | None,
        label: str,
        indicator_id: int | None = None,
        tree: str | None = None,
        operator: str = "+",
    ) -> OpResult:
        """A driver under ``node_id``, last among its siblings; with no node, the root of the
        empty ``tree``. The value is the new node's id."""
        label = _label(label)
        with self._edit() as trees:
            if node_id is None:
                if tree is None:
                    raise _refuse(N_("choose the node to add a driver to"))
                if trees.nodes(tree):
                    raise _refuse(N_("a value tree has one top value: add a driver under it"))
                new_id = trees.add_node(tree, None, label, indicator_id=indicator_id)
            else:
                parent = trees.node(node_id)
                new_id = trees.add_node(
                    parent.tree,
                    node_id,
                    label,
                    indicator_id=indicator_id,
                    operator=normalise_operator(operator),
                )
        return OpResult(new_id, TREE, lambda: self.delete_node(new_id))

    def add_sibling(self, node_id: int, label: str, indicator_id: int | None = None) -> OpResult:
        """A node right after ``node_id`` under the same parent, joining it with the same
        operator (a cost after a cost is subtracted too)."""
        label = _label(label)
        with self._edit() as trees:
            node = trees.node(node_id)
            if node.parent_id is None:
                raise _refuse(N_("the top value has no siblings: add a driver under it"))
            index = trees.siblings(node.tree, node.parent_id).index(node_id) + 1
            new_id = trees.add_node(
                node.tree,
                node.parent_id,
                label,
                index,
                indicator_id=indicator_id,
                operator=node.operator,
            )
        return OpResult(new_id, TREE, lambda: self.delete_node(new_id))

    def delete_node(self, node_id: int, subtree: bool = False) -> OpResult:
        """Delete a leaf; a node with drivers only with ``subtree`` (the UI asks first). Undo
        puts every node back with its id, where it stood."""
        with self._edit() as trees:
            node = trees.node(node_id)
            below = len(trees.subtree(node_id)) - 1
            if below and not subtree:
                raise _refuse(
                    N_("{label} has {count} nodes below it: delete them first"),
                    label=node.label,
                    count=below,
                )
            snapshot = trees.remove_subtree(node_id)
        return OpResult(snapshot, TREE, lambda: self._restore_nodes(snapshot))

    def _restore_nodes(self, snapshot: dict) -> OpResult:
        with self._edit() as trees:
            node_id = trees.restore(snapshot)
        return OpResult(node_id, TREE, lambda: self.delete_node(node_id, subtree=True))

    # a node's fields ---------------------------------------------------------------------------
    def _set(self, node_id: int, values: dict) -> OpResult:
        """Several fields in one step; undone by writing the old values back."""
        with self._edit() as trees:
            old = {field: trees.set_field(node_id, field, v) for field, v in values.items()}
        return OpResult(old, TREE, lambda: self._set(node_id, old))

    def set_label(self, node_id: int, label: str) -> OpResult:
        return self._set(node_id, {"label": _label(label)})

    def set_indicator(self, node_id: int, indicator_id: int | None) -> OpResult:
        """Tie the node to a dictionary entry (its name becomes the node's label), or untie."""
        if indicator_id is None:
            return self._set(node_id, {"indicator_id": None})
        with self._edit() as trees:  # one read; a missing entry is refused in words
            name = trees.indicator_name(indicator_id)
        return self._set(node_id, {"indicator_id": indicator_id, "label": name})

    def set_operator(self, node_id: int, operator: str) -> OpResult:
        """How the node joins its parent: + − × ÷ (or their ASCII forms)."""
        with self._edit() as trees:
            root = trees.node(node_id).parent_id is None
        if root:
            raise _refuse(N_("the top value joins no parent: it takes no operator"))
        try:
            op = normalise_operator(operator)
        except KpideskError as exc:
            raise EditRefused(exc.problems) from exc
        return self._set(node_id, {"operator": op})

    def set_baseline(self, node_id: int, baseline: float | None) -> OpResult:
        """A number, or None to clear it; NaN or infinity would poison every weight."""
        if baseline is not None and not math.isfinite(baseline):
            raise _refuse(N_("A baseline is a finite number, not {value}."), value=baseline)
        return self._set(node_id, {"baseline": baseline})

    def set_owner(
        self, node_id: int, position_id: int | None = None, unit_id: int | None = None
    ) -> OpResult:
        """A position owns the node (§3: every leaf is owned; its unit with it), or a unit."""
        with self._edit() as trees:
            old = trees.set_owner(node_id, position_id, unit_id)
        return OpResult(old, TREE, lambda: self.set_owner(node_id, *old))

    # order and place -------------------------------------------------------------------------
    def move_up(self, node_id: int) -> OpResult:
        return self._shift(node_id, -1)

    def move_down(self, node_id: int) -> OpResult:
        return self._shift(node_id, +1)

    def _shift(self, node_id: int, step: int) -> OpResult:
        with self._edit() as trees:
            node = trees.node(node_id)
            siblings = trees.siblings(node.tree, node.parent_id)
            index = siblings.index(node_id) + step
            if not 0 <= index < len(siblings):
                raise _refuse(
                    N_("{label} is already the first of its siblings")
                    if step < 0
                    else N_("{label} is already the last of its siblings"),
                    label=node.label,
                )
            old = trees.move(node_id, node.parent_id, index)
        return OpResult(old, TREE, lambda: self.reparent(node_id, *old))

    def reparent(self, node_id: int, parent_id: int | None, index: int | None = None) -> OpResult:
        """Hang the node (with its subtree) under another node of the same tree, at ``index``
        among its new siblings (None: last); a drop on itself or its own subtree is refused."""
        with self._edit() as trees:
            node = trees.node(node_id)
            if parent_id is None and node.parent_id is not None:
                raise _refuse(N_("a value tree has one top value: drop the node onto another"))
            if parent_id is not None:
                parent = trees.node(parent_id)
                if parent.tree != node.tree:
                    raise _refuse(N_("a node moves only within its own value tree"))
                if would_cycle(trees.parents(node.tree), node_id, parent_id):
                    raise _refuse(
                        N_("{label} cannot move under itself or its own drivers"),
                        label=node.label,
                    )
            if index is None:
                index = len(trees.siblings(node.tree, parent_id))
            old = trees.move(node_id, parent_id, index)
        return OpResult(old, TREE, lambda: self.reparent(node_id, *old))
