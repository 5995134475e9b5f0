"""§7 base-score add/deduct (加减计分): reaching base B earns the base score S (default 80 %
of w); each full step beyond B adds, each full step short of B deducts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpidesk.core.errors import RuleError
from kpidesk.i18n import N_

from .base import (
    RuleKind,
    Translate,
    base_points,
    check_base_score,
    check_stated_direction,
    full_steps,
    g,
    number,
    read_number,
    stated_direction,
)


def validate(rule: Mapping[str, Any], weight: float) -> None:
    number(rule, "base")
    step = number(rule, "step")
    if step <= 0:
        raise RuleError(N_("step must be above zero, not {step:g}"), "step", step=step)
    for name in ("add_points", "deduct_points"):
        points = number(rule, name)
        if points < 0:
            raise RuleError(
                N_("points per step must not be negative, not {points:g}"),
                name,
                points=points,
            )
    check_stated_direction(rule)
    check_base_score(rule, weight)


def score(rule: Mapping[str, Any], actual: float, weight: float) -> float:
    """§7 base-score add/deduct (加减计分): reaching base B earns the base score S (default 80 %
    of w); each full ``step`` beyond B adds ``add_points`` up to w, each full step short of B
    deducts ``deduct_points`` down to 0."""
    steps = full_steps(rule, actual)
    per_step = rule["add_points"] if steps > 0 else rule["deduct_points"]
    return float(min(weight, max(0.0, base_points(rule, weight) + steps * per_step)))


def describe(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    return (
        _(
            "Base-score add/deduct: base earns {base_points}, each {step} less adds {add}, "
            "each {step} more deducts {deduct}"
        )
        if rule.get("direction") == "lower"
        else _(
            "Base-score add/deduct: base earns {base_points}, each {step} more adds {add}, "
            "each {step} less deducts {deduct}"
        )
    ).format(
        base_points=g(round(base_points(rule, weight), 2)),
        step=g(rule["step"]),
        add=g(rule["add_points"]),
        deduct=g(rule["deduct_points"]),
    )


def explain(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    return (
        _(
            "Reaching base {base} earns the base score {base_points}; each full {step} less "
            "adds {add} up to {weight}, each full {step} more deducts {deduct} down to 0."
        )
        if rule.get("direction") == "lower"
        else _(
            "Reaching base {base} earns the base score {base_points}; each full {step} more "
            "adds {add} up to {weight}, each full {step} less deducts {deduct} down to 0."
        )
    ).format(
        base=g(rule["base"]),
        base_points=g(round(base_points(rule, weight), 2)),
        step=g(rule["step"]),
        add=g(rule["add_points"]),
        deduct=g(rule["deduct_points"]),
        weight=g(weight),
    )


def curve_ends(rule: Mapping[str, Any], weight: float) -> tuple[float, float]:
    points = min((p for p in (rule["add_points"], rule["deduct_points"]) if p), default=0)
    reach = rule["step"] * (weight / points if points else 5)
    return rule["base"] - reach, rule["base"] + reach


KIND = RuleKind(
    code="base_score",
    name=lambda _: _("Base-score add/deduct"),
    actual="number",
    validate=validate,
    score=score,
    new_rule=lambda weight, _: {
        "kind": "base_score",
        "base": 100.0,
        "step": 1.0,
        "add_points": 1.0,
        "deduct_points": 1.0,
        "base_ratio": 0.8,
    },
    describe=describe,
    explain=explain,
    read_actual=read_number,
    fields=("base", "base_ratio", "step", "add_points", "deduct_points"),
    target_keys={"base": "base"},
    direction_source="stated",
    direction=stated_direction,
    curve_ends=curve_ends,
)
