"""Setting up the organisation and its people by hand: units, positions, employees and who
holds what from when. Each call is one transaction returning an ``OpResult`` whose undo is
another call here (whose own result carries the redo); a refusal raises ``EditRefused`` with
the reason ``core.org`` words. Storage audits every row at flush."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from kpidesk.core import org as rules
from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.model import Position, Unit
from kpidesk.core.org import (
    EMPLOYEE_CODE_PREFIX,
    POSITION_CODE_PREFIX,
    UNIT_CODE_PREFIX,
    HeldPosition,
    People,
    PersonRow,
    VacantPosition,
)
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_
from kpidesk.services.editing import EditRefused, edit_transaction
from kpidesk.storage.document import Document
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.org_repo import (
    EMPLOYEE_FIELDS,
    POSITION_FIELDS,
    UNIT_FIELDS,
    OrgRepository,
)
from kpidesk.storage.records import (
    AssignmentRecord,
    EmployeeRecord,
    PositionRecord,
    UnitRecord,
)

ORGANISATION = Changes(organisation=True)


def _refuse(problem: Problem | None) -> None:
    if problem is not None:
        raise EditRefused(problem)


class OrgEdits:
    def __init__(self, document: Document):
        self.document = document

    @contextmanager
    def _edit(self):
        with edit_transaction(self.document) as session:
            yield OrgRepository(session)

    def _year(self, repo: OrgRepository) -> int:
        return FirmRepository(repo.session).policy().year()

    def _refuse_archived_unit(self, repo: OrgRepository, unit_id: int) -> None:
        """Nothing new goes into a unit out of the working tree (itself or a parent archived)."""
        archived = repo.archived_unit(unit_id)
        if archived is not None:
            _refuse(rules.archived_refusal(archived.name, N_("unit")))

    def _archive_problem(self, repo: OrgRepository, kind: str, item_id: int) -> Problem | None:
        """Archiving hides what runs there: refused while someone holds a position of the
        unit (or below it) or the position itself today or later, or a contract of the year
        for one is not closed."""
        if kind == "unit":
            name, position_ids = (
                repo.unit(item_id).name,
                repo.positions_of(repo.unit_subtree(item_id)),
            )
        else:
            name, position_ids = repo.position(item_id).name, [item_id]
        year = self._year(repo)
        today = min(date.today(), date(year, 12, 31))
        return rules.archive_refusal(
            name, repo.holders_in(position_ids, today), repo.open_contracts(position_ids, year)
        )

    def free_unit_name(self, parent_id: int | None, base: str) -> str:
        """``base`` or ``base 2`` …: a name no unit under ``parent_id`` has yet."""
        with self.document.reading() as session:
            return rules.free_name(base, OrgRepository(session).unit_names(parent_id))

    def free_position_name(self, unit_id: int, base: str) -> str:
        with self.document.reading() as session:
            return rules.free_name(base, OrgRepository(session).position_names(unit_id))

    # reads -----------------------------------------------------------------------------------
    def tree(
        self, show_archived: bool = False
    ) -> tuple[list[Unit], dict[int, list[Position]], dict[tuple[str, int], dict]]:
        """The organisation tree's rows for the firm's year (archived ones left out unless
        asked), with each position's details."""
        with self.document.reading() as session:
            repo = OrgRepository(session)
            return repo.tree(self._year(repo), show_archived)

    def year(self) -> int:
        with self.document.reading() as session:
            return self._year(OrgRepository(session))

    def unit_details(self, unit_id: int) -> dict:
        with self.document.reading() as session:
            repo = OrgRepository(session)
            unit = repo.unit(unit_id)
            parent = repo.unit(unit.parent_id) if unit.parent_id else None
            return {
                "name": unit.name,
                "unit_kind": unit.kind,
                "parent_id": unit.parent_id,
                "archived": unit.archived,
                "parent_kind": parent.kind if parent else None,
                "child_kinds": repo.child_kinds(unit_id),
            }

    def deletion_refusal(self, kind: str, item_id: int) -> Problem | None:
        """Why the unit or position cannot be deleted (what refers to it), or None: asked
        before a delete, so the user can be offered to archive it instead."""
        with self.document.reading() as session:
            repo = OrgRepository(session)
            if kind == "unit":
                unit = repo.unit(item_id)
                return rules.deletion_refusal(unit.name, repo.unit_use(item_id))
            position = repo.position(item_id)
            return rules.deletion_refusal(position.name, repo.position_use(item_id))

    def archive_refusal(self, kind: str, item_id: int) -> Problem | None:
        """Why the unit or position cannot be archived now (who still holds a position there,
        which contracts of the year are open), or None: asked before offering to archive."""
        with self.document.reading() as session:
            return self._archive_problem(OrgRepository(session), kind, item_id)

    def position_details(self, position_id: int) -> dict:
        with self.document.reading() as session:
            position = OrgRepository(session).position(position_id)
            return {
                "name": position.name,
                "unit_id": position.unit_id,
                "key_position": position.key_position,
                "employee_class": position.employee_class,
                "reports_to_id": position.reports_to_id,
                "archived": position.archived,
            }

    def today(self) -> date:
        """The day "now" means for the firm: today, or the last day of its year when that is
        past (the demo's 2003)."""
        return min(date.today(), date(self.year(), 12, 31))

    def people(self, on: date | None = None) -> People:
        """Each employee with the positions they hold on ``on`` (default: today, or the end of
        the firm's year when that is past) and their history; the positions nobody holds; the
        holders of key positions without a contract for the year."""
        with self.document.reading() as session:
            repo = OrgRepository(session)
            year = self._year(repo)
            on = on or min(date.today(), date(year, 12, 31))
            employees, assignments, positions, with_contract = repo.people_rows(year)
        history: dict[int, list[HeldPosition]] = {}
        held: set[int] = set()
        for assignment_id, employee_id, position_id, start, end in assignments:
            name, unit, _key, _archived = positions[position_id]
            history.setdefault(employee_id, []).append(
                HeldPosition(assignment_id, position_id, name, unit, start, end)
            )
            if start <= on and (end is None or end >= on):
                held.add(position_id)
        persons: list[PersonRow] = []
        missing: list[tuple[int, int]] = []
        for employee_id, code, name, archived in employees:
            past = tuple(history.get(employee_id, ()))
            current = tuple(h for h in past if h.start <= on and (h.end is None or h.end >= on))
            key_held = [h for h in current if positions[h.position_id][2]]
            lacking = [h for h in key_held if h.position_id not in with_contract]
            missing.extend((employee_id, h.position_id) for h in lacking)
            persons.append(
                PersonRow(
                    employee_id,
                    code,
                    name,
                    bool(archived),
                    current,
                    past,
                    (not lacking) if key_held else None,
                )
            )
        vacant = tuple(
            VacantPosition(pid, name, unit)
            for pid, (name, unit, _key, archived) in positions.items()
            if pid not in held and not archived
        )
        return People(tuple(persons), vacant, tuple(missing))

    # units -----------------------------------------------------------------------------------
    def add_unit(
        self,
        parent_id: int | None,
        name: str,
        kind: str | None = None,
        code: str | None = None,
        after: int | None = None,
    ) -> OpResult:
        """A unit under ``parent_id`` (None: at the top), just after its sibling ``after`` or
        else after them all; the kind defaults to the level below the parent, the code to the
        next free U001…. Undone by deleting it."""
        _refuse(rules.name_refusal(name, N_("unit")))
        with self._edit() as repo:
            parent = repo.unit(parent_id) if parent_id is not None else None
            parent_kind = parent.kind if parent is not None else None
            if parent_id is not None:
                self._refuse_archived_unit(repo, parent_id)
            _refuse(
                rules.sibling_unit_refusal(
                    name, parent.name if parent else None, repo.unit_names(parent_id)
                )
            )
            kind = kind or rules.child_kind(parent_kind)
            _refuse(rules.kind_refusal(name, kind, parent_kind))
            if code:
                repo.check_code(UnitRecord, code)
            code = code or rules.next_code(UNIT_CODE_PREFIX, repo.codes(UnitRecord))
            unit_id = repo.add(
                UnitRecord(
                    code=code,
                    name=name.strip(),
                    kind=kind,
                    parent_id=parent_id,
                    sort=repo.next_sort(UnitRecord, parent_id=parent_id)
                    if after is None
                    else repo.sort_after(UnitRecord, after, parent_id=parent_id),
                )
            )
        return OpResult(unit_id, ORGANISATION, lambda: self.delete_unit(unit_id))

    def _set_unit(self, unit_id: int, field: str, value) -> OpResult:
        with self._edit() as repo:
            old = repo.set(repo.unit(unit_id), field, value)
        return OpResult(old, ORGANISATION, lambda: self._set_unit(unit_id, field, old))

    def rename_unit(self, unit_id: int, name: str) -> OpResult:
        """A new name, which no sibling unit may have already."""
        _refuse(rules.name_refusal(name, N_("unit")))
        with self._edit() as repo:
            unit = repo.unit(unit_id)
            parent = repo.unit(unit.parent_id) if unit.parent_id else None
            siblings = repo.unit_names(unit.parent_id, but=unit_id)
            _refuse(rules.sibling_unit_refusal(name, parent.name if parent else None, siblings))
            old = repo.set(unit, "name", name.strip())
        return OpResult(old, ORGANISATION, lambda: self._set_unit(unit_id, "name", old))

    def set_unit_kind(self, unit_id: int, kind: str) -> OpResult:
        """A unit's kind, which must rank below its parent's and above its sub-units'."""
        with self._edit() as repo:
            unit = repo.unit(unit_id)
            parent_kind = repo.unit(unit.parent_id).kind if unit.parent_id else None
            _refuse(rules.kind_refusal(unit.name, kind, parent_kind, repo.child_kinds(unit_id)))
            old = repo.set(unit, "kind", kind)
        return OpResult(old, ORGANISATION, lambda: self._set_unit(unit_id, "kind", old))

    def delete_unit(self, unit_id: int) -> OpResult:
        """Only an empty, unreferenced unit goes: one with sub-units, positions (even archived)
        or value-tree nodes it owns is refused with them named (archive it instead). The undo
        puts it back with its id."""
        with self._edit() as repo:
            unit = repo.unit(unit_id)
            _refuse(rules.deletion_refusal(unit.name, repo.unit_use(unit_id)))
            snapshot = repo.snapshot(unit, UNIT_FIELDS)
            repo.delete(unit)
        return OpResult(snapshot, ORGANISATION, lambda: self.restore_unit(snapshot))

    def restore_unit(self, snapshot: dict) -> OpResult:
        """Undo of ``delete_unit`` (redo of ``add_unit``): the unit as it was, with its id."""
        with self._edit() as repo:
            unit_id = repo.restore(UnitRecord, snapshot)
        return OpResult(unit_id, ORGANISATION, lambda: self.delete_unit(unit_id))

    def archive_unit(self, unit_id: int, archived: bool = True) -> OpResult:
        """The unit (and what it holds) leaves the working tree; contracts and history keep
        naming it. Refused while someone holds a position in it or below it, or a contract of
        the year for one is not closed (they would vanish): the message names them. The undo
        brings it back (``archived=False`` unarchives)."""
        if archived:
            _refuse(self.archive_refusal("unit", unit_id))
        return self._set_unit(unit_id, "archived", archived)

    def unarchive_unit(self, unit_id: int) -> OpResult:
        return self.archive_unit(unit_id, False)

    # positions -------------------------------------------------------------------------------
    def add_position(
        self,
        unit_id: int,
        name: str,
        *,
        key: bool = True,
        employee_class: str = "management",
        reports_to: int | None = None,
        code: str | None = None,
        after: int | None = None,
    ) -> OpResult:
        """A position of ``unit_id`` just after its position ``after`` or else after them all
        (code P001… unless given); undone by deleting it."""
        _refuse(rules.name_refusal(name, N_("position")))
        _refuse(rules.employee_class_refusal(employee_class))
        with self._edit() as repo:
            unit = repo.unit(unit_id)
            self._refuse_archived_unit(repo, unit_id)
            _refuse(rules.position_name_refusal(name, unit.name, repo.position_names(unit_id)))
            if code:
                repo.check_code(PositionRecord, code)
            code = code or rules.next_code(POSITION_CODE_PREFIX, repo.codes(PositionRecord))
            position_id = repo.add(
                PositionRecord(
                    code=code,
                    name=name.strip(),
                    unit_id=unit_id,
                    key_position=key,
                    employee_class=employee_class,
                    reports_to_id=reports_to,
                    sort=repo.next_sort(PositionRecord, unit_id=unit_id)
                    if after is None
                    else repo.sort_after(PositionRecord, after, unit_id=unit_id),
                )
            )
        return OpResult(position_id, ORGANISATION, lambda: self.delete_position(position_id))

    def _set_position(self, position_id: int, field: str, value) -> OpResult:
        with self._edit() as repo:
            old = repo.set(repo.position(position_id), field, value)
        return OpResult(old, ORGANISATION, lambda: self._set_position(position_id, field, old))

    def rename_position(self, position_id: int, name: str) -> OpResult:
        """A new name, which no other position of its unit may have already."""
        _refuse(rules.name_refusal(name, N_("position")))
        with self._edit() as repo:
            position = repo.position(position_id)
            others = repo.position_names(position.unit_id, but=position_id)
            _refuse(rules.position_name_refusal(name, repo.unit(position.unit_id).name, others))
            old = repo.set(position, "name", name.strip())
        return OpResult(old, ORGANISATION, lambda: self._set_position(position_id, "name", old))

    def set_key_position(self, position_id: int, key: bool) -> OpResult:
        return self._set_position(position_id, "key_position", bool(key))

    def set_employee_class(self, position_id: int, employee_class: str) -> OpResult:
        """The class whose §7 period shares the position's contracts are aggregated with."""
        _refuse(rules.employee_class_refusal(employee_class))
        return self._set_position(position_id, "employee_class", employee_class)

    def set_reports_to(self, position_id: int, boss_id: int | None) -> OpResult:
        """Whom the position reports to (its 发约人's position); refused when that would make
        it report to itself or to a position below it."""
        with self._edit() as repo:
            position = repo.position(position_id)
            if boss_id is not None:
                repo.position(boss_id)
            _refuse(
                rules.reports_to_refusal(position_id, boss_id, repo.reports_to(), position.name)
            )
            old = repo.set(position, "reports_to_id", boss_id)
        return OpResult(
            old, ORGANISATION, lambda: self._set_position(position_id, "reports_to_id", old)
        )

    def delete_position(self, position_id: int) -> OpResult:
        """Only an unreferenced position goes: contracts, holders past or present, value-tree
        nodes it owns or positions reporting to it refuse the delete, named (archive it
        instead). The undo puts it back with its id."""
        with self._edit() as repo:
            position = repo.position(position_id)
            _refuse(rules.deletion_refusal(position.name, repo.position_use(position_id)))
            snapshot = repo.snapshot(position, POSITION_FIELDS)
            repo.delete(position)
        return OpResult(snapshot, ORGANISATION, lambda: self.restore_position(snapshot))

    def restore_position(self, snapshot: dict) -> OpResult:
        with self._edit() as repo:
            position_id = repo.restore(PositionRecord, snapshot)
        return OpResult(position_id, ORGANISATION, lambda: self.delete_position(position_id))

    def archive_position(self, position_id: int, archived: bool = True) -> OpResult:
        """The position leaves the working tree; refused while someone holds it or its
        contract of the year is not closed (named). ``archived=False`` brings it back."""
        if archived:
            _refuse(self.archive_refusal("position", position_id))
        return self._set_position(position_id, "archived", archived)

    def unarchive_position(self, position_id: int) -> OpResult:
        return self.archive_position(position_id, False)

    # people ----------------------------------------------------------------------------------
    def add_employee(self, code: str | None, name: str) -> OpResult:
        """A person (employee number E001… unless given); undone by deleting them, which only
        a person without assignments or contracts allows."""
        _refuse(rules.name_refusal(name, N_("person")))
        code = (code or "").strip()
        _refuse(rules.employee_code_refusal(code))
        with self._edit() as repo:
            if code:
                repo.check_code(EmployeeRecord, code)
            code = code or rules.next_code(EMPLOYEE_CODE_PREFIX, repo.codes(EmployeeRecord))
            employee_id = repo.add(EmployeeRecord(code=code, name=name.strip()))
        changes = Changes(organisation=True)
        return OpResult(employee_id, changes, lambda: self.delete_employee(employee_id))

    def delete_employee(self, employee_id: int) -> OpResult:
        """Undo of ``add_employee``: a person nobody's history or contract names."""
        with self._edit() as repo:
            employee = repo.employee(employee_id)
            if repo.assignments(employee_id=employee_id):
                raise EditRefused(
                    N_(
                        "{name} cannot be deleted: positions they held name them. Record that they left instead."
                    ),
                    None,
                    name=employee.name,
                )
            snapshot = repo.snapshot(employee, EMPLOYEE_FIELDS)
            repo.delete(employee)
        return OpResult(snapshot, ORGANISATION, lambda: self.restore_employee(snapshot))

    def restore_employee(self, snapshot: dict) -> OpResult:
        with self._edit() as repo:
            employee_id = repo.restore(EmployeeRecord, snapshot)
        return OpResult(employee_id, ORGANISATION, lambda: self.delete_employee(employee_id))

    def rename_employee(self, employee_id: int, name: str) -> OpResult:
        _refuse(rules.name_refusal(name, N_("person")))
        with self._edit() as repo:
            old = repo.set(repo.employee(employee_id), "name", name.strip())
        return OpResult(old, ORGANISATION, lambda: self.rename_employee(employee_id, old))

    def assign(self, employee_id: int, position_id: int, start: date) -> OpResult:
        """``employee_id`` holds ``position_id`` from ``start``. Whatever they held until then
        ends the day before, and so does a key position's previous holder (a position that is
        not key keeps its other holders); the history stays. Refused into an archived position
        or unit.
        The value is the new assignment's id; the undo deletes it and puts the old ends back."""
        with self._edit() as repo:
            employee, position = repo.employee(employee_id), repo.position(position_id)
            if employee.archived:
                raise EditRefused(
                    N_("{name} has left the firm and holds no position."), None, name=employee.name
                )
            if position.archived:
                _refuse(rules.archived_refusal(position.name, N_("position")))
            self._refuse_archived_unit(repo, position.unit_id)
            plan = rules.assignment_plan(
                employee_id,
                position_id,
                start,
                repo.assignments(employee_id=employee_id, position_id=position_id),
                employee=employee.name,
                position=position.name,
                key_position=position.key_position,
            )
            ends = {
                assignment_id: (repo.set(repo.assignment(assignment_id), "end", end), end)
                for assignment_id, end in plan.ends
            }
            new_id = repo.add(
                AssignmentRecord(
                    employee_id=employee_id, position_id=position_id, start=start, end=None
                )
            )
        change = {
            "assignment": {
                "id": new_id,
                "employee_id": employee_id,
                "position_id": position_id,
                "start": start,
                "end": None,
            },
            "ends": ends,
        }
        return OpResult(new_id, ORGANISATION, lambda: self._unassign(change))

    def _unassign(self, change: dict) -> OpResult:
        """Undo of ``assign``: the new assignment goes, the ones it ended run again as before."""
        with self._edit() as repo:
            repo.delete(repo.assignment(change["assignment"]["id"]))
            for assignment_id, (old_end, _new_end) in change["ends"].items():
                repo.set(repo.assignment(assignment_id), "end", old_end)
        return OpResult(None, ORGANISATION, lambda: self._reassign(change))

    def _reassign(self, change: dict) -> OpResult:
        """Redo of ``assign``: the very rows again, with their ids."""
        with self._edit() as repo:
            for assignment_id, (_old_end, new_end) in change["ends"].items():
                repo.set(repo.assignment(assignment_id), "end", new_end)
            new_id = repo.restore(AssignmentRecord, change["assignment"])
        change = {**change, "assignment": {**change["assignment"], "id": new_id}}
        return OpResult(new_id, ORGANISATION, lambda: self._unassign(change))

    def end_assignment(self, assignment_id: int, end: date | None) -> OpResult:
        """The assignment ends on ``end`` (None: it runs on); the undo sets the old end back."""
        with self._edit() as repo:
            assignment = repo.assignment(assignment_id)
            if end is not None:
                _refuse(rules.end_refusal(assignment.start, end))
            old = repo.set(assignment, "end", end)
        return OpResult(old, ORGANISATION, lambda: self.end_assignment(assignment_id, old))

    def archive_employee(self, employee_id: int, left_on: date) -> OpResult:
        """The person left the firm on ``left_on``: every assignment still running then ends
        that day and they are archived. The undo restores each end and unarchives them."""
        with self._edit() as repo:
            employee = repo.employee(employee_id)
            ends = {}
            for held in repo.assignments(employee_id=employee_id):
                if held.open_on_or_after(left_on):
                    _refuse(rules.end_refusal(held.start, left_on))
                    ends[held.id] = repo.set(repo.assignment(held.id), "end", left_on)
            repo.set(employee, "archived", True)
        change = {"employee_id": employee_id, "left_on": left_on, "ends": ends}
        return OpResult(ends, ORGANISATION, lambda: self._unarchive_employee(change))

    def _unarchive_employee(self, change: dict) -> OpResult:
        with self._edit() as repo:
            for assignment_id, old_end in change["ends"].items():
                repo.set(repo.assignment(assignment_id), "end", old_end)
            repo.set(repo.employee(change["employee_id"]), "archived", False)
        employee_id, left_on = change["employee_id"], change["left_on"]
        return OpResult(None, ORGANISATION, lambda: self.archive_employee(employee_id, left_on))
