"""§7 grade (等级计分): ordered levels, each with a label, points and a description; one
level marked as base, one as challenge. The actual is a level's label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpidesk.core.errors import RuleError
from kpidesk.i18n import N_

from .base import RuleKind, Translate, g, listed, number, read_level


def check_level_marks(rule: Mapping[str, Any], levels: list[Any]) -> None:
    for key in ("base", "challenge"):
        index = rule.get(key)
        if index is not None and (not isinstance(index, int) or not 0 <= index < len(levels)):
            raise RuleError(
                N_("grade rule: '{key}' must be a level index 0–{value1}"),
                key,
                key=key,
                value1=len(levels) - 1,
            )


def validate(rule: Mapping[str, Any], weight: float) -> None:
    levels = rule.get("levels")
    if not isinstance(levels, list) or not levels:
        raise RuleError(N_("grade rule: 'levels' must be a non-empty list"), "levels")
    seen = set()
    for i, level in enumerate(levels):
        if not isinstance(level, Mapping) or not str(level.get("label", "")).strip():
            raise RuleError(
                N_("grade level {value1} has no label"),
                f"levels[{i}].label",
                value1=i + 1,
            )
        label = str(level["label"])
        if label in seen:
            raise RuleError(
                N_("grade level label '{label}' appears twice"),
                f"levels[{i}].label",
                label=label,
            )
        seen.add(label)
        points = number(level, "points", kind="grade")
        if not 0 <= points <= weight:
            raise RuleError(
                N_(
                    "grade level '{label}' is worth {points:g} points, more than the weight "
                    "{weight:g}"
                )
                if points > weight
                else N_("grade level '{label}' has negative points {points:g}"),
                f"levels[{i}].points",
                label=label,
                points=points,
                weight=weight,
            )
    check_level_marks(rule, levels)


def score(rule: Mapping[str, Any], actual: Any, weight: float) -> float:
    for level in rule["levels"]:
        if str(level["label"]) == str(actual):
            return float(level["points"])
    labels = listed(str(level["label"]) for level in rule["levels"])
    raise RuleError(
        N_("'{actual}' is not a level of this grade rule ({labels})"),
        "actual",
        actual=actual,
        labels=labels,
    )


def new_rule(weight: float, _: Translate) -> dict[str, Any]:
    return {
        "kind": "grade",
        "base": 1,
        "challenge": 0,
        "levels": [
            {"label": label, "points": round(weight * share, 2), "description": ""}
            for label, share in (("A", 1.0), ("B", 0.85), ("C", 0.7), ("D", 0.4))
        ],
    }


def describe(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    return _("Grade: {levels}").format(
        levels=" / ".join(f"{level['label']} {g(level['points'])}" for level in rule["levels"])
    )


KIND = RuleKind(
    code="grade",
    name=lambda _: _("Grade"),
    actual="level",
    validate=validate,
    score=score,
    new_rule=new_rule,
    describe=describe,
    read_actual=read_level,
    table=("levels", ("label", "points", "description")),
    table_numbers=("points",),
    level_marks=True,
)
