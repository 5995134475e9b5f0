"""Official results of a period (METHOD.md §9): what is frozen when the reviewer makes a
period's results official — one snapshot row per contract — and the checks made first: every
due line delivered, and the grades against the forced-distribution guide. Plain data, no Qt,
no SQL: services/results.py reads the period and storage keeps the rows as JSON."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from kpidesk.i18n import N_, NP_

from .locks import period_words
from .problems import Problem, joined, said, term

# §9's grades as the settings name them (the same catalogue entries as the settings dialog's).
GRADE_WORDS = {
    "outstanding": NP_("calibration grade", "Outstanding"),
    "excellent": NP_("calibration grade", "Excellent"),
    "competent": NP_("calibration grade", "Competent"),
    "basically_competent": NP_("calibration grade", "Basically competent"),
    "unsatisfactory": NP_("calibration grade", "Unsatisfactory"),
}


def grade_word(grade: str) -> Problem | str:
    """A grade's name, put into words where shown; a firm's own grade code as it is."""
    if grade not in GRADE_WORDS:
        return grade
    context, english = GRADE_WORDS[grade]
    return term(english, context)


def grade_text(grade: str | None, lang: str | None = None) -> str:
    if not grade:
        return ""
    word = grade_word(grade)
    return word if isinstance(word, str) else word.text(lang)


@dataclass(frozen=True)
class OfficialLine:
    line_id: int
    indicator: str
    weight: float
    actual: Any  # as stored: a number, a level label, a task shortfall; None when not due
    points: float | None
    events: int = 0  # deduction items: the period's events


@dataclass(frozen=True)
class OfficialRow:
    """One contract as it stood when the results were made official."""

    contract_id: int
    unit: str
    position_code: str
    position: str
    person: str
    employee_class: str
    total: float | None
    coefficient: float | None
    complete: bool
    grade: str | None = None
    lines: tuple[OfficialLine, ...] = ()
    # A quarter, half or year (§7): what the total stands on — "own" (the period's own
    # actuals), "months" (the mean of its months) or "shares" (the year's period shares) — and
    # for a year each kind's part, e.g. {"month": 82.1, "year": 85.0}.
    basis: str = "own"
    parts: dict[str, float | None] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        found = asdict(self)
        found["lines"] = [asdict(line) for line in self.lines]
        return found

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> OfficialRow:
        given = dict(value)
        lines = tuple(OfficialLine(**line) for line in given.pop("lines", ()))
        return cls(**given, lines=lines)


BASIS_WORDS = {
    "own": N_("the period's own actuals"),
    "months": N_("the mean of its months"),
    "shares": N_("§7 period shares"),
}


def basis_text(row: OfficialRow, lang: str | None = None) -> str:
    """What a total stands on, with the year's parts: "§7 period shares (month 83.12, …)"."""
    from kpidesk.i18n import gettext

    words = gettext(BASIS_WORDS.get(row.basis, row.basis), lang)
    if not row.parts:
        return words
    parts = ", ".join(
        f"{kind} {'—' if value is None else f'{value:.2f}'}" for kind, value in row.parts.items()
    )
    return f"{words} ({parts})"


@dataclass(frozen=True)
class Correction:
    """A correction or appeal ruling of an official line: the original stays in ``old``."""

    id: int
    contract_id: int
    line_id: int
    indicator: str
    what: str  # actual / event
    kind: str  # correction / appeal
    old: Any
    new: Any
    reason: str
    by: str
    at: datetime
    appeal_id: int | None = None


@dataclass(frozen=True)
class Official:
    """A period's official results as made, with the corrections written since."""

    period: str
    reviewer: str
    made_by: str
    made_at: datetime
    meeting_id: int | None
    rows: tuple[OfficialRow, ...]
    warnings: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = field(default_factory=tuple)
    # contract id → (total, coefficient) rescored with the corrected actuals, for the contracts
    # a correction touched; the snapshot's rows keep the figures as made official.
    rescored: Mapping[int, tuple[float | None, float | None]] = field(
        default_factory=dict, hash=False, compare=False
    )

    def corrected(self, contract_id: int) -> list[Correction]:
        return [c for c in self.corrections if c.contract_id == contract_id]

    def corrected_total(self, contract_id: int) -> tuple[float | None, float | None] | None:
        """(total, coefficient) since the corrections, None when none touched the contract:
        shown next to the total as made official, which is never lost."""
        return self.rescored.get(contract_id)


@dataclass(frozen=True)
class MissingData:
    """A contract that cannot be made official yet, and what it lacks."""

    unit: str
    position: str
    person: str
    lines: tuple[str, ...]  # the indicators without an actual


@dataclass(frozen=True)
class GuideCount:
    grade: str
    count: int
    low: int  # the guide's range in heads (lower bound rounded down, upper rounded up)
    high: int

    @property
    def outside(self) -> bool:
        return not self.low <= self.count <= self.high


def guide_counts(
    grades: Iterable[str], guide: Sequence[tuple[str, float, float]]
) -> list[GuideCount]:
    """Each guide grade's head count against its range (METHOD.md §9): ``low × n`` rounded down,
    ``high × n`` rounded up — a range that a small population can still meet."""
    counted = Counter(grades)
    heads = sum(counted.values())
    return [
        GuideCount(grade, counted.get(grade, 0), math.floor(low * heads), math.ceil(high * heads))
        for grade, low, high in guide
    ]


def guide_problem(counts: Sequence[GuideCount]) -> Problem | None:
    """The grades outside the guide in one sentence, or None (also None when nobody is graded:
    no calibration, nothing to check)."""
    outside = [c for c in counts if c.outside]
    if not outside or not any(c.count for c in counts):
        return None
    return Problem(
        N_("The grades are outside the forced-distribution guide: {grades}"),
        "guide",
        {
            "grades": joined(
                said(
                    N_("{grade} {count} (guide {low}–{high})"),
                    grade=grade_word(c.grade),
                    count=c.count,
                    low=c.low,
                    high=c.high,
                )
                for c in outside
            )
        },
    )


def missing_problem(missing: Sequence[MissingData], period: str) -> Problem | None:
    """Why a period with missing actuals is not made official. An HR head does not sign off
    a pay-relevant total that is not known: once official, a late actual would need a
    correction, and a person's coefficient would have been announced on part of the contract."""
    if not missing:
        return None
    named = "; ".join(
        f"{m.unit} {m.position} {m.person}: {', '.join(m.lines)}".strip() for m in missing[:20]
    )
    more = len(missing) - 20
    return Problem(
        N_(
            "The results of {period} cannot be made official: {count} contracts still miss actuals — {named}{more}"
        ),
        "period",
        {
            "period": period_words(period),
            "count": len(missing),
            "named": named,
            "more": f" … (+{more})" if more > 0 else "",
        },
    )
