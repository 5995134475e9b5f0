"""A whole period at once (METHOD.md §9): every contract of the year with its unit, position,
holder and lines, and the actuals and deduction counts of the periods asked for, in a handful of
statements however large the firm — what the period overview, the agenda, calibration and the
official results read. Amendments are read too, so each contract is scored as it stood."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, fields

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from kpidesk.core.amendments import Amendment
from kpidesk.core.model import ContractLine
from kpidesk.core.rule_kinds import is_deduction
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
from .stored_values import reads_stored_values


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


_LINE_FIELDS = tuple(f.name for f in fields(ContractLine)) + ("deduction",)


def _contract_and_sort(row: tuple) -> tuple[int, int, int]:
    return row[0], row[1], row[2]


class PeriodRepository:
    def __init__(self, session: Session):
        self.session = session

    def _fetch(self, statement) -> list[tuple]:
        """The rows of ``statement`` as the driver returns them (plain tuples): a whole year's
        lines or a period's actuals are 50,000–100,000 rows, and building SQLAlchemy rows for
        them costs more than reading them. Same connection, so the same transaction; columns
        whose SQL type needs decoding (JSON) are decoded by the caller."""
        connection = self.session.connection()
        compiled = statement.compile(
            dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
        )
        params = compiled.construct_params()
        raw = connection.connection.driver_connection
        assert raw is not None  # a live connection: the session is reading
        if compiled.positiontup is None:  # a driver taking values by name (psycopg's %(x)s)
            return raw.execute(str(compiled), params).fetchall()
        positional = [params[name] for name in compiled.positiontup]
        return raw.execute(str(compiled), positional).fetchall()

    @reads_stored_values
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

    @reads_stored_values
    def lines(self, year: int) -> dict[int, list[ContractLine]]:
        """contract id → its lines as they stand, in order (one statement; each distinct rule
        decoded once)."""
        rows = self._fetch(
            select(
                ContractLineRecord.contract_id,
                ContractLineRecord.sort,
                ContractLineRecord.id,
                ContractLineRecord.indicator_id,
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
            .where(YearRecord.year == year)
        )
        # The dictionary read apart: a few hundred entries, not 50,000 copies of their names.
        indicators = {
            key: (code, name)
            for key, code, name in self.session.connection().execute(
                select(IndicatorRecord.id, IndicatorRecord.code, IndicatorRecord.name)
            )
        }
        # Sorted here, not by SQL: SQLite would sort the 50,000 wide rows in a temporary
        # B-tree (more than half the statement's time); they come nearly in order already.
        rows.sort(key=_contract_and_sort)
        decoded: dict[str, dict] = {}
        composed: dict[tuple, tuple[dict, bool]] = {}
        result: dict[int, list[ContractLine]] = defaultdict(list)
        new, fields = object.__new__, _LINE_FIELDS
        for (cid, _sort, lid, indicator, cat, weight, unit, low, base, high, note, rule,
             source, cycle) in rows:
            code, name = indicators[indicator]
            key = (rule, low, base, high)
            found = composed.get(key)
            if found is None:
                plain = decoded.get(rule) or decoded.setdefault(rule, json.loads(rule))
                scoring = line_rule(plain, low, base, high)
                found = composed[key] = (scoring, is_deduction(scoring))
            # A frozen dataclass's __init__ sets each field through object.__setattr__: filling
            # its __dict__ at once halves the cost of 50,000 lines (the same fields, the same
            # object). ``deduction`` (a cached property) is known per rule: stored with them.
            line = new(ContractLine)
            line.__dict__.update(
                zip(
                    fields,
                    (lid, code, name, cat, weight, unit, low, base, high, note, found[0],
                     source, cycle, found[1]),
                )
            )
            result[cid].append(line)
        return result

    @reads_stored_values
    def actuals(self, periods: list[str]) -> dict[str, dict[int, object]]:
        """period code → line id → actual (a number, a level or task shortfalls)."""
        result: dict[str, dict[int, object]] = {code: {} for code in periods}
        if not periods:
            return result
        ids = dict(
            self.session.connection().execute(
                select(PeriodRecord.id, PeriodRecord.code).where(PeriodRecord.code.in_(periods))
            ).all()
        )
        if not ids:
            return result
        rows = self._fetch(
            select(ActualRecord.period_id, ActualRecord.line_id, ActualRecord.value,
                   cast(ActualRecord.value_text, Text))  # as text on every driver
            .where(ActualRecord.period_id.in_(list(ids)))
        )
        by_period = {key: result[code] for key, code in ids.items()}
        for period_id, line_id, value, text in rows:
            if value is not None:
                by_period[period_id][line_id] = value
            elif text is not None:  # JSON: a grade's label or a task's shortfalls
                decoded = json.loads(text)
                if decoded is not None:
                    by_period[period_id][line_id] = decoded
        return result

    @reads_stored_values
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

    @reads_stored_values
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
