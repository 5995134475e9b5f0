"""Rows changed, added or deleted behind kpidesk's back, found by replaying the audit log.

The audit log is the witness (its hash chain, ``storage.audit_chain``, protects it): every
write kpidesk makes to actuals, deduction events, official results and result corrections
leaves audit rows saying what each row must hold. Replaying them gives, per row, the values it
must have now and whether it must exist; the table is compared with that. No schema change: the
log already holds what is needed.

What the log cannot vouch for is left alone, so that no legitimate write is ever reported:
- an actual a bulk import inserted has no audit row of its own: the import's "witness" row
  (``bulk_actuals``) holds every value it inserted, by line and period, and such a row is
  compared with it until a later audited write; imports older than the witness are taken as
  they wrote;
- deduction events written before they were audited (older documents) have no trail: an event
  with no trail is reported as added only when it is newer than the first audited one;
- a field the log never recorded (the official snapshot before it was audited) is not compared.

Plain data out (``Tampered``); the service puts it into words. Two statements per table: the
log's rows for that table, and the table itself."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from .audit import AUDITED, AuditRecord, _plain
from .witness import NONE, ActualColumns, WitnessColumns, read_actuals, read_witness
from .records import ActualRecord, ContractLineRecord, DeductionEventRecord, ImportRecord
from .records import PeriodRecord
from .review_records import OfficialResultRecord, ResultCorrectionRecord

AUDIT = AuditRecord.__table__
WATCHED = (ActualRecord, DeductionEventRecord, OfficialResultRecord, ResultCorrectionRecord)


@dataclass(frozen=True)
class Tampered:
    """One row that differs from what the audit log says it must be.

    ``table``: actuals / deduction_events / official_results / result_corrections;
    ``kind``: changed / added / deleted; ``field`` (changed only), ``old`` (what the log says),
    ``new`` (what the table holds); the contract, line (1-based number in its contract) and
    period it belongs to, where known."""

    table: str
    kind: str
    row_id: int
    contract_id: int | None
    line_number: int | None
    kpi: str | None
    period: str | None
    field: str | None = None
    old: object = None
    new: object = None


def _same(expected, actual) -> bool:
    """The log keeps dates as ISO text (``audit._plain``); the table's are read as dates."""
    return expected == actual or expected == _plain(actual)


def _json(raw: str | None):
    """JSON text as stored: most of the log's values are plain numbers, read as such."""
    if raw is None or raw == "null":
        return None
    if raw[:1] in tuple("-0123456789"):
        try:
            return float(raw)
        except ValueError:
            pass
    try:
        return json.loads(raw)
    except ValueError:  # not JSON at all: compared as the text it is, so it shows as changed
        return raw


def _replay(session: Session, tables: list[str]) -> dict[str, dict[int, dict]]:
    """Per table, per row id: {"exists": bool | None, "fields": {field: value}, "at": the
    audit id of its last row} as the log's insert / update / delete rows leave it, in the order
    they were written."""
    states: dict[str, dict[int, dict]] = {table: {} for table in tables}
    rows = session.execute(
        select(
            AUDIT.c.id,
            AUDIT.c.entity,
            AUDIT.c.entity_id,
            AUDIT.c.action,
            AUDIT.c.field,
            cast(AUDIT.c.new, Text),  # decoded here: the JSON type's processing is most of it
        )
        .where(AUDIT.c.entity.in_(tables), AUDIT.c.entity_id.is_not(None))
        .order_by(AUDIT.c.id)
    ).all()
    for audit_id, entity, row_id, action, field, raw in rows:
        new = _json(raw)
        state = states[entity].setdefault(row_id, {"exists": None, "fields": {}})
        state["at"] = audit_id  # the log's last word on the row
        if action == "insert":
            if state["exists"] is False:  # an id reused after a delete, or an undo
                state["fields"] = {}
            state["exists"] = True
            state["fields"][field] = new
        elif action == "update":
            if state["exists"] is None:
                state["exists"] = True
            fields = state["fields"]
            if entity == "actuals" and field == "value":
                # An import's update writes one row for the value whatever its kind: a number,
                # or a level / task shortfalls (the text column); the other column is cleared.
                numeric = new is None or (
                    isinstance(new, (int, float)) and not isinstance(new, bool)
                )
                fields["value"], fields["value_text"] = (new, None) if numeric else (None, new)
                if new is None:
                    fields.pop("value_text")  # an ORM row: the text has its own audit row
            else:
                fields[field] = new
        elif action == "delete":
            state["exists"] = False
            state["fields"] = {}
    return states


class _Rows:
    """A table's rows as the driver returns them, by id; a row's fields read on demand (JSON
    columns decoded only for the rows compared)."""

    def __init__(self, session: Session, record: Any):
        table = record.__table__
        fields = AUDITED[record]
        extra = [
            c for c in ("line_id", "period_id", "import_id") if c in table.c and c not in fields
        ]
        names = ("id", *fields, *extra)
        self.index = {name: i for i, name in enumerate(names)}
        self.json = {name for name in names if table.c[name].type.__class__.__name__ == "JSON"}
        columns = [
            cast(table.c[name], Text) if name in self.json else table.c[name] for name in names
        ]
        self.rows = {row[0]: row for row in session.execute(select(*columns)).all()}

    def __contains__(self, row_id: int) -> bool:
        return row_id in self.rows

    def has(self, name: str) -> bool:
        return name in self.index

    def get(self, row_id: int, name: str):
        at = self.index.get(name)
        if at is None:
            return None
        raw = self.rows[row_id][at]
        return _json(raw) if name in self.json else raw

    def place(self, row_id: int) -> tuple:
        """(line id, period id) the row holds now."""
        return self.get(row_id, "line_id"), self.get(row_id, "period_id")


def tampered_rows(session: Session, watched: tuple = WATCHED) -> list[Tampered]:
    """Every row of the ``watched`` tables that the audit log does not account for."""
    tables = [record.__tablename__ for record in watched]
    states = _replay(session, tables)
    numbers = _line_numbers(session)
    periods = dict(session.execute(select(PeriodRecord.id, PeriodRecord.code)).all())
    vouching_imports = _audited_imports(session)
    found: list[Tampered] = []

    def where(line_id, period_id) -> _Place:
        line = numbers.get(line_id)
        period = periods.get(period_id)
        return _Place(*line, period) if line else _Place(None, None, None, period)

    for record in watched:
        name = record.__tablename__
        state = states[name]
        first_audited = min((i for i, s in state.items() if s["exists"] is not None), default=None)
        rows: _Table
        if record is ActualRecord:
            # Most actuals have no trail of their own (an import's witness holds them): judged
            # as columns, the rows with a trail one by one below, as every other table's.
            actuals = _ActualRows(read_actuals(session))
            witness = read_witness(session)
            trailed = actuals.trailed_mask(state, witness)
            mine = _witnessed(actuals, ~trailed, witness, vouching_imports, where)
            ids = actuals.columns.ids[trailed].tolist()
            mine += _by_trail(name, actuals, ids, state, where, first_audited, set())
            found += sorted(mine, key=lambda t: t.row_id)
            rows = actuals
        else:
            rows = _Rows(session, record)
            found += _by_trail(name, rows, rows.rows, state, where, first_audited, vouching_imports)
        for row_id, known in state.items():
            if known["exists"] and row_id not in rows:
                fields = known["fields"]
                place = where(fields.get("line_id"), fields.get("period_id"))
                found.append(_row(name, "deleted", row_id, place, old=_shown_value(fields)))
        if record is ActualRecord:
            deleted = _deleted_places(session) if len(witness.lines) else set()
            for at in witness.missing(actuals.columns, deleted, list(numbers)).tolist():
                place = where(int(witness.lines[at]), int(witness.periods[at]))
                found.append(_row(name, "deleted", 0, place, old=witness.value(at)))
    return found


def _by_trail(
    name: str,
    rows: _Table,
    ids: Iterable[int],
    state: dict[int, dict],
    where,
    first_audited: int | None,
    vouching_imports: set[int],
) -> list[Tampered]:
    """The rows ``ids`` judged by their own audit trail (or, without one, by what vouches for
    them: ``_vouched``)."""
    found = []
    for row_id in ids:
        known = state.get(row_id)
        if known is None or known["exists"] is None:
            if not _vouched(name, rows, row_id, first_audited, vouching_imports):
                found.append(_added(name, row_id, where(*rows.place(row_id)), rows))
            continue
        if known["exists"] is False:
            found.append(_added(name, row_id, where(*rows.place(row_id)), rows))
            continue
        fields = known["fields"]
        for field, expected in fields.items():
            if not rows.has(field):
                continue
            actual = rows.get(row_id, field)
            if not _same(expected, actual):
                # the row's place as the log knows it, if the tamperer moved it
                place = where(
                    fields.get("line_id", rows.get(row_id, "line_id")),
                    fields.get("period_id", rows.get(row_id, "period_id")),
                )
                found.append(_row(name, "changed", row_id, place, field, expected, actual))
    return found


def _witnessed(
    rows: _ActualRows, untrailed: np.ndarray, witness: WitnessColumns, vouching: set[int], where
) -> list[Tampered]:
    """The actuals with no trail of their own (``untrailed``): each compared with the witness
    of the import it names (added where that witness has nothing at its place, changed where
    it holds another value); one naming an import without a witness must name one the log saw
    (older imports wrote without a witness), or it was added."""
    columns = rows.columns
    loose = np.flatnonzero(untrailed & columns.plain())
    named = columns.imports[loose]
    covered = np.isin(named, witness.import_ids)
    found = []
    alone = loose[~covered & ~np.isin(named, np.fromiter(vouching, np.int64, len(vouching)))]
    checked = loose[covered]
    at = witness.lookup(columns.imports[checked], columns.lines[checked], columns.periods[checked])
    # With a witness: the same number and no text, or else (a level, shortfalls) compared alone.
    numeric = (at >= 0) & witness.numeric[np.maximum(at, 0)]
    value = columns.values[checked]
    texts = np.isin(checked, np.fromiter(columns.texts, np.int64, len(columns.texts)))
    same = numeric & (value == witness.numbers[np.maximum(at, 0)]) & ~texts
    for position in np.concatenate([alone, checked[at < 0]]).tolist():
        row_id = int(columns.ids[position])
        found.append(_added("actuals", row_id, where(*rows.place(row_id)), rows))
    differ = (at >= 0) & ~same
    for position, held in zip(checked[differ].tolist(), at[differ].tolist()):
        found += _against_witness(rows, int(columns.ids[position]), witness, held, where)
    # Rows holding text or a fraction where an id or a number belongs: one by one.
    witnessed = set(witness.import_ids.tolist())
    for position in sorted(p for p in columns.odd if untrailed[p]):
        row_id = int(columns.ids[position])
        import_id, place = rows.get(row_id, "import_id"), rows.place(row_id)
        if import_id not in witnessed:
            if import_id not in vouching:
                found.append(_added("actuals", row_id, where(*place), rows))
            continue
        held = -1
        if all(type(v) is int for v in (import_id, *place)):
            one = [np.asarray([v], dtype=np.int64) for v in (import_id, *place)]
            held = int(witness.lookup(*one)[0])
        if held < 0:
            found.append(_added("actuals", row_id, where(*place), rows))
        else:
            found += _against_witness(rows, row_id, witness, held, where)
    return found


def _against_witness(
    rows: _ActualRows, row_id: int, witness: WitnessColumns, held: int, where
) -> list[Tampered]:
    """One actual against what its import's witness holds at its place (``held``)."""
    expected = witness.value(held)
    if witness.numeric[held]:
        field, actual = "value", rows.get(row_id, "value")
        same = type(actual) in (int, float) and float(actual) == expected
        same = same and rows.get(row_id, "value_text") is None
    else:
        field, actual = "value_text", rows.get(row_id, "value_text")
        same = actual == expected and rows.get(row_id, "value") is None
    if same:
        return []
    place = where(*rows.place(row_id))
    return [_row("actuals", "changed", row_id, place, field, expected, actual)]


def tampered_official(session: Session, period: str) -> list[Tampered]:
    """The official results and corrections of ``period`` (its code) changed, added or
    deleted behind kpidesk's back: what is printed or exported from them must not be."""
    found = tampered_rows(session, (OfficialResultRecord, ResultCorrectionRecord))
    return [row for row in found if row.period in (period, None)]


def _deleted_places(session: Session) -> set[tuple[int, int]]:
    """(line, period) of every actual the log saw deleted: a witnessed place kpidesk emptied."""
    rows = session.execute(
        select(AUDIT.c.entity_id, AUDIT.c.field, AUDIT.c.old).where(
            AUDIT.c.entity == ActualRecord.__tablename__,
            AUDIT.c.action == "delete",
            AUDIT.c.field.in_(("line_id", "period_id")),
        )
    ).all()
    places: dict[int, dict[str, int]] = {}
    for row_id, field, old in rows:
        places.setdefault(row_id, {})[field] = old
    return {
        (p["line_id"], p["period_id"])
        for p in places.values()
        if isinstance(p.get("line_id"), int) and isinstance(p.get("period_id"), int)
    }


class _ActualRows:
    """The actuals as columns (``witness.ActualColumns``), read as ``_Rows`` reads a table:
    by id, a field at a time."""

    NAMES = ("id", "value", "value_text", "line_id", "period_id", "import_id")

    def __init__(self, columns: ActualColumns):
        self.columns = columns

    def __contains__(self, row_id: int) -> bool:
        return self.columns.position(row_id) is not None

    def has(self, name: str) -> bool:
        return name in self.NAMES

    def get(self, row_id: int, name: str):
        at = self.columns.position(row_id)
        if at is None:
            return None
        columns = self.columns
        odd = columns.odd.get(at)
        if odd is not None and name in odd:
            return odd[name]
        if name == "value":
            value = columns.values[at]
            return None if np.isnan(value) else float(value)
        if name == "value_text":
            return _json(columns.texts.get(at))
        if name == "import_id":
            held = int(columns.imports[at])
            return None if held == NONE else held
        array = {"id": columns.ids, "line_id": columns.lines, "period_id": columns.periods}
        return int(array[name][at]) if name in array else None

    def place(self, row_id: int) -> tuple:
        return self.get(row_id, "line_id"), self.get(row_id, "period_id")

    def trailed_mask(self, state: dict[int, dict], witness: WitnessColumns) -> np.ndarray:
        """Which rows have a trail of their own in the log. Not one whose id kpidesk deleted
        and an import took again afterwards (SQLite hands the highest id out again): that row
        is the import's, judged by its witness."""
        columns = self.columns
        ids = np.fromiter(
            (i for i, known in state.items() if known["exists"] is not None), np.int64
        )
        mask = np.isin(columns.ids, ids)
        witnessed_at = witness.written_at
        for row_id, known in state.items():
            if known["exists"] is not False or (at := columns.position(row_id)) is None:
                continue
            if witnessed_at.get(int(columns.imports[at]), -1) > known["at"]:
                mask[at] = False
        return mask


_Table: TypeAlias = "_Rows | _ActualRows"  # a table read for judging, by id and field


@dataclass(frozen=True)
class _Place:
    contract_id: int | None
    line_number: int | None
    kpi: str | None
    period: str | None


def _row(
    table: str,
    kind: str,
    row_id: int,
    place: _Place,
    field: str | None = None,
    old: object = None,
    new: object = None,
) -> Tampered:
    return Tampered(
        table=table,
        kind=kind,
        row_id=row_id,
        contract_id=place.contract_id,
        line_number=place.line_number,
        kpi=place.kpi,
        period=place.period,
        field=field,
        old=old,
        new=new,
    )


def _added(name: str, row_id: int, place: _Place, rows: _Table) -> Tampered:
    shown = {k: rows.get(row_id, k) for k in ("value", "value_text", "count")}
    return _row(name, "added", row_id, place, new=_shown_value(shown))


def _shown_value(fields: dict):
    """What a row held, in one value: an actual's number or level, an event's count."""
    for key in ("value", "value_text", "count"):
        if fields.get(key) is not None:
            return fields[key]
    return None


def _vouched(name: str, rows: _Table, row_id: int, first_audited, imports: set[int]) -> bool:
    """A row without a trail of its own that a legitimate path wrote all the same."""
    if name == "actuals":
        return rows.get(row_id, "import_id") in imports
    if name == "deduction_events":
        # events were audited from some day on; older ones have no trail and stay unjudged
        return first_audited is None or row_id < first_audited
    return False


def _audited_imports(session: Session) -> set[int]:
    """Imports whose own row the log saw inserted: the actuals they wrote are theirs."""
    logged = set(
        session.execute(
            select(AUDIT.c.entity_id).where(
                AUDIT.c.entity == ImportRecord.__tablename__, AUDIT.c.action == "insert"
            )
        ).scalars()
    )
    stored = set(session.execute(select(ImportRecord.id)).scalars())
    return logged & stored


def _line_numbers(session: Session) -> dict[int, tuple[int, int, str]]:
    """line id → (contract id, its number in the contract as shown, 1-based, KPI code)."""
    from .records import IndicatorRecord

    rows = session.execute(
        select(
            ContractLineRecord.id,
            ContractLineRecord.contract_id,
            IndicatorRecord.name,
        )
        .join(IndicatorRecord, ContractLineRecord.indicator_id == IndicatorRecord.id)
        .order_by(ContractLineRecord.contract_id, ContractLineRecord.sort, ContractLineRecord.id)
    ).all()
    result: dict[int, tuple[int, int, str]] = {}
    counters: dict[int, int] = {}
    for line_id, contract_id, kpi in rows:
        counters[contract_id] = counters.get(contract_id, 0) + 1
        result[line_id] = (contract_id, counters[contract_id], kpi)
    return result


def unsealed_contracts(session: Session) -> list[int]:
    """Contracts whose status is sealed (signed, closed) but whose signing hash is gone: signing
    always stores one, so it was cleared behind kpidesk's back. One statement."""
    from kpidesk.core.lifecycle import LIFECYCLE

    from .records import ContractRecord

    rows = session.execute(
        select(ContractRecord.id, ContractRecord.status, ContractRecord.content_hash).order_by(
            ContractRecord.id
        )
    ).all()
    return [i for i, status, digest in rows if LIFECYCLE.is_sealed(status) and not digest]
