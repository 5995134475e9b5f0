"""Stored values of the wrong type: text in a weight, an infinite actual, a rule that is not a
JSON object, a date that is no date, a count out of range. kpidesk never writes them; another
program editing the file can. One grouped query per audited table finds them and returns them
as plain data, for ``kpidesk check`` to report and for a read that fails on them to name.

SQLite keeps any value in any column, so there the checks ask ``typeof()`` and SQLite's own
date and JSON functions; PostgreSQL's column types already refuse most of this, so there only
what its types let through is asked (an infinite or NaN float, a count out of range, a rule
that is JSON but not an object). The raw value is read without SQLAlchemy's type processing
(an untyped ``column()``), which is what would fail on it."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import ColumnClause, ColumnElement, and_, column, func, literal, or_, select, table
from sqlalchemy.orm import Session

from kpidesk.core.problems import KpideskError, Problem, joined
from kpidesk.i18n import N_

P = ParamSpec("P")
T = TypeVar("T")

HUGE = 1e308  # beyond this a float is infinite (or, on PostgreSQL, NaN: it sorts above all)
MAX_EVENTS = 999  # as contract_repo.MAX_EVENTS: a deduction event's count is 1 … 999


@dataclass(frozen=True)
class Column:
    """An audited column: its name, what it must hold and whether it may be empty."""

    name: str
    kind: str  # number / count / date / datetime / json / rule
    nullable: bool = False
    low: int | None = None  # for a count
    high: int | None = None


# Which table → (its columns, how a row names its contract line or contract).
AUDITED: dict[str, tuple[Column, ...]] = {
    "contracts": (
        Column("valid_from", "date"),
        Column("valid_to", "date"),
        Column("signed_on", "date", nullable=True),
        Column("version", "count", low=0, high=1_000_000),
    ),
    "contract_lines": (
        Column("weight", "number"),
        Column("minimum", "number", nullable=True),
        Column("base", "number", nullable=True),
        Column("challenge", "number", nullable=True),
        Column("sort", "count", low=-1_000_000, high=1_000_000),
        Column("rule", "rule"),
    ),
    "actuals": (
        Column("value", "number", nullable=True),
        Column("value_text", "json", nullable=True),
        Column("entered_at", "datetime"),
    ),
    "deduction_events": (
        Column("occurred_on", "date"),
        Column("count", "count", low=1, high=MAX_EVENTS),
    ),
    "assignments": (Column("start", "date"), Column("end", "date", nullable=True)),
}

# How a row of each table leads to its contract (for the place a finding names).
_LINE_OF = {"actuals": "line_id", "deduction_events": "line_id", "contract_lines": "id"}


@dataclass(frozen=True)
class WrongValue:
    """One stored value of the wrong type, as plain data."""

    table: str
    row_id: int
    column: str
    value: Any  # as the driver returned it (text, a float, an int, None)
    reason: str  # not_number / not_finite / empty / not_whole / out_of_range / not_date /
    # not_datetime / not_json / not_object
    contract_id: int | None = None
    line_id: int | None = None
    low: int | None = None
    high: int | None = None


class StoredValueError(KpideskError):
    """A read met values another program stored with the wrong type; the message names them."""


def _suspect(col: Column, sqlite: bool) -> ColumnElement[bool] | None:
    """Rows this column may be wrong in (Python judges them exactly in ``_judge``)."""
    c: ColumnClause[Any] = column(col.name)
    empty = c.is_(None) if not col.nullable else literal(False)
    if col.kind == "number":
        huge = or_(c > HUGE, c < -HUGE)
        if sqlite:
            return or_(empty, func.typeof(c).not_in(("real", "integer", "null")), huge)
        return huge
    if col.kind == "count":
        wrong = or_(c < col.low, c > col.high)
        if sqlite:
            return or_(empty, func.typeof(c).not_in(("integer", "null")), wrong)
        return wrong
    if not sqlite:  # PostgreSQL's date, timestamp and json types refuse anything else
        return func.json_typeof(c) != "object" if col.kind == "rule" else None
    # SQLite takes 2003-02-30 as it is; a modifier makes it normalise the day (→ 2003-03-02),
    # so a day the month does not have no longer reads back as written
    day_moved = func.date(c, "+0 days")
    before_year_1 = func.substr(c, 1, 4) < "0001"  # SQLite knows year 0, Python not (text order)
    if col.kind == "date":
        return or_(
            empty,
            and_(c.is_not(None), or_(func.date(c).is_(None), day_moved != c, before_year_1)),
        )
    if col.kind == "datetime":
        day = func.substr(c, 1, 10)
        wrong = or_(func.datetime(c).is_(None), day_moved != day, before_year_1)
        return or_(empty, and_(c.is_not(None), wrong))
    if col.kind == "json":
        return and_(c.is_not(None), func.json_valid(c) == 0)
    return or_(func.json_valid(c) == 0, func.json_type(c) != "object")  # rule


def _judge(col: Column, value: Any) -> str | None:
    """Why ``value`` cannot stand in ``col`` (None: it can)."""
    if value is None:
        return None if col.nullable else "empty"
    if col.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "not_number"
        return None if math.isfinite(value) else "not_finite"
    if col.kind == "count":
        if isinstance(value, bool) or not isinstance(value, int):
            return "not_whole"
        return None if col.low <= value <= col.high else "out_of_range"  # type: ignore[operator]
    if col.kind in ("date", "datetime"):
        return None if _is_date(value, col.kind) else f"not_{col.kind}"
    if isinstance(value, (dict, list)):  # PostgreSQL's driver already parsed it
        parsed: Any = value
    else:
        try:
            parsed = json.loads(value) if isinstance(value, (str, bytes)) else value
        except ValueError:
            return "not_json"
    if col.kind == "rule" and not isinstance(parsed, dict):
        return "not_object"
    return None


def _is_date(value: Any, kind: str) -> bool:
    from datetime import date, datetime

    if isinstance(value, (date, datetime)):
        return True
    if not isinstance(value, str):
        return False
    try:
        (date.fromisoformat if kind == "date" else datetime.fromisoformat)(value)
    except ValueError:
        return False
    return True


def wrong_values(
    session: Session, tables: dict[str, tuple[Column, ...]] | None = None
) -> list[WrongValue]:
    """Every audited value of the wrong type, one query per table, in table and row order."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    found: list[WrongValue] = []
    for name, columns in (tables or AUDITED).items():
        suspects = [s for s in (_suspect(col, sqlite) for col in columns) if s is not None]
        if not suspects:
            continue
        link = _LINE_OF.get(name)
        extra = [link] if link and link != "id" else []
        if name == "contracts":
            extra = []
        t = table(
            name, column("id"), *(column(c.name) for c in columns), *(column(e) for e in extra)
        )
        rows = session.execute(
            select(t.c.id, *(t.c[c.name] for c in columns), *(t.c[e] for e in extra))
            .where(or_(*suspects))
            .order_by(t.c.id)
        ).all()
        for row in rows:
            line_id = row[-1] if extra else (row[0] if link == "id" else None)
            for index, col in enumerate(columns, start=1):
                reason = _judge(col, row[index])
                if reason is not None:
                    found.append(
                        WrongValue(
                            name,
                            row[0],
                            col.name,
                            row[index],
                            reason,
                            contract_id=row[0] if name == "contracts" else None,
                            line_id=line_id,
                            low=col.low,
                            high=col.high,
                        )
                    )
    return _with_contracts(session, found)


def _with_contracts(session: Session, found: list[WrongValue]) -> list[WrongValue]:
    """Each value on a contract line told its contract (one query for all of them)."""
    line_ids = {v.line_id for v in found if v.line_id is not None}
    if not line_ids:
        return found
    lines = table("contract_lines", column("id"), column("contract_id"))
    rows = session.execute(
        select(lines.c.id, lines.c.contract_id).where(lines.c.id.in_(line_ids))
    ).all()
    contract_of = {line_id: contract_id for line_id, contract_id in rows}
    return [
        v
        if v.line_id is None
        else WrongValue(
            v.table,
            v.row_id,
            v.column,
            v.value,
            v.reason,
            contract_of.get(v.line_id),
            v.line_id,
            v.low,
            v.high,
        )
        for v in found
    ]


_REASONS = {
    "not_number": N_("{table} row {id}, column {column}: {value!r} is not a number"),
    "not_finite": N_("{table} row {id}, column {column}: {value!r} is not a finite number"),
    "empty": N_("{table} row {id}, column {column}: empty where a value is required"),
    "not_whole": N_("{table} row {id}, column {column}: {value!r} is not a whole number"),
    "out_of_range": N_("{table} row {id}, column {column}: {value!r} is outside {low} … {high}"),
    "not_date": N_("{table} row {id}, column {column}: {value!r} is not a date"),
    "not_datetime": N_("{table} row {id}, column {column}: {value!r} is not a date and time"),
    "not_json": N_("{table} row {id}, column {column}: {value!r} is not readable JSON"),
    "not_object": N_(
        "{table} row {id}, column {column}: {value!r} is not a scoring rule (a JSON object)"
    ),
}


def wrong_value_problem(value: WrongValue) -> Problem:
    """The stored value, where it is and why it cannot be read, as a Problem."""
    raw = value.value
    if isinstance(raw, str) and len(raw) > 60:
        raw = raw[:57] + "…"
    return Problem(
        _REASONS[value.reason],
        None,
        {
            "table": value.table,
            "id": value.row_id,
            "column": value.column,
            "value": raw,
            "low": value.low,
            "high": value.high,
        },
    )


SHOWN = 3  # a read that fails names this many values; ``kpidesk check`` lists them all


def reads_stored_values(read: Callable[P, T]) -> Callable[P, T]:
    """A repository read that fails on a value of the wrong type (a date SQLAlchemy cannot
    parse, text added to a float, JSON that does not load) raises ``StoredValueError`` naming
    the values instead of a traceback. Only when the document does hold such values: any other
    failure is a bug and stays one (it reaches the crash path)."""

    @functools.wraps(read)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return read(*args, **kwargs)
        except KpideskError:
            raise
        except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
            session = getattr(args[0], "session", None) if args else None
            if not isinstance(session, Session):
                raise
            found = wrong_values(session)
            if not found:
                raise
            raise stored_value_error(found) from exc

    return guarded


def stored_value_error(found: list[WrongValue]) -> StoredValueError:
    """One paragraph: how many, the first few named, where the rest are listed."""
    shown = joined((wrong_value_problem(v) for v in found[:SHOWN]), "; ")
    return StoredValueError(
        N_(
            "This firm holds {count} value(s) written outside kpidesk that it cannot read "
            "({shown}); 'kpidesk check' lists every one. Correct them with the program that "
            "wrote them, or restore a backup."
        ),
        None,
        count=len(found),
        shown=shown,
    )


_LINE_COLUMNS = {c.name: c for c in AUDITED["contract_lines"]}


def _line_value_wrong(record: Any, name: str) -> WrongValue | None:
    col, value = _LINE_COLUMNS[name], getattr(record, name)
    if col.kind == "rule":  # decoded by SQLAlchemy already: anything but an object is wrong
        if isinstance(value, dict):
            return None
        reason: str | None = "not_object"
        value = json.dumps(value, ensure_ascii=False)  # shown as it is stored
    else:
        reason = _judge(col, value)
    if reason is None:
        return None
    return WrongValue(
        "contract_lines", record.id, name, value, reason, record.contract_id, record.id
    )


def _finite(value: Any) -> bool:
    return type(value) in (float, int) and math.isfinite(value)


def refuse_unreadable_line(record: Any) -> None:
    """A contract line record about to become a core ``ContractLine``: a weight, target or rule
    of the wrong type is named (``StoredValueError``) before the method computes with it."""
    if (
        _finite(record.weight)
        and all(v is None or _finite(v) for v in (record.minimum, record.base, record.challenge))
        and isinstance(record.rule, dict)
    ):
        return  # every line kpidesk wrote: nothing more to ask
    found = [
        wrong
        for name in ("weight", "minimum", "base", "challenge", "rule")
        if (wrong := _line_value_wrong(record, name)) is not None
    ]
    if found:
        raise stored_value_error(found)


def readable_actual(session: Session, value: Any) -> Any:
    """An actual's number as read: one that is not a finite number is not scored; the error
    names it (and any other such value) by its row."""
    if value is None or (
        not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)
    ):
        return value
    raise stored_value_error(wrong_values(session, {"actuals": AUDITED["actuals"][:1]}))


def readable_count(session: Session, value: Any) -> int:
    """A deduction event's count as read: a whole number from 1 to 999, or named by its row."""
    if _judge(AUDITED["deduction_events"][1], value) is None:
        return value
    raise stored_value_error(
        wrong_values(session, {"deduction_events": AUDITED["deduction_events"][1:]})
    )


def unreadable_ids(session: Session, table_name: str) -> list[int]:
    """The ids of ``table_name``'s rows holding a value of the wrong type (a read that can do
    without them leaves them out; ``kpidesk check`` names them)."""
    return sorted({v.row_id for v in wrong_values(session, {table_name: AUDITED[table_name]})})
