"""A whole period at once (METHOD.md §9): every contract of the year with its unit, position,
holder and lines, and the actuals and deduction counts of the periods asked for, in a handful of
statements however large the firm — what the period overview, the agenda, calibration and the
official results read. Amendments are read too, so each contract is scored as it stood."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from operator import itemgetter
from dataclasses import dataclass, fields

from sqlalchemy import Text, and_, cast, func, select
from sqlalchemy.orm import Session, aliased

from kpidesk.core.amendments import Amendment
from kpidesk.core.model import ContractLine
from kpidesk.core.rule_kinds import is_deduction
from kpidesk.core.rules import line_rule

from .bulk_actuals import _decoded  # a stored actual's JSON text, None for none
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


@dataclass(frozen=True)
class YearLines:
    """A year's contract lines with their actuals of the periods asked for."""

    lines: dict[int, list[ContractLine]]  # contract id → its lines as they stand, in order
    actuals: dict[str, dict[int, dict[int, object]]]  # period → contract id → line id → actual


_contract_and_sort = itemgetter(0, 1, 2)  # a row's contract, its place, its id


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
    def lines(self, year: int, periods: Sequence[str] = ()) -> YearLines:
        """Every contract's lines as they stand, in order, with their actuals of ``periods``
        (one statement, the actuals joined to their lines; each distinct rule decoded once)."""
        ids = self._period_ids(periods)
        joined = [aliased(ActualRecord) for _ in ids]
        statement = select(
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
            *(column for a in joined for column in (a.value, cast(a.value_text, Text))),
        )
        for actual, period_id in zip(joined, ids.values()):
            statement = statement.outerjoin(
                actual,
                and_(actual.line_id == ContractLineRecord.id, actual.period_id == period_id),
            )
        rows = self._fetch(
            statement.join(ContractRecord, ContractLineRecord.contract_id == ContractRecord.id)
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
        found = YearLines({}, {code: {} for code in periods})
        by_period = [found.actuals[code] for code in ids]
        decoded: dict[str, dict] = {}
        composed: dict[tuple, tuple[dict, bool]] = {}
        new, fields = object.__new__, _LINE_FIELDS
        columns = range(14, 14 + 2 * len(ids), 2)  # each period's value, then its value_text
        contract_id, mine, theirs = None, [], []
        for row in rows:
            (cid, _sort, lid, indicator, cat, weight, unit, low, base, high, note, rule,
             source, cycle) = row[:14]
            if cid != contract_id:  # the rows come by contract: its list and actuals begin
                contract_id, mine = cid, found.lines.setdefault(cid, [])
                theirs = [period.setdefault(cid, {}) for period in by_period]
            code, name = indicators[indicator]
            key = (rule, low, base, high)
            known = composed.get(key)
            if known is None:
                plain = decoded.get(rule) or decoded.setdefault(rule, json.loads(rule))
                scoring = line_rule(plain, low, base, high)
                known = composed[key] = (scoring, is_deduction(scoring))
            # A frozen dataclass's __init__ sets each field through object.__setattr__: filling
            # its __dict__ at once halves the cost of 50,000 lines (the same fields, the same
            # object). ``deduction`` (a cached property) is known per rule: stored with them.
            line = new(ContractLine)
            line.__dict__.update(
                zip(
                    fields,
                    (lid, code, name, cat, weight, unit, low, base, high, note, known[0],
                     source, cycle, known[1]),
                )
            )
            mine.append(line)
            for column, actuals in zip(columns, theirs):
                value = row[column]
                if value is None:
                    value = _decoded(row[column + 1])
                if value is not None:
                    actuals[lid] = value
        return found

    def _period_ids(self, periods: Sequence[str]) -> dict[str, int]:
        """period code → its id, for the codes the document has (in the order asked)."""
        if not periods:
            return {}
        ids = dict(
            self.session.connection().execute(
                select(PeriodRecord.code, PeriodRecord.id).where(PeriodRecord.code.in_(periods))
            ).all()
        )
        return {code: ids[code] for code in periods if code in ids}

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
