"""The organisation and its people as the organisation editor reads and changes them: units,
positions, employees and assignments, with what refers to each (so a delete can be refused with
the reason) and snapshots that put a deleted row back with its id (undo). Every change goes
through ORM objects, so storage/audit.py records it at flush."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpidesk.core.model import Position, Unit
from kpidesk.core.org import Assignment, PositionUse, UnitUse
from kpidesk.core.problems import InputError, term
from kpidesk.i18n import N_

from .firm_repo import FirmRepository, NotFound
from .stored_values import unreadable_ids
from .records import (
    AssignmentRecord,
    ContractRecord,
    EmployeeRecord,
    PositionRecord,
    TreeNodeRecord,
    UnitRecord,
    YearRecord,
)

UNIT_FIELDS = ("code", "name", "kind", "parent_id", "sort", "archived")
POSITION_FIELDS = (
    "code",
    "name",
    "unit_id",
    "key_position",
    "employee_class",
    "reports_to_id",
    "sort",
    "archived",
)
EMPLOYEE_FIELDS = ("code", "name", "sample", "archived")


def _get(session: Session, record, key: int, what: str):
    found = session.get(record, key)
    if found is None:
        raise NotFound(N_("no {what} with id {id}"), what=term(what), id=key)
    return found


class OrgRepository:
    def __init__(self, session: Session):
        self.session = session

    # reading ----------------------------------------------------------------------------------
    def unit(self, unit_id: int) -> UnitRecord:
        return _get(self.session, UnitRecord, unit_id, N_("unit"))

    def position(self, position_id: int) -> PositionRecord:
        return _get(self.session, PositionRecord, position_id, N_("position"))

    def employee(self, employee_id: int) -> EmployeeRecord:
        return _get(self.session, EmployeeRecord, employee_id, N_("employee"))

    def assignment(self, assignment_id: int) -> AssignmentRecord:
        return _get(self.session, AssignmentRecord, assignment_id, N_("assignment"))

    def codes(self, record) -> list[str]:
        return list(self.session.scalars(select(record.code)))

    def code_taken(self, record, code: str, but: int | None = None) -> bool:
        found = self.session.scalars(select(record.id).where(record.code == code)).first()
        return found is not None and found != but

    def child_kinds(self, unit_id: int) -> list[str]:
        return list(
            self.session.scalars(
                select(UnitRecord.kind).where(
                    UnitRecord.parent_id == unit_id, UnitRecord.archived.is_(False)
                )
            )
        )

    def next_sort(self, record, **where) -> int:
        """After the last of its siblings."""
        column = getattr(record, next(iter(where)))
        value = next(iter(where.values()))
        condition = column.is_(None) if value is None else column == value
        return (self.session.scalar(select(func.max(record.sort)).where(condition)) or 0) + 1

    def sort_after(self, record, after_id: int, **where) -> int:
        """The place just after ``after_id`` among its siblings (``where``: the parent): the
        siblings are numbered again in their order with a gap there, and the gap returned."""
        column = getattr(record, next(iter(where)))
        value = next(iter(where.values()))
        condition = column.is_(None) if value is None else column == value
        place = 0
        gap = None
        for sibling in self.session.scalars(
            select(record).where(condition).order_by(record.sort, record.id)
        ):
            if sibling.sort != place:
                sibling.sort = place
            place += 1
            if sibling.id == after_id:
                gap, place = place, place + 1
        self.session.flush()
        return place if gap is None else gap

    def tree(
        self, year: int, show_archived: bool = False
    ) -> tuple[list[Unit], dict[int, list[Position]], dict[tuple[str, int], dict]]:
        """What the organisation tree shows: units, positions by unit (archived ones left out
        unless asked) and details by ("unit" | "position", id): archived; a position's key
        flag, employee class and whom it reports to (id and name)."""
        firm = FirmRepository(self.session)
        archived_units = set(
            self.session.scalars(select(UnitRecord.id).where(UnitRecord.archived.is_(True)))
        )
        names = dict(self.session.execute(select(PositionRecord.id, PositionRecord.name)).all())
        details: dict[tuple[str, int], dict] = {
            ("position", pid): {
                "key_position": key,
                "employee_class": employee_class,
                "reports_to_id": boss,
                "reports_to": names.get(boss) if boss else None,
                "archived": archived,
            }
            for pid, key, employee_class, boss, archived in self.session.execute(
                select(
                    PositionRecord.id,
                    PositionRecord.key_position,
                    PositionRecord.employee_class,
                    PositionRecord.reports_to_id,
                    PositionRecord.archived,
                )
            )
        }
        # Every holder on the last day of the year (the holder column's day): a position that
        # is not key may have several, and the tree says how many rather than one of them.
        for pid, held in self.holders_by_position(date(year, 12, 31)).items():
            if ("position", pid) in details:
                details[("position", pid)]["holders"] = held
        details.update({("unit", uid): {"archived": True} for uid in archived_units})
        units = firm.units()
        positions = firm.all_positions(year)
        if not show_archived:
            # A unit archived takes its sub-units out of the working tree with it.
            hidden, parents = set(archived_units), {u.id: u.parent_id for u in units}
            for unit in units:
                ancestor = unit.parent_id
                while ancestor is not None and unit.id not in hidden:
                    if ancestor in archived_units:
                        hidden.add(unit.id)
                    ancestor = parents.get(ancestor)
            units = [u for u in units if u.id not in hidden]
            positions = {
                unit_id: [p for p in kept if not details[("position", p.id)]["archived"]]
                for unit_id, kept in positions.items()
                if unit_id not in hidden
            }
        return units, positions, details

    def unit_names(self, parent_id: int | None, but: int | None = None) -> list[str]:
        """The names of the units under ``parent_id`` (None: the top), archived ones too (a
        roster path or an unarchive would meet them), ``but`` left out."""
        condition = (
            UnitRecord.parent_id.is_(None)
            if parent_id is None
            else UnitRecord.parent_id == parent_id
        )
        return list(
            self.session.scalars(select(UnitRecord.name).where(condition, UnitRecord.id != but))
        )

    def position_names(self, unit_id: int, but: int | None = None) -> list[str]:
        return list(
            self.session.scalars(
                select(PositionRecord.name).where(
                    PositionRecord.unit_id == unit_id, PositionRecord.id != but
                )
            )
        )

    def archived_unit(self, unit_id: int) -> UnitRecord | None:
        """The unit itself or the first of its ancestors that is archived (which takes the
        unit out of the working tree with it), or None."""
        unit: UnitRecord | None = self.unit(unit_id)
        while unit is not None:
            if unit.archived:
                return unit
            unit = self.session.get(UnitRecord, unit.parent_id) if unit.parent_id else None
        return None

    def unit_subtree(self, unit_id: int) -> list[int]:
        """The unit and every unit below it."""
        found, todo = [], [unit_id]
        while todo:
            current = todo.pop()
            found.append(current)
            todo.extend(
                self.session.scalars(select(UnitRecord.id).where(UnitRecord.parent_id == current))
            )
        return found

    def positions_of(self, unit_ids: list[int]) -> list[int]:
        return list(
            self.session.scalars(
                select(PositionRecord.id).where(PositionRecord.unit_id.in_(unit_ids))
            )
        )

    def holders_in(self, position_ids: list[int], on: date) -> list[str]:
        """The people who hold one of ``position_ids`` on ``on`` or from a later day."""
        return list(
            self.session.scalars(
                select(EmployeeRecord.name)
                .join(AssignmentRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
                .where(
                    AssignmentRecord.position_id.in_(position_ids),
                    AssignmentRecord.end.is_(None) | (AssignmentRecord.end >= on),
                )
                .order_by(AssignmentRecord.start, AssignmentRecord.id)
            )
        )

    def open_contracts(self, position_ids: list[int], year: int) -> list[str]:
        """The contracts of ``year`` for ``position_ids`` that are not closed, each said as its
        position and contractee ("营业厅营业员 (吴佳怡)")."""
        found = []
        for position, contractee in self.session.execute(
            select(PositionRecord.name, EmployeeRecord.name)
            .select_from(ContractRecord)
            .join(PositionRecord, PositionRecord.id == ContractRecord.position_id)
            .join(YearRecord, YearRecord.id == ContractRecord.year_id)
            .outerjoin(EmployeeRecord, EmployeeRecord.id == ContractRecord.contractee_id)
            .where(
                ContractRecord.position_id.in_(position_ids),
                YearRecord.year == year,
                ContractRecord.status != "closed",
            )
            .order_by(ContractRecord.id)
        ):
            found.append(f"{position} ({contractee})" if contractee else position)
        return found

    def holders_by_position(self, on: date) -> dict[int, list[str]]:
        """Everyone holding each position on ``on``, earliest first: a position that is not
        key may have several."""
        holders: dict[int, list[str]] = {}
        for position_id, name in self.session.execute(
            select(AssignmentRecord.position_id, EmployeeRecord.name)
            .join(EmployeeRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
            .where(
                AssignmentRecord.start <= on,
                AssignmentRecord.end.is_(None) | (AssignmentRecord.end >= on),
            )
            .order_by(AssignmentRecord.start, AssignmentRecord.id)
        ):
            holders.setdefault(position_id, []).append(name)
        return holders

    def _count(self, column, value) -> int:
        return self.session.scalar(select(func.count()).where(column == value)) or 0

    def unit_use(self, unit_id: int) -> UnitUse:
        return UnitUse(
            sub_units=self._count(UnitRecord.parent_id, unit_id),
            positions=self._count(PositionRecord.unit_id, unit_id),
            tree_nodes=self._count(TreeNodeRecord.owner_unit_id, unit_id),
        )

    def position_use(self, position_id: int) -> PositionUse:
        return PositionUse(
            contracts=self._count(ContractRecord.position_id, position_id),
            assignments=self._count(AssignmentRecord.position_id, position_id),
            tree_nodes=self._count(TreeNodeRecord.owner_position_id, position_id),
            reports=self._count(PositionRecord.reports_to_id, position_id),
        )

    def reports_to(self) -> dict[int, int | None]:
        return dict(
            self.session.execute(select(PositionRecord.id, PositionRecord.reports_to_id)).all()
        )

    def assignments(
        self, *, employee_id: int | None = None, position_id: int | None = None
    ) -> list[Assignment]:
        statement = select(AssignmentRecord).order_by(AssignmentRecord.start, AssignmentRecord.id)
        if employee_id is not None and position_id is not None:
            statement = statement.where(
                (AssignmentRecord.employee_id == employee_id)
                | (AssignmentRecord.position_id == position_id)
            )
        elif employee_id is not None:
            statement = statement.where(AssignmentRecord.employee_id == employee_id)
        elif position_id is not None:
            statement = statement.where(AssignmentRecord.position_id == position_id)
        return [
            Assignment(r.id, r.employee_id, r.position_id, r.start, r.end)
            for r in self.session.scalars(statement)
        ]

    def people_rows(self, year: int):
        """Everything the people page reads, in four queries: employees, assignments with their
        position and unit names, positions with their unit, and the positions that have a
        contract for ``year``."""
        employees = list(
            self.session.execute(
                select(
                    EmployeeRecord.id,
                    EmployeeRecord.code,
                    EmployeeRecord.name,
                    EmployeeRecord.archived,
                ).order_by(EmployeeRecord.id)  # as they joined
            )
        )
        held = select(
            AssignmentRecord.id,
            AssignmentRecord.employee_id,
            AssignmentRecord.position_id,
            AssignmentRecord.start,
            AssignmentRecord.end,
        ).order_by(AssignmentRecord.start, AssignmentRecord.id)
        try:
            assignments = list(self.session.execute(held))
        except ValueError:  # a date written outside kpidesk: the page opens without that row
            unreadable = unreadable_ids(self.session, "assignments")  # (check names it)
            if not unreadable:
                raise
            assignments = list(
                self.session.execute(held.where(AssignmentRecord.id.not_in(unreadable)))
            )
        positions = {
            pid: (name, unit, key, archived or unit_archived)
            for pid, name, unit, key, archived, unit_archived in self.session.execute(
                select(
                    PositionRecord.id,
                    PositionRecord.name,
                    UnitRecord.name,
                    PositionRecord.key_position,
                    PositionRecord.archived,
                    UnitRecord.archived,
                )
                .join(UnitRecord, UnitRecord.id == PositionRecord.unit_id)
                .order_by(UnitRecord.sort, UnitRecord.id, PositionRecord.sort, PositionRecord.id)
            )
        }
        with_contract = set(
            self.session.scalars(
                select(ContractRecord.position_id)
                .join(YearRecord, YearRecord.id == ContractRecord.year_id)
                .where(YearRecord.year == year)
            )
        )
        return employees, assignments, positions, with_contract

    # snapshots: a deleted row put back with its id ---------------------------------------------
    def snapshot(self, record, fields: tuple[str, ...]) -> dict:
        return {"id": record.id, **{f: getattr(record, f) for f in fields}}

    def restore(self, record_type, snapshot: dict) -> int:
        """Insert ``snapshot`` again with its id (an id taken meanwhile gives way to a new one)."""
        key = snapshot["id"] if self.session.get(record_type, snapshot["id"]) is None else None
        record = record_type(**{**snapshot, "id": key})
        self.session.add(record)
        self.session.flush()
        return record.id

    def delete(self, record) -> None:
        self.session.delete(record)
        self.session.flush()

    # writing ----------------------------------------------------------------------------------
    def add(self, record) -> int:
        self.session.add(record)
        self.session.flush()
        return record.id

    def set(self, record, field: str, value) -> object:
        """One field; returns the old value."""
        old = getattr(record, field)
        setattr(record, field, value)
        self.session.flush()
        return old

    def check_code(self, record, code: str, but: int | None = None) -> None:
        if not code.strip():
            raise InputError(N_("A code cannot be empty."), "code")
        if self.code_taken(record, code, but):
            raise InputError(N_("The code {code} is already taken."), "code", code=code)
