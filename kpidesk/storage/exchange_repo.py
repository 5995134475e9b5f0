"""Bulk reads and writes for spreadsheets: whole tables as rows keyed by codes, and upserts
that touch only what changed (so re-importing the same file changes nothing)."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import JSON, DateTime, String, bindparam, insert, select, type_coerce, update
from sqlalchemy.orm import Session, aliased

from .audit import AuditRecord
from .records import (
    ActualRecord,
    AssignmentRecord,
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

INDICATOR_FIELDS = (
    "name",
    "name_en",
    "definition",
    "formula",
    "unit",
    "direction",
    "category",
    "quantitative",
    "data_source",
    "cycle",
    "monitoring",
)


class ExchangeRepository:
    def __init__(self, session: Session):
        self.session = session

    # whole tables ----------------------------------------------------------------------------
    def units(self) -> list[dict]:
        parent = aliased(UnitRecord)
        rows = self.session.execute(
            select(UnitRecord.code, UnitRecord.name, UnitRecord.kind, parent.code)
            .outerjoin(parent, UnitRecord.parent_id == parent.id)
            .order_by(UnitRecord.sort, UnitRecord.id)
        )
        return [dict(unit_code=c, unit=n, kind=k, parent_code=p) for c, n, k, p in rows]

    def employees(self) -> list[dict]:
        rows = self.session.execute(
            select(EmployeeRecord.code, EmployeeRecord.name).order_by(EmployeeRecord.id)
        )
        return [dict(employee_code=c, employee=n) for c, n in rows]

    def positions(self) -> list[dict]:
        boss = aliased(PositionRecord)
        holders = {
            pid: (code, start)
            for pid, code, start in self.session.execute(
                select(AssignmentRecord.position_id, EmployeeRecord.code, AssignmentRecord.start)
                .join(EmployeeRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
                .where(AssignmentRecord.end.is_(None))
                .order_by(AssignmentRecord.start)
            )
        }
        rows = self.session.execute(
            select(
                PositionRecord.id,
                PositionRecord.code,
                PositionRecord.name,
                UnitRecord.code,
                PositionRecord.employee_class,
                boss.code,
            )
            .join(UnitRecord, PositionRecord.unit_id == UnitRecord.id)
            .outerjoin(boss, PositionRecord.reports_to_id == boss.id)
            .order_by(PositionRecord.sort, PositionRecord.id)
        )
        return [
            dict(
                position_code=code,
                position=name,
                unit_code=unit,
                employee_class=cls,
                reports_to=reports,
                holder_code=holders.get(pid, (None, None))[0],
                valid_from=holders.get(pid, (None, None))[1],
            )
            for pid, code, name, unit, cls, reports in rows
        ]

    def dictionary(self) -> list[dict]:
        records = self.session.scalars(select(IndicatorRecord).order_by(IndicatorRecord.id))
        return [
            dict(
                kpi_code=r.code,
                kpi=r.name,
                kpi_en=r.name_en,
                definition=r.definition,
                formula=r.formula,
                unit_of_measure=r.unit,
                direction=r.direction,
                category=r.category,
                quantitative=r.quantitative,
                data_source=r.data_source,
                cycle=r.cycle,
                monitoring=r.monitoring,
            )
            for r in records
        ]

    def contracts(self) -> list[dict]:
        people = dict(self.session.execute(select(EmployeeRecord.id, EmployeeRecord.code)).all())
        rows = self.session.execute(
            select(ContractRecord, PositionRecord.code, YearRecord.year)
            .join(PositionRecord, ContractRecord.position_id == PositionRecord.id)
            .join(YearRecord, ContractRecord.year_id == YearRecord.id)
            .order_by(ContractRecord.id)
        )
        return [
            dict(
                position_code=code,
                year=year,
                contractee_code=people.get(c.contractee_id),
                issuer1_code=people.get(c.issuer1_id),
                issuer2_code=people.get(c.issuer2_id),
                valid_from=c.valid_from,
                valid_to=c.valid_to,
                status=c.status,
                signed_on=c.signed_on,
                content_hash=c.content_hash,
            )
            for c, code, year in rows
        ]

    def lines(self) -> list[dict]:
        rows = self.session.execute(
            _line_context(
                select(
                    ContractLineRecord, PositionRecord.code, YearRecord.year, IndicatorRecord.code
                )
            ).order_by(ContractRecord.id, ContractLineRecord.sort)
        )
        return [
            dict(
                position_code=pos,
                year=year,
                line_no=l.sort + 1,
                kpi_code=kpi,
                category=l.category,
                weight=l.weight,
                unit_of_measure=l.unit,
                minimum=l.minimum,
                base=l.base,
                challenge=l.challenge,
                target_note=l.target_note,
                rule=l.rule,
                data_source=l.data_source,
                cycle=l.cycle,
            )
            for l, pos, year, kpi in rows
        ]

    def actuals(self) -> list[dict]:
        query = select(
            PositionRecord.code,
            IndicatorRecord.code,
            ContractLineRecord.sort,
            PeriodRecord.code,
            ActualRecord.value,
            ActualRecord.value_text,
            ActualRecord.source,
        ).join(ContractLineRecord, ActualRecord.line_id == ContractLineRecord.id)
        rows = self.session.execute(
            _line_context(query)
            .join(PeriodRecord, ActualRecord.period_id == PeriodRecord.id)
            .order_by(ContractRecord.id, PeriodRecord.id, ContractLineRecord.sort)
        )
        return [
            dict(
                position_code=pos,
                kpi_code=kpi,
                line_no=sort + 1,
                period=period,
                actual=value if value is not None else text,
                source=source,
            )
            for pos, kpi, sort, period, value, text, source in rows
        ]

    def deduction_events(self) -> list[dict]:
        query = select(
            PositionRecord.code,
            PositionRecord.name,
            IndicatorRecord.code,
            IndicatorRecord.name,
            ContractLineRecord.sort,
            PeriodRecord.code,
            DeductionEventRecord.occurred_on,
            DeductionEventRecord.count,
            DeductionEventRecord.note,
        ).join(ContractLineRecord, DeductionEventRecord.line_id == ContractLineRecord.id)
        rows = self.session.execute(
            _line_context(query)
            .join(PeriodRecord, DeductionEventRecord.period_id == PeriodRecord.id)
            .order_by(DeductionEventRecord.occurred_on, DeductionEventRecord.id)
        )
        return [
            dict(
                position_code=pc,
                position=pn,
                kpi_code=kc,
                kpi=kn,
                line_no=sort + 1,
                period=period,
                occurred_on=day,
                count=count,
                note=note,
            )
            for pc, pn, kc, kn, sort, period, day, count, note in rows
        ]

    def event_keys(self) -> set[tuple]:
        """(line id, period id, date, count, note) of every deduction event, to import once."""
        return set(
            self.session.execute(
                select(
                    DeductionEventRecord.line_id,
                    DeductionEventRecord.period_id,
                    DeductionEventRecord.occurred_on,
                    DeductionEventRecord.count,
                    DeductionEventRecord.note,
                )
            ).all()
        )

    def add_events(self, rows: list[dict]) -> None:
        if rows:
            self.session.execute(insert(DeductionEventRecord), rows)

    # lookups for importing ---------------------------------------------------------------------
    def line_index(self) -> dict[tuple[str, int, int], dict]:
        """(position code, year, line no) → what an actual needs: line id, KPI, rule, status."""
        rows = self.session.execute(
            _line_context(
                select(
                    ContractLineRecord.id,
                    PositionRecord.code,
                    YearRecord.year,
                    ContractLineRecord.sort,
                    IndicatorRecord.code,
                    ContractLineRecord.rule,
                    ContractLineRecord.weight,
                    ContractRecord.status,
                )
            )
        )
        return {
            (pos, year, sort + 1): dict(
                line_id=lid, kpi_code=kpi, rule=rule, weight=weight, status=status
            )
            for lid, pos, year, sort, kpi, rule, weight, status in rows
        }

    def period_index(self) -> dict[str, dict]:
        return {
            code: dict(id=pid, closed=closed, year=year)
            for pid, code, closed, year in self.session.execute(
                select(
                    PeriodRecord.id, PeriodRecord.code, PeriodRecord.closed, YearRecord.year
                ).join(YearRecord, PeriodRecord.year_id == YearRecord.id)
            )
        }

    def codes(self, kind: str) -> dict[str, int]:
        """code → id of ``units``, ``positions``, ``employees`` or ``indicators``."""
        record = {
            "units": UnitRecord,
            "positions": PositionRecord,
            "employees": EmployeeRecord,
            "indicators": IndicatorRecord,
        }[kind]
        return dict(self.session.execute(select(record.code, record.id)).all())

    def years(self) -> set[int]:
        return set(self.session.scalars(select(YearRecord.year)))

    def update_indicator(self, indicator_id: int, fields: dict) -> bool:
        record = self.session.get(IndicatorRecord, indicator_id)
        changed = {k: v for k, v in fields.items() if getattr(record, k) != v}
        for key, value in changed.items():
            setattr(record, key, value)
        return bool(changed)

    def set_reports_to(self, position_id: int, boss_id: int) -> None:
        self.session.get(PositionRecord, position_id).reports_to_id = boss_id

    # bulk writing ---------------------------------------------------------------------------------
    def upsert_actuals(self, rows: list[dict], actor: str) -> tuple[int, int]:
        """rows: line_id, period_id, value, value_text, source. Inserts new actuals, updates
        changed ones, leaves equal ones alone, and writes one audit row per change; returns
        (inserted, updated)."""
        if not rows:
            return 0, 0
        line_ids = {r["line_id"] for r in rows}
        existing = {}
        for chunk in _chunks(sorted(line_ids), 900):
            # The JSON column read as plain text: decoding 600,000 NULLs one by one is the cost.
            raw_text = type_coerce(ActualRecord.value_text, String)
            for aid, lid, pid, value, text in self.session.execute(
                select(
                    ActualRecord.id,
                    ActualRecord.line_id,
                    ActualRecord.period_id,
                    ActualRecord.value,
                    raw_text,
                ).where(ActualRecord.line_id.in_(chunk))
            ):
                existing[(lid, pid)] = (
                    aid,
                    value,
                    None if text in (None, "null") else json.loads(text),
                )
        now = datetime.now().replace(microsecond=0)
        inserts, updates, audit = [], [], []
        for row in rows:
            old = existing.get((row["line_id"], row["period_id"]))
            if old is None:
                inserts.append(dict(row, entered_by=actor, entered_at=now))
                audit.append(("insert", None, None, row))
            elif (old[1], old[2]) != (row["value"], row["value_text"]):
                updates.append(
                    dict(
                        b_id=old[0],
                        b_value=row["value"],
                        b_text=row["value_text"],
                        b_source=row["source"],
                        b_by=actor,
                        b_at=now,
                    )
                )
                audit.append(("update", old[0], old[1] if old[1] is not None else old[2], row))
        if inserts:
            # A plain executemany (no RETURNING) is what makes 600,000 rows quick; the new ids are
            # read back in one pass for the audit trail.
            self._insert_many(ActualRecord.__table__, inserts)
            new_ids = {}
            for chunk in _chunks(sorted({r["line_id"] for r in inserts}), 900):
                new_ids.update(
                    {
                        (lid, pid): aid
                        for aid, lid, pid in self.session.execute(
                            select(
                                ActualRecord.id, ActualRecord.line_id, ActualRecord.period_id
                            ).where(ActualRecord.line_id.in_(chunk))
                        )
                    }
                )
            audit = [
                (a, new_ids[(row["line_id"], row["period_id"])] if a == "insert" else aid, old, row)
                for a, aid, old, row in audit
            ]
        if updates:
            self.session.execute(
                update(ActualRecord.__table__)
                .where(ActualRecord.__table__.c.id == bindparam("b_id"))
                .values(
                    value=bindparam("b_value"),
                    value_text=bindparam("b_text"),
                    source=bindparam("b_source"),
                    entered_by=bindparam("b_by"),
                    entered_at=bindparam("b_at"),
                ),
                updates,
            )
        if audit:
            self._insert_many(
                AuditRecord.__table__,
                [
                    dict(
                        at=now,
                        who=actor,
                        action=action,
                        entity="actuals",
                        entity_id=aid,
                        field="value",
                        old=old,
                        new=row["value"] if row["value"] is not None else row["value_text"],
                    )
                    for action, aid, old, row in audit
                ],
            )
        return len(inserts), len(updates)

    def _insert_many(self, table, rows: list[dict]) -> None:
        """Bulk insert. On SQLite the rows go to the driver's executemany as tuples, values
        converted once here as SQLAlchemy would store them (its per-row parameter processing is
        most of the cost at this size); other engines take the portable Core path."""
        connection = self.session.connection()
        if connection.dialect.name != "sqlite" or not rows:
            connection.execute(table.insert(), rows)
            return
        columns = list(rows[0])
        converters = [_sqlite_converter(table.c[name].type) for name in columns]
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        connection.exec_driver_sql(
            sql,
            [
                tuple(convert(row[name]) for convert, name in zip(converters, columns))
                for row in rows
            ],
        )


def _json_text(value) -> str:
    """What SQLAlchemy's JSON type stores (None as JSON null), with the common cases short."""
    kind = type(value)
    if value is None:
        return "null"
    if kind is int or (kind is float and value == value and abs(value) != float("inf")):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _sqlite_converter(column_type):
    if isinstance(column_type, JSON):
        return _json_text
    if isinstance(column_type, DateTime):
        seen: dict = {}  # a bulk write stamps every row with the same moment: format it once

        def stamp(value):
            if value is None:
                return None
            if value not in seen:
                seen[value] = value.strftime("%Y-%m-%d %H:%M:%S.%f")
            return seen[value]

        return stamp
    return lambda value: value


def _line_context(query):
    """Join a query over contract lines to their contract, position, year and KPI."""
    return (
        query.join(ContractRecord, ContractLineRecord.contract_id == ContractRecord.id)
        .join(PositionRecord, ContractRecord.position_id == PositionRecord.id)
        .join(YearRecord, ContractRecord.year_id == YearRecord.id)
        .join(IndicatorRecord, ContractLineRecord.indicator_id == IndicatorRecord.id)
    )


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
