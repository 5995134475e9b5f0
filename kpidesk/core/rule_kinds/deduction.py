"""§7 deduction items (扣分指标): no weight; each event takes ``points`` off the contract
total; ``veto_at`` events zero it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpidesk.core.errors import RuleError
from kpidesk.i18n import N_

from .base import RuleKind, Translate, g, number


def validate(rule: Mapping[str, Any], weight: float) -> None:
    if weight:
        raise RuleError(
            N_("a deduction item carries no weight, not {weight:g}"),
            "weight",
            weight=weight,
        )
    if number(rule, "points") <= 0:
        raise RuleError(
            N_("a deduction item must deduct more than zero points per event"),
            "points",
        )
    veto = rule.get("veto_at")
    if veto is not None and (not isinstance(veto, int) or isinstance(veto, bool) or veto < 1):
        raise RuleError(
            N_("veto_at must be a whole number of events ≥ 1, not {veto!r}"),
            "veto_at",
            veto=veto,
        )


def score(rule: Mapping[str, Any], actual: float, weight: float) -> float:
    """Points taken off the contract total (negative): ``points`` per event."""
    return float(-rule["points"] * max(0, int(actual)))


def read_events(rule: Mapping[str, Any], value: Any) -> Any:
    from kpidesk.core.entry import EntryError

    raise EntryError(N_("deduction items take events, not actuals"))


def describe(rule: Mapping[str, Any], weight: float, _: Translate) -> str:
    text = _("{points} points off per event").format(points=g(rule["points"]))
    if rule.get("veto_at"):
        text += _("; {count} events zero the total").format(count=rule["veto_at"])
    return text


KIND = RuleKind(
    code="deduction",
    name=lambda _: _("Deduction item"),
    actual="events",
    validate=validate,
    score=score,
    new_rule=lambda weight, _: {"kind": "deduction", "points": 5.0},
    describe=describe,
    read_actual=read_events,
    fields=("points", "veto_at"),
    is_deduction=True,
)
