"""Calibration (METHOD.md §9): forced distribution and the ability-performance nine-box."""

from __future__ import annotations

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
