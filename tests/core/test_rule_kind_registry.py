"""Branching on a rule's kind happens in the registry (kpidesk/core/rule_kinds/) alone: every
other module asks a ``RuleKind`` what it needs. This walks the AST of kpidesk/ and fails on
any comparison or membership test against a rule kind's code, any comparison of
``x["kind"]`` / ``x.get("kind")``, and any table keyed by kind codes, outside the registry."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kpidesk
from kpidesk.core.rule_kinds import REGISTRY, RULE_KINDS, kind_of, rule_kind
from kpidesk.core.errors import RuleError

PACKAGE = Path(kpidesk.__file__).resolve().parent
REGISTRY_DIR = PACKAGE / "core" / "rule_kinds"
CODES = set(RULE_KINDS)


def _is_kind_lookup(node: ast.AST) -> bool:
    """``x["kind"]`` or ``x.get("kind")``."""
    if isinstance(node, ast.Subscript):
        key = node.slice
        return isinstance(key, ast.Constant) and key.value == "kind"
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "kind"
    )


def _other_field_lookup(node: ast.AST) -> bool:
    """``x["category"]`` or ``x.get("category")``: a different field whose values happen to
    share a word with a kind (the deduction category)."""
    if isinstance(node, ast.Subscript):
        key = node.slice
        return isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value != "kind"
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value != "kind"
    )


def _kind_codes(node: ast.AST) -> bool:
    """A kind code literal, or a tuple/list/set literal holding one."""
    if isinstance(node, ast.Constant):
        return node.value in CODES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_kind_codes(element) for element in node.elts)
    return False


def kind_branching(source: str, filename: str = "<source>") -> list[int]:
    """The lines of ``source`` that branch on a rule's kind."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_kind_lookup(o) for o in operands) or any(_kind_codes(o) for o in operands) and not any(
                _other_field_lookup(o) for o in operands
            ):
                found.append(node.lineno)
        elif isinstance(node, ast.Dict):  # a table per kind: {"polyline": …, "linear": …}
            keys = [k for k in node.keys if isinstance(k, ast.Constant)]
            if sum(k.value in CODES for k in keys) >= 2:
                found.append(node.lineno)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):  # a set of kinds, kept aside
            codes = [e for e in node.elts if isinstance(e, ast.Constant) and e.value in CODES]
            if len(codes) >= 2:
                found.append(node.lineno)
        elif isinstance(node, ast.Match):
            subject = node.subject
            if _is_kind_lookup(subject):
                found.append(node.lineno)
    return sorted(set(found))


def test_the_check_sees_each_way_of_branching_on_a_kind():
    assert kind_branching('if rule["kind"] == "grade": pass') == [1]
    assert kind_branching('ok = rule.get("kind") != x') == [1]
    assert kind_branching('if kind in ("grade", "task"): pass') == [1]
    assert kind_branching('numeric = kind not in {"polyline"}') == [1]
    assert kind_branching('D = {"polyline": 1, "linear": 2}') == [1]
    assert kind_branching('NUMERIC = ("polyline", "linear")') == [1]
    assert kind_branching('match rule["kind"]:\n    case _: pass') == [1]
    # what is not a rule's kind: another field's value, a rule being built, a period kind
    assert kind_branching('deduction = fields["category"] == "deduction"') == []
    assert kind_branching('rule = {"kind": "proportional", "target": 1.0}') == []
    assert kind_branching('if kind == "month": pass') == []


def test_no_module_outside_the_registry_branches_on_a_rule_kind():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if REGISTRY_DIR in path.parents:
            continue
        for line in kind_branching(path.read_text(encoding="utf-8"), str(path)):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    assert offenders == []


def test_every_kind_is_registered_under_its_own_code_and_fills_in_what_layers_ask():
    assert RULE_KINDS == (
        "polyline",
        "linear",
        "base_score",
        "proportional",
        "grade",
        "rating",
        "task",
        "deduction",
    )
    for code, kind in REGISTRY.items():
        assert kind.code == code
        rule = kind.new_rule(20.0, lambda message: message)
        assert rule["kind"] == code
        assert kind_of(rule) is kind
        assert kind.name(lambda message: message)
    assert [c for c, k in REGISTRY.items() if k.actual == "number"] == [
        "polyline",
        "linear",
        "base_score",
        "proportional",
    ]
    assert [c for c, k in REGISTRY.items() if k.actual == "level"] == ["grade", "rating"]
    assert [c for c, k in REGISTRY.items() if k.is_deduction] == ["deduction"]
    assert [c for c, k in REGISTRY.items() if k.states_direction] == [
        "linear",
        "base_score",
        "proportional",
    ]


def test_an_unknown_kind_is_named_with_the_known_ones():
    with pytest.raises(RuleError, match="unknown rule kind 'bonus'.*rating"):
        rule_kind("bonus")
