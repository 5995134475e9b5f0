"""Making a period's results official and correcting them afterwards (METHOD.md §9).

``check`` reads the period once (``PeriodService``) and says what making it official would
freeze: the snapshot rows, the contracts still missing actuals, the grades against the
forced-distribution guide. ``make_official`` writes the snapshot with the reviewer, who and
when — refused while actuals are missing, and (when the policy enforces the guide) while the
grades fall outside it; its undo is refused, so Ctrl+Z stops there. ``correct`` changes one
line's actual or event count of an official period together with its correction record (the
lock at flush lets exactly that through); its undo is another correction back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.contracts import ContractScore, LineInput, score_contract
from kpidesk.core.errors import RuleError
from kpidesk.core.entry import parse_actual
from kpidesk.core.locks import official_refusal, period_words
from kpidesk.core.official import (
    Correction,
    GuideCount,
    MissingData,
    Official,
    OfficialLine,
    OfficialRow,
    guide_counts,
    guide_problem,
    missing_problem,
)
from kpidesk.core.pay import appraisal_coefficient
from kpidesk.core.period_results import (
    PeriodTotal,
    aggregate_year,
    complete_months,
    months_score,
)
from kpidesk.core.periods import Period, periods_of_year
from kpidesk.core.policy import FirmPolicy
from kpidesk.core.problems import Problem
from kpidesk.core.rule_kinds import is_deduction
from kpidesk.i18n import N_, _
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import Document
from kpidesk.storage.results_repo import ResultsRepository
from kpidesk.storage.tamper import tampered_official

from .editing import EditRefused, edit_transaction
from .period import ContractPeriod, PeriodResults, PeriodService

if TYPE_CHECKING:
    from pathlib import Path

    from kpidesk.reports.anchor import ChainHead
    from kpidesk.reports.minutes_pdf import Minutes
    from kpidesk.reports.notice_pdf import Notice


@dataclass(frozen=True)
class OfficialCheck:
    """What making ``period`` official would record, and what stands in the way."""

    period: str
    rows: tuple[OfficialRow, ...]
    missing: tuple[MissingData, ...]
    guide: tuple[GuideCount, ...]
    guide_problem: Problem | None
    enforce_guide: bool
    reviewer: str  # the settings' reviewer, pre-filled
    already: Official | None

    @property
    def refusal(self) -> Problem | None:
        """Why the period cannot be made official now (None: it can)."""
        if self.already is not None:
            return official_refusal(self.period, self.already.reviewer, self.already.made_at)
        if (problem := missing_problem(self.missing, self.period)) is not None:
            return problem
        if self.enforce_guide and self.guide_problem is not None:
            return self.guide_problem
        return None

    @property
    def warnings(self) -> list[str]:
        """Recorded with the results: the guide not met when it is not enforced."""
        if self.guide_problem is None or self.enforce_guide:
            return []
        return [self.guide_problem.text()]

    def totals(self) -> tuple[float, float, float] | None:
        """Lowest, mean and highest total, or None when no contract has one."""
        totals = [r.total for r in self.rows if r.total is not None]
        if not totals:
            return None
        return min(totals), sum(totals) / len(totals), max(totals)


def period_score(contract: ContractPeriod) -> ContractScore | None:
    """The period's score alone, None when a stored rule cannot score. (``ContractPeriod.score``
    also scores the period before, which official results do not need: half the work at
    5,000 contracts.)"""
    lines = contract.lines
    try:
        return score_contract(
            [
                LineInput(l.rule, l.weight, contract.actuals.get(l.id), l.id)
                for l in lines
                if not l.deduction
            ],
            [(l.rule, contract.events.get(l.id, 0)) for l in lines if l.deduction],
        )
    except RuleError:
        return None


class ResultsService:
    def __init__(self, document: Document, policy: FirmPolicy):
        self.document = document
        self.policy = policy

    # making official ------------------------------------------------------------------------
    def check(self, period: str) -> OfficialCheck:
        Period.parse(period)
        results = PeriodService(self.document, self.policy).results(period)
        with self.document.reading() as session:
            repo = ResultsRepository(session)
            repo.period_id(period)  # an unknown period is named, not snapshotted empty
            grades = repo.grades(period)
        already = self.official(period)
        rows = tuple(self._row(c, grades) for c in results.contracts)
        missing = tuple(
            MissingData(
                c.row.unit,
                c.row.position,
                c.row.person or "",
                tuple(l.indicator for l in c.missing),
            )
            for c in results.contracts
            if c.missing
        )
        if Period.parse(period).kind != "month":  # §7: built from months or period shares
            rows, missing = self._aggregated(Period.parse(period), rows, results)
        counts = tuple(guide_counts(grades.values(), self.policy.review.guide))
        return OfficialCheck(
            period,
            rows,
            missing,
            counts,
            guide_problem(counts),
            self.policy.review.enforce_guide,
            self.policy.review.reviewer,
            already,
        )

    def _aggregated(
        self, period: Period, rows: tuple[OfficialRow, ...], own: PeriodResults
    ) -> tuple[tuple[OfficialRow, ...], tuple[MissingData, ...]]:
        """A quarter or half: its own total when its actuals are complete, else the mean of
        its months when every month is complete; a year: §7, each kind's periods weighted by
        the employee class's period shares. What is not final is missing, months named."""
        reader = PeriodService(self.document, self.policy)
        needed = [
            p
            for p in periods_of_year(period.year)
            if p.code != period.code
            and period.contains(p)
            and (period.kind == "year" or p.kind == "month")
        ]
        read = {p.code: reader.results(p) for p in needed}
        read[period.code] = own
        totals: dict[int, dict[str, PeriodTotal]] = {}
        for code, results in read.items():
            for c in results.contracts:
                score = period_score(c)
                totals.setdefault(c.id, {})[code] = PeriodTotal(
                    score.total if score is not None else 0.0,
                    bool(c.actuals) or any(c.events.values()),
                    score is not None and not c.missing,
                )
        done, missing = [], []
        for row in rows:
            mine = totals.get(row.contract_id, {})
            parts: dict[str, float | None] = {}
            total: float | None
            if period.kind == "year":
                shares = self.policy.shares_for(row.employee_class or None)
                result = aggregate_year(period.year, mine, shares)
                total, final, basis, parts = result.total, result.complete, "shares", result.parts
                lacking = result.incomplete + result.empty
            elif (found := mine.get(period.code)) and found.complete and found.has_actuals:
                total, final, basis, lacking = found.total, True, "own", ()
            else:
                total, final = months_score(period, mine)
                first, last = period.months
                basis, used = "months", complete_months(period, mine)
                lacking = tuple(
                    m
                    for m in (f"{period.year}-{n:02d}" for n in range(first, last + 1))
                    if m not in used
                )
            if total is None or not final:
                missing.append(MissingData(row.unit, row.position, row.person, tuple(lacking)))
                total = None
            coefficient = (
                None if total is None else appraisal_coefficient(total, self.policy.pay_breakpoints)
            )
            done.append(
                replace(
                    row,
                    total=total,
                    coefficient=coefficient,
                    complete=total is not None,
                    basis=basis,
                    parts=dict(parts),
                )
            )
        return tuple(done), tuple(missing)

    def _row(self, contract: ContractPeriod, grades: dict[int, str]) -> OfficialRow:
        score = period_score(contract)
        points = {p.key: p.points for p in score.lines} if score is not None else {}
        complete = score is not None and not contract.missing
        total = score.total if score is not None and complete else None
        lines = tuple(
            OfficialLine(
                l.id,
                l.indicator,
                l.weight,
                contract.actuals.get(l.id),
                points.get(l.id),
                contract.events.get(l.id, 0),
            )
            for l in contract.lines
            if contract.state(l.id).name != "NOT_DUE" or l.deduction
        )
        row = contract.row
        return OfficialRow(
            row.id,
            row.unit,
            row.position_code,
            row.position,
            row.person or "",
            row.employee_class or "",
            total,
            None if total is None else appraisal_coefficient(total, self.policy.pay_breakpoints),
            complete,
            grades.get(row.employee_id) if row.employee_id is not None else None,
            lines,
        )

    def make_official(
        self,
        period: str,
        reviewer: str,
        meeting_id: int | None = None,
        *,
        checked: OfficialCheck | None = None,
    ) -> OpResult:
        """Freeze ``period``'s results: the snapshot, the reviewer, who and when. Refused with
        the reason when the reviewer is not named, data is missing, the period is official
        already or the enforced guide is not met. Its undo is refused: results announced
        official are corrected, never taken back."""
        reviewer = reviewer.strip()
        if not reviewer:
            raise EditRefused(
                N_(
                    "Name the reviewer who makes the results official (the indirect superior's review)"
                ),
                "reviewer",
            )
        if checked is None or checked.period != period:
            # ``checked``: the check a modal dialog just showed (seconds at 5,000 positions);
            # without it, read now.
            checked = self.check(period)
        if (refusal := checked.refusal) is not None:
            raise EditRefused(refusal)
        made_at = datetime.now().replace(microsecond=0)
        with edit_transaction(self.document) as session:
            official_id = ResultsRepository(session).add_official(
                period,
                reviewer=reviewer,
                made_by=self.document.actor,
                made_at=made_at,
                meeting_id=meeting_id,
                snapshot=[r.as_json() for r in checked.rows],
                warnings=checked.warnings,
            )
        kept = Problem(
            N_(
                "The results of {period} were made official by {reviewer}: official results are not taken back. Change them with Review › Correct an official result…; undo stops here."
            ),
            None,
            {"period": period_words(period), "reviewer": reviewer},
        )

        def refuse() -> OpResult:
            raise EditRefused(kept)

        return OpResult(official_id, Changes(review=True, settings=False), refuse)

    def official(self, period: str) -> Official | None:
        with self.document.reading() as session:
            repo = ResultsRepository(session)
            record = repo.official(period)
            if record is None:
                return None
            corrections = tuple(
                Correction(
                    c.id,
                    contract_id,
                    c.line_id,
                    indicator,
                    c.what,
                    c.kind,
                    c.old,
                    c.new,
                    c.reason,
                    c.by,
                    c.at,
                    c.appeal_id,
                )
                for c, contract_id, indicator in repo.corrections(period)
            )
            official = Official(
                period,
                record.reviewer,
                record.made_by,
                record.made_at,
                record.meeting_id,
                tuple(OfficialRow.from_json(r) for r in record.snapshot),
                tuple(record.warnings or ()),
                corrections,
            )
        if not corrections:
            return official
        return replace(
            official, rescored=self._rescored(period, {c.contract_id for c in corrections})
        )

    def _rescored(
        self, period: str, contract_ids: set[int]
    ) -> dict[int, tuple[float | None, float | None]]:
        """The corrected contracts' totals and coefficients scored again as the period stands
        now (its actuals carry the corrections), the way they were made official: a month's
        own score, a quarter, half or year built as §7 builds it."""
        results = PeriodService(self.document, self.policy).results(period)
        rows = tuple(self._row(c, {}) for c in results.contracts)
        kind = Period.parse(period)
        if kind.kind != "month":
            rows, _missing = self._aggregated(kind, rows, results)
        return {
            r.contract_id: (r.total, r.coefficient) for r in rows if r.contract_id in contract_ids
        }

    def official_periods(self) -> dict[str, tuple[str, datetime]]:
        with self.document.reading() as session:
            return ResultsRepository(session).official_codes()

    # corrections ----------------------------------------------------------------------------
    def rule_of(self, line_id: int) -> dict[str, Any]:
        """The scoring rule of a line, for the correction dialog to read the new value with
        core.entry before it closes."""
        with self.document.reading() as session:
            return dict(ContractRepository(session)._line(line_id).rule)

    def correct(
        self,
        line_id: int,
        period: str,
        new: Any,
        reason: str,
        *,
        kind: str = "correction",
        appeal_id: int | None = None,
    ) -> OpResult:
        """Change one line's actual (or, for a deduction item, its event count) of an official
        period, with the correction record that keeps the old value and the reason, in one
        transaction. The undo writes a correction back ("Undo of the correction…"); the redo
        records the original reason again, never an undo of the undo."""
        if not reason.strip():
            raise EditRefused(N_("A correction needs its reason"), "reason")
        return self._correct(line_id, period, new, reason.strip(), kind, appeal_id, undoing=False)

    def _correct(
        self,
        line_id: int,
        period: str,
        new: Any,
        original: str,
        kind: str,
        appeal_id: int | None,
        *,
        undoing: bool,
    ) -> OpResult:
        """``correct`` with the reason as the user gave it (``original``): an undo logs
        "Undo of the correction: original", a redo logs ``original`` again."""
        reason = (
            _("Undo of the correction: {reason}").format(reason=original) if undoing else original
        )
        if kind not in ("correction", "appeal"):
            raise ValueError(kind)
        with edit_transaction(self.document) as session:
            results, contracts = ResultsRepository(session), ContractRepository(session)
            period_id = results.period_id(period)
            if results.official(period) is None:
                raise EditRefused(
                    N_("The results of {period} are not official: enter the actual as usual"),
                    "period",
                    period=period_words(period),
                )
            line = contracts._line(line_id)
            deduction = is_deduction(line.rule)
            if deduction:
                old: Any = results.events(line_id, period_id)
                new = self._count(new)
                results.replace_events(
                    line_id, period_id, new, Period.parse(period).end, reason.strip()
                )
            else:
                old = contracts.actuals(line.contract_id, period).get(line_id)
                new = parse_actual(line.rule, new) if isinstance(new, str) else new
                if new is None:
                    contracts.clear_actual(line_id, period)
                else:
                    contracts.record_actual(line_id, period, new, entered_by=self.document.actor)
            results.add_correction(
                period_id=period_id,
                line_id=line_id,
                what="event" if deduction else "actual",
                kind=kind,
                appeal_id=appeal_id,
                old=old,
                new=new,
                reason=reason.strip(),
                by=self.document.actor,
                at=datetime.now().replace(microsecond=0),
            )
            contract_id = line.contract_id
        changes = Changes(
            actuals=contract_id,
            lines=frozenset({line_id}),
            periods=frozenset({period}),
            review=True,
        )
        return OpResult(
            (old, new),
            changes,
            lambda: self._correct(
                line_id, period, old, original, kind, appeal_id, undoing=not undoing
            ),
        )

    @staticmethod
    def _count(value: Any) -> int:
        try:
            count = int(str(value).strip()) if isinstance(value, str) else int(value)
        except (TypeError, ValueError):
            raise EditRefused(N_("An event count is a whole number, 0 or more"), "count") from None
        if count < 0:
            raise EditRefused(N_("An event count is a whole number, 0 or more"), "count")
        return count


class ResultsFiles:
    """The official results as files: the minutes PDF, the result notices and the Excel
    export. Each PDF carries the audit chain's head, read once per file."""

    def __init__(self, document: Document, policy: FirmPolicy):
        self.document, self.policy = document, policy
        self.results = ResultsService(document, policy)

    def _untampered(self, period: str) -> None:
        """Refuse a period whose official results were changed behind kpidesk's back: paper and
        workbooks carry the audit anchor, and are never made from altered rows."""
        with self.document.reading() as session:
            tampered = tampered_official(session, Period.parse(period).code)
        if tampered:  # paper and workbooks carry the audit anchor: never from altered rows
            raise EditRefused(
                N_(
                    "The official results of {period} were changed outside kpidesk, so nothing "
                    "is printed or exported from them: 'kpidesk check' (File › Check document…) "
                    "names what differs; restore a backup from before the change (File › "
                    "Backups…)"
                ),
                "period",
                period=period_words(period),
            )

    def _official(self, period: str) -> Official:
        official = self.results.official(period)
        if official is None:
            raise EditRefused(
                N_("The results of {period} are not official yet"),
                "period",
                period=period_words(period),
            )
        self._untampered(period)
        return official

    def minutes(self, period: str) -> Minutes:
        """The minutes of the meeting that made ``period`` official (else the period's latest
        meeting; none: the results notice alone)."""
        from kpidesk.reports.minutes_pdf import (
            Minutes,
            MinutesAction,
            MinutesItem,
            MinutesMeeting,
        )

        official = self._official(period)
        firm = self.policy.firm_name or self.document.name
        totals = {r.contract_id: r.total for r in official.rows}
        with self.document.reading() as session:
            repo = ResultsRepository(session)
            record = repo.meeting(official.meeting_id) if official.meeting_id else None
            if record is None:
                held = repo.meetings_of(period)
                record = held[-1] if held else None
            if record is None:
                return Minutes(firm, official, chain_head=self._chain_head())

            def action(a) -> MinutesAction:
                return MinutesAction(a.what, a.owner, a.due)

            attendance = repo.attendance(record.id)
            actions = repo.actions(record.id)
            items = tuple(
                MinutesItem(
                    unit,
                    position,
                    person,
                    totals.get(item.contract_id) if item.contract_id else None,
                    item.decision,
                    item.notes,
                    item.discussed,
                    tuple(action(a) for a in actions if a.item_id == item.id),
                    tuple((a.name, a.role, a.present) for a in attendance if a.item_id == item.id),
                )
                for item, unit, position, person in repo.items(record.id)
            )
            meeting = MinutesMeeting(
                record.kind,
                record.held_on,
                record.place,
                record.minutes,
                record.decisions,
                tuple((a.name, a.role, a.present) for a in attendance if a.item_id is None),
                items,
                tuple(action(a) for a in actions if a.item_id is None),
            )
        return Minutes(firm, official, meeting, chain_head=self._chain_head())

    def _chain_head(self) -> ChainHead | None:
        from kpidesk.services.printing import chain_head  # reportlab loads with printing

        return chain_head(self.document)

    def notices(self, period: str) -> list[Notice]:
        """One result notice per person of an official ``period``, in the snapshot's order:
        the lines as made official with the targets that governed the period (amendments
        rolled back to it), the corrected total beside the official one. Refused when the
        period is not official, or when no one holds a position with results in it."""
        from kpidesk.core.amendments import contract_as_of
        from kpidesk.reports.notice_pdf import Notice, NoticeLine

        from .firm import FirmService

        official = self.results.official(period)
        if official is None:
            raise EditRefused(
                N_(
                    "The results of {period} are not official yet: a result notice tells people their official results only. Make them official first (Review › Make results official…)."
                ),
                "period",
                period=period_words(period),
            )
        self._untampered(period)
        rows = [r for r in official.rows if r.person]
        if not rows:
            raise EditRefused(
                N_("The official results of {period} name no one to notify"),
                "period",
                period=period_words(period),
            )
        firm_service = FirmService(self.document)
        firm = self.policy.firm_name or self.document.name
        with self.document.reading() as session:  # one read for every contract's targets
            repo = ContractRepository(session)
            governing = {
                row.contract_id: contract_as_of(
                    repo.contract(row.contract_id), repo.amendments(row.contract_id), period
                )
                for row in rows
            }
        notices = []
        for row in rows:
            governed = {l.id: l for l in governing[row.contract_id].lines}
            corrections = official.corrected(row.contract_id)
            now = self._corrected_lines(firm_service, row.contract_id, period, corrections)
            lines = []
            for made in row.lines:
                line = governed.get(made.line_id)
                deduction = line is not None and line.deduction
                target = None
                if line is not None and not deduction:
                    target = line.base if line.base is not None else line.rule.get("target")
                lines.append(
                    NoticeLine(
                        made.indicator,
                        line.unit if line is not None else "",
                        None if deduction else made.weight,
                        target,
                        made.actual,
                        made.points,
                        made.events,
                        now.get(made.line_id),
                    )
                )
            notices.append(
                Notice(
                    firm,
                    period,
                    row,
                    tuple(lines),
                    official.reviewer,
                    official.made_at,
                    official.corrected_total(row.contract_id),
                    tuple(corrections),
                    self._month_totals(firm_service, row, period),
                )
            )
        return notices

    @staticmethod
    def _month_totals(firm_service, row: OfficialRow, period: str) -> tuple:
        """A total built from the months (§7): each month's total as the month stands now."""
        if row.basis != "months":
            return ()
        first, last = Period.parse(period).months
        year = Period.parse(period).year
        months = [f"{year}-{m:02d}" for m in range(first, last + 1)]
        return tuple(
            (month, firm_service.score(row.contract_id, month).score.total) for month in months
        )

    @staticmethod
    def _corrected_lines(
        firm_service, contract_id: int, period: str, corrections: list[Correction]
    ) -> dict[int, tuple[Any, float | None]]:
        """Each corrected line's (value, points) as the period stands now: the latest
        correction's value, the points of the contract scored again on the corrected actuals
        (a deduction item's points are the contract's: none per line)."""
        if not corrections:
            return {}
        latest = {c.line_id: c.new for c in sorted(corrections, key=lambda c: c.id)}
        scored = firm_service.score(contract_id, period)
        points = {p.key: p.points for p in scored.score.lines}
        return {line_id: (value, points.get(line_id)) for line_id, value in latest.items()}

    def print_notices(
        self,
        period: str,
        out,
        lang: str,
        font: str | None = None,
        folder: Path | None = None,
    ) -> list[Path]:
        """The result notices of ``period`` in one PDF, a page per person, at ``out``; with
        ``folder``, also one PDF per person there (named by ``printing.file_name``). Returns
        the per-person files written."""
        from pathlib import Path

        from kpidesk.reports.notice_pdf import render_notices
        from kpidesk.services.printing import file_name

        notices = self.notices(period)
        head = self._chain_head()  # one anchor for the whole run
        render_notices(notices, out, lang, font, head)
        written: list[Path] = []
        if folder is not None:
            folder = Path(folder)
            folder.mkdir(parents=True, exist_ok=True)
            for notice in notices:
                row = notice.row
                path = folder / file_name(period, row.unit, row.position, row.person)
                if path in written:  # two notices of one name: neither replaces the other
                    path = folder / file_name(
                        period, row.unit, row.position, row.person, row.contract_id
                    )
                render_notices([notice], path, lang, font, head)
                written.append(path)
        return written

    def print_minutes(self, period: str, out, lang: str, font: str | None = None) -> None:
        from kpidesk.reports.minutes_pdf import render_minutes

        render_minutes(self.minutes(period), out, lang, font)

    def export(self, period: str, out, lang: str) -> None:
        from kpidesk.exchange.results_writer import write_official_results

        firm = self.policy.firm_name or self.document.name
        write_official_results(self._official(period), firm, out, lang)
