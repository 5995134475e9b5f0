"""§7 linear add/deduct (线形增减): reaching base earns S; each full step M more (less) adds
(deducts) N points; clamped to [0, w]."""

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
    points = number(rule, "points")
    if step <= 0:
        raise RuleError(N_("step must be above zero, not {step:g}"), "step", step=step)
    if points < 0:
        raise RuleError(
            N_("points per step must not be negative, not {points:g}"),
            "points",
            points=points,
        )
    check_stated_direction(rule)
    check_base_score(rule, weight)


def score(rule: Mapping[str, Any], actual: float, weight: float) -> float:
    """§7 linear / base-score add-deduct: reaching base earns S; each full step M above adds N
    points, each full M below deducts N; clamped to [0, w]."""
    value = base_points(rule, weight) + full_steps(rule, actual) * rule["points"]
    return float(min(weight, max(0.0, value)))


def describe(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    if rule.get("direction") == "lower":
        return _("Linear, lower is better: each {step} adds or deducts {points} points").format(
            step=g(rule["step"]), points=g(rule["points"])
        )
    return _("Linear: each {step} adds or deducts {points} points").format(
        step=g(rule["step"]), points=g(rule["points"])
    )


def explain(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    return (
        _(
            "Base {base} earns {base_points} points; each full {step} less adds {points}, "
            "each full {step} more deducts {points}; 0 to {weight}."
        )
        if rule.get("direction") == "lower"
        else _(
            "Base {base} earns {base_points} points; each full {step} more adds {points}, "
            "each full {step} less deducts {points}; 0 to {weight}."
        )
    ).format(
        base=g(rule["base"]),
        base_points=g(round(base_points(rule, weight), 2)),
        step=g(rule["step"]),
        points=g(rule["points"]),
        weight=g(weight),
    )


def curve_ends(rule: Mapping[str, Any], weight: float) -> tuple[float, float]:
    reach = rule["step"] * (weight / rule["points"] if rule["points"] else 5)
    return rule["base"] - reach, rule["base"] + reach


KIND = RuleKind(
    code="linear",
    name=lambda _: _("Linear add/deduct"),
    actual="number",
    validate=validate,
    score=score,
    new_rule=lambda weight, _: {
        "kind": "linear",
        "base": 100.0,
        "step": 5.0,
        "points": 1.0,
        "base_ratio": 0.8,
    },
    describe=describe,
    explain=explain,
    read_actual=read_number,
    fields=("base", "step", "points", "base_ratio"),
    target_keys={"base": "base"},
    direction_source="stated",
    direction=stated_direction,
    curve_ends=curve_ends,
)
