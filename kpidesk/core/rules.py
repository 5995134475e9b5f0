"""Scoring rules of a contract line (METHOD.md §7) as small validated JSON documents.

Each rule kind lives in ``kpidesk.core.rule_kinds`` (its validator, scorer, fields, text …);
these are the public functions every layer calls, asking the registry. ``score_line`` gives the
points of one line; ``line_scorer`` the scoring function of one rule that a pass over many lines
keeps (``score_contract``'s ``scorers``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from kpidesk.i18n import N_

from .errors import RuleError
from .rule_kinds import REGISTRY, kind_of, known_kind
from .rule_kinds import RULE_KINDS as RULE_KINDS  # re-exported: callers import them from here
from .rule_kinds import is_deduction as is_deduction
from .rule_kinds import rule_kind as rule_kind
from .rule_kinds.base import DEFAULT_BASE_RATIO as DEFAULT_BASE_RATIO
from .rule_kinds.base import RuleKind
from .rule_kinds.base import kind_word
from .rule_kinds.base import base_points as base_points
from .rule_kinds.base import completion_rate as completion_rate
from .rule_kinds.polyline import polyline_direction as polyline_direction



def validate_rule(rule: dict[str, Any], weight: float) -> None:
    """Raise ``RuleError`` naming the offending field if ``rule`` cannot score a line of
    ``weight`` points."""
    kind = kind_of(rule)
    if weight is None:  # a weight cell emptied: "not None" would mean nothing to a user
        raise RuleError(N_("the weight cannot be empty"), "weight")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 100:
        raise RuleError(
            N_("weight must be between 0 and 100, not {weight!r}"),
            "weight",
            weight=weight,
        )
    kind.validate(rule, float(weight))


# A period's prepared scorers, by (id(rule), weight): see ``score_line``.
Scorers = dict[tuple[int, float], Callable[[Any], float]]


def line_scorer(rule: dict[str, Any], weight: float) -> Callable[[Any], float]:
    """The points a line of ``rule`` and ``weight`` earns, as a function of its actual (§7): the
    rule validated first (a RuleError naming the field), its numbers read once. Deduction items
    give the points taken off the total, as a negative number."""
    validate_rule(rule, weight)
    kind = _plain_kind(rule) or kind_of(rule)
    w = float(weight)
    prepared = kind.prepare
    points = (
        prepared(rule, w)
        if prepared is not None
        else lambda actual: kind.score(rule, actual, w)
    )
    if kind.actual not in ("number", "events"):
        return lambda actual: float(points(actual))

    def scored(actual: Any) -> float:
        if (
            type(actual) is not float
            and (isinstance(actual, bool) or not isinstance(actual, (int, float)))
        ) or not math.isfinite(actual):
            raise RuleError(
                N_("the actual of a {kind} line must be a number, not {actual!r}"),
                "actual",
                kind=kind_word(kind.code),
                actual=actual,
            )
        return float(points(float(actual)))

    return scored


def score_line(
    rule: dict[str, Any], actual: Any, weight: float, scorers: Scorers | None = None
) -> float:
    """Points one contract line earns for ``actual`` (§7); see ``line_scorer``. ``scorers``: a
    cache the caller keeps for one pass over lines that stay alive meanwhile, so no rule object
    dies and lends its id to another (a period's 50,000 lines share a few hundred rule objects:
    validating and reading each line's rule again was most of scoring them)."""
    if scorers is None:
        return line_scorer(rule, weight)(actual)
    key = (id(rule), weight)
    scorer = scorers.get(key)
    if scorer is None:
        scorer = scorers[key] = line_scorer(rule, weight)
    return scorer(actual)


def _plain_kind(rule: object) -> RuleKind | None:
    """The kind of a rule held as a plain dict with a known code, found without the abstract
    ``Mapping`` test ``kind_of`` makes (a third of scoring a period's 50,000 lines); None for
    anything else, which ``kind_of`` then judges."""
    if type(rule) is not dict:
        return None
    code = rule.get("kind")
    return REGISTRY.get(code) if type(code) is str else None


def _target_keys(rule_or_kind: str | Mapping[str, Any] | None) -> Mapping[str, str]:
    """Where a rule kind keeps the line's target levels (the line's columns mirror them);
    nothing for an unknown kind."""
    kind = (
        REGISTRY.get(rule_or_kind)
        if isinstance(rule_or_kind, str)
        else known_kind(rule_or_kind)
    )
    return kind.target_keys if kind is not None else {}


def states_direction(rule: Mapping[str, Any]) -> bool:
    """Whether the rule states its better direction (linear, base-score, proportional)."""
    kind = known_kind(rule)
    return kind is not None and kind.states_direction


def has_direction(rule: Mapping[str, Any]) -> bool:
    """Whether the rule scores in a better direction at all (not grade, rating, task or
    deduction)."""
    kind = known_kind(rule)
    return kind is not None and kind.direction_source is not None


def line_completion(rule: Mapping[str, Any], actual: Any, target: float | None) -> float | None:
    """The completion rate a line shows for ``actual`` (None when its kind has none)."""
    kind = known_kind(rule)
    return None if kind is None else kind.completion(rule, actual, target)


TARGET_LEVELS = ("minimum", "base", "challenge")


def rule_with_target(rule: Mapping[str, Any], field: str, value: Any) -> dict[str, Any]:
    """The rule after the line's ``minimum``/``base``/``challenge`` target became ``value``:
    the rule's own copy of that level follows, so the two never disagree."""
    key = _target_keys(rule).get(field)
    return dict(rule, **{key: value}) if key else dict(rule)


def line_rule(rule: Mapping[str, Any], minimum: Any = None, base: Any = None, challenge: Any = None) -> dict[str, Any]:
    """The rule a line scores with: the rule's own fields (kind, step, base score, levels …)
    with the line's target levels, the one home of the targets that the contract shows. A level
    the line leaves empty keeps the rule's value."""
    levels = {"minimum": minimum, "base": base, "challenge": challenge}
    keys = _target_keys(rule)
    # An equal number stays as the rule wrote it (33000, not 33000.0): exports round-trip.
    composed = dict(
        rule,
        **{
            key: levels[field]
            for field, key in keys.items()
            if levels[field] is not None and not _same_number(rule.get(key), levels[field])
        },
    )
    # The better direction follows the targets the line shows whenever two of them differ:
    # a cost line (minimum 36500, challenge 33000) never scores as if more were better.
    shown = targets_direction(minimum, base, challenge)
    if (
        states_direction(rule)
        and shown is not None
        and shown != rule.get("direction", "higher")
    ):
        composed["direction"] = shown
    return composed


def rule_targets(rule: Mapping[str, Any]) -> dict[str, float]:
    """The target levels a rule carries, by the line's names (``base`` for a proportional
    rule's ``target``): what the line's columns take when a rule is written."""
    keys = _target_keys(rule)
    return {field: rule[key] for field, key in keys.items() if rule.get(key) is not None}


def rule_without_targets(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The rule's own fields, its copies of the line's target levels left out."""
    keys = set(_target_keys(rule).values())
    return {k: v for k, v in rule.items() if k not in keys}


def target_disagreements(
    rule: Mapping[str, Any], minimum: Any = None, base: Any = None, challenge: Any = None
) -> list[tuple[str, float, float]]:
    """(level, the line's value, the rule's value) wherever a rule's own copy of a target
    level differs from what the line shows (None: the line shows no value for that level)."""
    shown = {"minimum": minimum, "base": base, "challenge": challenge}
    return [
        (field, shown[field], value)
        for field, value in rule_targets(rule).items()
        if shown[field] is None or not _same_number(shown[field], value)
    ]


def _same_number(a: Any, b: Any) -> bool:
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) if numbers else a == b


# The kinds whose rule states its better direction; a polyline's follows its own levels.
STATED_DIRECTION_KINDS = tuple(code for code, kind in REGISTRY.items() if kind.states_direction)
DIRECTIONAL_KINDS = tuple(code for code, kind in REGISTRY.items() if kind.direction_source)


def levels_used(kind: str | None) -> tuple[str, ...]:
    """The line's target levels a rule of ``kind`` scores with (minimum/base/challenge order);
    a level outside it is shown on the line but changes no score."""
    keys = _target_keys(kind)
    return tuple(level for level in TARGET_LEVELS if level in keys)


def levels_unused(kind: str | None, minimum: Any = None, base: Any = None, challenge: Any = None) -> tuple[str, ...]:
    """The levels the line shows (has a value for) that a rule of ``kind`` ignores."""
    shown = {"minimum": minimum, "base": base, "challenge": challenge}
    used = levels_used(kind)
    return tuple(level for level in TARGET_LEVELS if shown[level] is not None and level not in used)


def targets_direction(minimum: Any = None, base: Any = None, challenge: Any = None) -> str | None:
    """``higher``/``lower``: the better direction the line's targets read in (challenge against
    minimum, else the two distinct levels it has); None when fewer than two levels differ."""
    for better, worse in ((challenge, minimum), (challenge, base), (base, minimum)):
        numbers = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in (better, worse)
        )
        if numbers and not _same_number(better, worse):
            return "higher" if better > worse else "lower"
    return None


def line_direction(minimum: Any = None, base: Any = None, challenge: Any = None, kpi_direction: Any = None) -> str:
    """The direction a line scores in: its targets' when two differ, else its KPI's
    (``Indicator.direction``), else higher is better."""
    shown = targets_direction(minimum, base, challenge)
    if shown is not None:
        return shown
    return kpi_direction if kpi_direction in ("higher", "lower") else "higher"


def rule_direction(rule: Mapping[str, Any]) -> str | None:
    """The better direction a rule scores in (None for kinds without one: grade, rating, task,
    deduction)."""
    kind = known_kind(rule)
    return None if kind is None else kind.direction(rule)
