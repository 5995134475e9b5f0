"""Is a period's data in? (METHOD.md §1: providers deliver actuals by the 8th.) The period
overview counts every line due in a period by data provider (the line's ``data_source``) and by
unit — delivered, missing, suspicious — and lists a group's lines on demand; lines the
committee rates are a group of their own ("to be rated in the meeting"), never a provider's
missing data. The actuals templates read the same due lines, so a provider's template asks for
exactly what the overview says it owes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from kpidesk.core.model import ContractLine
from kpidesk.core.periods import Period, periods_of_year
from kpidesk.core.problems import KpideskError
from kpidesk.core.readiness import LineReadiness, LineState
from kpidesk.core.rule_kinds import known_kind
from kpidesk.storage.document import Document

from .firm import FirmService
from .period import ContractPeriod, PeriodResults, PeriodService

OTHER = ""  # the provider of lines that name no data source (shown as "Other")
COMMITTEE = None  # the group of committee-rated lines (to be rated in the meeting)


class NothingDue(KpideskError):
    """A template was asked for a period (or providers) with no line due: nothing written."""


@dataclass(frozen=True)
class OverviewLine:
    """One due line as the overview lists it: where it sits, its targets, its actual and last
    period's, and its state with why."""

    contract: ContractPeriod
    line: ContractLine
    readiness: LineReadiness

    @property
    def state(self) -> LineState:
        return self.readiness.state

    @property
    def actual(self) -> object:
        return self.contract.actuals.get(self.line.id)

    @property
    def previous(self) -> object:
        return self.contract.previous.get(self.line.id)

    @property
    def provider(self) -> str | None:
        return COMMITTEE if self.state is LineState.TO_RATE else self.line.data_source or OTHER


@dataclass
class Tally:
    """How many due lines of a group are in each state."""

    name: str
    counts: Counter[LineState] = field(default_factory=Counter)

    @property
    def due(self) -> int:
        return sum(self.counts.values())

    @property
    def missing(self) -> int:
        return self.counts[LineState.MISSING]


@dataclass
class UnitTally(Tally):
    unit_id: int = 0


class PeriodOverview:
    """The due lines of one period counted by provider and by unit; a group's lines listed only
    when asked (the overview shows counts first: 50,000 lines are never all laid out)."""

    def __init__(self, results: PeriodResults):
        self.results = results
        self.providers: dict[str | None, Tally] = {}
        self.units: dict[int, UnitTally] = {}
        self.total: Counter[LineState] = Counter()
        for contract in results.contracts:
            unit = self.units.get(contract.row.unit_id)
            if unit is None:
                unit = self.units[contract.row.unit_id] = UnitTally(
                    contract.row.unit, unit_id=contract.row.unit_id
                )
            sources = {l.id: l.data_source for l in contract.lines}
            for line_id, readiness in contract.readiness.items():
                state = readiness.state
                provider = COMMITTEE if state is LineState.TO_RATE else sources[line_id] or OTHER
                tally = self.providers.get(provider)
                if tally is None:
                    tally = self.providers[provider] = Tally(provider or "")
                tally.counts[state] += 1
                unit.counts[state] += 1
                self.total[state] += 1

    @property
    def period(self) -> Period:
        return self.results.period

    def provider_names(self) -> list[str | None]:
        """Providers in name order, "Other" after them, the committee's lines last."""
        named = sorted(p for p in self.providers if p)
        return named + [p for p in (OTHER, COMMITTEE) if p in self.providers]

    def missing_providers(self) -> list[str]:
        """The providers that still owe actuals (the committee owes none)."""
        return [
            p for p in self.provider_names() if p is not COMMITTEE and self.providers[p].missing
        ]

    def lines(
        self,
        provider: str | None | object = ...,
        unit_id: int | None = None,
        states: Collection[LineState] | None = None,
    ) -> list[OverviewLine]:
        """The due lines of one provider (``...``: any; ``COMMITTEE``: the committee-rated)
        and/or one unit, in the organisation's order, optionally only in ``states``."""
        return list(self._lines(provider, unit_id, states))

    def _lines(self, provider, unit_id, states) -> Iterator[OverviewLine]:
        by_id: dict[int, ContractLine]
        for contract in self.results.contracts:
            if unit_id is not None and contract.row.unit_id != unit_id:
                continue
            if not contract.readiness:
                continue
            by_id = {l.id: l for l in contract.lines}
            for line_id, readiness in contract.readiness.items():
                if states is not None and readiness.state not in states:
                    continue
                item = OverviewLine(contract, by_id[line_id], readiness)
                if provider is not ... and item.provider != provider:
                    continue
                yield item


def overview(document: Document, period: str | Period) -> PeriodOverview:
    return PeriodOverview(PeriodService(document, FirmService(document).policy).results(period))


def default_period(document: Document) -> Period:
    """The period HR prepares: the month after the latest with actuals, unless that one still
    misses some (then it), in the firm's current year; a year without actuals starts in
    January, a complete December stays."""
    firm = FirmService(document)
    year = firm.current_year
    latest = firm.latest_period_with_actuals()
    months = [p for p in periods_of_year(year) if p.kind == "month"]
    if latest is None:
        return months[0]
    found = Period.parse(latest)
    if found.year != year or found.kind != "month":
        return months[0] if found.year < year else months[-1]
    if overview(document, found).total[LineState.MISSING] or found.index == 12:
        return found
    return months[found.index]


def template_rows(
    document: Document, period: str | Period, providers: Collection[str] | None = None
) -> dict[str, list[dict]]:
    """Provider → the rows of its actuals template: the lines due in ``period`` by their cycle,
    of ``providers`` ("" for lines naming none; None: all), without committee-rated lines."""
    from kpidesk.i18n import _

    results = PeriodService(document, FirmService(document).policy).results(period)
    code = results.period.code
    rows: dict[str, list[dict]] = {}
    for contract in results.contracts:
        numbers = {l.id: n for n, l in enumerate(contract.lines, start=1)}
        for line in contract.lines:
            state = contract.state(line.id)
            if state in (LineState.NOT_DUE, LineState.TO_RATE):
                continue
            source = line.data_source or OTHER
            if providers is not None and source not in providers:
                continue
            rule = line.rule
            rows.setdefault(source or _("Other"), []).append(
                dict(
                    position_code=contract.row.position_code,
                    position=contract.row.position,
                    contractee=contract.row.person,
                    kpi_code=line.indicator_code,
                    kpi=line.indicator,
                    line_no=numbers[line.id],
                    unit_of_measure=line.unit,
                    base=line.base if line.base is not None else rule.get("target"),
                    period=code,
                    actual=contract.actuals.get(line.id),
                    source=line.data_source,
                    levels=[str(level["label"]) for level in rule.get("levels", [])],
                    dimensions=_shortfalls(rule),
                )
            )
    return rows


def _shortfalls(rule: dict) -> list[str]:
    """The names of the shortfalls a line's actual gives (a task's items: 延期天数, 缺少渠道数),
    or none for a kind whose actual is not shortfalls (the registry says, not the kind's name)."""
    kind = known_kind(rule)
    if kind is None or kind.actual != "shortfalls":
        return []
    return [str(item.get("name")) for item in rule.get("items", []) or []]
