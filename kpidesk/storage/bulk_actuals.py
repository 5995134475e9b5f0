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
from typing import Sequence

import numpy as np
from sqlalchemy import JSON, String, bindparam, cast, func, insert, literal, select, update
from sqlalchemy import type_coerce
from sqlalchemy.orm import Session

from .audit import AuditRecord
from .records import ActualRecord

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


def upsert_actuals(session: Session, columns: ActualColumns, actor: str) -> tuple[int, int]:
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
        same_text[i] = _decoded(old["texts"][at[i]]) == columns.texts[i]
    changed = np.flatnonzero(found & ~(same_value & same_text))
    new = np.flatnonzero(~found)
    now = datetime.now().replace(microsecond=0)
    if len(new):
        # In (line, period) order the unique index grows at its end instead of being opened
        # all over: a third less time for 600,000 rows given month by month.
        new = new[np.argsort(keys[new], kind="stable")]
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
    def take(column: Sequence) -> np.ndarray:
        return np.asarray(column, dtype=object)[new]

    line_ids, period_ids, values, texts, sources = map(
        take,
        (columns.line_ids, columns.period_ids, columns.values, columns.texts, columns.sources),
    )
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        first = (session.scalar(select(func.max(ACTUALS.c.id))) or 0) + 1
        _sqlite_insert(connection, first, line_ids, period_ids, values, texts, sources, actor, now)
        _audit_inserted(session, ACTUALS.c.id.between(first, first + len(new) - 1))
        return
    ids = session.execute(
        insert(ACTUALS).returning(ACTUALS.c.id),
        [
            {
                "line_id": line,
                "period_id": period,
                "value": value,
                "value_text": text,
                "source": source,
                "entered_by": actor,
                "entered_at": now,
            }
            for line, period, value, text, source in zip(
                line_ids.tolist(),
                period_ids.tolist(),
                values.tolist(),
                texts.tolist(),
                sources.tolist(),
            )
        ],
    ).scalars()
    ids = list(ids)
    for start in range(0, len(ids), 10_000):
        _audit_inserted(session, ACTUALS.c.id.in_(ids[start : start + 10_000]))


def _sqlite_insert(connection, first, line_ids, period_ids, values, texts, sources, actor, now):
    """The driver's executemany with ids assigned from ``first``, values converted here as
    SQLAlchemy would store them (its per-row parameter processing would be most of the cost).
    Rows are written in groups sharing a source and whether they hold a text value: what a
    group shares goes into the statement as SQL literals, quoted by SQLAlchemy as it quotes
    any literal, since binding the same texts 600,000 times over costs a fifth of the insert."""
    has_text = np.fromiter((t is not None for t in texts), bool, len(texts))
    distinct = dict.fromkeys(sources.tolist())
    by_source = len(distinct) <= 64  # else the source is bound row by row
    code = dict(zip(distinct, range(len(distinct))))
    group = has_text.astype(np.int64)
    if by_source:
        group += 2 * np.fromiter(map(code.__getitem__, sources.tolist()), np.int64, len(sources))
    order = np.argsort(group, kind="stable")  # keeps (line, period) order within a group
    group = group[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]).tolist() + [len(group)]
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    ids = np.arange(first, first + len(order), dtype=np.int64)
    columns = {
        "id": ids,
        "line_id": line_ids[order],
        "period_id": period_ids[order],
        "value": values[order],
        "value_text": texts[order],  # as JSON below, where a group holds texts
        "source": sources[order],
    }
    for start, end in zip(starts, starts[1:]):
        shared = {"entered_by": actor, "entered_at": stamp}
        if not has_text[order[start]]:
            shared["value_text"] = "null"
        if by_source:
            shared["source"] = sources[order[start]]
        bound = {k: v[start:end].tolist() for k, v in columns.items() if k not in shared}
        if "value_text" in bound:
            bound["value_text"] = [json.dumps(t, ensure_ascii=False) for t in bound["value_text"]]
        literals = [
            str(literal(v, String()).compile(connection, compile_kwargs={"literal_binds": True}))
            for v in shared.values()
        ]
        connection.exec_driver_sql(
            f"INSERT INTO actuals ({', '.join([*bound, *shared])}) "
            f"VALUES ({', '.join(['?'] * len(bound) + literals)})",
            list(zip(*bound.values())),
        )


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
