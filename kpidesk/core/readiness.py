"""Is a period's data in? (METHOD.md §1: providers deliver actuals by the 8th, the meeting is on
the 15th.) Each contract line due in a period is delivered, missing, suspicious — outside its
minimum…challenge span by more than a set share of the span, or a jump against the period
before — or left for the review meeting to rate. One reading for the period overview, the
agenda and the presenter view."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from kpidesk.i18n import N_

from .model import ContractLine
from .period_results import is_due
from .periods import Period
from .problems import Problem
from .review_policy import ReviewPolicy
from .rule_kinds import known_kind, rated_in_meeting


class LineState(StrEnum):
    NOT_DUE = "not_due"  # its cycle has no actual in this period (or a deduction item)
    DELIVERED = "delivered"
    MISSING = "missing"
    SUSPICIOUS = "suspicious"  # delivered, but worth a second look
    TO_RATE = "to_rate"  # the committee rates it in the meeting; not a provider's to deliver


@dataclass(frozen=True)
class LineReadiness:
    state: LineState
    why: Problem | None = None  # for a suspicious actual: what is odd about it


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def suspicion(
    line: ContractLine, value: object, previous: object, policy: ReviewPolicy
) -> Problem | None:
    """Why a delivered number looks wrong, or None: it lies outside the line's minimum…challenge
    span by more than ``policy.suspicious_factor`` of the span (a typing slip: 2273 for 22.73),
    or it moved by more than ``policy.jump_factor`` against the period before."""
    kind = known_kind(line.rule)
    if kind is None or not kind.numeric:
        return None
    return _far_off(_bounds(line, policy), value, previous, policy)


def _bounds(line: ContractLine, policy: ReviewPolicy) -> tuple[float, float, float, float] | None:
    """(lowest, highest target level, lowest and highest plausible actual), or None when the
    line has fewer than two levels or no span."""
    levels = [v for v in (line.minimum, line.base, line.challenge) if v is not None]
    if len(levels) < 2:
        return None
    low, high = min(levels), max(levels)
    span = high - low
    if span <= 0:
        return None
    slack = policy.suspicious_factor * span
    return low, high, low - slack, high + slack


def _far_off(
    bounds: tuple[float, float, float, float] | None,
    value: object,
    previous: object,
    policy: ReviewPolicy,
) -> Problem | None:
    actual = _number(value)
    if actual is None:
        return None
    if bounds is not None and not bounds[2] <= actual <= bounds[3]:
        return Problem(
            N_("{value:g} lies far outside the targets {low:g}–{high:g}"),
            "actual",
            {"value": actual, "low": bounds[0], "high": bounds[1]},
        )
    before = _number(previous)
    if before is not None and before != 0:
        change = (actual - before) / abs(before)
        if abs(change) > policy.jump_factor:
            return Problem(
                N_("{value:g} moved {change:+.0%} against last period's {before:g}"),
                "actual",
                {"value": actual, "change": change, "before": before},
            )
    return None


def line_readiness(
    line: ContractLine,
    period: Period,
    value: object,
    previous: object,
    policy: ReviewPolicy,
) -> LineReadiness:
    """Where a line stands for ``period``: its actual ``value`` (None: none yet) and the actual
    of the period before (``previous``, for the jump test)."""
    if line.deduction or not is_due(line.cycle, period):
        return LineReadiness(LineState.NOT_DUE)
    if value is None:
        return LineReadiness(
            LineState.TO_RATE if rated_in_meeting(line.rule) else LineState.MISSING
        )
    why = suspicion(line, value, previous, policy)
    return LineReadiness(LineState.SUSPICIOUS, why) if why else LineReadiness(LineState.DELIVERED)


NOT_DUE = LineReadiness(LineState.NOT_DUE)
_DELIVERED = LineReadiness(LineState.DELIVERED)
_MISSING = LineReadiness(LineState.MISSING)
_TO_RATE = LineReadiness(LineState.TO_RATE)


class PeriodReadiness:
    """``line_readiness`` for every line of one period, as fast as a whole firm needs (50,000
    lines in a blink): what a rule's kind says (a deduction item? a number? rated by the
    committee?) is worked out once per distinct rule, a cycle's being due once per cycle, a
    line's plausible span once per set of target levels; the plain answers are shared."""

    def __init__(self, period: Period, policy: ReviewPolicy):
        self.period, self.policy = period, policy
        self._due: dict[str, bool] = {}
        # id(rule) → (deduction item, numeric, committee-rated); the rules are kept alive
        # beside, so an id is never reused for another rule while this object lives.
        self._kinds: dict[int, tuple[bool, bool, bool]] = {}
        self._rules: list[object] = []
        self._bounds: dict[tuple[float | None, ...], tuple[float, float, float, float] | None] = {}

    def __call__(self, line: ContractLine, value: object, previous: object) -> LineReadiness:
        rule = line.rule
        facts = self._kinds.get(id(rule))
        if facts is None:
            kind = known_kind(rule)
            facts = self._kinds[id(rule)] = (
                kind is not None and kind.is_deduction,
                kind is not None and kind.numeric,
                kind is not None and kind.rater(rule) == "committee",
            )
            self._rules.append(rule)
        deduction, numeric, committee = facts
        due = self._due.get(line.cycle)
        if due is None:
            due = self._due[line.cycle] = is_due(line.cycle, self.period)
        if deduction or not due:
            return NOT_DUE
        if value is None:
            return _TO_RATE if committee else _MISSING
        if not numeric:
            return _DELIVERED
        levels = (line.minimum, line.base, line.challenge)
        if levels in self._bounds:
            bounds = self._bounds[levels]
        else:
            bounds = self._bounds[levels] = _bounds(line, self.policy)
        why = _far_off(bounds, value, previous, self.policy)
        return _DELIVERED if why is None else LineReadiness(LineState.SUSPICIOUS, why)


def previous_period(period: Period) -> Period | None:
    """The period of the same kind before ``period`` in its year (the jump test's reference),
    or None for the first one."""
    if period.index <= 1:
        return None
    return Period(period.year, period.kind, period.index - 1)
