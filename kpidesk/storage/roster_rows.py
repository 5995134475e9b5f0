"""The organisation as the roster import plans against it, and the plan written.

New units (level by level), positions, people and assignments are inserted in bulk, one
executemany a table, each with the audit rows the flush hook writes for a new row (every audited
field, its value) in one more statement; the few updates (a person renamed, a position's key
flag, an assignment ended) go through ORM objects, audited by the hook. Either way every row the
roster creates or changes is audited, and ``Document.transaction`` seals them into the chain.
The import itself is one ``imports`` row, as an import of actuals is."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from kpidesk.core.roster import (
    OrgAssignment,
    Organisation,
    OrgPerson,
    OrgPosition,
    OrgUnit,
    RosterPlan,
    UnitPath,
)

from .audit import AUDITED, AuditRecord, default_actor
from .audit import _plain as plain
from .bulk_actuals import Origin
from .records import (
    AssignmentRecord,
    EmployeeRecord,
    ImportRecord,
    PositionRecord,
    UnitRecord,
)

AUDIT: Table = AuditRecord.__table__  # type: ignore[assignment]  # a declared table is a Table


def organisation(session: Session) -> Organisation:
    """Units, positions, people and assignments as plain data, four queries."""
    units = [
        OrgUnit(*row)
        for row in session.execute(
            select(
                UnitRecord.id,
                UnitRecord.parent_id,
                UnitRecord.code,
                UnitRecord.name,
                UnitRecord.archived,
                UnitRecord.kind,
            ).order_by(UnitRecord.sort, UnitRecord.id)
        )
    ]
    positions = [
        OrgPosition(*row)
        for row in session.execute(
            select(
                PositionRecord.id,
                PositionRecord.unit_id,
                PositionRecord.code,
                PositionRecord.name,
                PositionRecord.key_position,
                PositionRecord.employee_class,
                PositionRecord.archived,
            ).order_by(PositionRecord.sort, PositionRecord.id)
        )
    ]
    people = [
        OrgPerson(*row)
        for row in session.execute(
            select(
                EmployeeRecord.id, EmployeeRecord.code, EmployeeRecord.name, EmployeeRecord.archived
            ).order_by(EmployeeRecord.id)
        )
    ]
    assignments = [
        OrgAssignment(*row)
        for row in session.execute(
            select(
                AssignmentRecord.id,
                AssignmentRecord.employee_id,
                AssignmentRecord.position_id,
                AssignmentRecord.start,
                AssignmentRecord.end,
            ).order_by(AssignmentRecord.id)
        )
    ]
    return Organisation(units, positions, people, assignments)


def write_plan(session: Session, plan: RosterPlan, origin: Origin) -> ImportRecord | None:
    """Carry ``plan`` out in ``session`` (the caller's transaction); returns the import's record,
    or None when the plan changes nothing (re-importing the same roster leaves no trace)."""
    if plan.changes_nothing:
        return None
    audit = _Audit(session)
    unit_ids = _units(session, plan, audit)
    after = _last_sort(session, PositionRecord)  # new rows come after the existing ones
    new_positions = audit.insert(
        PositionRecord,
        [
            {
                "sort": after + number,
                "code": position.code,
                "name": position.name,
                "unit_id": position.unit_id
                if position.unit_id is not None
                else unit_ids[position.unit_path],
                "key_position": position.key_position,
                "employee_class": position.employee_class,
            }
            for number, position in enumerate(plan.positions, start=1)
        ],
    )
    audit.insert(EmployeeRecord, [{"code": p.code, "name": p.name} for p in plan.people])
    _update_positions(session, plan)
    _update_people(session, plan)
    _end_assignments(session, plan)
    session.flush()  # the updates and ends above, audited by the flush hook
    position_ids = {
        (position.unit_path, position.name): record_id
        for position, record_id in zip(plan.positions, new_positions)
    }
    people_ids = dict(session.execute(select(EmployeeRecord.code, EmployeeRecord.id)).all())
    audit.insert(
        AssignmentRecord,
        [
            {
                "employee_id": people_ids[start.employee_code],
                "position_id": start.position_id
                if start.position_id is not None
                else position_ids[start.position_key],
                "start": start.start,
            }
            for start in plan.starts
        ],
    )
    counts = plan.counts()
    record = ImportRecord(
        at=datetime.now().replace(microsecond=0),
        who=origin.actor,
        file=origin.file,
        sha256=origin.sha256,
        inserted=counts["units"] + counts["positions"] + counts["people"] + counts["assignments"],
        updated=len(plan.position_updates) + len(plan.person_updates) + len(plan.ends),
    )
    session.add(record)
    session.flush()
    return record


_New = type[UnitRecord] | type[PositionRecord] | type[EmployeeRecord] | type[AssignmentRecord]


class _Audit:
    """New rows inserted in bulk (one executemany per table, their ids returned in order) with
    the audit rows the flush hook would have written for them, also in one statement: the
    same entries — every audited field of every new row, "insert", no old value — for a
    thousandth of the cost of flushing thousands of ORM objects through the hook."""

    def __init__(self, session: Session):
        self.session = session
        self.who = session.info.get("actor") or default_actor()
        self.at = datetime.now().replace(microsecond=0)

    def insert(self, record: _New, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        table: Table = record.__table__  # type: ignore[assignment]  # a declared table is a Table
        ids = list(
            self.session.scalars(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            )
        )
        entity = record.__tablename__
        self.session.execute(
            insert(AUDIT),
            [
                {
                    "at": self.at,
                    "who": self.who,
                    "action": "insert",
                    "entity": entity,
                    "entity_id": row_id,
                    "field": field,
                    "old": None,
                    "new": plain(row.get(field)),
                }
                for row_id, row in zip(ids, rows, strict=True)
                for field in AUDITED[record]
            ],
        )
        return ids


def _units(session: Session, plan: RosterPlan, audit: _Audit) -> dict[UnitPath, int]:
    """New units level by level (a unit's parent may be new too): their ids by path."""
    ids: dict[UnitPath, int] = {}
    by_depth: dict[int, list] = {}
    for unit in plan.units:
        by_depth.setdefault(len(unit.path), []).append(unit)
    sort = dict((unit.path, number) for number, unit in enumerate(plan.units, start=1))
    after = _last_sort(session, UnitRecord)  # in the tree, after the units already there
    for depth in sorted(by_depth):
        rows = [
            {
                "sort": after + sort[unit.path],
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind,
                "parent_id": unit.parent_id
                if unit.parent_id is not None or depth == 1
                else ids[unit.parent_path],
            }
            for unit in by_depth[depth]
        ]
        new = audit.insert(UnitRecord, rows)
        ids.update((unit.path, record_id) for unit, record_id in zip(by_depth[depth], new))
    return ids


def _last_sort(session: Session, record) -> int:
    return session.scalar(select(func.max(record.sort))) or 0


R = TypeVar("R", PositionRecord, EmployeeRecord, AssignmentRecord)


def _records(session: Session, record: type[R], ids: list[int]) -> dict[int, R]:
    if not ids:
        return {}
    found: dict[int, R] = {}
    for start in range(0, len(ids), 500):  # within every engine's limit of bound parameters
        chunk = ids[start : start + 500]
        found.update((r.id, r) for r in session.scalars(select(record).where(record.id.in_(chunk))))
    return found


def _update_positions(session: Session, plan: RosterPlan) -> None:
    records = _records(session, PositionRecord, [u.position_id for u in plan.position_updates])
    for update in plan.position_updates:
        position = records[update.position_id]
        if update.key_position is not None:
            position.key_position = update.key_position
        if update.employee_class is not None:
            position.employee_class = update.employee_class


def _update_people(session: Session, plan: RosterPlan) -> None:
    records = _records(session, EmployeeRecord, [u.person_id for u in plan.person_updates])
    for update in plan.person_updates:
        person = records[update.person_id]
        person.name = update.name
        if update.returns:
            person.archived = False


def _end_assignments(session: Session, plan: RosterPlan) -> None:
    records = _records(session, AssignmentRecord, [e.assignment_id for e in plan.ends])
    for end in plan.ends:
        records[end.assignment_id].end = end.end
