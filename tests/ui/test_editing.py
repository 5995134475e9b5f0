"""Editing through the window: every edit is an undoable command, saved and audited at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from kpidesk.core.changes import Changes
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.records import AmendmentRecord
from kpidesk.ui.contract.dialogs import AmendmentDialog
from kpidesk.ui.contract.rule_editor import RuleEditor
from kpidesk.ui.org.org_tree_model import ID_ROLE

from .contract_cells import line_cell

pytestmark = pytest.mark.gui




def test_a_new_contract_can_start_from_another_positions(draft):
    window = draft
    assert len(window.editor.contract.lines) == 8
    assert window.editor.contract.weight_total == 100
    assert (
        "◐"
        not in window.tree_model.match(
            window.tree_model.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            "营业厅经理",
            1,
            Qt.MatchFlag.MatchRecursive,
        )[0]
        .siblingAtColumn(2)
        .data()
    )
    window.undo_stack.undo()
    assert window.editor.contract is None
    window.undo_stack.redo()
    assert len(window.editor.contract.lines) == 8


def test_editing_a_weight_updates_totals_and_findings_and_undoes(draft):
    window = draft
    model = window.editor.model
    index = line_cell(model, "营业收入", "weight")
    assert model.setData(index, 35)
    assert window.editor.contract.weight_total == 105
    assert "Total 105%" in window.editor.totals.text()
    assert "Scored weights sum to 105%, not 100%." in window.editor.findings.text()
    assert "35" in window.editor.totals.text()  # the financial subtotal
    assert window.undo_stack.undoText() == "Edit Weight %"
    window.undo_action.trigger()
    assert window.editor.contract.weight_total == 100
    assert "rules of thumb" in window.editor.findings.text()
    window.redo_action.trigger()
    assert window.editor.contract.weight_total == 105
    with window.firm.document.reading() as session:
        changes = [
            (a.old, a.new)
            for a in session.scalars(
                select(AuditRecord).where(
                    AuditRecord.entity == "contract_lines",
                    AuditRecord.field == "weight",
                    AuditRecord.action == "update",
                )
            )
        ]
    assert changes == [(30.0, 35.0), (35.0, 30.0), (30.0, 35.0)]


def test_a_line_flagged_by_a_rule_of_thumb_carries_the_warning(draft):
    model = draft.editor.model
    assert model.setData(line_cell(model, "宽带", "weight"), 12)
    name = line_cell(model, "宽带", "indicator")
    assert "multiples of 5" in name.data(Qt.ItemDataRole.ToolTipRole)
    assert name.data(Qt.ItemDataRole.DecorationRole) is not None


def test_a_weight_the_rule_cannot_take_is_refused_with_a_message(draft):
    model = draft.editor.model
    # The service-standard grade levels are worth up to 10 points: a weight of 5 cannot hold them.
    assert not model.setData(line_cell(model, "服务规范", "weight"), 5)
    assert "more than the weight 5" in draft.last_message
    assert draft.undo_stack.count() == 1  # only the contract creation


def test_add_and_remove_lines_and_move_to_signing(draft, answer_dialog):
    window = draft
    contract_id = window.editor.contract.id
    window.contract_edits.add_line_for(contract_id, "ESAT")
    assert len(window.editor.contract.lines) == 9
    window.contract_edits.remove_line(window.editor.contract.lines[-1])
    assert len(window.editor.contract.lines) == 8
    window.undo_stack.undo()
    assert window.editor.contract.lines[-1].indicator == "员工满意度"
    window.undo_stack.undo()
    assert len(window.editor.contract.lines) == 8
    window.contract_edits.set_status("agreed")
    assert window.editor.contract.status == "agreed"
    # The signing dialog proposes the holder (黄立新) and the superior's holder (陈晓梅).
    answer_dialog(lambda dialog: dialog.ok_button.click())
    window.contract_edits.set_status("signed")
    assert window.editor.contract.status == "signed"
    assert window.editor.contract.content_hash
    # A signature is not undone: undo stops at it (tests/ui/test_sign_undo.py), the history
    # before it stays.
    assert window.undo_stack.undoText() == "Sign contract"


def test_entering_an_actual_scores_it(window):
    window.select_position("营业厅营业员")
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    model = scoring.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
    assert model.index(row, 3).data() == "" and model.index(row, 4).data() == ""
    assert model.setData(model.index(row, 3), "２７０")  # full-width digits, as typed by IME
    assert model.index(row, 3).data() == "270"
    assert model.index(row, 4).data() == "24.00"  # base reached: 80 % of 30
    assert model.index(row, 5).data() == "100.0%"
    assert "incomplete" in scoring.summary.text()
    window.undo_stack.undo()
    assert model.index(row, 4).data() == ""
    assert not model.setData(model.index(row, 3), "a lot")
    assert "'a lot' is not a number" in window.last_message


def test_grade_and_task_actuals(window):
    window.select_position("人力资源部总监")
    model = window.scoring.model
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    assert model.setData(model.index(rows["关键岗位人员情况掌握"], 3), "优秀")
    assert model.index(rows["关键岗位人员情况掌握"], 4).data() == "15.00"
    assert model.setData(model.index(rows["招聘工作完成有效性"], 3), "延期天数=2; 缺少渠道数=1")
    assert model.index(rows["招聘工作完成有效性"], 4).data() == "9.00"  # 15 − 2×1.5 − 3
    assert not model.setData(model.index(rows["关键岗位人员情况掌握"], 3), "极好")
    assert "is not a level" in window.last_message


def test_deduction_events_change_the_total(window):
    window.select_position("营销部门总经理")
    scoring = window.scoring
    before = scoring.model.scored.score.total
    line = next(l for l in window.editor.contract.lines if l.deduction)
    from datetime import date

    window.contract_edits.record_deduction(line.id, "2003-06", date(2003, 6, 3), 1, "越级投诉")
    assert scoring.model.scored.score.total == pytest.approx(before - 5)
    assert scoring.events.count() == 1
    window.undo_stack.undo()
    assert scoring.model.scored.score.total == pytest.approx(before)


def test_a_signed_contract_is_read_only_except_through_amendment(window, answer_dialog):
    window.select_position("营销部门总经理")
    model = window.editor.model
    weight = line_cell(model, "通信业务收入", "weight")
    assert not (model.flags(weight) & Qt.ItemFlag.ItemIsEditable)
    assert not model.setData(weight, 30)
    base = line_cell(model, "通信业务收入", "base")
    assert model.flags(base) & Qt.ItemFlag.ItemIsEditable

    answer_dialog(lambda dialog: dialog.reject())
    assert not model.setData(base, 22.0)
    assert window.editor.contract.lines[0].base == 22.73

    def approve(dialog):
        assert isinstance(dialog, AmendmentDialog)
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.reason.setPlainText("经季度考评会同意，市场萎缩")
        dialog.approver.setText("林志远、人力资源部")
        dialog.accept()

    answer_dialog(approve)
    assert model.setData(line_cell(model, "通信业务收入", "base"), 22.0)
    line = window.editor.contract.lines[0]
    assert line.base == 22.0 and line.rule["base"] == 22.0
    with window.firm.document.reading() as session:
        amendment = session.scalars(
            select(AmendmentRecord).where(AmendmentRecord.field == "base")
        ).one()
    assert (amendment.old, amendment.new, amendment.approved_by) == (
        22.73,
        22.0,
        "林志远、人力资源部",
    )
    assert window.firm.check().findings == []  # the seal still holds: amendments are accounted for


def _find(model, name: str):
    """Search from a fresh root index each time: the tree reloads after every change."""
    return model.match(
        model.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        name,
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )[0]


def test_drag_a_position_to_another_unit_and_undo(window, qtbot):
    model = window.tree_model
    find = lambda name: _find(model, name)  # noqa: E731
    data = model.mimeData([find("营业厅营业员")])
    target = find("人力资源部")
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, find("总经理"))
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    qtbot.waitUntil(lambda: find("营业厅营业员").parent().data() == "人力资源部")
    window.undo_stack.undo()
    assert find("营业厅营业员").parent().data() == "营业厅"


def test_a_unit_cannot_move_under_itself(window, qtbot):
    model = window.tree_model
    find = lambda name: _find(model, name)  # noqa: E731
    model.dropMimeData(
        model.mimeData([find("营销部门")]), Qt.DropAction.MoveAction, -1, -1, find("营业厅")
    )
    qtbot.waitUntil(lambda: "cannot move under itself" in window.last_message)
    assert find("营业厅").parent().parent().data() == "营销部门"


def test_drop_a_value_tree_indicator_on_a_position_to_own_it(window, qtbot):
    values = window.value_model
    revenue = values.match(
        values.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        "实际收入",
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )[0]
    assert revenue.siblingAtColumn(2).data() == "营销部门"
    org = window.tree_model
    gm = org.match(
        org.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        "营销部门总经理",
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )[0]
    org.dropMimeData(values.mimeData([revenue]), Qt.DropAction.LinkAction, -1, -1, gm)
    find = lambda: values.match(
        values.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        "实际收入",
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )[0]
    qtbot.waitUntil(lambda: find().siblingAtColumn(2).data() == "营销部门总经理")


def test_rule_editor_validates_and_draws_the_curve(qtbot):
    rule = {
        "kind": "polyline",
        "challenge": 23.2,
        "base": 22.73,
        "minimum": 21.5,
        "base_ratio": 0.8,
    }
    editor = RuleEditor(rule, 25)
    qtbot.addWidget(editor)
    ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
    assert ok.isEnabled() and editor.chart.points
    assert max(p for _x, p in editor.chart.points) == 25
    editor.spins["minimum"].setValue(23.0)
    assert not ok.isEnabled() and "minimum 23 must be below base 22.73" in editor.error.text()
    editor.spins["minimum"].setValue(21.0)
    assert editor.rule()["minimum"] == 21.0 and ok.isEnabled()
    editor.kind.setCurrentIndex(editor.kind.findData("grade"))
    assert editor.table.rowCount() == 4 and ok.isEnabled()
    assert editor.rule()["levels"][0]["points"] == 25


def test_rule_edits_on_a_draft_go_through_the_window(draft, answer_dialog):
    window = draft
    line = next(l for l in window.editor.contract.lines if l.indicator == "营业收入")

    def raise_base_ratio(editor):
        assert isinstance(editor, QDialog)
        editor.spins["base_ratio"].setValue(0.6)
        editor.accept()

    answer_dialog(raise_base_ratio)
    window.contract_edits.edit_rule(line)
    changed = next(l for l in window.editor.contract.lines if l.indicator == "营业收入")
    assert changed.rule["base_ratio"] == pytest.approx(0.6)
    assert "60% of the weight" in line_cell(window.editor.model, "营业收入", "rule").data()


def test_a_drop_may_not_give_a_unit_two_positions_of_one_name(window, qtbot, answer_dialog):
    """营业厅经理 dropped on 人力资源部, which gets a 营业厅经理 of its own first: refused with the
    name, as adding or renaming one would be."""
    model = window.tree_model
    find = lambda name: _find(model, name)  # noqa: E731
    hr = find("人力资源部")
    from kpidesk.services.org_edits import OrgEdits

    OrgEdits(window.firm.document).add_position(hr.data(ID_ROLE), "营业厅经理")
    window.apply(Changes(organisation=True))
    hall_manager = next(
        i
        for i in model.match(
            model.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            "营业厅经理",
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if i.parent().data() == "营业厅"
    )
    model.dropMimeData(
        model.mimeData([hall_manager]), Qt.DropAction.MoveAction, -1, -1, find("人力资源部")
    )
    qtbot.waitUntil(lambda: "already has a position named 营业厅经理" in window.last_message)
