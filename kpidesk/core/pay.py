"""Performance pay (METHOD.md §10)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from kpidesk.i18n import N_

from .errors import RuleError

# Below 60 → 0; 60→60 %, 90→100 % linear; 90→100 %, 100→150 % linear (seed 001 slide 71).
DEFAULT_BREAKPOINTS: tuple[tuple[float, float], ...] = ((60, 0.60), (90, 1.00), (100, 1.50))


def appraisal_coefficient(
    score: float, breakpoints: Sequence[tuple[float, float]] | None = None
) -> float:
    """Coefficient for a score: 0 below the first breakpoint, linear between breakpoints,
    flat beyond the last."""
    points = tuple(breakpoints or DEFAULT_BREAKPOINTS)
    if any(b[0] <= a[0] for a, b in zip(points, points[1:])):
        raise RuleError(N_("pay breakpoints must rise in score"), "breakpoints")
    if score < points[0][0]:
        return 0.0
    for (s0, c0), (s1, c1) in zip(points, points[1:]):
        if score <= s1:
            return c0 + (score - s0) / (s1 - s0) * (c1 - c0)
    return points[-1][1]


def performance_pay(
    base: Decimal | float | str,
    position_coefficient: Decimal | float | str,
    score: float,
    breakpoints: Sequence[tuple[float, float]] | None = None,
) -> Decimal:
    """Monthly performance pay = base × position coefficient × appraisal coefficient, in
    Decimal rounded half-up to cents."""
    coefficient = Decimal(repr(appraisal_coefficient(score, breakpoints)))
    pay = Decimal(str(base)) * Decimal(str(position_coefficient)) * coefficient
    return pay.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
