"""§7 proportional (比例): w · actual/target (target/actual when lower is better), clamped to
[0, cap · w]."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpidesk.core.errors import RuleError
from kpidesk.i18n import N_

from .base import (
    RuleKind,
    Translate,
    check_stated_direction,
    g,
    number,
    read_number,
    stated_direction,
)


def validate(rule: Mapping[str, Any], weight: float) -> None:
    target = number(rule, "target")
    if target <= 0:
        raise RuleError(
            N_("target must be above zero, not {target:g}"),
            "target",
            target=target,
        )
    cap = number(rule, "cap", required=False)
    if cap is not None and cap <= 0:
        raise RuleError(N_("cap must be above zero, not {cap:g}"), "cap", cap=cap)
    check_stated_direction(rule)


def score(rule: Mapping[str, Any], actual: float, weight: float) -> float:
    """§7 proportional: w · completion, completion = actual/target (target/actual when lower is
    better), clamped to [0, cap·w] (cap defaults to 1)."""
    target = rule["target"]
    cap = rule.get("cap", 1.0)
    if rule.get("direction", "higher") == "lower":
        completion = cap if actual <= 0 else target / actual
    else:
        completion = actual / target
    return float(weight * min(cap, max(0.0, completion)))


def describe(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    if rule.get("direction") == "lower":
        return _("Proportional to target {target} (target ÷ actual, lower is better)").format(
            target=g(rule["target"])
        )
    return _("Proportional to target {target}").format(target=g(rule["target"]))


KIND = RuleKind(
    code="proportional",
    name=lambda _: _("Proportional"),
    actual="number",
    validate=validate,
    score=score,
    new_rule=lambda weight, _: {"kind": "proportional", "target": 100.0, "cap": 1.0},
    describe=describe,
    read_actual=read_number,
    fields=("target", "cap"),
    target_keys={"base": "target"},
    direction_source="stated",
    direction=stated_direction,
    curve_ends=lambda rule, weight: (0.0, rule["target"] * rule.get("cap", 1.0) * 1.1),
)
