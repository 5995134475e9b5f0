"""Value trees (METHOD.md §3) and sensitivity weights (§6).

A node's children combine left to right, each with its own operator (``+ − × ÷``), starting
from the identity: ``contribution = + revenue − marketing cost − network cost − allocated``;
``ROCE = × contribution/NOA × NOA/capital``. Leaves take their values from the caller.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import TypeVar

from kpidesk.i18n import N_

from .errors import RuleError
from .problems import Problem

K = TypeVar("K", bound=Hashable)

OPERATORS = ("+", "-", "*", "/")
MAX_NAME = 200  # a node's label or a tree's name, as the dictionary caps a KPI's name
_ALIASES = {"−": "-", "×": "*", "x": "*", "÷": "/"}


@dataclass(frozen=True)
class TreeNode:
    key: str
    parent: str | None = None
    operator: str = "+"  # how this node combines into its parent


def normalise_operator(symbol: str) -> str:
    op = _ALIASES.get(symbol, symbol)
    if op not in OPERATORS:
        raise RuleError(
            N_("'{symbol}' is not a value-tree operator (+ − × ÷)"), "operator", symbol=symbol
        )
    return op


class ValueTree:
    """Nodes indexed by key, children in the order given."""

    def __init__(self, nodes: Iterable[TreeNode]):
        self.nodes: dict[str, TreeNode] = {}
        self.children: dict[str, list[str]] = {}
        for node in nodes:
            if node.key in self.nodes:
                raise RuleError(N_("value-tree node '{key}' appears twice"), node.key, key=node.key)
            normalise_operator(node.operator)
            self.nodes[node.key] = node
            self.children.setdefault(node.key, [])
        roots = []
        for node in self.nodes.values():
            if node.parent is None:
                roots.append(node.key)
            elif node.parent not in self.nodes:
                raise RuleError(
                    N_("node '{key}' names a missing parent '{parent}'"),
                    node.key,
                    key=node.key,
                    parent=node.parent,
                )
            else:
                self.children[node.parent].append(node.key)
        if len(roots) != 1:
            raise RuleError(
                N_("a value tree has exactly one root, not {value1}"),
                "parent",
                value1=len(roots),
            )
        self.root = roots[0]
        self._check_acyclic()

    def _check_acyclic(self) -> None:
        seen, stack = set(), [self.root]
        while stack:
            key = stack.pop()
            seen.add(key)
            stack.extend(self.children[key])
        cut_off = sorted(set(self.nodes) - seen)
        if cut_off:
            raise RuleError(N_("node '{value1}' is part of a cycle"), cut_off[0], value1=cut_off[0])

    @property
    def leaves(self) -> list[str]:
        return [k for k in self._preorder() if not self.children[k]]

    def _preorder(self) -> list[str]:
        order, stack = [], [self.root]
        while stack:
            key = stack.pop()
            order.append(key)
            stack.extend(reversed(self.children[key]))
        return order


def _as_tree(tree: ValueTree | Iterable[TreeNode]) -> ValueTree:
    return tree if isinstance(tree, ValueTree) else ValueTree(tree)


def evaluate_tree(
    tree: ValueTree | Iterable[TreeNode], values: Mapping[str, float]
) -> dict[str, float]:
    """Value of every node: leaves from ``values``, inner nodes from their children."""
    tree = _as_tree(tree)
    result: dict[str, float] = {}
    for key in reversed(tree._preorder()):
        kids = tree.children[key]
        if not kids:
            if key not in values:
                raise RuleError(N_("leaf '{key}' has no value"), key, key=key)
            result[key] = float(values[key])
            continue
        result[key] = _combine(tree, key, result)
    return result


def _combine(tree: ValueTree, key: str, value: Mapping[str, float]) -> float:
    """The value of inner node ``key`` from its drivers' values, left to right."""
    kids = tree.children[key]
    total = 0.0 if normalise_operator(tree.nodes[kids[0]].operator) in "+-" else 1.0
    for kid in kids:
        op, kid_value = normalise_operator(tree.nodes[kid].operator), value[kid]
        if op == "+":
            total += kid_value
        elif op == "-":
            total -= kid_value
        elif op == "*":
            total *= kid_value
        elif kid_value == 0:
            raise RuleError(
                N_("'{key}' divides by '{kid}', which is zero"), kid, key=key, kid=kid
            )
        else:
            total /= kid_value
    return total


class _Overlay(Mapping[str, float]):
    """Values as evaluated, with a few replaced (a bumped leaf and its ancestors)."""

    def __init__(self, base: Mapping[str, float], changed: dict[str, float]):
        self.base, self.changed = base, changed

    def __getitem__(self, key: str) -> float:
        return self.changed[key] if key in self.changed else self.base[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)


def sensitivity_weights(
    tree: ValueTree | Iterable[TreeNode], values: Mapping[str, float], bump: float = 0.10
) -> dict[str, float]:
    """§6 sensitivity analysis: raise each leaf by ``bump`` (10 %) and see how far the root
    moves; each leaf's weight is its share of the total movement. Fractions summing to 1."""
    tree = _as_tree(tree)
    evaluated = evaluate_tree(tree, values)
    base = evaluated[tree.root]
    effects = {}
    for leaf in tree.leaves:
        # Only the leaf's ancestors change: recombine them, bottom up (200 nodes respond at once).
        bumped = _Overlay(evaluated, {leaf: values[leaf] * (1 + bump)})
        key = tree.nodes[leaf].parent
        while key is not None:
            bumped.changed[key] = _combine(tree, key, bumped)
            key = tree.nodes[key].parent
        effects[leaf] = abs(bumped[tree.root] - base)
    total = sum(effects.values())
    if total == 0:
        raise RuleError(
            N_("no leaf moves the root value: sensitivity weights are undefined"), tree.root
        )
    return {leaf: effect / total for leaf, effect in effects.items()}


# Building a tree (issue 11) --------------------------------------------------------------------


def tidy_name(text: str) -> str:
    """A node's label or a tree's name as kept: one line (a label pasted from a workbook cell
    may carry line breaks), runs of white space as one space, nothing around it."""
    return " ".join(text.split())


def name_problem(name: str, empty: str) -> Problem | None:
    """What is wrong with a tidied name: ``empty`` (a template) when there is none, or too long
    for a box on the diagram and a line of the tree."""
    if not name:
        return Problem(empty, "name")
    if len(name) > MAX_NAME:
        return Problem(
            N_("A name in the value tree is at most {limit} characters, not {count}."),
            "name",
            {"limit": MAX_NAME, "count": len(name)},
        )
    return None


def would_cycle(parents: Mapping[int, int | None], node: int, new_parent: int | None) -> bool:
    """True when hanging ``node`` under ``new_parent`` would make it its own ancestor (a drop
    onto itself or onto one of its descendants). ``parents``: every node's parent."""
    ancestor = new_parent
    while ancestor is not None:
        if ancestor == node:
            return True
        ancestor = parents.get(ancestor)
    return False


def tree_findings(
    tree: ValueTree | Iterable[TreeNode], values: Mapping[str, float]
) -> list[Problem]:
    """What a facilitator should fix before the tree computes (none: the sensitivity weights
    are defined): a leaf without a baseline, a division by a driver whose value is 0 (its
    baseline, or computed from its drivers: 固定资产 + 周转资本 + 无形资产 all 0), an
    inner node carrying a baseline its drivers override, a node whose first driver divides or
    multiplies (it starts from 1, so ``÷ x`` reads 1 ÷ x — seldom meant)."""
    tree = _as_tree(tree)
    found: list[Problem] = []
    computed = _computable_values(tree, values)
    for key in tree._preorder():
        kids = tree.children[key]
        if not kids:
            if key not in values:
                found.append(Problem(N_("leaf '{key}' has no baseline"), key, {"key": key}))
            continue
        if key in values:
            found.append(
                Problem(
                    N_("'{key}' has drivers: its own baseline is not used"), key, {"key": key}
                )
            )
        if normalise_operator(tree.nodes[kids[0]].operator) == "/":
            found.append(
                Problem(
                    N_("'{key}' starts with ÷ '{kid}': it computes 1 ÷ '{kid}'"),
                    key,
                    {"key": key, "kid": kids[0]},
                )
            )
        for kid in kids:
            if normalise_operator(tree.nodes[kid].operator) != "/" or computed.get(kid) != 0:
                continue
            if tree.children[kid]:
                template = N_("'{key}' divides by '{kid}', which computes to 0 from its drivers")
            else:
                template = N_("'{key}' divides by '{kid}', whose baseline is 0")
            found.append(Problem(template, kid, {"key": key, "kid": kid}))
    return found


def _computable_values(tree: ValueTree, values: Mapping[str, float]) -> dict[str, float]:
    """Every node's value that can be computed: a leaf's baseline, an inner node's value when
    all its drivers have one and no division by 0 stands in the way."""
    computed: dict[str, float] = {}
    for key in reversed(tree._preorder()):
        kids = tree.children[key]
        if not kids:
            if key in values:
                computed[key] = float(values[key])
        elif all(kid in computed for kid in kids):
            with suppress(RuleError):  # divides by 0: found where the divisor is
                computed[key] = _combine(tree, key, computed)
    return computed


def tree_layout(children: Mapping[K | None, Sequence[K]]) -> dict[K, tuple[int, float]]:
    """Where each node sits: its depth (a column, the root leftmost) and its row, counted in
    leaf slots (a leaf takes the next slot; a parent sits level with the middle of its first
    and last driver). ``children``: each node's drivers in order, the roots under None; a
    collapsed node is given no children. The diagram and the printed page share it."""
    placed: dict[K, tuple[int, float]] = {}
    slot = 0.0
    # Iterative post-order: a deep tree (200 nodes in a chain) must not exhaust the stack.
    for root in children.get(None, []):
        stack: list[tuple[K, int, bool]] = [(root, 0, False)]
        while stack:
            key, depth, done = stack.pop()
            kids = children.get(key, [])
            if not kids:
                placed[key] = (depth, slot)
                slot += 1
            elif done:
                placed[key] = (depth, (placed[kids[0]][1] + placed[kids[-1]][1]) / 2)
            else:
                stack.append((key, depth, True))
                stack.extend((kid, depth + 1, False) for kid in reversed(kids))
    return placed


def panel_roots(children: Mapping[K | None, Sequence[K]], max_rows: int) -> list[K]:
    """A tree too tall for one page wraps into panels: the nodes, in order, whose subtrees each
    fit in ``max_rows`` leaf rows (a node with more rows is cut into its drivers; a node whose
    drivers are all leaves stays one panel however tall). One panel, the root, when the whole
    tree fits. The cut nodes above them are drawn as an outline whose leaves are the panels."""
    rows: dict[K, int] = {}
    for key in reversed(_preorder_of(children)):
        kids = children.get(key, [])
        rows[key] = sum(rows[kid] for kid in kids) if kids else 1
    panels: list[K] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        key = stack.pop()
        kids = children.get(key, [])
        if rows[key] <= max_rows or all(not children.get(kid) for kid in kids):
            panels.append(key)
        else:
            stack.extend(reversed(kids))
    return panels


def _preorder_of(children: Mapping[K | None, Sequence[K]]) -> list[K]:
    order: list[K] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        key = stack.pop()
        order.append(key)
        stack.extend(reversed(children.get(key, [])))
    return order
