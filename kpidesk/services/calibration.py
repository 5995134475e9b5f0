"""Calibration (METHOD.md §9, issue 12): a population's totals for a period against the forced
distribution guide, the grades proposed and agreed, each change with its reason in an
append-only log, and the nine-box potential. Locked once the period's results are official.

A person's total is the period's own total when its actuals are complete; a quarter, half or
year without them is built from its complete months (the mean, as ``FirmService.months_result``
and the §7 aggregation do) and marked an estimate while some month is still incomplete.
Grades are stored per person and period (``GradeRecord``) when calibration starts for a
population: the proposal is ``forced_distribution`` over that population with the firm's quotas.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from kpidesk.core.calibration import GRADES, LEVELS, forced_distribution, performance_level
from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.period_results import PeriodTotal, months_score
from kpidesk.core.periods import Period
from kpidesk.core.policy import FirmPolicy
from kpidesk.core.locks import period_words
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_
from kpidesk.services.editing import EditRefused, edit_transaction
from kpidesk.services.period import PeriodResults, PeriodService
from kpidesk.storage.calibration_repo import CalibrationRepository, GradeChange, StoredGrade
from kpidesk.storage.document import Document

REVIEW = Changes(review=True)


@dataclass(frozen=True)
class Population:
    """Who is calibrated together: ``kind`` "firm", "unit" (the unit and its sub-units,
    ``value`` its id) or "class" (an employee class, ``value`` its code)."""

    kind: str = "firm"
    value: int | str | None = None


@dataclass(frozen=True)
class Person:
    employee_id: int
    name: str
    contract_id: int
    unit: str
    position: str
    employee_class: str
    score: float | None
    estimate: bool  # built from the complete months of a period not yet complete
    proposed: str | None
    grade: str | None  # None: calibration not started for this person
    potential: str | None

    @property
    def performance(self) -> str | None:
        return performance_level(self.grade) if self.grade else None

    @property
    def changed(self) -> bool:
        return self.grade is not None and self.proposed is not None and self.grade != self.proposed


@dataclass(frozen=True)
class Calibration:
    period: Period
    people: list[Person]
    locked: Problem | None  # why changes are refused (results official), or None

    @property
    def started(self) -> bool:
        return any(p.grade is not None for p in self.people)

    def person(self, employee_id: int) -> Person | None:
        return next((p for p in self.people if p.employee_id == employee_id), None)


def _period(period: str | Period) -> Period:
    return Period.parse(period) if isinstance(period, str) else period


def totals(
    period: Period, read: Callable[[Period], PeriodResults]
) -> dict[int, tuple[float, bool]]:
    """contract id → (total, estimate). ``read`` reads a whole period (``PeriodService``)."""
    own = read(period)
    found: dict[int, tuple[float, bool]] = {
        c.id: (c.total, False) for c in own.contracts if c.total is not None
    }
    if period.kind == "month" or len(found) == len(own.contracts):
        return found
    first, last = period.months
    months = [Period(period.year, "month", m) for m in range(first, last + 1)]
    by_month: dict[int, dict[str, PeriodTotal]] = {}
    for month in months:
        for c in read(month).contracts:
            total = c.total
            by_month.setdefault(c.id, {})[month.code] = PeriodTotal(
                total if total is not None else 0.0, bool(c.actuals), total is not None
            )
    for contract_id, month_totals in by_month.items():
        if contract_id in found:
            continue
        score, final = months_score(period, month_totals)
        if score is not None:
            found[contract_id] = (score, not final)
    return found


def with_stored(
    calibration: Calibration, stored: dict[int, StoredGrade], locked: Problem | None
) -> Calibration:
    people = []
    for person in calibration.people:
        mine = stored.get(person.employee_id)
        if mine is not None:
            person = replace(
                person, grade=mine.grade, proposed=mine.proposed, potential=mine.potential
            )
        elif person.grade is not None:  # its grade was removed (the start undone)
            person = replace(person, grade=None, potential=None)
        people.append(person)
    return Calibration(calibration.period, people, locked)


class CalibrationService:
    def __init__(self, document: Document, policy: FirmPolicy):
        self.document = document
        self.policy = policy

    # reading --------------------------------------------------------------------------------
    def calibration(
        self, period: str | Period, population: Population = Population()
    ) -> Calibration:
        """Everyone of ``population`` holding a signed contract in ``period``, with their total
        and their stored grade (if calibration started). The slow part (reading totals) is
        ``PeriodService``'s; run it in the background at scale."""
        period = _period(period)
        reader = PeriodService(self.document, self.policy)
        scores = totals(period, reader.results)
        contracts = reader.results(period).contracts
        with self.document.reading() as session:
            repo = CalibrationRepository(session)
            period_id = repo.period_id(period.code)
            stored = repo.grades(period_id) if period_id is not None else {}
            units = (
                repo.unit_subtree(int(population.value or 0)) if population.kind == "unit" else None
            )
            locked = self._locked(repo, period, period_id)
        people: list[Person] = []
        seen: set[int] = set()
        for c in contracts:
            row = c.row
            if row.employee_id is None or row.employee_id in seen:
                continue
            if units is not None and row.unit_id not in units:
                continue
            if population.kind == "class" and row.employee_class != population.value:
                continue
            seen.add(row.employee_id)
            score, estimate = scores.get(c.id, (None, False))
            mine = stored.get(row.employee_id)
            people.append(
                Person(
                    row.employee_id,
                    row.person or "",
                    c.id,
                    row.unit,
                    row.position,
                    row.employee_class,
                    mine.score if mine else score,
                    estimate,
                    mine.proposed if mine else None,
                    mine.grade if mine else None,
                    mine.potential if mine else None,
                )
            )
        unstarted: dict[Hashable, float] = {
            p.employee_id: p.score for p in people if p.grade is None and p.score is not None
        }
        if unstarted:
            proposal = forced_distribution(unstarted, self.policy.quotas)
            people = [
                replace(p, proposed=str(proposal[p.employee_id]))
                if p.employee_id in proposal
                else p
                for p in people
            ]
        people.sort(key=lambda p: (-(p.score if p.score is not None else -1e9), p.name))
        return Calibration(period, people, locked)

    def refreshed(self, calibration: Calibration) -> Calibration:
        """``calibration`` with its people's stored grades and potentials read again (and the
        lock): what a grade change, its undo or a new official result changes, read without
        reading the period's totals again (fast at 5,000 people)."""
        with self.document.reading() as session:
            repo = CalibrationRepository(session)
            period_id = repo.period_id(calibration.period.code)
            stored = repo.grades(period_id) if period_id is not None else {}
            locked = self._locked(repo, calibration.period, period_id)
        return with_stored(calibration, stored, locked)

    def changes(self, period: str | Period) -> list[GradeChange]:
        with self.document.reading() as session:
            repo = CalibrationRepository(session)
            period_id = repo.period_id(_period(period).code)
            return repo.changes(period_id) if period_id is not None else []

    # edits ------------------------------------------------------------------------------------
    @staticmethod
    def _locked(
        repo: CalibrationRepository, period: Period, period_id: int | None
    ) -> Problem | None:
        if period_id is None:
            return Problem(
                N_("{period} is not a period of this firm."), None, {"period": period.code}
            )
        official = repo.official(period_id)
        if official is None:
            return None
        return Problem(
            N_(
                "The results of {period} were made official by {reviewer} on {date}: "
                "calibration is locked."
            ),
            None,
            {
                "period": period_words(period.code),
                "reviewer": official.reviewer,
                "date": official.made_at.date().isoformat(),
            },
        )

    def _open(self, repo: CalibrationRepository, period: Period) -> int:
        period_id = repo.period_id(period.code)
        problem = self._locked(repo, period, period_id)
        if problem is not None:
            raise EditRefused(problem)
        assert period_id is not None  # _locked names a period the firm does not have
        return period_id

    def start(
        self, period: str | Period | Calibration, population: Population = Population()
    ) -> OpResult:
        """Store each scored person's proposed grade as their grade (those of the population
        not yet graded in the period). Given the ``Calibration`` the window already read, its
        totals are used (reading them again takes seconds at 5,000 people); grades stored
        meanwhile are read again, so nobody is graded twice. The undo removes what it stored."""
        calibration = (
            self.refreshed(period)
            if isinstance(period, Calibration)
            else self.calibration(period, population)
        )
        new = [
            StoredGrade(
                p.employee_id, p.score, p.proposed, p.proposed, performance_level(p.proposed), None
            )
            for p in calibration.people
            if p.grade is None and p.score is not None and p.proposed is not None
        ]
        if not new:
            raise EditRefused(
                Problem(
                    N_("Nobody here has a total for {period} to calibrate yet."),
                    None,
                    {"period": calibration.period.code},
                )
            )
        with edit_transaction(self.document) as session:
            repo = CalibrationRepository(session)
            period_id = self._open(repo, calibration.period)
            repo.add_grades(period_id, new)
        ids = [g.employee_id for g in new]
        return OpResult(len(new), REVIEW, lambda: self._unstart(calibration.period, ids, new))

    def _unstart(self, period: Period, ids: list[int], rows: list[StoredGrade]) -> OpResult:
        with edit_transaction(self.document) as session:
            repo = CalibrationRepository(session)
            period_id = self._open(repo, period)
            repo.delete_grades(period_id, ids)
        return OpResult(len(ids), REVIEW, lambda: self._restart(period, rows))

    def _restart(self, period: Period, rows: list[StoredGrade]) -> OpResult:
        with edit_transaction(self.document) as session:
            repo = CalibrationRepository(session)
            repo.add_grades(self._open(repo, period), rows)
        ids = [g.employee_id for g in rows]
        return OpResult(len(rows), REVIEW, lambda: self._unstart(period, ids, rows))

    def change_grade(
        self, period: str | Period, employee_id: int, grade: str, reason: str, authorised_by: str
    ) -> OpResult:
        """A person's grade changed by hand: reason and who authorised it both required; the
        log keeps the change (append-only). The undo is a change back, logged as well."""
        period = _period(period)
        if grade not in GRADES:
            raise EditRefused(
                Problem(N_("{grade} is not a calibration grade."), "grade", {"grade": grade})
            )
        if not reason.strip():
            raise EditRefused(Problem(N_("A grade change needs a reason."), "reason"))
        if not authorised_by.strip():
            raise EditRefused(
                Problem(N_("A grade change needs who authorised it."), "authorised_by")
            )
        return self._change_grade(
            period, employee_id, grade, reason.strip(), authorised_by.strip(), undoing=False
        )

    def _change_grade(
        self,
        period: Period,
        employee_id: int,
        grade: str,
        original: str,
        authorised_by: str,
        *,
        undoing: bool,
    ) -> OpResult:
        """``change_grade`` with the reason as given (``original``): an undo logs "Undo of:
        original", its redo logs ``original`` again — never "Undo of: Undo of: …"."""
        reason = f"Undo of: {original}" if undoing else original
        with edit_transaction(self.document) as session:
            repo = CalibrationRepository(session)
            period_id = self._open(repo, period)
            record = _started(repo, period, period_id, employee_id)
            old = record.grade
            if old == grade:
                raise EditRefused(
                    Problem(N_("The grade is already {grade}."), "grade", {"grade": grade})
                )
            record.grade = grade
            record.performance_level = performance_level(grade)
            repo.log_change(period_id, employee_id, old, grade, reason, authorised_by)
        return OpResult(
            old,
            REVIEW,
            lambda: self._change_grade(
                period, employee_id, old, original, authorised_by, undoing=not undoing
            ),
        )

    def set_potential(self, period: str | Period, employee_id: int, level: str | None) -> OpResult:
        """The nine-box potential (low/mid/high; None puts the person back in the holding area)."""
        period = _period(period)
        if level is not None and level not in LEVELS:
            raise EditRefused(
                Problem(N_("{level} is not a potential level."), "potential", {"level": level})
            )
        with edit_transaction(self.document) as session:
            repo = CalibrationRepository(session)
            period_id = self._open(repo, period)
            record = _started(repo, period, period_id, employee_id)
            old = record.potential_level
            record.potential_level = level
        return OpResult(old, REVIEW, lambda: self.set_potential(period, employee_id, old))


def _started(repo: CalibrationRepository, period: Period, period_id: int, employee_id: int):
    """The person's stored grade for the period; refused until the calibration is started."""
    record = repo.record(period_id, employee_id)
    if record is None:
        raise EditRefused(
            Problem(
                N_("Start the calibration of {period} before changing grades."),
                None,
                {"period": period_words(period.code)},
            )
        )
    return record
