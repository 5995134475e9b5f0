"""What each command of the Organisation menu (and View › Show archived) visibly does, for
tests/ui/test_menus.py's walk over every menu command: each is triggered as its QAction, with
its dialog answered, and its effect read back from the document or the tree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QLineEdit
from sqlalchemy import select

from kpidesk.core.changes import Changes
from kpidesk.services.org_edits import OrgEdits
from kpidesk.storage.records import AssignmentRecord, EmployeeRecord, PositionRecord, UnitRecord

# Ids in the demo firm: units 1 分公司 (company), 2 营销部门, 5 人力资源部 (departments);
# positions 1 总经理 (management), 4 营业厅经理 (sales and service), 5 营业厅营业员.
COMPANY, MARKETING, HR = 1, 2, 5
GM, HALL_MANAGER, CLERK = 1, 4, 5

ORG_EFFECTS: dict[str, Callable] = {}


def effect(name: str):
    def register(check):
        ORG_EFFECTS[f"org_actions.{name}"] = check
        return check

    return register


def _record(env, record, item_id: int):
    with env.window.firm.document.reading() as session:
        return session.get(record, item_id)


def _rows(env, record, **where):
    with env.window.firm.document.reading() as session:
        return list(session.scalars(select(record).filter_by(**where)))


def _select(env, kind: str, item_id: int) -> None:
    assert env.window.org_actions.select(kind, item_id)


def _named_in_place(env) -> None:
    """A new row: current, its name open for typing (closed again here with Escape's effect)."""
    view = env.window.tree
    assert view.state() == QAbstractItemView.State.EditingState
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    editor = QApplication.focusWidget()
    view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)


@effect("add_child_unit_action")
def _add_child_unit(env) -> None:
    _select(env, "unit", HR)
    env.window.org_actions.add_child_unit_action.trigger()
    (unit,) = _rows(env, UnitRecord, name="New unit")
    assert (unit.parent_id, unit.kind) == (HR, "sub_department")
    _named_in_place(env)


@effect("add_sibling_unit_action")
def _add_sibling_unit(env) -> None:
    _select(env, "unit", MARKETING)
    env.window.org_actions.add_sibling_unit_action.trigger()
    (unit,) = _rows(env, UnitRecord, name="New unit")
    assert (unit.parent_id, unit.kind) == (COMPANY, "department")
    _named_in_place(env)


@effect("add_position_action")
def _add_position(env) -> None:
    _select(env, "unit", HR)
    env.window.org_actions.add_position_action.trigger()
    (position,) = _rows(env, PositionRecord, name="New position")
    assert position.unit_id == HR
    _named_in_place(env)


@effect("rename_action")
def _rename(env) -> None:
    _select(env, "position", CLERK)
    env.window.org_actions.rename_action.trigger()
    assert env.window.tree.state() == QAbstractItemView.State.EditingState
    assert QApplication.focusWidget().text() == "营业厅营业员"


def _kind_effect(kind: str, unit_id: int, before: str | None = None):
    def check(env) -> None:
        if before is not None:  # a kind to change from, set first
            OrgEdits(env.window.firm.document).set_unit_kind(unit_id, before)
        _select(env, "unit", unit_id)
        env.window.org_actions.update_actions()
        env.window.org_actions.kind_actions[kind].trigger()
        assert _record(env, UnitRecord, unit_id).kind == kind
        assert env.window.undo_stack.undoText() == "Set unit kind"

    return check


for _kind, _unit, _before in (
    ("company", COMPANY, "division"),
    ("division", MARKETING, None),
    ("department", HR, "division"),
    ("sub_department", HR, None),
    ("team", HR, None),
):
    ORG_EFFECTS[f"org_actions.kind_actions:{_kind}"] = _kind_effect(_kind, _unit, _before)


@effect("key_position_action")
def _key_position(env) -> None:
    _select(env, "position", HALL_MANAGER)
    env.window.org_actions.update_actions()
    env.window.org_actions.key_position_action.trigger()
    assert not _record(env, PositionRecord, HALL_MANAGER).key_position


def _class_effect(employee_class: str, position_id: int):
    def check(env) -> None:
        _select(env, "position", position_id)
        env.window.org_actions.class_actions[employee_class].trigger()
        assert _record(env, PositionRecord, position_id).employee_class == employee_class

    return check


for _class, _position in (
    ("sales_service", GM),
    ("research", GM),
    ("management", HALL_MANAGER),
):
    ORG_EFFECTS[f"org_actions.class_actions:{_class}"] = _class_effect(_class, _position)


@effect("reports_to_action")
def _reports_to(env) -> None:
    _select(env, "position", CLERK)

    def to_gm(dialog):
        dialog.combo.setCurrentIndex(dialog.combo.findText("分公司 / 总经理"))
        dialog.accept()

    env.answer_dialog(to_gm)
    env.window.org_actions.reports_to_action.trigger()
    assert _record(env, PositionRecord, CLERK).reports_to_id == GM


@effect("assign_action")
def _assign(env) -> None:
    _select(env, "position", GM)

    def liu_from_july(dialog):
        assert dialog.position.currentData() == GM  # the position chosen in the tree
        dialog.person.setCurrentIndex(dialog.person.findText("E07 刘思源"))
        dialog.accept()

    env.answer_dialog(liu_from_july)
    env.window.org_actions.assign_action.trigger()
    (held,) = _rows(env, AssignmentRecord, position_id=GM, end=None)
    employee = _record(env, EmployeeRecord, held.employee_id)
    assert employee.name == "刘思源" and held.start == date(2003, 12, 31)


@effect("delete_action")
def _delete(env) -> None:
    position_id = OrgEdits(env.window.firm.document).add_position(HR, "临时岗位").value
    env.window.apply(Changes(organisation=True))  # made outside the window: announced
    _select(env, "position", position_id)
    env.window.org_actions.delete_action.trigger()
    assert _record(env, PositionRecord, position_id) is None


def _unheld_position(env) -> int:
    """A position nobody holds and no open contract names, which may be archived (营业厅营业员
    is held and under contract: archiving it is refused)."""
    position_id = OrgEdits(env.window.firm.document).add_position(HR, "临时岗位").value
    env.window.apply(Changes(organisation=True))  # made outside the window: announced
    return position_id


@effect("archive_action")
def _archive(env) -> None:
    position_id = _unheld_position(env)
    _select(env, "position", position_id)
    env.window.org_actions.archive_action.trigger()
    assert _record(env, PositionRecord, position_id).archived


@effect("unarchive_action")
def _unarchive(env) -> None:
    position_id = _unheld_position(env)
    _select(env, "position", position_id)
    env.window.org_actions.archive_action.trigger()
    env.window.org_actions.show_archived_action.trigger()
    _select(env, "position", position_id)
    env.window.org_actions.update_actions()
    env.window.org_actions.unarchive_action.trigger()
    assert not _record(env, PositionRecord, position_id).archived


@effect("add_person_action")
def _add_person(env) -> None:
    def wang(dialog):
        dialog.name.setText("王小红")
        dialog.accept()

    env.answer_dialog(wang)
    env.window.org_actions.add_person_action.trigger()
    (person,) = _rows(env, EmployeeRecord, name="王小红")
    assert person.code == "E008"


@effect("show_archived_action")
def _show_archived(env) -> None:
    position_id = _unheld_position(env)
    _select(env, "position", position_id)
    env.window.org_actions.archive_action.trigger()
    assert not env.window.org_actions._find("position", position_id).isValid()
    env.window.org_actions.show_archived_action.trigger()
    assert env.window.org_actions._find("position", position_id).data() == "临时岗位 (archived)"
