"""Editing the organisation tree as a user does: the Organisation menu, the context menu (the
Menu key / Shift+F10), Insert, Ctrl+Insert, F2 and Delete on the tree; a new row opens its name
for typing; a refused delete says why; undo brings a deleted position back with its id."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from sqlalchemy import select

from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.records import PositionRecord, UnitRecord
from kpidesk.ui.org.org_tree_model import ID_ROLE, KIND_ROLE

pytestmark = pytest.mark.gui


def find(model, name: str, kind: str):
    found = [
        index
        for index in model.match(
            model.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            name,
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if index.data(KIND_ROLE) == kind
    ]
    return found[0] if found else None


def focus_tree(window, qtbot, name: str, kind: str):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    index = find(window.tree_proxy, name, kind)
    assert index is not None, name
    window.tree.setCurrentIndex(index)
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus)
    return index


def type_name(qtbot, window, text: str) -> None:
    """Type into the name editor the tree opened, and press Enter. Chinese arrives as an input
    method commits it (QTest types ASCII keys only)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    editor.selectAll()
    commit = QInputMethodEvent()
    commit.setCommitString(text)
    QApplication.sendEvent(editor, commit)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def records(window, record, **where):
    with window.firm.document.reading() as session:
        return list(session.scalars(select(record).filter_by(**where)))


def audit(window, entity: str, entity_id: int):
    with window.firm.document.reading() as session:
        return [
            (r.action, r.field, r.new)
            for r in session.scalars(
                select(AuditRecord).where(
                    AuditRecord.entity == entity, AuditRecord.entity_id == entity_id
                )
            )
        ]


def test_the_organisation_menu_adds_a_position_whose_name_is_typed_at_once(
    window, qtbot, qtmodeltester
):
    focus_tree(window, qtbot, "人力资源部", "unit")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == [
        "&File", "&Edit", "&Organisation", "&KPI dictionary", "&Value tree", "&Review", "&View",
        "&Help",
    ]
    window.org_actions.add_position_action.trigger()
    current = window.tree.currentIndex()
    assert current.data(KIND_ROLE) == "position" and current.data() == "New position"
    assert window.tree.state() == window.tree.State.EditingState
    type_name(qtbot, window, "薪酬专员")
    qtbot.waitUntil(lambda: find(window.tree_proxy, "薪酬专员", "position") is not None)
    (added,) = records(window, PositionRecord, name="薪酬专员")
    assert added.unit_id == 5 and added.code == "P001" and added.key_position
    # Added and renamed: two audited, undoable steps.
    assert ("insert", "name", "New position") in audit(window, "positions", added.id)
    assert ("update", "name", "薪酬专员") in audit(window, "positions", added.id)
    assert window.undo_stack.undoText() == "Rename position"
    # A new position nobody holds says so, in words and a tooltip, not colour alone.
    row = find(window.tree_model, "薪酬专员", "position")
    assert row.siblingAtColumn(1).data() == "⚠ vacant"
    assert "assign a person" in row.siblingAtColumn(1).data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(window.tree_model)
    qtmodeltester.check(window.tree_proxy)


def test_insert_adds_a_position_and_ctrl_insert_a_child_unit(window, qtbot, qtmodeltester):
    focus_tree(window, qtbot, "人力资源部", "unit")
    qtbot.keyClick(window.tree, Qt.Key.Key_Insert)
    type_name(qtbot, window, "培训专员")
    qtbot.waitUntil(lambda: bool(records(window, PositionRecord, name="培训专员")))
    qtmodeltester.check(window.tree_model)
    focus_tree(window, qtbot, "人力资源部", "unit")
    qtbot.keyClick(window.tree, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    type_name(qtbot, window, "招聘组")
    qtbot.waitUntil(lambda: bool(records(window, UnitRecord, name="招聘组")))
    (unit,) = records(window, UnitRecord, name="招聘组")
    assert (unit.parent_id, unit.kind, unit.code) == (5, "sub_department", "U001")
    index = find(window.tree_proxy, "招聘组", "unit")
    assert index.parent().data() == "人力资源部"
    assert window.tree.currentIndex().siblingAtColumn(0) == index
    qtmodeltester.check(window.tree_model)
    # Undo by keys: the rename, then the unit itself.
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert records(window, UnitRecord, name="招聘组") == []
    assert find(window.tree_proxy, "New unit", "unit") is None
    qtmodeltester.check(window.tree_model)


# A popup menu asks the offscreen platform for things it cannot do (a real one can).
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_the_context_menu_from_the_keyboard_adds_a_child_unit(window, qtbot, qtmodeltester):
    focus_tree(window, qtbot, "营销部门", "unit")
    qtbot.keyClick(window.tree, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = window.org_actions.context_menu
    qtbot.waitUntil(lambda: menu is not None and menu.isVisible())
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "Add &child unit",
        "Add &sibling unit",
        "Add &position",
        "&Rename",
        "Unit k&ind",
        "&Key position",
        "&Employee class",
        "Reports &to…",
        "&Assign a person…",
        "&Delete",
        "Archi&ve",
        "Bring back from the archive",
    ]
    enabled = {a.text(): a.isEnabled() for a in menu.actions()}
    assert not enabled["&Key position"] and not enabled["&Assign a person…"]  # a unit
    menu.close()
    # The Menu key opens the same menu on the current row.
    qtbot.keyClick(window.tree, Qt.Key.Key_Menu)
    qtbot.waitUntil(lambda: window.org_actions.context_menu is not menu)
    menu = window.org_actions.context_menu
    qtbot.waitUntil(menu.isVisible)
    menu.setActiveAction(window.org_actions.add_child_unit_action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    type_name(qtbot, window, "政企客户部")
    qtbot.waitUntil(lambda: bool(records(window, UnitRecord, name="政企客户部")))
    (unit,) = records(window, UnitRecord, name="政企客户部")
    assert (unit.parent_id, unit.kind) == (2, "sub_department")
    qtmodeltester.check(window.tree_model)


def test_the_unit_kind_submenu_marks_the_kind_and_offers_only_the_kinds_that_fit(window, qtbot):
    focus_tree(window, qtbot, "营销部门", "unit")
    actions = window.org_actions
    actions.update_actions()
    kinds = {k: (a.isChecked(), a.isEnabled()) for k, a in actions.kind_actions.items()}
    # Under the company, above a sub-department: a division or a department.
    assert kinds == {
        "company": (False, False),
        "division": (False, True),
        "department": (True, True),
        "sub_department": (False, False),
        "team": (False, False),
    }
    actions.kind_actions["division"].trigger()
    assert records(window, UnitRecord, name="营销部门")[0].kind == "division"
    assert window.undo_stack.undoText() == "Set unit kind"


def test_f2_renames_a_position_in_place_and_undo_names_it_back(window, qtbot, qtmodeltester):
    focus_tree(window, qtbot, "员工发展和绩效管理", "position")
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)
    type_name(qtbot, window, "绩效管理专员")
    qtbot.waitUntil(lambda: find(window.tree_proxy, "绩效管理专员", "position") is not None)
    assert records(window, PositionRecord, name="员工发展和绩效管理") == []
    qtmodeltester.check(window.tree_model)
    window.undo_action.trigger()
    assert find(window.tree_proxy, "员工发展和绩效管理", "position") is not None
    qtmodeltester.check(window.tree_model)


def test_delete_of_a_used_position_is_refused_with_the_reason_and_changes_nothing(
    window, qtbot, answer_dialog
):
    focus_tree(window, qtbot, "营业厅营业员", "position")
    seen = {}

    def cancel(box):
        seen["text"] = box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()

    answer_dialog(cancel)
    count = window.undo_stack.count()
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    assert seen["text"] == (
        "营业厅营业员 cannot be deleted: it has contracts (1), holders in its history (1). "
        "Archive it instead: it leaves the tree and its history stays.\n\n"
        # (issue 11 review: and why it cannot be archived yet either)
        "营业厅营业员 cannot be archived: current holders 吴佳怡; contracts of this year not "
        "closed: 营业厅营业员 (吴佳怡). End the assignments and close the contracts first."
    )
    assert window.undo_stack.count() == count
    assert len(records(window, PositionRecord, name="营业厅营业员")) == 1
    assert not records(window, PositionRecord, name="营业厅营业员")[0].archived


def test_a_refused_delete_can_archive_instead_and_the_row_leaves_the_tree(
    window, qtbot, answer_dialog, qtmodeltester
):
    # 营业厅经理's holder 黄立新 moved away in June: the position keeps its history (so it
    # cannot be deleted) and nobody holds it now (so it may be archived). Changed with issue
    # 11's review: it used 营业厅营业员, held and under contract, whose archiving is now refused.
    from datetime import date

    from kpidesk.core.changes import Changes
    from kpidesk.services.org_edits import OrgEdits

    OrgEdits(window.firm.document).end_assignment(4, date(2003, 6, 30))
    window.apply(Changes(organisation=True))
    focus_tree(window, qtbot, "营业厅经理", "position")

    def archive(box):
        next(b for b in box.buttons() if b.text() == "Archive").click()

    answer_dialog(archive)
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: find(window.tree_proxy, "营业厅经理", "position") is None)
    assert records(window, PositionRecord, name="营业厅经理")[0].archived
    qtmodeltester.check(window.tree_model)
    window.org_actions.show_archived_action.trigger()  # View › Show archived
    shown = find(window.tree_proxy, "营业厅经理 (archived)", "position")
    assert shown is not None
    window.org_actions.show_archived_action.trigger()
    window.undo_action.trigger()
    assert find(window.tree_proxy, "营业厅经理", "position") is not None
    qtmodeltester.check(window.tree_model)


def test_deleting_an_unused_position_then_ctrl_z_brings_it_back_with_its_id(
    window, qtbot, qtmodeltester
):
    focus_tree(window, qtbot, "人力资源部", "unit")
    window.org_actions.add_position_action.trigger()
    type_name(qtbot, window, "临时岗位")
    qtbot.waitUntil(lambda: bool(records(window, PositionRecord, name="临时岗位")))
    position_id = records(window, PositionRecord, name="临时岗位")[0].id
    focus_tree(window, qtbot, "临时岗位", "position")
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: find(window.tree_proxy, "临时岗位", "position") is None)
    assert records(window, PositionRecord, name="临时岗位") == []
    assert ("delete", "name", None) in audit(window, "positions", position_id)
    qtmodeltester.check(window.tree_model)
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = find(window.tree_proxy, "临时岗位", "position")
    assert back is not None and back.data(ID_ROLE) == position_id
    assert records(window, PositionRecord, name="临时岗位")[0].id == position_id
    qtmodeltester.check(window.tree_model)


def test_a_holder_without_a_contract_carries_a_badge_in_words(window):
    gm = find(window.tree_model, "总经理", "position")
    contract = gm.siblingAtColumn(2)
    assert contract.data() == "△ no contract"
    assert contract.data(Qt.ItemDataRole.ToolTipRole) == (
        "林志远 holds the key position 总经理 but has no contract for this year."
    )
    assert contract.data(Qt.ItemDataRole.ForegroundRole) is not None
    signed = find(window.tree_model, "营业厅营业员", "position").siblingAtColumn(2)
    assert signed.data() == "● signed"
    # The name column, always in view, carries a sign too, and its tooltip says why.
    assert gm.data(Qt.ItemDataRole.DecorationRole) is not None
    assert signed.siblingAtColumn(0).data(Qt.ItemDataRole.DecorationRole) is None
    assert gm.data(Qt.ItemDataRole.ToolTipRole).endswith("has no contract for this year.")


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_key_position_and_employee_class_and_reports_to_from_the_menu(
    window, qtbot, answer_dialog, qtmodeltester
):
    focus_tree(window, qtbot, "营业厅经理", "position")
    actions = window.org_actions
    actions.menu.popup(window.mapToGlobal(window.rect().center()))  # the mark is read on show
    qtbot.waitUntil(actions.menu.isVisible)
    assert actions.key_position_action.isChecked()
    actions.menu.close()
    actions.key_position_action.trigger()
    (hall,) = records(window, PositionRecord, name="营业厅经理")
    assert not hall.key_position
    # Not a key position: no contract is missing any more.
    assert find(window.tree_model, "营业厅经理", "position").siblingAtColumn(2).data() == ""
    assert actions.class_actions["sales_service"].isChecked()  # the demo's class for it
    actions.class_actions["research"].trigger()
    assert records(window, PositionRecord, name="营业厅经理")[0].employee_class == "research"

    def report_to_gm(dialog):
        combo = dialog.combo
        combo.setCurrentIndex(combo.findText("分公司 / 总经理"))
        dialog.accept()

    answer_dialog(report_to_gm)
    actions.reports_to_action.trigger()
    gm = records(window, PositionRecord, name="总经理")[0].id
    assert records(window, PositionRecord, name="营业厅经理")[0].reports_to_id == gm
    tip = find(window.tree_model, "营业厅经理", "position").data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "营业厅经理: not a key position, Research and development, reports to 总经理"
    qtmodeltester.check(window.tree_model)
    for _step in range(3):
        window.undo_action.trigger()
    back = records(window, PositionRecord, name="营业厅经理")[0]
    assert (back.key_position, back.employee_class) == (True, "sales_service")
    assert back.reports_to_id != gm


def test_an_empty_firm_gets_its_first_unit_and_position_from_the_keyboard(
    qtbot, tmp_path, settings, qtmodeltester
):
    from kpidesk.services import FirmService
    from kpidesk.services.editing import EditService
    from kpidesk.storage.document import create_document
    from kpidesk.ui.main_window import MainWindow

    document = create_document(tmp_path / "new.kpidesk")
    try:
        window = MainWindow(FirmService(document), EditService(document), settings)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.tree.setFocus()
        qtbot.waitUntil(window.tree.hasFocus)
        assert window.tree_model.rowCount() == 0
        qtbot.keyClick(window.tree, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
        type_name(qtbot, window, "新公司")
        qtbot.waitUntil(lambda: bool(records(window, UnitRecord, name="新公司")))
        (company,) = records(window, UnitRecord, name="新公司")
        assert (company.parent_id, company.kind, company.code) == (None, "company", "U001")
        qtbot.keyClick(window.tree, Qt.Key.Key_Insert)
        type_name(qtbot, window, "总经理")
        qtbot.waitUntil(lambda: bool(records(window, PositionRecord, name="总经理")))
        assert records(window, PositionRecord, name="总经理")[0].unit_id == company.id
        qtmodeltester.check(window.tree_model)
        window.close()
    finally:
        document.close()


def test_add_sibling_unit_puts_the_new_unit_just_after_the_current_one(
    window, qtbot, qtmodeltester
):
    focus_tree(window, qtbot, "营销部门", "unit")
    window.org_actions.add_sibling_unit_action.trigger()
    type_name(qtbot, window, "网络部")
    qtbot.waitUntil(lambda: find(window.tree_proxy, "网络部", "unit") is not None)
    company = find(window.tree_proxy, "分公司", "unit")
    names = [
        window.tree_proxy.index(row, 0, company).data()
        for row in range(window.tree_proxy.rowCount(company))
    ]
    assert names == ["总经理", "营销部门", "网络部", "人力资源部"]
    qtmodeltester.check(window.tree_model)


# issue 11 review: names told apart, archiving what still runs ---------------------------------
def test_f2_giving_a_unit_its_siblings_name_is_refused_with_the_name(window, qtbot):
    focus_tree(window, qtbot, "人力资源部", "unit")
    count = window.undo_stack.count()
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)
    type_name(qtbot, window, "营销部门")
    qtbot.waitUntil(lambda: bool(window.last_message))
    assert window.last_message == "分公司 already has a unit named 营销部门: choose another name"
    assert window.undo_stack.count() == count
    assert find(window.tree_proxy, "人力资源部", "unit") is not None
    assert [u.name for u in records(window, UnitRecord, parent_id=1)] == ["营销部门", "人力资源部"]


def test_insert_twice_gives_each_new_position_a_name_of_its_own(window, qtbot, qtmodeltester):
    focus_tree(window, qtbot, "人力资源部", "unit")
    for _ in range(2):
        qtbot.keyClick(window.tree, Qt.Key.Key_Insert)
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # keep the given name
        qtbot.waitUntil(window.tree.hasFocus)
    names = [p.name for p in records(window, PositionRecord, unit_id=5)]
    assert names[-2:] == ["New position", "New position 2"]
    qtmodeltester.check(window.tree_model)


def test_archiving_a_unit_whose_people_still_work_there_is_refused_naming_them(
    window, qtbot, answer_dialog
):
    focus_tree(window, qtbot, "营业厅", "unit")
    seen = {}

    def read(box):
        seen["text"], seen["buttons"] = box.text(), [b.text() for b in box.buttons()]
        box.button(QMessageBox.StandardButton.Cancel).click()

    answer_dialog(read)
    qtbot.keyClick(window.tree, Qt.Key.Key_Delete)  # refused; Archive would hide its people
    qtbot.waitUntil(lambda: "text" in seen)
    assert seen["text"] == (
        "营业厅 cannot be deleted: it has positions (2). Archive it instead: it leaves the tree "
        "and its history stays.\n\n"
        "营业厅 cannot be archived: current holders 黄立新, 吴佳怡; contracts of this year not "
        "closed: 营业厅营业员 (吴佳怡). End the assignments and close the contracts first."
    )
    assert "Archive" not in seen["buttons"]
    # Organisation › Archive says the same.
    window.org_actions.archive_action.trigger()
    qtbot.waitUntil(lambda: window.last_message.startswith("营业厅 cannot be archived"))
    assert not records(window, UnitRecord, name="营业厅")[0].archived
    assert find(window.tree_proxy, "营业厅", "unit") is not None
    assert find(window.tree_proxy, "营业厅营业员", "position") is not None
