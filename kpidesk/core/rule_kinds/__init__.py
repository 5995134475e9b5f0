"""The registry of scoring-rule kinds (METHOD.md §7): one module per kind, each a ``RuleKind``
saying its fields and defaults, validation, scoring, its text, what its actual is, which target levels it keeps where, its direction, its completion rate and
whether it is a deduction. Every layer asks here instead of branching on ``rule["kind"]``;
``tests/core/test_rule_kind_registry.py`` keeps it that way. Adding a kind is a module here and
its tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpidesk.core.errors import RuleError
from kpidesk.i18n import N_

from . import base_score, deduction, grade, linear, polyline, proportional, rating, task
from .base import RuleKind, kind_word, listed

# In the order the rule editor offers them.
REGISTRY: dict[str, RuleKind] = {
    kind.code: kind
    for kind in (
        polyline.KIND,
        linear.KIND,
        base_score.KIND,
        proportional.KIND,
        grade.KIND,
        rating.KIND,
        task.KIND,
        deduction.KIND,
    )
}
RULE_KINDS: tuple[str, ...] = tuple(REGISTRY)


def rule_kind(code: str | None) -> RuleKind:
    """The kind registered under ``code``; RuleError naming the known ones otherwise."""
    kind = REGISTRY.get(code) if isinstance(code, str) else None  # a list is no code either
    if kind is None:
        raise RuleError(
            N_("unknown rule kind {kind!r} (known: {value1})"),
            "kind",
            kind=code,
            value1=listed(kind_word(code) for code in RULE_KINDS),  # names, not codes
        )
    return kind


def kind_of(rule: Mapping[str, Any]) -> RuleKind:
    """The kind of a rule document."""
    if not isinstance(rule, Mapping):
        raise RuleError(N_("a scoring rule must be a JSON object"), "kind")
    return rule_kind(rule.get("kind"))


def known_kind(rule: object) -> RuleKind | None:
    """The rule's kind, or None for something that is not a rule of a known kind (a stored rule
    edited behind kpidesk's back): for reading and showing, never for scoring."""
    code = rule.get("kind") if isinstance(rule, Mapping) else None
    return REGISTRY.get(code) if isinstance(code, str) else None


def is_deduction(rule: Mapping[str, Any]) -> bool:
    kind = known_kind(rule)
    return kind is not None and kind.is_deduction


def rated_in_meeting(rule: Mapping[str, Any]) -> bool:
    """A line the review meeting (the committee) rates: its actual is given in the meeting."""
    kind = known_kind(rule)
    return kind is not None and kind.rater(rule) == "committee"


def new_line_rule(deduction_item: bool = False) -> dict[str, Any]:
    """The rule a line added to a contract starts with: a deduction item takes 5 points off per
    event; any other line is proportional to a target of 1 until its targets are set."""
    if deduction_item:
        return {"kind": deduction.KIND.code, "points": 5}
    return {"kind": proportional.KIND.code, "target": 1.0}


__all__ = [
    "REGISTRY",
    "RULE_KINDS",
    "RuleKind",
    "new_line_rule",
    "is_deduction",
    "rated_in_meeting",
    "kind_of",
    "known_kind",
    "rule_kind",
]
