"""Calibration (METHOD.md §9): forced distribution and the ability-performance nine-box."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from kpidesk.i18n import N_

from .errors import RuleError

GRADES = ("outstanding", "excellent", "competent", "basically_competent", "unsatisfactory")
# Inside the §9 guide ranges (2–5 %, 10–20 %, 40–60 %, 10–20 %, ≈2 %) and summing to 1.
DEFAULT_QUOTAS: tuple[tuple[str, float], ...] = (
    ("outstanding", 0.05),
    ("excellent", 0.20),
    ("competent", 0.55),
    ("basically_competent", 0.18),
    ("unsatisfactory", 0.02),
)


def forced_distribution(
    scores: Mapping[Hashable, float], quotas: Sequence[tuple[str, float]] | None = None
) -> dict[Hashable, str]:
    """Grade people by rank so each grade holds about its quota share. Cut-offs fall at the
    rounded cumulative shares; people with equal scores share the grade of the first of them,
    so a higher score never gets a lower grade."""
    quotas = tuple(quotas or DEFAULT_QUOTAS)
    if abs(sum(share for _grade, share in quotas) - 1.0) > 1e-9:
        raise RuleError(
            N_("grade quotas sum to {value1:g}, not 1"),
            "quotas",
            value1=sum(s for _grade, s in quotas),
        )
    ranked = sorted(scores, key=lambda k: -scores[k])
    n = len(ranked)
    bounds, cumulative = [], 0.0
    for grade, share in quotas:
        cumulative += share
        bounds.append((round(cumulative * n), grade))
    result: dict[Hashable, str] = {}
    for rank, key in enumerate(ranked):
        if rank and scores[key] == scores[ranked[rank - 1]]:
            result[key] = result[ranked[rank - 1]]
            continue
        result[key] = next((g for bound, g in bounds if rank < bound), quotas[-1][0])
    return result


LEVELS = ("low", "mid", "high")


@dataclass(frozen=True)
class NineBox:
    box: int  # 1 (low/low) … 9 (high/high)
    performance: str
    potential: str
    label: str
    action: str


_BOXES = {
    ("high", "high"): ("star", "fast track"),
    ("high", "mid"): ("high performer", "promote"),
    ("mid", "high"): ("rising talent", "promote"),
    ("high", "low"): ("solid expert", "develop in role"),
    ("mid", "mid"): ("core contributor", "develop"),
    ("low", "high"): ("rough diamond", "develop"),
    ("mid", "low"): ("steady worker", "develop"),
    ("low", "mid"): ("inconsistent", "warn"),
    ("low", "low"): ("underperformer", "exit"),
}


def nine_box(performance_level: str, potential_level: str) -> NineBox:
    """§9 ability-performance grid, each axis low/mid/high, with the recommended action."""
    for name, level in (("performance", performance_level), ("potential", potential_level)):
        if level not in LEVELS:
            raise RuleError(
                N_("{name} level must be low, mid or high, not {level!r}"),
                name,
                name=name,
                level=level,
            )
    label, action = _BOXES[(performance_level, potential_level)]
    box = LEVELS.index(performance_level) * 3 + LEVELS.index(potential_level) + 1
    return NineBox(box, performance_level, potential_level, label, action)


# --- The distribution strip (issue 12, "Calibration") ------------------------------------------


@dataclass(frozen=True)
class StripCell:
    """One grade of the strip: how many people hold it and the guide's range as head counts."""

    grade: str
    count: int
    low: int  # floor(low share × n): a lower bound rounds down
    high: int  # ceil(high share × n): an upper bound rounds up

    @property
    def needs(self) -> int:
        """People to add (+) or take away (−) to come inside the range; 0 when inside."""
        if self.count < self.low:
            return self.low - self.count
        if self.count > self.high:
            return self.high - self.count
        return 0

    @property
    def out_of_range(self) -> bool:
        return self.needs != 0


def strip(
    grades: Sequence[str], guide: Sequence[tuple[str, float, float]]
) -> tuple[StripCell, ...]:
    """The §9 guide against a population's grades, one cell per guide grade in its order.
    Shares become head counts as the issue says: "percent × head count, rounded up for an
    upper bound and down for a lower one". A small epsilon keeps 0.05 × 100 at 5, not 6."""
    n = len(grades)
    counts: dict[str, int] = {}
    for grade in grades:
        counts[grade] = counts.get(grade, 0) + 1
    cells = []
    for grade, low, high in guide:
        cells.append(
            StripCell(
                grade,
                counts.get(grade, 0),
                math.floor(low * n + 1e-9),
                math.ceil(high * n - 1e-9),
            )
        )
    return tuple(cells)


# Performance level for the nine-box from the calibrated grade rather than a raw score cut:
# the grade is what the committee agreed on, already relative to the population, so "high"
# means the top two grades (outstanding, excellent), "mid" competent and "low" the two below.
# A fixed score threshold would put a whole strong unit in "high" and ignore the calibration.
PERFORMANCE_BY_GRADE = {
    "outstanding": "high",
    "excellent": "high",
    "competent": "mid",
    "basically_competent": "low",
    "unsatisfactory": "low",
}


def performance_level(grade: str) -> str:
    """The nine-box performance axis (low/mid/high) for a grade of ``GRADES``."""
    try:
        return PERFORMANCE_BY_GRADE[grade]
    except KeyError:
        raise RuleError(N_("{grade!r} is not a grade"), "grade", grade=grade) from None


def nine_box_counts(levels: Sequence[tuple[str, str | None]]) -> tuple[dict[int, int], int]:
    """(performance, potential) per person → people per box 1…9 and how many wait in the
    holding area (potential not yet set)."""
    counts = dict.fromkeys(range(1, 10), 0)
    holding = 0
    for performance, potential in levels:
        if potential is None:
            holding += 1
            continue
        counts[nine_box(performance, potential).box] += 1
    return counts, holding


# What each §9 action is called on screen (the words in _BOXES are keys, translated here).
ACTION_WORDS = {
    "fast track": N_("Fast track"),
    "promote": N_("Promote"),
    "develop in role": N_("Develop in role"),
    "develop": N_("Develop"),
    "warn": N_("Warn"),
    "exit": N_("Exit"),
}
LEVEL_WORDS = {"low": N_("Low"), "mid": N_("Medium"), "high": N_("High")}
