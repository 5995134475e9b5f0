"""A whole period at once (METHOD.md §9): every contract of the year with its unit, position,
holder and lines, and the actuals and deduction counts of the periods asked for, in a handful of
statements however large the firm — what the period overview, the agenda, calibration and the
official results read. Amendments are read too, so each contract is scored as it stood."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from kpidesk.core.amendments import Amendment
from kpidesk.core.model import ContractLine
from kpidesk.core.rules import line_rule

from .records import (
    ActualRecord,
    AmendmentRecord,
    ContractLineRecord,
    ContractRecord,
    DeductionEventRecord,
    EmployeeRecord,
    IndicatorRecord,
    PeriodRecord,
    PositionRecord,
    UnitRecord,
    YearRecord,
)


@dataclass(frozen=True)
class ContractRow:
    """A contract of the year with where it sits in the firm."""

    id: int
    status: str
    unit_id: int
    unit: str
    position_id: int
    position_code: str
    position: str
    key_position: bool
    employee_class: str
    employee_id: int | None
    person: str | None


class PeriodRepository:
    def __init__(self, session: Session):
        self.session = session

    def contracts(self, year: int) -> list[ContractRow]:
        """Every contract of ``year`` in the organisation's order (unit, then position)."""
        rows = self.session.connection().execute(
            select(
                ContractRecord.id,
                ContractRecord.status,
                UnitRecord.id,
                UnitRecord.name,
                PositionRecord.id,
                PositionRecord.code,
                PositionRecord.name,
                PositionRecord.key_position,
                PositionRecord.employee_class,
                EmployeeRecord.id,
                EmployeeRecord.name,
            )
            .join(PositionRecord, ContractRecord.position_id == PositionRecord.id)
            .join(UnitRecord, PositionRecord.unit_id == UnitRecord.id)
            .join(YearRecord, ContractRecord.year_id == YearRecord.id)
            .outerjoin(EmployeeRecord, ContractRecord.contractee_id == EmployeeRecord.id)
            .where(YearRecord.year == year)
            .order_by(UnitRecord.sort, UnitRecord.id, PositionRecord.sort, PositionRecord.id)
        ).all()
        return [ContractRow(*row) for row in rows]

    def lines(self, year: int) -> dict[int, list[ContractLine]]:
        """contract id → its lines as they stand, in order (one statement; each distinct rule
        decoded once)."""
        rows = self.session.connection().execute(
            select(
                ContractLineRecord.contract_id,
                ContractLineRecord.id,
                IndicatorRecord.code,
                IndicatorRecord.name,
                ContractLineRecord.category,
                ContractLineRecord.weight,
                ContractLineRecord.unit,
                ContractLineRecord.minimum,
                ContractLineRecord.base,
                ContractLineRecord.challenge,
                ContractLineRecord.target_note,
                cast(ContractLineRecord.rule, Text),
                ContractLineRecord.data_source,
                ContractLineRecord.cycle,
            )
            .join(ContractRecord, ContractLineRecord.contract_id == ContractRecord.id)
            .join(YearRecord, ContractRecord.year_id == YearRecord.id)
            .join(IndicatorRecord, ContractLineRecord.indicator_id == IndicatorRecord.id)
            .where(YearRecord.year == year)
            .order_by(ContractLineRecord.contract_id, ContractLineRecord.sort)
        ).all()
        decoded: dict[str, dict] = {}
        composed: dict[tuple, dict] = {}
        result: dict[int, list[ContractLine]] = defaultdict(list)
        for (cid, lid, code, name, cat, weight, unit, low, base, high, note, rule, source,
             cycle) in rows:
            key = (rule, low, base, high)
            scoring = composed.get(key)
            if scoring is None:
                plain = decoded.get(rule) or decoded.setdefault(rule, json.loads(rule))
                scoring = composed[key] = line_rule(plain, low, base, high)
            result[cid].append(
                ContractLine(
                    lid, code, name, cat, weight, unit, low, base, high, note, scoring, source,
                    cycle,
                )
            )
        return result

    def actuals(self, periods: list[str]) -> dict[str, dict[int, object]]:
        """period code → line id → actual (a number, a level or task shortfalls)."""
        result: dict[str, dict[int, object]] = {code: {} for code in periods}
        if not periods:
            return result
        rows = self.session.connection().execute(
            select(PeriodRecord.code, ActualRecord.line_id, ActualRecord.value,
                   ActualRecord.value_text)
            .join(PeriodRecord, ActualRecord.period_id == PeriodRecord.id)
            .where(PeriodRecord.code.in_(periods))
        ).all()
        for code, line_id, value, text in rows:
            actual = value if value is not None else text
            if actual is not None:
                result[code][line_id] = actual
        return result

    def deduction_counts(self, periods: list[str]) -> dict[str, dict[int, int]]:
        """period code → line id → events counted."""
        result: dict[str, dict[int, int]] = {code: {} for code in periods}
        if not periods:
            return result
        rows = self.session.connection().execute(
            select(PeriodRecord.code, DeductionEventRecord.line_id,
                   func.sum(DeductionEventRecord.count))
            .join(PeriodRecord, DeductionEventRecord.period_id == PeriodRecord.id)
            .where(PeriodRecord.code.in_(periods))
            .group_by(PeriodRecord.code, DeductionEventRecord.line_id)
        ).all()
        for code, line_id, count in rows:
            result[code][line_id] = int(count or 0)
        return result

    def amendments(self, year: int) -> dict[int, dict[int, list[Amendment]]]:
        """contract id → line id → its amendments in order (few: read for the whole year)."""
        rows = self.session.connection().execute(
            select(
                ContractLineRecord.contract_id,
                AmendmentRecord.line_id,
                AmendmentRecord.field,
                AmendmentRecord.old,
                AmendmentRecord.new,
                AmendmentRecord.reason,
                AmendmentRecord.approved_by,
                AmendmentRecord.at,
                AmendmentRecord.effective_from,
            )
            .join(ContractLineRecord, AmendmentRecord.line_id == ContractLineRecord.id)
            .join(ContractRecord, ContractLineRecord.contract_id == ContractRecord.id)
            .join(YearRecord, ContractRecord.year_id == YearRecord.id)
            .where(YearRecord.year == year)
            .order_by(AmendmentRecord.id)
        ).all()
        result: dict[int, dict[int, list[Amendment]]] = defaultdict(lambda: defaultdict(list))
        for cid, lid, field, old, new, reason, by, at, effective in rows:
            result[cid][lid].append(Amendment(field, old, new, effective, reason, by, at))
        return result
