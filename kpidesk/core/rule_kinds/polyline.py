"""§7 difficulty polyline (难易折线): challenge A, base B, minimum C, base score S."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kpidesk.core.errors import RuleError
from kpidesk.i18n import N_

from .base import (
    RuleKind,
    Translate,
    base_points,
    check_base_score,
    g,
    number,
    read_number,
)


def polyline_direction(rule: Mapping[str, Any]) -> str:
    """``higher`` when challenge > minimum, ``lower`` when challenge < minimum."""
    a, c = number(rule, "challenge"), number(rule, "minimum")
    return "higher" if a > c else "lower"


def direction(rule: Mapping[str, Any]) -> str | None:
    if rule.get("direction") in ("higher", "lower"):
        return str(rule["direction"])
    try:
        return polyline_direction(rule)
    except RuleError:
        return None


def validate(rule: Mapping[str, Any], weight: float) -> None:
    a, b, c = (number(rule, k) for k in ("challenge", "base", "minimum"))
    if a == b:
        raise RuleError(
            N_("challenge equals base ({b:g}): the polyline has no slope"),
            "challenge",
            b=b,
        )
    stated = rule.get("direction")
    if stated not in (None, "higher", "lower"):
        raise RuleError(
            N_("direction must be 'higher' or 'lower', not {stated!r}"),
            "direction",
            stated=stated,
        )
    if stated is not None and (a > b) != (stated == "higher"):
        message = (
            N_("challenge {a:g} is below base {b:g} for a higher-is-better indicator")
            if stated == "higher"
            else N_("challenge {a:g} is above base {b:g} for a lower-is-better indicator")
        )
        raise RuleError(message, "challenge", a=a, b=b)
    if a == c or b == c:
        raise RuleError(
            N_("minimum {c:g} must differ from base {b:g} and challenge {a:g}"),
            "minimum",
            c=c,
            b=b,
            a=a,
        )
    higher = (stated or polyline_direction(rule)) == "higher"
    if (b > a) if higher else (b < a):
        message = (
            N_("base {b:g} is above challenge {a:g} for a higher-is-better indicator")
            if higher
            else N_("base {b:g} is below challenge {a:g} for a lower-is-better indicator")
        )
        raise RuleError(message, "base", a=a, b=b)
    if (c > b) if higher else (c < b):
        message = (
            N_("minimum {c:g} must be below base {b:g} for a higher-is-better indicator")
            if higher
            else N_("minimum {c:g} must be above base {b:g} for a lower-is-better indicator")
        )
        raise RuleError(message, "minimum", b=b, c=c)
    check_base_score(rule, weight)


def prepare(rule: Mapping[str, Any], weight: float) -> Callable[[float], float]:
    """§7 difficulty polyline. Higher is better (A > B > C):
    actual ≥ B → S + (actual − B)/(A − B)·(w − S), at most w; C ≤ actual < B →
    S·(actual − C)/(B − C); below C → 0. Lower is better mirrors it (fractions stay positive)."""
    a, b, c = rule["challenge"], rule["base"], rule["minimum"]
    s = base_points(rule, weight)
    sign = 1.0 if a > b else -1.0

    def points(actual: float) -> float:
        if sign * (actual - b) >= 0:
            return float(min(weight, s + (actual - b) / (a - b) * (weight - s)))
        if sign * (actual - c) >= 0:
            # + 0.0: at the minimum of a lower-is-better line this is -0.0, printed "-0.00".
            return float(s * (actual - c) / (b - c) + 0.0)
        return 0.0

    return points


def score(rule: Mapping[str, Any], actual: float, weight: float) -> float:
    return prepare(rule, weight)(actual)


def describe(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    share = base_points(rule, weight) / weight * 100 if weight else rule.get("base_ratio", 0.8) * 100
    return _("Difficulty polyline: base earns {share}% of the weight").format(
        share=g(round(share, 1))
    )


def explain(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    return _(
        "Base {base} earns {base_points} points, challenge {challenge} earns {weight}; "
        "linear in between and down to minimum {minimum}, below which 0."
    ).format(
        base=g(rule["base"]),
        base_points=g(round(base_points(rule, weight), 2)),
        challenge=g(rule["challenge"]),
        weight=g(weight),
        minimum=g(rule["minimum"]),
    )


KIND = RuleKind(
    code="polyline",
    name=lambda _: _("Difficulty polyline"),
    actual="number",
    validate=validate,
    score=score,
    prepare=prepare,
    new_rule=lambda weight, _: {
        "kind": "polyline",
        "challenge": 120.0,
        "base": 100.0,
        "minimum": 80.0,
        "base_ratio": 0.8,
    },
    describe=describe,
    explain=explain,
    read_actual=read_number,
    fields=("challenge", "base", "minimum", "base_ratio"),
    target_keys={"minimum": "minimum", "base": "base", "challenge": "challenge"},
    direction_source="levels",
    direction=direction,
    curve_ends=lambda rule, weight: (rule["minimum"], rule["challenge"]),
)
