"""Writing hundreds of thousands of actuals at once: new ones inserted, changed ones updated,
equal ones left alone (so re-importing a file writes nothing).

The audit: an import is one ``imports`` row (who, when, the file and its SHA-256, counts) with
its own audit entry; every actual it writes points to it; every value it changes also gets an
audit row with the old value; the values it inserts are kept, column by column, in one
"witness" audit row of the import (line ids, period ids, values: about 20 bytes a value), so
``storage.tamper`` can tell an imported value changed, added or deleted behind kpidesk's back.
So each value can be traced to the file it came from, and no old value is lost, without an
audit row per new number (600,000 of them would double the import's time).

The rows arrive column by column and are matched with numpy, not a Python dict per row. On
SQLite the new rows go to the driver's executemany; other engines take the portable path."""

from __future__ import annotations

import json
from itertools import islice
from dataclasses import dataclass
from datetime import datetime
from collections.abc import Sequence

import numpy as np
from sqlalchemy import Integer, String, Text, bindparam, cast, insert, literal, select, update
from sqlalchemy.orm import Session

from .audit import AuditRecord
from .records import ActualRecord, ImportRecord

ACTUALS = ActualRecord.__table__
AUDIT = AuditRecord.__table__


@dataclass(frozen=True)
class ActualColumns:
    """Actuals to write, one list per column, all the same length. ``values`` holds the number
    of a numeric line (else None); ``texts`` a grade label or task shortfalls (else None)."""

    line_ids: Sequence[int]
    period_ids: Sequence[int]
    values: Sequence[float | None]
    texts: Sequence[object]
    sources: Sequence[str]

    def __len__(self) -> int:
        return len(self.line_ids)


@dataclass(frozen=True)
class Origin:
    """Where imported actuals come from: who imports which file."""

    actor: str
    file: str
    sha256: str


def upsert_actuals(session: Session, columns: ActualColumns, origin: Origin) -> tuple[int, int]:
    """Returns (inserted, updated)."""
    if not len(columns):
        return 0, 0
    lines = np.asarray(columns.line_ids, dtype=np.int64)
    periods = np.asarray(columns.period_ids, dtype=np.int64)
    values = np.asarray(columns.values, dtype=float)  # None reads as NaN
    stride = int(periods.max()) + 1
    old = _existing(session, sorted(set(periods.tolist())))
    keys = lines * stride + periods
    found, at = _match(keys, old["line_ids"] * stride + old["period_ids"])
    same_value = (values == old["values"][at]) | (np.isnan(values) & np.isnan(old["values"][at]))
    has_text = np.fromiter((t is not None for t in columns.texts), bool, len(columns))
    same_text = ~has_text & ~old["has_text"][at]
    for i in np.flatnonzero(found & (has_text | old["has_text"][at])):  # grades, tasks: few
        same_text[i] = _decoded(old["texts"].get(at[i])) == columns.texts[i]
    changed = np.flatnonzero(found & ~(same_value & same_text))
    new = np.flatnonzero(~found)
    if not len(new) and not len(changed):
        return 0, 0
    now = datetime.now().replace(microsecond=0)
    record = ImportRecord(
        at=now,
        who=origin.actor,
        file=origin.file,
        sha256=origin.sha256,
        inserted=len(new),
        updated=len(changed),
    )
    session.add(record)
    session.flush()  # its id, and its audit entry
    stamp = _Stamp(origin.actor, now, record.id)
    if len(new):
        # In (line, period) order the unique index is appended to, rather than every page of
        # it revisited once per month of a file laid out month by month.
        ordered = new[np.argsort(keys[new], kind="stable")]
        _insert(session, columns, ordered, stamp)
        _witness(session, columns, ordered, stamp)
    if len(changed):
        _update(session, columns, changed, old, at[changed], stamp)
    return len(new), len(changed)


@dataclass(frozen=True)
class _Stamp:
    """What every row written by one import carries."""

    who: str
    at: datetime
    import_id: int


def _existing(session: Session, period_ids: list[int]) -> dict:
    """The actuals already stored for these periods, as arrays, read a batch of rows at a time
    (600,000 result rows at once would be the import's peak memory); ``texts``: position →
    the JSON as stored, undecoded, of the few that hold a text value (a grade, a task)."""
    statement = select(
        ACTUALS.c.id,
        ACTUALS.c.line_id,
        ACTUALS.c.period_id,
        ACTUALS.c.value,
        cast(ACTUALS.c.value_text, Text),  # the JSON as stored, undecoded on every engine
    ).where(ACTUALS.c.period_id.in_(period_ids))
    # For this statement only: a connection's own options would stay on for the inserts.
    result = session.connection().execute(statement.execution_options(yield_per=_BATCH))
    ids, line_ids, period_ids_, values, texts, seen = [], [], [], [], {}, 0
    for batch in result.partitions():
        columns = list(zip(*batch))
        ids.append(np.asarray(columns[0], dtype=np.int64))
        line_ids.append(np.asarray(columns[1], dtype=np.int64))
        period_ids_.append(np.asarray(columns[2], dtype=np.int64))
        values.append(np.asarray(columns[3], dtype=float))  # None reads as NaN
        texts.update(
            (seen + i, text)
            for i, text in enumerate(columns[4])
            if text is not None and text != "null"
        )
        seen += len(batch)
    has_text = np.zeros(seen + 1, dtype=bool)  # [-1]: "none stored"
    has_text[list(texts)] = True
    return dict(
        ids=_joined(ids, np.int64),
        line_ids=_joined(line_ids, np.int64),
        period_ids=_joined(period_ids_, np.int64),
        values=np.append(_joined(values, float), np.nan),  # [-1]: "none stored"
        texts=texts,
        has_text=has_text,
    )


def _joined(parts: list[np.ndarray], kind: type) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0, dtype=kind)


def _match(keys: np.ndarray, stored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which keys are stored, and where (−1, the padding entry, where not)."""
    if not len(stored):
        return np.zeros(len(keys), bool), np.full(len(keys), -1)
    order = np.argsort(stored, kind="stable")
    place = np.minimum(np.searchsorted(stored[order], keys), len(stored) - 1)
    found = stored[order][place] == keys
    return found, np.where(found, order[place], -1)


def _decoded(raw):
    return None if raw in (None, "null") else json.loads(raw)


def _insert(session: Session, columns: ActualColumns, new: np.ndarray, stamp: _Stamp) -> None:
    def take(column: Sequence, kind: type = object) -> list:
        return np.asarray(column, dtype=kind)[new].tolist()

    rows = {
        "line_id": take(columns.line_ids, np.int64),
        "period_id": take(columns.period_ids, np.int64),
        "value": take(columns.values),
        "value_text": take(columns.texts),
        "source": take(columns.sources),
    }
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        _sqlite_insert(connection, rows, stamp)
        return
    shared = {"entered_by": stamp.who, "entered_at": stamp.at, "import_id": stamp.import_id}
    session.execute(
        insert(ACTUALS), [dict(zip(rows, row), **shared) for row in zip(*rows.values())]
    )


def _sqlite_insert(connection, rows: dict[str, list], stamp: _Stamp) -> None:
    """The driver's executemany, values converted here as SQLAlchemy would store them (its
    per-row parameter processing would be most of the cost). What every row shares (who,
    when, the import, and "no text value" for numeric lines) goes into the statement as SQL
    literals, quoted by SQLAlchemy as it quotes any literal: binding the same values 600,000
    times over costs a fifth of the insert. Numeric rows first, each part in the given order."""
    shared = {
        "entered_by": stamp.who,
        "entered_at": stamp.at.strftime("%Y-%m-%d %H:%M:%S.%f"),
        "import_id": stamp.import_id,
    }
    texts = [i for i, text in enumerate(rows["value_text"]) if text is not None]
    if not texts:
        parts = [(rows, False)]
    else:  # grade and task lines: a few rows that carry their value as JSON text
        numbers = sorted(set(range(len(rows["line_id"]))) - set(texts))
        parts = [
            ({k: [v[i] for i in numbers] for k, v in rows.items()}, False),
            ({k: [v[i] for i in texts] for k, v in rows.items()}, True),
        ]
    for part, with_text in parts:
        if not part["line_id"]:
            continue
        literals = dict(shared)
        if with_text:
            part["value_text"] = [json.dumps(t, ensure_ascii=False) for t in part["value_text"]]
        else:
            part = {k: v for k, v in part.items() if k != "value_text"}
            literals["value_text"] = "null"
        rendered = [_literal(connection, value) for value in literals.values()]
        statement = (
            f"INSERT INTO actuals ({', '.join([*part, *literals])}) "
            f"VALUES ({', '.join(['?'] * len(part) + rendered)})"
        )
        # In batches: 600,000 rows as tuples all at once would be 50 MB more at the peak.
        rows_ = zip(*part.values())
        while batch := list(islice(rows_, _BATCH)):
            connection.exec_driver_sql(statement, batch)


def _literal(connection, value) -> str:
    kind = Integer() if isinstance(value, int) else String()
    return str(literal(value, kind).compile(connection, compile_kwargs={"literal_binds": True}))


_BATCH = 100_000  # rows a statement


WITNESS = "witness"  # the audit action of an import's inserted values


def _witness(session: Session, columns: ActualColumns, new: np.ndarray, stamp: _Stamp) -> None:
    """The inserted values, as the import wrote them, in the import's own audit row: the hash
    chain then vouches for each of them (``storage.tamper`` compares)."""
    values = np.asarray(columns.values, dtype=object)[new]
    texts = np.asarray(columns.texts, dtype=object)[new]
    session.execute(
        insert(AUDIT),
        [
            {
                "at": stamp.at,
                "who": stamp.who,
                "action": WITNESS,
                "entity": ImportRecord.__tablename__,
                "entity_id": stamp.import_id,
                "field": "actuals",
                "old": None,
                "new": {
                    "line": np.asarray(columns.line_ids, dtype=np.int64)[new].tolist(),
                    "period": np.asarray(columns.period_ids, dtype=np.int64)[new].tolist(),
                    "value": [
                        text if value is None else float(value)
                        for value, text in zip(values.tolist(), texts.tolist())
                    ],
                },
            }
        ],
    )


def _update(session: Session, columns, changed, old, at, stamp: _Stamp) -> None:
    session.execute(
        update(ACTUALS)
        .where(ACTUALS.c.id == bindparam("b_id"))
        .values(
            value=bindparam("b_value"),
            value_text=bindparam("b_text"),
            source=bindparam("b_source"),
            entered_by=stamp.who,
            entered_at=stamp.at,
            import_id=stamp.import_id,
        ),
        [
            {
                "b_id": int(old["ids"][j]),
                "b_value": columns.values[i],
                "b_text": columns.texts[i],
                "b_source": columns.sources[i],
            }
            for i, j in zip(changed.tolist(), at.tolist())
        ],
    )
    session.execute(
        insert(AUDIT),
        [
            {
                "at": stamp.at,
                "who": stamp.who,
                "action": "update",
                "entity": "actuals",
                "entity_id": int(old["ids"][j]),
                "field": "value",
                "old": float(old["values"][j])
                if not np.isnan(old["values"][j])
                else _decoded(old["texts"].get(j)),
                "new": columns.values[i] if columns.values[i] is not None else columns.texts[i],
            }
            for i, j in zip(changed.tolist(), at.tolist())
        ],
    )
