"""Scoring rules of a contract line (METHOD.md §7) as small validated JSON documents.

Each rule kind has a validator and a scorer. ``score_line`` gives the points of one line;
``kpidesk.core.batch`` scores many lines at once and must agree with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Callable

from kpidesk.i18n import _

from .errors import RuleError

RULE_KINDS = ("polyline", "linear", "base_score", "proportional", "grade", "task", "deduction")
DEFAULT_BASE_RATIO = 0.8


def _number(rule: Mapping, name: str, *, required: bool = True) -> float | None:
    value = rule.get(name)
    kind = type(value)
    if (kind is float and math.isfinite(value)) or kind is int:  # the common case, fast
        return float(value)
    if value is None:
        if required:
            raise RuleError(
                _("{kind} rule: '{name}' is missing").format(kind=rule.get("kind"), name=name), name
            )
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RuleError(
            _("{kind} rule: '{name}' must be a number, not {value!r}").format(
                kind=rule.get("kind"), name=name, value=value
            ),
            name,
        )
    return float(value)


def base_points(rule: Mapping, weight: float) -> float:
    """The base score S: ``base_points`` if given, else ``base_ratio`` (default 0.8) × weight."""
    points = _number(rule, "base_points", required=False)
    if points is not None:
        return points
    ratio = _number(rule, "base_ratio", required=False)
    return (DEFAULT_BASE_RATIO if ratio is None else ratio) * weight


def _check_base_score(rule: Mapping, weight: float) -> None:
    ratio = _number(rule, "base_ratio", required=False)
    if ratio is not None and not 0 <= ratio <= 1:
        raise RuleError(
            _("base_ratio {ratio:g} must lie between 0 and 1").format(ratio=ratio), "base_ratio"
        )
    points = _number(rule, "base_points", required=False)
    if points is not None and not 0 <= points <= weight:
        raise RuleError(
            _("base_points {points:g} must lie between 0 and the weight {weight:g}").format(
                points=points, weight=weight
            ),
            "base_points",
        )


def polyline_direction(rule: Mapping) -> str:
    """``higher`` when challenge > minimum, ``lower`` when challenge < minimum."""
    a, c = _number(rule, "challenge"), _number(rule, "minimum")
    return "higher" if a > c else "lower"


def _validate_polyline(rule: Mapping, weight: float) -> None:
    a, b, c = (_number(rule, k) for k in ("challenge", "base", "minimum"))
    if a == b:
        raise RuleError(
            _("challenge equals base ({b:g}): the polyline has no slope").format(b=b), "challenge"
        )
    stated = rule.get("direction")
    if stated not in (None, "higher", "lower"):
        raise RuleError(
            _("direction must be 'higher' or 'lower', not {stated!r}").format(stated=stated),
            "direction",
        )
    if stated is not None and (a > b) != (stated == "higher"):
        message = (
            _("challenge {a:g} is below base {b:g} for a higher-is-better indicator")
            if stated == "higher"
            else _("challenge {a:g} is above base {b:g} for a lower-is-better indicator")
        )
        raise RuleError(message.format(a=a, b=b), "challenge")
    if a == c or b == c:
        raise RuleError(
            _("minimum {c:g} must differ from base {b:g} and challenge {a:g}").format(
                c=c, b=b, a=a
            ),
            "minimum",
        )
    higher = (stated or polyline_direction(rule)) == "higher"
    if (b > a) if higher else (b < a):
        message = (
            _("base {b:g} is above challenge {a:g} for a higher-is-better indicator")
            if higher
            else _("base {b:g} is below challenge {a:g} for a lower-is-better indicator")
        )
        raise RuleError(message.format(a=a, b=b), "base")
    if (c > b) if higher else (c < b):
        message = (
            _("minimum {c:g} must be below base {b:g} for a higher-is-better indicator")
            if higher
            else _("minimum {c:g} must be above base {b:g} for a lower-is-better indicator")
        )
        raise RuleError(message.format(b=b, c=c), "minimum")
    _check_base_score(rule, weight)


def _score_polyline(rule: Mapping, actual: float, weight: float) -> float:
    """§7 difficulty polyline. Higher is better (A > B > C):
    actual ≥ B → S + (actual − B)/(A − B)·(w − S), at most w; C ≤ actual < B →
    S·(actual − C)/(B − C); below C → 0. Lower is better mirrors it (fractions stay positive)."""
    a, b, c = rule["challenge"], rule["base"], rule["minimum"]
    s = base_points(rule, weight)
    sign = 1.0 if a > b else -1.0
    if sign * (actual - b) >= 0:
        return min(weight, s + (actual - b) / (a - b) * (weight - s))
    if sign * (actual - c) >= 0:
        # + 0.0: at the minimum of a lower-is-better line this is -0.0, printed "-0.00".
        return s * (actual - c) / (b - c) + 0.0
    return 0.0


def _validate_linear(rule: Mapping, weight: float) -> None:
    _number(rule, "base")
    step = _number(rule, "step")
    points = _number(rule, "points")
    if step <= 0:
        raise RuleError(_("step must be above zero, not {step:g}").format(step=step), "step")
    if points < 0:
        raise RuleError(
            _("points per step must not be negative, not {points:g}").format(points=points),
            "points",
        )
    if rule.get("direction", "higher") not in ("higher", "lower"):
        raise RuleError(
            _("direction must be 'higher' or 'lower', not {value1!r}").format(
                value1=rule["direction"]
            ),
            "direction",
        )
    _check_base_score(rule, weight)


def _full_steps(rule: Mapping, actual: float) -> int:
    delta = actual - rule["base"]
    if rule.get("direction", "higher") == "lower":
        delta = -delta
    # A hair of float noise must not cost a whole step: 0.3/0.1 is 2.9999999999999996.
    return math.trunc(round(delta / rule["step"], 9))


def _score_linear(rule: Mapping, actual: float, weight: float) -> float:
    """§7 linear / base-score add-deduct: reaching base earns S; each full step M above adds N
    points, each full M below deducts N; clamped to [0, w]."""
    score = base_points(rule, weight) + _full_steps(rule, actual) * rule["points"]
    return min(weight, max(0.0, score))


def _validate_base_score(rule: Mapping, weight: float) -> None:
    _number(rule, "base")
    step = _number(rule, "step")
    if step <= 0:
        raise RuleError(_("step must be above zero, not {step:g}").format(step=step), "step")
    for name in ("add_points", "deduct_points"):
        points = _number(rule, name)
        if points < 0:
            raise RuleError(
                _("points per step must not be negative, not {points:g}").format(points=points),
                name,
            )
    if rule.get("direction", "higher") not in ("higher", "lower"):
        raise RuleError(
            _("direction must be 'higher' or 'lower', not {value1!r}").format(
                value1=rule["direction"]
            ),
            "direction",
        )
    _check_base_score(rule, weight)


def _score_base_score(rule: Mapping, actual: float, weight: float) -> float:
    """§7 base-score add/deduct (加减计分): reaching base B earns the base score S (default 80 %
    of w); each full ``step`` beyond B adds ``add_points`` up to w, each full step short of B
    deducts ``deduct_points`` down to 0."""
    steps = _full_steps(rule, actual)
    per_step = rule["add_points"] if steps > 0 else rule["deduct_points"]
    return min(weight, max(0.0, base_points(rule, weight) + steps * per_step))


def _validate_proportional(rule: Mapping, weight: float) -> None:
    target = _number(rule, "target")
    if target <= 0:
        raise RuleError(
            _("target must be above zero, not {target:g}").format(target=target), "target"
        )
    cap = _number(rule, "cap", required=False)
    if cap is not None and cap <= 0:
        raise RuleError(_("cap must be above zero, not {cap:g}").format(cap=cap), "cap")
    if rule.get("direction", "higher") not in ("higher", "lower"):
        raise RuleError(
            _("direction must be 'higher' or 'lower', not {value1!r}").format(
                value1=rule["direction"]
            ),
            "direction",
        )


def _score_proportional(rule: Mapping, actual: float, weight: float) -> float:
    """§7 proportional: w · completion, completion = actual/target (target/actual when lower is
    better), clamped to [0, cap·w] (cap defaults to 1)."""
    target = rule["target"]
    cap = rule.get("cap", 1.0)
    if rule.get("direction", "higher") == "lower":
        completion = cap if actual <= 0 else target / actual
    else:
        completion = actual / target
    return weight * min(cap, max(0.0, completion))


def _validate_grade(rule: Mapping, weight: float) -> None:
    levels = rule.get("levels")
    if not isinstance(levels, list) or not levels:
        raise RuleError(_("grade rule: 'levels' must be a non-empty list"), "levels")
    seen = set()
    for i, level in enumerate(levels):
        if not isinstance(level, Mapping) or not str(level.get("label", "")).strip():
            raise RuleError(
                _("grade level {value1} has no label").format(value1=i + 1), f"levels[{i}].label"
            )
        label = str(level["label"])
        if label in seen:
            raise RuleError(
                _("grade level label '{label}' appears twice").format(label=label),
                f"levels[{i}].label",
            )
        seen.add(label)
        points = _number(level, "points")
        if not 0 <= points <= weight:
            raise RuleError(
                f"grade level '{label}' is worth {points:g} points, more than the weight {weight:g}"
                if points > weight
                else f"grade level '{label}' has negative points {points:g}",
                f"levels[{i}].points",
            )
    for key in ("base", "challenge"):
        index = rule.get(key)
        if index is not None and (not isinstance(index, int) or not 0 <= index < len(levels)):
            raise RuleError(
                _("grade rule: '{key}' must be a level index 0–{value1}").format(
                    key=key, value1=len(levels) - 1
                ),
                key,
            )


def _score_grade(rule: Mapping, actual: Any, weight: float) -> float:
    for level in rule["levels"]:
        if str(level["label"]) == str(actual):
            return float(level["points"])
    labels = ", ".join(str(level["label"]) for level in rule["levels"])
    raise RuleError(
        _("'{actual}' is not a level of this grade rule ({labels})").format(
            actual=actual, labels=labels
        ),
        "actual",
    )


def _validate_task(rule: Mapping, weight: float) -> None:
    items = rule.get("items")
    if not isinstance(items, list) or not items:
        raise RuleError(_("task rule: 'items' must be a non-empty list"), "items")
    names = set()
    for i, item in enumerate(items):
        name = str(item.get("name", "")).strip() if isinstance(item, Mapping) else ""
        if not name:
            raise RuleError(
                _("task item {value1} has no name").format(value1=i + 1), f"items[{i}].name"
            )
        if name in names:
            raise RuleError(
                _("task item '{name}' appears twice").format(name=name), f"items[{i}].name"
            )
        names.add(name)
        if _number(item, "per") <= 0:
            raise RuleError(
                _("task item '{name}': 'per' must be above zero").format(name=name),
                f"items[{i}].per",
            )
        if _number(item, "points") < 0:
            raise RuleError(
                _("task item '{name}': points must not be negative").format(name=name),
                f"items[{i}].points",
            )


def _score_task(rule: Mapping, actual: Any, weight: float) -> float:
    """§7 multi-dimension task: full weight minus ``points`` per full ``per`` units of each
    named shortfall; floor 0."""
    shortfalls = actual or {}
    if not isinstance(shortfalls, Mapping):
        raise RuleError(_("a task line's actual maps item names to shortfall amounts"), "actual")
    items = {item["name"]: item for item in rule["items"]}
    unknown = sorted(set(shortfalls) - set(items))
    if unknown:
        raise RuleError(
            _("'{value1}' is not an item of this task rule").format(value1=unknown[0]), "actual"
        )
    lost = sum(
        math.floor(round(float(amount) / items[name]["per"], 9)) * items[name]["points"]
        for name, amount in shortfalls.items()
        if amount and amount > 0
    )
    return max(0.0, weight - lost)


def _validate_deduction(rule: Mapping, weight: float) -> None:
    if weight:
        raise RuleError(
            _("a deduction item carries no weight, not {weight:g}").format(weight=weight), "weight"
        )
    if _number(rule, "points") <= 0:
        raise RuleError(_("a deduction item must deduct more than zero points per event"), "points")
    veto = rule.get("veto_at")
    if veto is not None and (not isinstance(veto, int) or isinstance(veto, bool) or veto < 1):
        raise RuleError(
            _("veto_at must be a whole number of events ≥ 1, not {veto!r}").format(veto=veto),
            "veto_at",
        )


def _score_deduction(rule: Mapping, actual: float, weight: float) -> float:
    """Points taken off the contract total (negative): ``points`` per event."""
    return -rule["points"] * max(0, int(actual))


_VALIDATORS: dict[str, Callable[[Mapping, float], None]] = {
    "polyline": _validate_polyline,
    "linear": _validate_linear,
    "base_score": _validate_base_score,
    "proportional": _validate_proportional,
    "grade": _validate_grade,
    "task": _validate_task,
    "deduction": _validate_deduction,
}
_SCORERS: dict[str, Callable[[Mapping, Any, float], float]] = {
    "polyline": _score_polyline,
    "linear": _score_linear,
    "base_score": _score_base_score,
    "proportional": _score_proportional,
    "grade": _score_grade,
    "task": _score_task,
    "deduction": _score_deduction,
}
_NUMERIC_ACTUAL = {"polyline", "linear", "base_score", "proportional", "deduction"}


def validate_rule(rule: dict, weight: float) -> None:
    """Raise ``RuleError`` naming the offending field if ``rule`` cannot score a line of
    ``weight`` points."""
    if not isinstance(rule, Mapping):
        raise RuleError(_("a scoring rule must be a JSON object"), "kind")
    kind = rule.get("kind")
    if kind not in _VALIDATORS:
        raise RuleError(
            _("unknown rule kind {kind!r} (known: {value1})").format(
                kind=kind, value1=", ".join(RULE_KINDS)
            ),
            "kind",
        )
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 100:
        raise RuleError(
            _("weight must be between 0 and 100, not {weight!r}").format(weight=weight), "weight"
        )
    _VALIDATORS[kind](rule, float(weight))


def score_line(rule: dict, actual, weight: float) -> float:
    """Points one contract line earns for ``actual`` (§7). Deduction items return the points
    taken off the total, as a negative number. The rule is validated first."""
    validate_rule(rule, weight)
    kind = rule["kind"]
    if kind in _NUMERIC_ACTUAL:
        if (
            isinstance(actual, bool)
            or not isinstance(actual, (int, float))
            or not math.isfinite(actual)
        ):
            raise RuleError(
                _("the actual of a {kind} line must be a number, not {actual!r}").format(
                    kind=kind, actual=actual
                ),
                "actual",
            )
        actual = float(actual)
    return float(_SCORERS[kind](rule, actual, float(weight)))


def is_deduction(rule: Mapping) -> bool:
    return rule.get("kind") == "deduction"


def completion_rate(actual: float, target: float, direction: str = "higher") -> float | None:
    """§7 completion rate: actual/target, inverted (target/actual) for lower-is-better."""
    if direction == "lower":
        return None if actual == 0 else target / actual
    return None if target == 0 else actual / target


# Where each rule kind keeps the line's target levels (the line's columns mirror them).
_TARGET_KEYS = {
    "polyline": {"minimum": "minimum", "base": "base", "challenge": "challenge"},
    "linear": {"base": "base"},
    "base_score": {"base": "base"},
    "proportional": {"base": "target"},
}
TARGET_LEVELS = ("minimum", "base", "challenge")


def rule_with_target(rule: Mapping, field: str, value) -> dict:
    """The rule after the line's ``minimum``/``base``/``challenge`` target became ``value``:
    the rule's own copy of that level follows, so the two never disagree."""
    key = _TARGET_KEYS.get(rule.get("kind"), {}).get(field)
    return dict(rule, **{key: value}) if key else dict(rule)


def line_rule(rule: Mapping, minimum=None, base=None, challenge=None) -> dict:
    """The rule a line scores with: the rule's own fields (kind, step, base score, levels …)
    with the line's target levels, the one home of the targets that the contract shows. A level
    the line leaves empty keeps the rule's value."""
    levels = {"minimum": minimum, "base": base, "challenge": challenge}
    keys = _TARGET_KEYS.get(rule.get("kind"), {})
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
        rule.get("kind") in STATED_DIRECTION_KINDS
        and shown is not None
        and shown != rule.get("direction", "higher")
    ):
        composed["direction"] = shown
    return composed


def rule_targets(rule: Mapping) -> dict[str, float]:
    """The target levels a rule carries, by the line's names (``base`` for a proportional
    rule's ``target``): what the line's columns take when a rule is written."""
    keys = _TARGET_KEYS.get(rule.get("kind"), {})
    return {field: rule[key] for field, key in keys.items() if rule.get(key) is not None}


def rule_without_targets(rule: Mapping) -> dict:
    """The rule's own fields, its copies of the line's target levels left out."""
    keys = set(_TARGET_KEYS.get(rule.get("kind"), {}).values())
    return {k: v for k, v in rule.items() if k not in keys}


def target_disagreements(
    rule: Mapping, minimum=None, base=None, challenge=None
) -> list[tuple[str, float, float]]:
    """(level, the line's value, the rule's value) wherever a rule's own copy of a target
    level differs from what the line shows (None: the line shows no value for that level)."""
    shown = {"minimum": minimum, "base": base, "challenge": challenge}
    return [
        (field, shown[field], value)
        for field, value in rule_targets(rule).items()
        if shown[field] is None or not _same_number(shown[field], value)
    ]


def _same_number(a, b) -> bool:
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) if numbers else a == b


# The kinds whose rule states its better direction; a polyline's follows its own levels.
STATED_DIRECTION_KINDS = ("linear", "base_score", "proportional")
DIRECTIONAL_KINDS = ("polyline", *STATED_DIRECTION_KINDS)


def levels_used(kind: str | None) -> tuple[str, ...]:
    """The line's target levels a rule of ``kind`` scores with (minimum/base/challenge order);
    a level outside it is shown on the line but changes no score."""
    keys = _TARGET_KEYS.get(kind, {})
    return tuple(level for level in TARGET_LEVELS if level in keys)


def levels_unused(kind: str | None, minimum=None, base=None, challenge=None) -> tuple[str, ...]:
    """The levels the line shows (has a value for) that a rule of ``kind`` ignores."""
    shown = {"minimum": minimum, "base": base, "challenge": challenge}
    used = levels_used(kind)
    return tuple(level for level in TARGET_LEVELS if shown[level] is not None and level not in used)


def targets_direction(minimum=None, base=None, challenge=None) -> str | None:
    """``higher``/``lower``: the better direction the line's targets read in (challenge against
    minimum, else the two distinct levels it has); None when fewer than two levels differ."""
    for better, worse in ((challenge, minimum), (challenge, base), (base, minimum)):
        numbers = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in (better, worse)
        )
        if numbers and not _same_number(better, worse):
            return "higher" if better > worse else "lower"
    return None


def line_direction(minimum=None, base=None, challenge=None, kpi_direction=None) -> str:
    """The direction a line scores in: its targets' when two differ, else its KPI's
    (``Indicator.direction``), else higher is better."""
    shown = targets_direction(minimum, base, challenge)
    if shown is not None:
        return shown
    return kpi_direction if kpi_direction in ("higher", "lower") else "higher"


def rule_direction(rule: Mapping) -> str | None:
    """The better direction a rule scores in (None for kinds without one: grade, task,
    deduction)."""
    kind = rule.get("kind")
    if kind == "polyline":
        if rule.get("direction") in ("higher", "lower"):
            return rule["direction"]
        try:
            return polyline_direction(rule)
        except RuleError:
            return None
    if kind in STATED_DIRECTION_KINDS:
        return rule.get("direction", "higher")
    return None
