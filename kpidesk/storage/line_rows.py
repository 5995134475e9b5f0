"""The rows that hang off a contract line: actuals, deduction events, amendments, and any table
added later with a foreign key to ``contract_lines``. Found through the schema rather than listed,
so that removing a line can never leave a new kind of row behind unrecorded: the audit of a
removal names them all, and undo puts them all back."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Table, inspect, select
from sqlalchemy.orm import Session

from .records import Base, ContractLineRecord, PeriodRecord


def dependent_records() -> list[tuple[type, str]]:
    """(record class, attribute naming the line) for every table that references a line, in an
    order that inserts safely (a table before those that reference it)."""
    lines: Table = ContractLineRecord.__table__
    mapped = {mapper.local_table: mapper for mapper in Base.registry.mappers}
    found = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is lines and table in mapped:
                mapper = mapped[table]
                attribute = next(
                    prop.key
                    for prop in mapper.column_attrs
                    if any(column is key.parent for column in prop.columns)
                )
                found.append((mapper.class_, attribute))
    return found


def values(record) -> dict:
    """A record's column values by attribute name (what its constructor takes back)."""
    return {prop.key: getattr(record, prop.key) for prop in inspect(type(record)).column_attrs}


def dependents(session: Session, line_id: int) -> dict[str, list]:
    """The records that reference the line, by table name, oldest first."""
    found = {}
    for record, attribute in dependent_records():
        rows = list(
            session.scalars(
                select(record)
                .where(getattr(record, attribute) == line_id)
                .order_by(*inspect(record).primary_key)
            )
        )
        if rows:
            found[record.__tablename__] = rows
    return found


def plain(value):
    """A value as JSON can hold it (dates as ISO text)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def described(session: Session, rows: dict[str, list]) -> dict[str, list[dict]]:
    """The rows for an audit entry: every column, with the period's code beside its id."""
    codes = dict(session.execute(select(PeriodRecord.id, PeriodRecord.code)).all())
    result = {}
    for table, records in rows.items():
        entries = []
        for record in records:
            entry = {k: plain(v) for k, v in values(record).items()}
            if "period_id" in entry:
                entry["period"] = codes.get(entry["period_id"])
            entries.append(entry)
        result[table] = entries
    return result
