"""A whole period read and scored at once (METHOD.md §7, §9): every contract of the year with
its lines as they stood for the period, the period's actuals and deduction counts, the period
before's for comparison, each line's readiness (delivered, missing, suspicious, to be rated in
the meeting) and each contract's total. The period overview, the agenda, calibration and the
official results all start here, from one reading of a few statements."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from kpidesk.core.amendments import line_as_of
from kpidesk.core.contracts import ContractScore, score_contract
from kpidesk.core.errors import RuleError
from kpidesk.core.lifecycle import LIFECYCLE
from kpidesk.core.model import ContractLine
from kpidesk.core.pay import appraisal_coefficient
from kpidesk.core.period_results import missing_lines
from kpidesk.core.periods import Period
from kpidesk.core.policy import FirmPolicy
from kpidesk.core.problems import Problem
from kpidesk.core.readiness import (
    NOT_DUE,
    LineReadiness,
    LineState,
    PeriodReadiness,
    previous_period,
)
from kpidesk.core.rules import Scorers
from kpidesk.storage.document import Document
from kpidesk.storage.period_repo import ContractRow, PeriodRepository

from .collector import collector_paused


@dataclass(frozen=True)
class ContractPeriod:
    """One contract in the period: where it sits, its lines as they stood for the period, their
    actuals (and last period's), readiness and the scores."""

    row: ContractRow
    lines: tuple[ContractLine, ...]
    actuals: dict[int, object]
    previous: dict[int, object]  # line id → the period before's actual
    events: dict[int, int]  # deduction line id → events counted in the period
    previous_events: dict[int, int]
    previous_period: Period | None
    judge: PeriodReadiness  # shared by the period's contracts, as are the scorers
    scorers: Scorers = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.row.id

    @cached_property
    def _scored(self) -> tuple[ContractScore | None, Problem | None]:
        """Scored when first asked (the overview never asks): the period's score, or the problem
        of a rule that cannot score."""
        try:
            return _score(self.lines, self.actuals, self.events, self.scorers), None
        except RuleError as error:
            return None, error.problem

    @property
    def score(self) -> ContractScore | None:
        """None: a stored rule could not be scored (see ``problem``)."""
        return self._scored[0]

    @cached_property
    def previous_total(self) -> float | None:
        """The period before's total when it was complete, scored only when asked (the agenda
        asks; a period's totals do not, and it would double their cost); None when this
        period cannot be scored either, or the period before's actuals cannot."""
        before, had = self.previous_period, self.previous
        if self.score is None or before is None or not had:
            return None
        if missing_lines(self.lines, before, had):
            return None
        try:
            return _score(self.lines, had, self.previous_events, self.scorers).total
        except RuleError:
            return None

    @property
    def problem(self) -> Problem | None:
        return self._scored[1]

    @property
    def complete(self) -> bool:
        return self.score is not None and not self.missing

    @cached_property
    def readiness(self) -> dict[int, LineReadiness]:
        """line id → its state (lines not due left out), judged when first asked: the overview
        and the agenda ask; a period's totals need only the missing lines."""
        judge, got, had = self.judge, self.actuals, self.previous
        found = {}
        for line in self.lines:
            state = judge(line, got.get(line.id), had.get(line.id))
            if state is not NOT_DUE:
                found[line.id] = state
        return found

    @cached_property
    def missing(self) -> tuple[ContractLine, ...]:
        """The due lines whose provider has not delivered (none to rate in the meeting)."""
        judge, got = self.judge, self.actuals
        return tuple(
            l
            for l in self.lines
            if l.id not in got and judge(l, None, None).state is LineState.MISSING
        )

    @property
    def total(self) -> float | None:
        """The period's total once every due line has its actual, else None."""
        score = self._scored[0]  # ``complete`` spelt out: 5,000 contracts ask
        return score.total if score is not None and not self.missing else None

    def state(self, line_id: int) -> LineState:
        found = self.readiness.get(line_id)
        return LineState.NOT_DUE if found is None else found.state

    def counts(self) -> Counter[LineState]:
        return Counter(r.state for r in self.readiness.values())


@dataclass(frozen=True)
class PeriodResults:
    period: Period
    previous: Period | None
    contracts: list[ContractPeriod] = field(default_factory=list)
    # Each rule's scorer, made when this period's contracts first score with it
    # (``core.rules.score_line``): the contracts hold their lines, so no rule object dies and
    # lends its id to another meanwhile.
    scorers: Scorers = field(default_factory=dict)

    def counts(self) -> Counter[LineState]:
        total: Counter[LineState] = Counter()
        for contract in self.contracts:
            total.update(contract.counts())
        return total


def _score(
    lines: tuple[ContractLine, ...],
    actuals: dict[int, object],
    events: dict[int, int],
    scorers: Scorers | None = None,
) -> ContractScore:
    return score_contract(  # LineInput's fields as plain tuples: cheaper by 50,000 objects
        [(l.rule, l.weight, actuals.get(l.id), l.id) for l in lines if not l.deduction],
        [(l.rule, events.get(l.id, 0)) for l in lines if l.deduction],
        scorers,
    )


def _of(lines: tuple[ContractLine, ...], counts: dict[int, int]) -> dict[int, int]:
    """The deduction events counted for ``lines`` (most periods count none)."""
    return {l.id: counts[l.id] for l in lines if l.id in counts} if counts else {}


class PeriodService:
    def __init__(self, document: Document, policy: FirmPolicy):
        self.document = document
        self.policy = policy

    def results(self, period: str | Period, *, collecting_only: bool = True) -> PeriodResults:
        """Every contract of the period's year (only those collecting actuals — signed — when
        ``collecting_only``), scored for the period."""
        with collector_paused():  # 50,000 lines and 100,000 actuals, none of them garbage
            return self._results(period, collecting_only)

    def _results(self, period: str | Period, collecting_only: bool) -> PeriodResults:
        period = Period.parse(period) if isinstance(period, str) else period
        before = previous_period(period)
        codes = [period.code] + ([before.code] if before else [])
        with self.document.reading() as session:
            repo = PeriodRepository(session)
            rows = repo.contracts(period.year)
            year = repo.lines(period.year, codes)
            events = repo.deduction_counts(codes)
            amendments = repo.amendments(period.year)
        now = year.actuals[period.code]
        then = year.actuals[before.code] if before else {}
        events_now = events[period.code]
        events_then = events.get(before.code, {}) if before else {}
        judge = PeriodReadiness(period, self.policy.review)
        result = PeriodResults(period, before)
        for row in rows:
            if collecting_only and not LIFECYCLE.collects_actuals(row.status):
                continue
            mine = tuple(year.lines.get(row.id, ()))
            changed = amendments.get(row.id)
            if changed:
                mine = tuple(line_as_of(l, changed.get(l.id, ()), period.code) for l in mine)
            result.contracts.append(
                ContractPeriod(
                    row,
                    mine,
                    now.get(row.id, {}),
                    then.get(row.id, {}),
                    _of(mine, events_now),
                    _of(mine, events_then),
                    before,
                    judge,
                    result.scorers,
                )
            )
        return result

    def coefficient(self, total: float) -> float:
        return appraisal_coefficient(total, self.policy.pay_breakpoints)
