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
    actual = _number(value)
    if kind is None or not kind.numeric or actual is None:
        return None
    levels = [v for v in (line.minimum, line.base, line.challenge) if v is not None]
    if len(levels) >= 2:
        low, high = min(levels), max(levels)
        span = high - low
        slack = policy.suspicious_factor * span
        if span > 0 and not low - slack <= actual <= high + slack:
            return Problem(
                N_("{value:g} lies far outside the targets {low:g}–{high:g}"),
                "actual",
                {"value": actual, "low": low, "high": high},
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


def previous_period(period: Period) -> Period | None:
    """The period of the same kind before ``period`` in its year (the jump test's reference),
    or None for the first one."""
    if period.index <= 1:
        return None
    return Period(period.year, period.kind, period.index - 1)
