"""§7 multi-dimension task: full marks less ``points`` per full ``per`` units of each named
shortfall (days late, channels missing …); floor 0."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from kpidesk.core.errors import RuleError
from kpidesk.i18n import N_

from .base import RuleKind, Translate, g, number


def validate(rule: Mapping[str, Any], weight: float) -> None:
    items = rule.get("items")
    if not isinstance(items, list) or not items:
        raise RuleError(N_("task rule: 'items' must be a non-empty list"), "items")
    names = set()
    for i, item in enumerate(items):
        name = str(item.get("name", "")).strip() if isinstance(item, Mapping) else ""
        if not name:
            raise RuleError(
                N_("task item {value1} has no name"),
                f"items[{i}].name",
                value1=i + 1,
            )
        if name in names:
            raise RuleError(
                N_("task item '{name}' appears twice"),
                f"items[{i}].name",
                name=name,
            )
        names.add(name)
        if number(item, "per", kind="task") <= 0:
            raise RuleError(
                N_("task item '{name}': 'per' must be above zero"),
                f"items[{i}].per",
                name=name,
            )
        if number(item, "points", kind="task") < 0:
            raise RuleError(
                N_("task item '{name}': points must not be negative"),
                f"items[{i}].points",
                name=name,
            )


def score(rule: Mapping[str, Any], actual: Any, weight: float) -> float:
    """§7 multi-dimension task: full weight minus ``points`` per full ``per`` units of each
    named shortfall; floor 0."""
    shortfalls = actual or {}
    if not isinstance(shortfalls, Mapping):
        raise RuleError(
            N_("a task line's actual maps item names to shortfall amounts"),
            "actual",
        )
    items = {item["name"]: item for item in rule["items"]}
    unknown = sorted(set(shortfalls) - set(items))
    if unknown:
        raise RuleError(
            N_("'{value1}' is not an item of this task rule"),
            "actual",
            value1=unknown[0],
        )
    lost = sum(
        math.floor(round(float(amount) / items[name]["per"], 9)) * items[name]["points"]
        for name, amount in shortfalls.items()
        if amount and amount > 0
    )
    return float(max(0.0, weight - lost))


def read_shortfalls(rule: Mapping[str, Any], value: Any) -> dict[str, float]:
    from kpidesk.core.entry import parse_shortfalls

    return parse_shortfalls(rule, value)


def explain(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    items = "; ".join(
        _("{points} off per {per} {name}").format(
            points=g(item["points"]), per=g(item["per"]), name=item["name"]
        )
        for item in rule["items"]
    )
    return _("Full {weight} points, less: {items}; not below 0.").format(
        weight=g(weight), items=items
    )


KIND = RuleKind(
    code="task",
    name=lambda _: _("Multi-dimension task"),
    actual="shortfalls",
    validate=validate,
    score=score,
    new_rule=lambda weight, _: {"kind": "task", "items": []},
    describe=lambda rule, weight, _: _("Task: full marks less deductions"),
    explain=explain,
    read_actual=read_shortfalls,
    table=("items", ("name", "per", "points")),
    table_numbers=("per", "points"),
)
