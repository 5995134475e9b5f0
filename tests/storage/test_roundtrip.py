"""Every table stores and returns every column faithfully, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from kpidesk.storage.records import Base

SAMPLES = {
    sa.Integer: lambda column, n: n,
    sa.String: lambda column, n: f"指标 {column.name} №{n}"[: column.type.length or 200],
    sa.Text: lambda column, n: f"内涵：{column.name}\n第二行 {n}",
    sa.Float: lambda column, n: 1234.5678 + n,
    sa.Boolean: lambda column, n: True,
    sa.Date: lambda column, n: date(2003, 1, 8),
    sa.DateTime: lambda column, n: datetime(2003, 1, 8, 9, 30, 15),
    sa.JSON: lambda column, n: {
        "kind": "grade",
        "levels": [{"label": "优秀", "points": 9.5}],
        "n": n,
    },
}


def _sample(column: sa.Column, n: int):
    for kind, make in SAMPLES.items():
        if isinstance(column.type, kind):
            return make(column, n)
    raise AssertionError(f"no sample for {column.type!r}")


def _rows() -> dict[str, list[dict]]:
    """Two rows per table; foreign keys point at the row of the same number in their table."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        rows[table.name] = []
        for n in (1, 2):
            row = {}
            for column in table.columns:
                if column.foreign_keys or (column.primary_key and isinstance(column.type, sa.Integer)):
                    row[column.name] = n
                else:
                    row[column.name] = _sample(column, n)
            rows[table.name].append(row)
    return rows


def test_every_table_round_trips(new_document):
    rows = _rows()
    with new_document.engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            connection.execute(table.insert(), rows[table.name])
    new_document.engine.dispose()  # read back through fresh connections
    with new_document.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            key = list(table.primary_key.columns)[0]
            stored = [dict(r._mapping) for r in connection.execute(sa.select(table).order_by(key))]
            assert stored == rows[table.name], table.name


def test_foreign_keys_are_enforced(new_document):
    import pytest
    from sqlalchemy.exc import IntegrityError

    units = Base.metadata.tables["positions"]
    with pytest.raises(IntegrityError):
        with new_document.engine.begin() as connection:
            connection.execute(
                units.insert(),
                {
                    "unit_id": 999,
                    "code": "X",
                    "name": "x",
                    "key_position": True,
                    "employee_class": "m",
                    "sort": 0,
                },
            )
