"""What a period's results rest on (METHOD.md §7): which lines are due in a period by their
cycle, whether a period is complete, and the year's result by period shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kpidesk.i18n import N_

from .contracts import combine_periods
from .errors import RuleError
from .model import ContractLine
from .periods import Period

# Months in one period of each kind; a line's ``cycle`` is one of these kinds.
_SPAN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def is_due(cycle: str, period: Period) -> bool:
    """Whether a line reported every ``cycle`` has an actual due in ``period``: in every
    period that ends where one of its cycles ends. A monthly line is due every month and in
    every quarter, half and year; a quarterly line in Mar/Jun/Sep/Dec and the quarter, half and
    year codes; a half-yearly line in Jun/Dec, the halves and the year; an annual line in
    December and the year. An unknown cycle counts as monthly."""
    return period.months[1] % _SPAN.get(cycle, 1) == 0


def missing_lines(
    lines: Sequence[ContractLine], period: Period | str, actuals: Mapping[Any, object]
) -> tuple[ContractLine, ...]:
    """The scored (non-deduction) lines due in ``period`` that have no actual: while any
    remain, the period's total is provisional and no appraisal coefficient is given."""
    if isinstance(period, str):
        period = Period.parse(period)
    return tuple(
        line
        for line in lines
        if not line.deduction and is_due(line.cycle, period) and actuals.get(line.id) is None
    )


@dataclass(frozen=True)
class PeriodTotal:
    """What a period's own actuals give: the total, and whether every due line had one."""

    total: float
    has_actuals: bool
    complete: bool


@dataclass(frozen=True)
class PartBasis:
    """What one part of the year's result stands on: the periods of its kind scored by their
    own actuals, those built from their months, and the complete months those use."""

    own: tuple[str, ...] = ()
    from_months: tuple[str, ...] = ()
    months: tuple[str, ...] = ()


@dataclass(frozen=True)
class YearResult:
    """§7 period aggregation of one contract's year.

    ``parts`` is the score of each kind of the shares (None where nothing can stand for it);
    ``estimated`` the kinds whose score is not final (a period missing, or one standing in
    from its months); ``built_from`` the complete months the result uses; ``incomplete`` the
    months with some actuals but not all due ones; ``empty`` the months with none."""

    year: int
    shares: dict[str, float]
    parts: dict[str, float | None]
    estimated: tuple[str, ...]
    built_from: tuple[str, ...]
    incomplete: tuple[str, ...]
    empty: tuple[str, ...]
    total: float | None
    bases: dict[str, PartBasis] = field(default_factory=dict)  # kind → what its part stands on

    @property
    def complete(self) -> bool:
        return self.total is not None and not self.estimated


def complete_months(period: Period, totals: Mapping[str, PeriodTotal]) -> tuple[str, ...]:
    """The months of ``period`` whose own actuals are complete, in order."""
    first, last = period.months
    codes = [f"{period.year}-{m:02d}" for m in range(first, last + 1)]
    return tuple(
        c for c in codes if (t := totals.get(c)) is not None and t.has_actuals and t.complete
    )


def months_score(
    period: Period, totals: Mapping[str, PeriodTotal]
) -> tuple[float | None, bool]:
    """A quarter, half or year built from its months: the mean of its complete months, and
    whether all of its months are complete (then the figure is final, not an estimate)."""
    done = complete_months(period, totals)
    if not done:
        return None, False
    first, last = period.months
    return sum(totals[c].total for c in done) / len(done), len(done) == last - first + 1


def _period_score(
    period: Period, totals: Mapping[str, PeriodTotal]
) -> tuple[float | None, bool]:
    """A period's score for the aggregation and whether it is final. Its own actuals when they
    are complete; otherwise (a quarter, half or year without its own complete actuals) the mean
    of the complete months it covers: final when all of them are, an estimate when only some."""
    own = totals.get(period.code)
    if own is not None and own.has_actuals and own.complete:
        return own.total, True
    if period.kind == "month":
        return None, False
    return months_score(period, totals)


def _part_basis(periods: Sequence[Period], totals: Mapping[str, PeriodTotal]) -> PartBasis:
    own: list[str] = []
    from_months: list[str] = []
    months: list[str] = []
    for period in periods:
        mine = totals.get(period.code)
        if mine is not None and mine.has_actuals and mine.complete:
            own.append(period.code)
        elif period.kind != "month" and (used := complete_months(period, totals)):
            from_months.append(period.code)
            months.extend(used)
    return PartBasis(tuple(own), tuple(from_months), tuple(months))


def aggregate_year(
    year: int, totals: Mapping[str, PeriodTotal], shares: Mapping[str, float]
) -> YearResult:
    """§7: the year's result is Σ share × score of each period kind (e.g. monthly 40 % +
    annual 60 %), a kind with several periods counting by the mean of those that have a score
    (see ``_period_score``). Incomplete months are left out, never counted as a dip; while any
    period is missing or stands in from months the result is provisional (``estimated``)."""
    parts: dict[str, float | None] = {}
    bases: dict[str, PartBasis] = {}
    estimated: list[str] = []
    for kind in shares:
        if kind not in _SPAN:
            raise RuleError(N_("'{kind}' is not a period kind"), kind, kind=kind)
        periods = [Period(year, kind, index) for index in range(1, 12 // _SPAN[kind] + 1)]
        scores = [_period_score(period, totals) for period in periods]
        bases[kind] = _part_basis(periods, totals)
        known = [value for value, _final in scores if value is not None]
        parts[kind] = sum(known) / len(known) if known else None
        if not all(final for _value, final in scores):
            estimated.append(kind)
    total = (
        None
        if any(value is None for value in parts.values())
        else combine_periods({k: v for k, v in parts.items() if v is not None}, shares)
    )
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    reported = {m: t for m in months if (t := totals.get(m)) is not None and t.has_actuals}
    return YearResult(
        year,
        dict(shares),
        parts,
        tuple(estimated),
        tuple(m for m in months if m in reported and reported[m].complete),
        tuple(m for m in months if m in reported and not reported[m].complete),
        tuple(m for m in months if m not in reported),
        total,
        bases,
    )
