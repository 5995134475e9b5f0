"""The review cycle's settings (METHOD.md §1, §9): when meetings are held, who makes results
official, how the agenda is ordered and timed, when an actual looks suspicious, the §9
forced-distribution guide's ranges and whether locking enforces them. Stored as one ``review``
setting (a JSON object); ``FirmPolicy.review`` is its one reading."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kpidesk.i18n import N_

from .problems import Problem

# §9 forced-ranking guide: outstanding 2–5 %, excellent 10–20 %, competent 40–60 %, basically
# competent 10–20 %, unsatisfactory ≈2 % (read as 1–3 %: "about" needs a range to be checked).
DEFAULT_GUIDE: tuple[tuple[str, float, float], ...] = (
    ("outstanding", 0.02, 0.05),
    ("excellent", 0.10, 0.20),
    ("competent", 0.40, 0.60),
    ("basically_competent", 0.10, 0.20),
    ("unsatisfactory", 0.01, 0.03),
)
AGENDA_ORDERS = ("attention", "organisation")  # what needs talking about first / the org tree


@dataclass(frozen=True)
class ReviewPolicy:
    meeting_day: int = 15  # §1: data by the 8th, the monthly meeting on the 15th
    reviewer: str = ""  # who makes results official (§9: the indirect superior); "" asks
    agenda_order: str = "attention"
    item_minutes: int = 5  # each agenda item's time box
    # An actual is suspicious when it lies outside the minimum…challenge span by more than this
    # share of the span, or moves by more than ``jump_factor`` against the period before.
    suspicious_factor: float = 0.5
    jump_factor: float = 0.5
    boundary_margin: float = 2.0  # points from a coefficient breakpoint that count as "near"
    guide: tuple[tuple[str, float, float], ...] = DEFAULT_GUIDE
    enforce_guide: bool = False  # refuse to lock results outside the guide (else a warning)

    @classmethod
    def from_setting(cls, value: object) -> ReviewPolicy:
        """The policy from the stored ``review`` object; what it leaves out keeps its default."""
        given: Mapping[str, Any] = value if isinstance(value, Mapping) else {}
        default = cls()

        def get(name: str) -> Any:
            found = given.get(name)
            return getattr(default, name) if found is None else found

        guide = given.get("guide")
        return cls(
            meeting_day=int(get("meeting_day")),
            reviewer=str(get("reviewer")),
            agenda_order=str(get("agenda_order")),
            item_minutes=int(get("item_minutes")),
            suspicious_factor=float(get("suspicious_factor")),
            jump_factor=float(get("jump_factor")),
            boundary_margin=float(get("boundary_margin")),
            guide=(
                tuple((str(g), float(low), float(high)) for g, low, high in guide)
                if guide
                else default.guide
            ),
            enforce_guide=bool(get("enforce_guide")),
        )

    def as_setting(self) -> dict[str, object]:
        return {
            "meeting_day": self.meeting_day,
            "reviewer": self.reviewer,
            "agenda_order": self.agenda_order,
            "item_minutes": self.item_minutes,
            "suspicious_factor": self.suspicious_factor,
            "jump_factor": self.jump_factor,
            "boundary_margin": self.boundary_margin,
            "guide": [list(row) for row in self.guide],
            "enforce_guide": self.enforce_guide,
        }


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def review_problems(key: str, value: object) -> list[Problem]:
    """What a ``review`` setting may not hold, each problem naming ``key.field``."""
    if not isinstance(value, Mapping):
        return [Problem(N_("The review settings are missing."), key)]
    found: list[Problem] = []
    day = value.get("meeting_day", 15)
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 28:
        found.append(
            Problem(
                N_("The meeting day {value!r} is not a day from 1 to 28 (every month has it)."),
                f"{key}.meeting_day",
                {"value": day},
            )
        )
    minutes = value.get("item_minutes", 5)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 120:
        found.append(
            Problem(
                N_("An agenda item's time box of {value!r} minutes is not between 1 and 120."),
                f"{key}.item_minutes",
                {"value": minutes},
            )
        )
    if value.get("agenda_order", "attention") not in AGENDA_ORDERS:
        found.append(
            Problem(
                N_("The agenda order {value!r} is unknown."),
                f"{key}.agenda_order",
                {"value": value.get("agenda_order")},
            )
        )
    for name in ("suspicious_factor", "jump_factor", "boundary_margin"):
        number = _number(value.get(name, 0.5))
        if number is None or not 0 <= number <= 100:
            found.append(
                Problem(
                    N_("{value!r} is not a number from 0 to 100."),
                    f"{key}.{name}",
                    {"value": value.get(name)},
                )
            )
    guide = value.get("guide")
    if guide is not None:
        found += _guide_problems(f"{key}.guide", guide)
    return found


def _guide_problems(key: str, guide: object) -> list[Problem]:
    if not isinstance(guide, (list, tuple)) or not guide:
        return [Problem(N_("The forced-distribution guide names no grade."), key)]
    found: list[Problem] = []
    lows = highs = 0.0
    for row in guide:
        if not isinstance(row, (list, tuple)) or len(row) != 3:
            found.append(
                Problem(N_("{value!r} is not a grade with its range."), key, {"value": row})
            )
            continue
        grade, low, high = row[0], _number(row[1]), _number(row[2])
        if low is None or high is None or not 0 <= low <= high <= 1:
            found.append(
                Problem(
                    N_(
                        "The range of grade {grade} is not from a lower to a higher share within 0–100%."
                    ),
                    key,
                    {"grade": grade},
                )
            )
            continue
        lows, highs = lows + low, highs + high
    if not found and not lows <= 1 + 1e-9 <= highs + 2e-9:
        found.append(
            Problem(
                N_(
                    "The guide's ranges cannot hold everyone: the lower bounds sum to {low:g}% and the upper to {high:g}%; 100% must lie between."
                ),
                key,
                {"low": lows * 100, "high": highs * 100},
            )
        )
    return found
