"""Writing hundreds of thousands of actuals at once: new ones inserted, changed ones updated
with one audit row each, equal ones left alone (so re-importing a file writes nothing).

The rows arrive column by column and are matched with numpy, not a Python dict per row. On
SQLite the new rows go to the driver's executemany with ids assigned here, and their audit rows
are copied inside the database by one INSERT … SELECT; other engines take the portable path
(ids returned by the insert)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from typing import Sequence

import numpy as np
from sqlalchemy import JSON, String, bindparam, cast, func, insert, literal, select, update
from sqlalchemy import type_coerce
from sqlalchemy.orm import Session

from .audit import AuditRecord
from .records import ActualRecord

ACTUALS = ActualRecord.__table__
AUDIT = AuditRecord.__table__
_COLUMNS = ("id", "line_id", "period_id", "value", "value_text", "source", "entered_by")


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


def upsert_actuals(session: Session, columns: ActualColumns, actor: str) -> tuple[int, int]:
    """Returns (inserted, updated)."""
    if not len(columns):
        return 0, 0
    lines = np.asarray(columns.line_ids, dtype=np.int64)
    periods = np.asarray(columns.period_ids, dtype=np.int64)
    values = np.asarray(columns.values, dtype=float)  # None reads as NaN
    stride = int(periods.max()) + 1
    old = _existing(session, sorted(set(periods.tolist())))
    found, at = _match(lines * stride + periods, old["line_ids"] * stride + old["period_ids"])
    same_value = (values == old["values"][at]) | (np.isnan(values) & np.isnan(old["values"][at]))
    has_text = np.fromiter((t is not None for t in columns.texts), bool, len(columns))
    same_text = ~has_text & ~old["has_text"][at]
    for i in np.flatnonzero(found & (has_text | old["has_text"][at])):  # grades, tasks: few
        same_text[i] = _decoded(old["texts"][at[i]]) == columns.texts[i]
    changed = np.flatnonzero(found & ~(same_value & same_text))
    new = np.flatnonzero(~found)
    now = datetime.now().replace(microsecond=0)
    if len(new):
        _insert(session, columns, new, actor, now)
    if len(changed):
        _update(session, columns, changed, old, at[changed], actor, now)
    return len(new), len(changed)


def _existing(session: Session, period_ids: list[int]) -> dict[str, np.ndarray]:
    """The actuals already stored for these periods, as arrays (JSON texts left undecoded:
    decoding 600,000 nulls one by one would be the cost)."""
    rows = session.execute(
        select(
            ACTUALS.c.id,
            ACTUALS.c.line_id,
            ACTUALS.c.period_id,
            ACTUALS.c.value,
            type_coerce(ACTUALS.c.value_text, String),
        ).where(ACTUALS.c.period_id.in_(period_ids))
    ).all()
    ids, line_ids, period_ids_, values, texts = (list(c) for c in zip(*rows)) if rows else [[]] * 5
    return dict(
        ids=np.asarray(ids, dtype=np.int64),
        line_ids=np.asarray(line_ids, dtype=np.int64),
        period_ids=np.asarray(period_ids_, dtype=np.int64),
        values=np.append(np.asarray(values, dtype=float), np.nan),  # [-1]: "none stored"
        texts=texts,
        has_text=np.append(
            np.fromiter((t not in (None, "null") for t in texts), bool, len(texts)), False
        ),
    )


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


def _insert(session: Session, columns: ActualColumns, new: np.ndarray, actor: str, now) -> None:
    every = len(new) == len(columns)
    pick = (lambda seq: list(seq)) if every else (lambda seq: [seq[i] for i in new])
    line_ids, period_ids = pick(columns.line_ids), pick(columns.period_ids)
    values, texts, sources = pick(columns.values), pick(columns.texts), pick(columns.sources)
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        # SQLAlchemy's per-row parameter processing is most of the cost at this size: the rows
        # go to the driver as tuples, converted here as SQLAlchemy would store them.
        first = (session.scalar(select(func.max(ACTUALS.c.id))) or 0) + 1
        stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
        connection.exec_driver_sql(
            f"INSERT INTO actuals ({', '.join(_COLUMNS)}, entered_at) "
            f"VALUES ({', '.join('?' for _ in _COLUMNS)}, ?)",
            list(
                zip(
                    range(first, first + len(new)),
                    line_ids,
                    period_ids,
                    values,
                    ["null" if t is None else json.dumps(t, ensure_ascii=False) for t in texts],
                    sources,
                    repeat(actor),
                    repeat(stamp),
                )
            ),
        )
        _audit_inserted(session, ACTUALS.c.id.between(first, first + len(new) - 1))
        return
    ids = session.execute(
        insert(ACTUALS).returning(ACTUALS.c.id),
        [
            dict(
                line_id=line,
                period_id=period,
                value=value,
                value_text=text,
                source=source,
                entered_by=actor,
                entered_at=now,
            )
            for line, period, value, text, source in zip(
                line_ids, period_ids, values, texts, sources
            )
        ],
    ).scalars()
    ids = list(ids)
    for start in range(0, len(ids), 10_000):
        _audit_inserted(session, ACTUALS.c.id.in_(ids[start : start + 10_000]))


def _audit_inserted(session: Session, which) -> None:
    """One audit row per new actual, copied inside the database."""
    as_text = func.coalesce(cast(ACTUALS.c.value, String), cast(ACTUALS.c.value_text, String))
    # SQLite would read CAST(… AS JSON) as a number; there the text is stored as it is.
    sqlite = session.connection().dialect.name == "sqlite"
    new = type_coerce(as_text, JSON) if sqlite else cast(as_text, JSON)
    session.execute(
        insert(AUDIT).from_select(
            ["at", "who", "action", "entity", "entity_id", "field", "new"],
            select(
                ACTUALS.c.entered_at,
                ACTUALS.c.entered_by,
                literal("insert"),
                literal("actuals"),
                ACTUALS.c.id,
                literal("value"),
                new,
            ).where(which),
        )
    )


def _update(session: Session, columns, changed, old, at, actor: str, now) -> None:
    session.execute(
        update(ACTUALS)
        .where(ACTUALS.c.id == bindparam("b_id"))
        .values(
            value=bindparam("b_value"),
            value_text=bindparam("b_text"),
            source=bindparam("b_source"),
            entered_by=bindparam("b_by"),
            entered_at=bindparam("b_at"),
        ),
        [
            dict(
                b_id=int(old["ids"][j]),
                b_value=columns.values[i],
                b_text=columns.texts[i],
                b_source=columns.sources[i],
                b_by=actor,
                b_at=now,
            )
            for i, j in zip(changed.tolist(), at.tolist())
        ],
    )
    session.execute(
        insert(AUDIT),
        [
            dict(
                at=now,
                who=actor,
                action="update",
                entity="actuals",
                entity_id=int(old["ids"][j]),
                field="value",
                old=old["values"][j]
                if not np.isnan(old["values"][j])
                else _decoded(old["texts"][j]),
                new=columns.values[i] if columns.values[i] is not None else columns.texts[i],
            )
            for i, j in zip(changed.tolist(), at.tolist())
        ],
    )
