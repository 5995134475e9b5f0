"""What every rule kind is: the ``RuleKind`` record each kind module fills in, and the helpers
the kinds share (reading a number field, the base score S, the stated direction)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from kpidesk.core.errors import RuleError
from kpidesk.core.problems import Problem, joined, term
from kpidesk.i18n import N_, NP_

Translate = Callable[[str], str]
# What a line of the kind takes as its actual: a number, a level label, task shortfalls
# ({dimension: amount}) or deduction events (counted, never typed as an actual).
ActualShape = Literal["number", "level", "shortfalls", "events"]
DEFAULT_BASE_RATIO = 0.8


@dataclass(frozen=True)
class RuleKind:
    """One scoring-rule kind of METHOD.md §7: everything the layers above ask about it."""

    code: str  # the rule JSON's "kind"
    name: Callable[[Translate], str]  # its name, in the language ``_`` translates to
    actual: ActualShape
    validate: Callable[[Mapping[str, Any], float], None]  # raises RuleError naming the field
    score: Callable[[Mapping[str, Any], Any, float], float]  # the actual already checked for its shape
    new_rule: Callable[[float, Translate], dict[str, Any]]  # the rule the editor starts a new line with
    describe: Callable[[Mapping[str, Any], float, Translate], str]  # one phrase (contract table)
    read_actual: Callable[[Mapping[str, Any], Any], Any]  # what was typed → the actual (EntryError)
    explain: Callable[[Mapping[str, Any], float, Translate], str] | None = None  # printed contract
    # The scorer of one rule and weight with its numbers read once (``rules.line_scorer``), for
    # the kinds a firm scores thousands of lines with; None: ``score`` is called each time.
    prepare: Callable[[Mapping[str, Any], float], Callable[[float], float]] | None = None
    fields: tuple[str, ...] = ()  # the number fields the rule editor shows, in order
    table: tuple[str, tuple[str, ...]] | None = None  # a list field and its columns
    table_numbers: tuple[str, ...] = ()  # the table's number columns
    target_keys: Mapping[str, str] = field(default_factory=dict)  # line level → rule key
    # Where its better direction comes from: "stated" in the rule, its "levels" (polyline),
    # or None (the kind has no better direction).
    direction_source: Literal["stated", "levels"] | None = None
    direction: Callable[[Mapping[str, Any]], str | None] = lambda rule: None
    curve_ends: Callable[[Mapping[str, Any], float], tuple[float, float]] | None = None  # editor chart
    level_marks: bool = False  # the rule marks a base and a challenge level by index
    # Fields chosen from a list (the editor shows a combo box), and each choice's name.
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    option_name: Callable[[str, str, Translate], str] = lambda field, value, _: value
    is_deduction: bool = False
    # Who gives the actual when it is not measured: "committee" for a line the review meeting
    # rates (listed as "to be rated in the meeting", never chased from a data provider).
    rater: Callable[[Mapping[str, Any]], str | None] = lambda rule: None

    @property
    def states_direction(self) -> bool:
        return self.direction_source == "stated"

    @property
    def numeric(self) -> bool:
        """Its actual is a plain number (events are counted, not entered)."""
        return self.actual == "number"

    def completion(self, rule: Mapping[str, Any], actual: Any, target: float | None) -> float | None:
        """§7 completion rate (actual/target, target/actual for lower-is-better); None for
        kinds without a number to compare or a line without a target."""
        if not self.numeric or not isinstance(actual, (int, float)) or not target:
            return None
        return completion_rate(actual, target, self.direction(rule) or "higher")


def completion_rate(actual: float, target: float, direction: str = "higher") -> float | None:
    """§7 completion rate: actual/target, inverted (target/actual) for lower-is-better."""
    if direction == "lower":
        return None if actual == 0 else target / actual
    return None if target == 0 else actual / target


def kind_word(code: object) -> Problem | str:
    """A rule kind named inside a message: its name, translated with the message (never its
    code, ``grade``, inside a Chinese sentence); an unknown code as it is."""
    from kpidesk.core.rule_kinds import REGISTRY

    kind = REGISTRY.get(code) if isinstance(code, str) else None
    return term(kind.name(N_)) if kind is not None else str(code)


# A rule's fields named in a message as the user reads them: in English the JSON key the
# scoring-rule column is typed with ("step"), in Chinese its name (步长), never the key inside a
# Chinese sentence. msgctxt "rule field": the key is a word of the rule, not of the table.
FIELD_WORDS: Mapping[str, tuple[str, str]] = {
    "challenge": NP_("rule field", "challenge"),
    "base": NP_("rule field", "base"),
    "minimum": NP_("rule field", "minimum"),
    "target": NP_("rule field", "target"),
    "base_ratio": NP_("rule field", "base_ratio"),
    "base_points": NP_("rule field", "base_points"),
    "step": NP_("rule field", "step"),
    "points": NP_("rule field", "points"),
    "add_points": NP_("rule field", "add_points"),
    "deduct_points": NP_("rule field", "deduct_points"),
    "cap": NP_("rule field", "cap"),
    "veto_at": NP_("rule field", "veto_at"),
    "label": NP_("rule field", "label"),
    "description": NP_("rule field", "description"),
    "name": NP_("rule field", "name"),
    "per": NP_("rule field", "per"),
    "share": NP_("rule field", "share"),
    "rater": NP_("rule field", "rater"),
    "direction": NP_("rule field", "direction"),
    "levels": NP_("rule field", "levels"),
    "items": NP_("rule field", "items"),
    "kind": NP_("rule field", "kind"),
}
# Where one kind means something else by a field: a deduction item's points are per event.
KIND_FIELD_WORDS: Mapping[tuple[str, str], tuple[str, str]] = {
    ("deduction", "points"): NP_("deduction rule field", "points"),
}


def field_word(name: str, kind: object = None) -> Problem | str:
    """A rule's field named inside a message, translated with it; an unknown key as it is."""
    word = KIND_FIELD_WORDS.get((str(kind), name)) or FIELD_WORDS.get(name)
    return term(word[1], word[0]) if word else name


def listed(parts: Iterable[object]) -> Problem:
    """Words in a row inside a message, separated as the language separates a list (“优秀、良
    好” in Chinese, "A, B" in English)."""
    return joined(str(part) if not isinstance(part, Problem) else part for part in parts)


@overload
def number(
    rule: Mapping[str, Any], name: str, *, required: Literal[True] = ..., kind: str | None = ...
) -> float: ...
@overload
def number(
    rule: Mapping[str, Any], name: str, *, required: bool, kind: str | None = ...
) -> float | None: ...
def number(
    rule: Mapping[str, Any], name: str, *, required: bool = True, kind: str | None = None
) -> float | None:
    """``rule[name]`` as a float (None when absent and not ``required``); a RuleError naming
    the field otherwise. ``kind``: the rule's kind when ``rule`` is one of its rows (a grade
    level, a task item), which carry none."""
    value: Any = rule.get(name)
    value_type = type(value)
    if (value_type is float and math.isfinite(value)) or value_type is int:  # the common case
        return float(value)
    if value is None:
        if required:
            raise RuleError(
                N_("{kind} rule: '{name}' is missing"),
                name,
                kind=kind_word(kind or rule.get("kind")),
                name=field_word(name, kind or rule.get("kind")),
            )
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RuleError(
            N_("{kind} rule: '{name}' must be a number, not {value!r}"),
            name,
            kind=kind_word(kind or rule.get("kind")),
            name=field_word(name, kind or rule.get("kind")),
            value=value,
        )
    return float(value)


def base_points(rule: Mapping[str, Any], weight: float) -> float:
    """The base score S: ``base_points`` if given, else ``base_ratio`` (default 0.8) × weight."""
    points = number(rule, "base_points", required=False)
    if points is not None:
        return points
    ratio = number(rule, "base_ratio", required=False)
    return (DEFAULT_BASE_RATIO if ratio is None else ratio) * weight


def check_base_score(rule: Mapping[str, Any], weight: float) -> None:
    ratio = number(rule, "base_ratio", required=False)
    if ratio is not None and not 0 <= ratio <= 1:
        raise RuleError(
            N_("base_ratio {ratio:g} must lie between 0 and 1"),
            "base_ratio",
            ratio=ratio,
        )
    points = number(rule, "base_points", required=False)
    if points is not None and not 0 <= points <= weight:
        raise RuleError(
            N_("base_points {points:g} must lie between 0 and the weight {weight:g}"),
            "base_points",
            points=points,
            weight=weight,
        )


def check_stated_direction(rule: Mapping[str, Any]) -> None:
    if rule.get("direction", "higher") not in ("higher", "lower"):
        raise RuleError(
            N_("direction must be 'higher' or 'lower', not {value1!r}"),
            "direction",
            value1=rule["direction"],
        )


def stated_direction(rule: Mapping[str, Any]) -> str:
    return str(rule.get("direction", "higher"))



def full_steps(rule: Mapping[str, Any], actual: float) -> int:
    delta = actual - rule["base"]
    if rule.get("direction", "higher") == "lower":
        delta = -delta
    # A hair of float noise must not cost a whole step: 0.3/0.1 is 2.9999999999999996.
    return math.trunc(round(float(delta / rule["step"]), 9))


def g(value: Any) -> str:
    """A number as a contract prints it (12, 12.5, not 12.0)."""
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def read_number(rule: Mapping[str, Any], value: Any) -> float:
    from kpidesk.core.entry import EntryError, parse_number

    try:
        return parse_number(value)
    except EntryError as exc:
        raise EntryError(N_("'{text}' is {error}"), text=str(value).strip(), error=exc.problem) from None


def read_level(rule: Mapping[str, Any], value: Any) -> str:
    from kpidesk.core.entry import parse_grade

    return parse_grade(rule, value)
