"""Reading and scoring a firm: what the main window and ``kpidesk info`` show."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from weakref import WeakKeyDictionary

from kpidesk.core.amendments import Amendment, contract_as_of, proposed_amendment
from kpidesk.core.contracts import ContractScore, LineInput, score_contract
from kpidesk.core.errors import RuleError
from kpidesk.core.problems import Problem
from kpidesk.core.model import Contract, ContractLine, Indicator, Person, Position, Unit
from kpidesk.core.pay import appraisal_coefficient
from kpidesk.core.period_results import (
    PeriodTotal,
    YearResult,
    aggregate_year,
    complete_months,
    missing_lines,
    months_score,
)
from kpidesk.core.periods import Period
from kpidesk.core.policy import FirmPolicy
from kpidesk.core.rules import validate_rule
from kpidesk.core.valuetree import TreeNode, ValueTree, sensitivity_weights
from kpidesk.i18n import N_
from kpidesk.storage.audit import settings_changes
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import Document
from kpidesk.storage.firm_repo import FirmRepository

from .checks import CheckReport, check_document


@dataclass(frozen=True)
class TreeNodeView:
    id: int
    parent_id: int | None
    label: str
    operator: str
    indicator: str | None
    owner: str | None
    baseline: float | None
    weight: float | None  # sensitivity weight of a leaf, when the tree can be evaluated


@dataclass(frozen=True)
class TreeInfo:
    """One of the firm's value trees, as the tree chooser lists it."""

    code: str
    name: str
    unit_id: int | None
    nodes: int


@dataclass(frozen=True)
class Category:
    code: str
    name_zh: str
    name_en: str
    deduction: bool

    def name(self, lang: str) -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en


@dataclass(frozen=True)
class PeriodScore:
    contract: Contract
    period: str
    actuals: dict[int, object]
    score: ContractScore
    coefficient: float  # of the total as it stands: show it only when ``complete``

    @property
    def missing(self) -> tuple[ContractLine, ...]:
        """Scored lines due in this period (by their cycle) still without an actual."""
        return missing_lines(self.contract.lines, self.period, self.actuals)

    @property
    def complete(self) -> bool:
        """Every line due in the period has its actual: the total and coefficient are final."""
        return not self.missing

    @property
    def point(self) -> TrendPoint:
        """This period as a point of the month-by-month trend."""
        return TrendPoint(
            self.period,
            self.score.total if self.actuals else None,
            self.complete,
            len(self.missing),
        )


@dataclass(frozen=True)
class TrendPoint:
    period: str
    total: float | None  # None: no actual reported for the month
    complete: bool  # False: some due lines lack actuals, the total is not the month's score
    missing: int


@dataclass(frozen=True)
class YearScore:
    """A contract's year by §7 period aggregation, for the year period of the scoring panel."""

    contract: Contract
    employee_class: str
    result: YearResult
    coefficient: float | None  # only when the result is complete


@dataclass(frozen=True)
class MonthsResult:
    """A quarter or half without complete actuals of its own whose months are all complete:
    its result built from them (the mean of their totals), as the year's §7 aggregation
    counts it, so the period's panel and the year agree."""

    period: str
    total: float
    months: tuple[str, ...]
    coefficient: float
    own_missing: int  # lines of the period's own table typed but incomplete (0: none typed)


@dataclass(frozen=True)
class ContractYear:
    """A contract's year month by month (the year grid): each month scored, its deduction
    events per line, and the last month anyone in the firm has reported (months up to it are
    due, so a missing actual there is a gap, not the future)."""

    contract: Contract
    months: tuple[PeriodScore, ...]
    events: tuple[dict[int, int], ...]
    reported_until: date | None


# The policy of each open document, read from its settings once: every FirmService of that
# document (the window's, an import's, a print run's) shares it. A committed change of the
# settings (an import of a settings sheet, any edit) makes it stale: it is read again when next
# asked for (``storage.audit.settings_changes`` counts those commits; no SQL to know).
_POLICIES: WeakKeyDictionary[Document, tuple[int, FirmPolicy]] = WeakKeyDictionary()


class FirmService:
    def __init__(self, document: Document):
        self.document = document

    @property
    def policy(self) -> FirmPolicy:
        """The firm's policy (``core.policy.FirmPolicy``), loaded once per open document and
        again only after its settings changed."""
        changes = settings_changes(self.document.engine)
        loaded = _POLICIES.get(self.document)
        if loaded is None or loaded[0] != changes:
            with self.document.reading() as session:
                loaded = _POLICIES[self.document] = (changes, FirmRepository(session).policy())
        return loaded[1]

    @property
    def name(self) -> str:
        return self.policy.firm_name or self.document.name

    @property
    def current_year(self) -> int:
        return self.policy.year()

    def units(self) -> list[Unit]:
        with self.document.reading() as session:
            return FirmRepository(session).units()

    def all_positions(self, year: int | None = None) -> dict[int, list[Position]]:
        year = year or self.current_year
        with self.document.reading() as session:
            return FirmRepository(session).all_positions(year)

    def indicator_names_by_position(self, year: int | None = None) -> dict[int, list[str]]:
        """Position id → the names of the KPIs on its contract of ``year`` (both languages)."""
        year = year or self.current_year
        with self.document.reading() as session:
            return FirmRepository(session).indicator_names_by_position(year)

    def indicators(self) -> list[Indicator]:
        with self.document.reading() as session:
            return FirmRepository(session).indicators()

    def categories(self) -> list[Category]:
        with self.document.reading() as session:
            firm = FirmRepository(session)
            records = firm.categories(self.policy.category_set)
            return [Category(r.code, r.name_zh, r.name_en, r.deduction) for r in records]

    def value_tree(self, tree: str = "main") -> list[TreeNodeView]:
        """The tree's nodes in order, leaves carrying their §6 sensitivity weight."""
        with self.document.reading() as session:
            firm = FirmRepository(session)
            records = firm.tree_nodes(tree)
            owners = firm.position_names()
            units = {u.id: u.name for u in firm.units()}
            codes = {i.id: i.code for i in firm.indicators()}
        nodes = [
            TreeNode(str(r.id), str(r.parent_id) if r.parent_id else None, r.operator)
            for r in records
        ]
        values = {str(r.id): r.baseline for r in records if r.baseline is not None}
        try:
            weights = sensitivity_weights(ValueTree(nodes), values) if records else {}
        except RuleError:  # a leaf without a baseline: the tree shows, without weights
            weights = {}
        return [
            TreeNodeView(
                r.id,
                r.parent_id,
                r.label,
                r.operator,
                codes.get(r.indicator_id),
                owners.get(r.owner_position_id) or units.get(r.owner_unit_id),
                r.baseline,
                weights.get(str(r.id)),
            )
            for r in records
        ]

    def value_trees(self) -> list[TreeInfo]:
        """The firm's value trees in their order, each with how many nodes it has."""
        from kpidesk.storage.tree_repo import TreeRepository

        with self.document.reading() as session:
            trees = TreeRepository(session)
            counts = trees.node_counts()
            return [TreeInfo(t.code, t.name, t.unit_id, counts.get(t.code, 0)) for t in trees.trees()]

    @staticmethod
    def tree_findings(nodes: list[TreeNodeView]) -> list[Problem]:
        """What to fix in a tree as ``value_tree`` read it before it computes
        (``core.valuetree.tree_findings``), naming nodes by their labels."""
        from kpidesk.core.valuetree import tree_findings

        if not nodes:
            return []
        labels = {str(n.id): n.label for n in nodes}
        tree = [TreeNode(str(n.id), str(n.parent_id) if n.parent_id else None, n.operator) for n in nodes]
        values = {str(n.id): n.baseline for n in nodes if n.baseline is not None}
        try:
            found = tree_findings(ValueTree(tree), values)
        except RuleError as exc:
            return list(exc.problems)
        return [
            Problem(
                p.code,
                labels.get(str(p.where), p.where),
                {k: labels.get(str(v), v) for k, v in p.params.items()},
            )
            for p in found
        ]

    def contract_for(self, position_id: int, year: int | None = None) -> int | None:
        with self.document.reading() as session:
            return ContractRepository(session).contract_for(position_id, year or self.current_year)

    def deduction_events(self, contract_id: int, period: str):
        with self.document.reading() as session:
            return ContractRepository(session).deduction_events(contract_id, period)

    def trend(self, contract_id: int, year: int | None = None) -> list[TrendPoint]:
        """Total score of each month, with whether every due line had its actual: an
        incomplete month is not a score, and charts must not draw it as a dip."""
        months = [p for p in self.periods(year) if Period.parse(p).kind == "month"]
        # One session and one reading of the contract for the whole year: this runs on every edit.
        with self.document.reading() as session:
            contract = ContractRepository(session).contract(contract_id)
        return self.contract_scores(contract, None, months)[1]

    def contract_scores(
        self, contract: Contract, period: str | None, months: list[str]
    ) -> tuple[PeriodScore | None, list[TrendPoint]]:
        """``contract`` as it stands (read by the caller, or patched with the lines an edit
        changed) scored for ``period`` and for each of ``months`` (the trend), from one reading
        of its year: amendments, actuals and deduction counts, three statements in all."""
        breakpoints = self.policy.pay_breakpoints
        with self.document.reading() as session:
            repo = ContractRepository(session)
            amendments = repo.amendments(contract.id)
            actuals = repo.actuals_by_period(contract.id)
            events = repo.deduction_counts_by_period(contract.id)

        def scored(code: str) -> PeriodScore:
            as_of = contract_as_of(contract, amendments, code)  # later amendments roll back
            found = actuals.get(code, {})
            result = self._score_as_of(repo, as_of, code, found, events.get(code, {}))
            coefficient = appraisal_coefficient(result.total, breakpoints)
            return PeriodScore(as_of, code, found, result, coefficient)

        return (
            None if period is None else scored(period),
            [scored(month).point for month in months],
        )

    def year_score(self, contract_id: int, year: int | None = None) -> YearScore:
        """§7 period aggregation of the contract's year with the firm's period shares for the
        position's employee class (a class without shares counts the year alone). Each kind's
        periods score by their own actuals when complete, else by the mean of their complete
        months; incomplete months are left out and named."""
        with self.document.reading() as session:
            repo = ContractRepository(session)
            firm = FirmRepository(session)
            contract = repo.contract(contract_id)
            year = year or contract.year
            breakpoints = self.policy.pay_breakpoints
            employee_class = firm.employee_class(contract.position_id)
            shares = self.policy.shares_for(employee_class)
            totals = {}
            for period in firm.periods(year):
                scored = self._score(repo, contract, period, breakpoints)
                totals[period] = PeriodTotal(
                    scored.score.total, bool(scored.actuals), scored.complete
                )
        result = aggregate_year(year, totals, shares)
        coefficient = (
            appraisal_coefficient(result.total, breakpoints) if result.complete else None
        )
        return YearScore(contract, employee_class, result, coefficient)

    def months_result(self, contract_id: int, period: str) -> MonthsResult | None:
        """The result of a quarter or half built from its months when its own actuals are not
        complete and every one of its months is (None otherwise: then it is incomplete)."""
        parsed = Period.parse(period)
        if parsed.kind not in ("quarter", "half"):
            return None
        first, last = parsed.months
        with self.document.reading() as session:
            repo = ContractRepository(session)
            breakpoints = self.policy.pay_breakpoints
            contract = repo.contract(contract_id)
            own = self._score(repo, contract, period, breakpoints)
            if own.complete and own.actuals:
                return None
            totals = {}
            for month in (f"{parsed.year}-{m:02d}" for m in range(first, last + 1)):
                scored = self._score(repo, contract, month, breakpoints)
                totals[month] = PeriodTotal(
                    scored.score.total, bool(scored.actuals), scored.complete
                )
        total, final = months_score(parsed, totals)
        if total is None or not final:
            return None
        return MonthsResult(
            period,
            total,
            complete_months(parsed, totals),
            appraisal_coefficient(total, breakpoints),
            len(own.missing) if own.actuals else 0,
        )

    def contract_year(self, contract_id: int) -> ContractYear:
        with self.document.reading() as session:
            repo, firm = ContractRepository(session), FirmRepository(session)
            contract = repo.contract(contract_id)
            breakpoints = self.policy.pay_breakpoints
            months = [p for p in firm.periods(contract.year) if Period.parse(p).kind == "month"]
            latest = firm.latest_period_with_actuals()
            return ContractYear(
                contract,
                tuple(self._score(repo, contract, month, breakpoints) for month in months),
                tuple(repo.deduction_counts(contract_id, month) for month in months),
                Period.parse(latest).end if latest else None,
            )

    def contract_year_rescored(
        self,
        year: ContractYear,
        contract: Contract | None = None,
        periods: frozenset[str] | None = None,
        *,
        actuals: bool = False,
        events: bool = False,
    ) -> ContractYear:
        """``year`` as held by the year grid, brought up to date after an edit without reading
        the whole year again. ``contract``: the contract as it now stands (the held one patched
        with the lines an edit changed): every month is rescored on it, as amended for that
        month (the amendments: one statement), on the actuals and events already held.
        ``actuals`` / ``events``: the actuals / deduction events of ``periods`` (None: every
        month) changed and are read again (one statement each per period, or one for the year)."""
        index = {scored.period: i for i, scored in enumerate(year.months)}
        months = list(year.months)
        counts = list(year.events)
        reported = year.reported_until
        wanted = sorted(index) if periods is None else sorted(p for p in periods if p in index)
        breakpoints = self.policy.pay_breakpoints
        with self.document.reading() as session:
            repo = ContractRepository(session)
            if contract is not None:
                amendments = repo.amendments(contract.id)
                months = [
                    replace(m, contract=contract_as_of(contract, amendments, m.period))
                    for m in months
                ]
                wanted_scores = sorted(index)
            else:
                contract = year.contract
                wanted_scores = wanted
            read_actuals: dict[str, dict[int, object]] = {}
            read_events: dict[str, dict[int, int]] = {}
            if actuals and wanted:
                if periods is None:
                    read_actuals = repo.actuals_by_period(contract.id)
                else:
                    read_actuals = {p: repo.actuals(contract.id, p) for p in wanted}
            if events and wanted:
                if periods is None:
                    read_events = repo.deduction_counts_by_period(contract.id)
                else:
                    read_events = {p: repo.deduction_counts(contract.id, p) for p in wanted}
            for period in wanted_scores:
                i = index[period]
                found = read_actuals.get(period, {}) if actuals and period in wanted else None
                if events and period in wanted:
                    counts[i] = read_events.get(period, {})
                held = months[i]
                now = held.actuals if found is None else found
                result = self._score_as_of(repo, held.contract, period, now, counts[i])
                months[i] = PeriodScore(
                    held.contract,
                    period,
                    now,
                    result,
                    appraisal_coefficient(result.total, breakpoints),
                )
                if found is None:
                    continue
                # The last month the firm reported moves up with an actual typed past it; it
                # may move down only when this contract's actuals of that month went.
                end = Period.parse(period).end
                if found and (reported is None or end > reported):
                    reported = end
                elif not found and reported is not None and end == reported:
                    latest = FirmRepository(session).latest_period_with_actuals()
                    reported = Period.parse(latest).end if latest else None
        return ContractYear(contract, tuple(months), tuple(counts), reported)

    def positions(self, unit_id: int, year: int | None = None) -> list[Position]:
        year = year or self.current_year
        with self.document.reading() as session:
            return FirmRepository(session).positions(unit_id, year)

    def contract(self, contract_id: int) -> Contract:
        with self.document.reading() as session:
            return ContractRepository(session).contract(contract_id)

    def lines(self, line_ids) -> dict:
        """Just these contract lines as they stand, by id (a panel showing an edited line)."""
        with self.document.reading() as session:
            return ContractRepository(session).lines(line_ids)

    def contracts(self) -> list[Contract]:
        with self.document.reading() as session:
            repo = ContractRepository(session)
            return [repo.contract(i) for i in repo.contract_ids()]

    def people(self, on: date) -> list[Person]:
        """Everyone who can sign a contract, with the position held on ``on``."""
        with self.document.reading() as session:
            return ContractRepository(session).people(on)

    def default_parties(self, contract_id: int, on: date) -> tuple[int | None, int | None]:
        """(contractee, issuer 1) as the organisation says on ``on``: the position's holder and
        the holder of the position it reports to."""
        with self.document.reading() as session:
            return ContractRepository(session).default_parties(contract_id, on)

    def party_ids(self, contract_id: int) -> tuple[int | None, int | None, int | None]:
        with self.document.reading() as session:
            return ContractRepository(session).party_ids(contract_id)

    def status_reasons(self, contract_id: int):
        """(when, who, from status, reason) of each reopening and other reasoned change."""
        with self.document.reading() as session:
            return ContractRepository(session).status_reasons(contract_id)

    def latest_period_with_actuals(self) -> str | None:
        with self.document.reading() as session:
            return FirmRepository(session).latest_period_with_actuals()

    def flex(self) -> float:
        """§8: how far a signed target may move (a share: 0.15) without a second look."""
        return self.policy.target_flex

    def periods(self, year: int | None = None) -> list[str]:
        with self.document.reading() as session:
            return FirmRepository(session).periods(year or self.current_year)

    def score(self, contract_id: int, period: str) -> PeriodScore:
        with self.document.reading() as session:
            repo = ContractRepository(session)
            breakpoints = self.policy.pay_breakpoints
            return self._score(repo, repo.contract(contract_id), period, breakpoints)

    def rescore(
        self,
        scored: PeriodScore,
        *,
        actuals: dict[int, object] | None = None,
        events: dict[int, int] | None = None,
    ) -> PeriodScore:
        """The same contract and period scored again on the period's actuals and deductions as
        they are now (an actual or event changed; the contract did not): no reload of it.
        ``actuals`` / ``events`` (deduction counts): already known, so not read again."""
        with self.document.reading() as session:
            repo = ContractRepository(session)
            breakpoints = self.policy.pay_breakpoints
            if actuals is None:
                actuals = repo.actuals(scored.contract.id, scored.period)
            result = self._score_as_of(repo, scored.contract, scored.period, actuals, events)
        coefficient = appraisal_coefficient(result.total, breakpoints)
        return PeriodScore(scored.contract, scored.period, actuals, result, coefficient)

    @staticmethod
    def _score(
        repo: ContractRepository, contract: Contract, period: str, breakpoints
    ) -> PeriodScore:
        contract = repo.contract_as_of(contract, period)  # amendments effective later roll back
        actuals = repo.actuals(contract.id, period)
        result = FirmService._score_as_of(repo, contract, period, actuals)
        return PeriodScore(
            contract, period, actuals, result, appraisal_coefficient(result.total, breakpoints)
        )

    @staticmethod
    def _score_as_of(
        repo: ContractRepository, contract: Contract, period: str, actuals=None, events=None
    ) -> ContractScore:
        """The contract (as it stood for ``period``) scored on the period's actuals (and
        deduction counts, when already read)."""
        if actuals is None:
            actuals = repo.actuals(contract.id, period)
        if events is None:
            events = repo.deduction_counts(contract.id, period)
        lines = [
            LineInput(l.rule, l.weight, actuals.get(l.id), l.id)
            for l in contract.lines
            if not l.deduction
        ]
        deductions = [(l.rule, events.get(l.id, 0)) for l in contract.lines if l.deduction]
        try:
            return score_contract(lines, deductions)
        except RuleError as exc:  # a rule stored outside kpidesk (a kind that does not exist …)
            raise _unscorable(contract, exc) from exc

    def info(self) -> dict:
        with self.document.reading() as session:
            counts = FirmRepository(session).counts()
        return {
            "schema_version": self.document.revision(),
            **counts,
            "contract_list": [
                {
                    "id": c.id,
                    "unit": c.unit,
                    "position": c.position,
                    "contractee": c.contractee,
                    "status": c.status,
                    "weight_total": c.weight_total,
                }
                for c in self.contracts()
            ],
        }

    def check(self, lang: str = "en") -> CheckReport:
        return check_document(self.document, lang)

    def default_effective_period(self, contract_id: int) -> str | None:
        """Where an amendment takes effect unless the user says otherwise: the first month after
        the last month of the contract's year with actuals for it (until review meetings exist);
        the year's last month when every month up to it has actuals (the amendment dialog then
        says which scored months it would rescore)."""
        with self.document.reading() as session:
            first = ContractRepository(session).first_period_without_actuals(contract_id)
        if first is not None:
            return first
        months = self.periods(self.contract(contract_id).year)
        months = [p for p in months if Period.parse(p).kind == "month"]
        return months[-1] if months else None

    def months_with_actuals(self, contract_id: int) -> list[str]:
        with self.document.reading() as session:
            return ContractRepository(session).months_with_actuals(contract_id)

    def rescoring(
        self, contract_id: int, line_id: int, field: str, new, effective_from: str
    ) -> list[tuple[str, float, float]]:
        """(month, the contract's total now, its total after the amendment) for each month with
        actuals that an amendment of ``field`` to ``new`` from ``effective_from`` would rescore."""
        with self.document.reading() as session:
            repo = ContractRepository(session)
            contract = repo.contract(contract_id)
            line = next(l for l in contract.lines if l.id == line_id)
            amendments = repo.amendments(contract.id)
            amended, made = proposed_amendment(line, field, new, effective_from)
            proposed = replace(
                contract, lines=tuple(amended if l.id == line_id else l for l in contract.lines)
            )
            with_proposed = {**amendments, line_id: [*amendments.get(line_id, []), *made]}
            start = Period.parse(effective_from).start
            found = []
            for month in repo.months_with_actuals(contract.id):
                if Period.parse(month).end < start:
                    continue
                before = self._score_as_of(repo, repo.contract_as_of(contract, month), month)
                after = self._score_as_of(
                    repo, contract_as_of(proposed, with_proposed, month), month
                )
                found.append((month, before.total, after.total))
            return found

    def amendments(self, contract_id: int) -> dict[int, list[Amendment]]:
        """Each line's amendments in the order made: the contract's history."""
        with self.document.reading() as session:
            return ContractRepository(session).amendments(contract_id)


def _unscorable(contract: Contract, error: RuleError) -> RuleError:
    """A rule that cannot score, named by its contract and line (the first whose stored rule
    does not validate; the contract when none is to blame)."""
    for number, line in enumerate(contract.lines, start=1):
        try:
            validate_rule(line.rule, line.weight)
        except RuleError as found:
            return RuleError(
                N_("contract {id} ({unit} {position}) line {number} {kpi}: {error}"),
                None,
                id=contract.id,
                unit=contract.unit,
                position=contract.position,
                number=number,
                kpi=line.indicator,
                error=found.problem,
            )
    return error

