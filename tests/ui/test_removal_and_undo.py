"""Removing a contract line loses nothing: Ctrl+Z brings it back with every actual and event,
both steps are audited, and a signed contract's lines are not removed at all."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from kpidesk.core.changes import Changes
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.records import ActualRecord, DeductionEventRecord, ImportRecord, PeriodRecord
from kpidesk.ui.contract.contract_lines_model import FIELDS

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
# Actuals of the customer-satisfaction line, typed by hand (2003-01, -02) or imported (-03).
TYPED = {"2003-01": "81.5", "2003-02": "79"}
IMPORTED = ("2003-03", 83.25, "calc.xlsx")


def _index(model, name: str, field: str = "indicator"):
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            if model.index(row, 0, parent).data() == name:
                return model.index(row, FIELDS.index(field), parent)
    return None


def _click_line(qtbot, editor, name: str) -> None:
    """Select a line as a user does: a click on its row."""
    index = _index(editor.model, name)
    editor.view.scrollTo(index)
    where = editor.view.visualRect(index).center()
    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert editor.selected_line().indicator == name


def _scoring_row(window, name: str) -> int:
    model = window.scoring.model
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def _type_actual(window, period: str, name: str, text: str) -> None:
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData(period))
    assert scoring.model.setData(scoring.model.index(_scoring_row(window, name), 3), text)


def _rows(document, line_id: int) -> tuple[list, list]:
    with document.reading() as session:
        actuals = [
            (a.id, a.period_id, a.value, a.value_text, a.source, a.entered_by, a.entered_at)
            + (a.import_id,)
            for a in session.scalars(
                select(ActualRecord)
                .where(ActualRecord.line_id == line_id)
                .order_by(ActualRecord.id)
            )
        ]
        events = [
            (e.id, e.period_id, e.occurred_on, e.count, e.note)
            for e in session.scalars(
                select(DeductionEventRecord).where(DeductionEventRecord.line_id == line_id)
            )
        ]
    return actuals, events


def _line_audit(document, line_id: int) -> list[tuple[str, object, object]]:
    with document.reading() as session:
        return [
            (a.action, a.old, a.new)
            for a in session.scalars(
                select(AuditRecord)
                .where(
                    AuditRecord.entity == "contract_lines",
                    AuditRecord.entity_id == line_id,
                    AuditRecord.field == "line",
                )
                .order_by(AuditRecord.id)
            )
        ]


def _shown_message(window) -> str:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes, "no message shown"
    text = boxes[-1].text()
    for box in boxes:
        box.close()
    return text


@pytest.fixture
def agreed(window, qtbot):
    """The business-hall manager's contract, copied from the clerk's and agreed, with three
    months of customer satisfaction (two typed, one from an import) and a deduction event."""
    clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
    assert window.select_position("营业厅经理")
    window.contract_edits.create_contract(window.current_position()[0], clerk.id)
    qtbot.mouseClick(window.editor.buttons["agreed"], Qt.MouseButton.LeftButton)
    assert window.editor.contract.status == "agreed"
    for period, text in TYPED.items():
        _type_actual(window, period, "客户满意度", text)
    line = next(l for l in window.editor.contract.lines if l.indicator == "客户满意度")
    period, value, workbook = IMPORTED
    with window.firm.document.transaction() as session:  # as an import leaves it
        record = ImportRecord(
            at=datetime(2003, 4, 2, 9, 30), who="王芳", file=workbook, sha256="0" * 64
        )
        session.add(record)
        session.flush()
        session.add(
            ActualRecord(
                line_id=line.id,
                period_id=session.scalar(
                    select(PeriodRecord.id).where(PeriodRecord.code == period)
                ),
                value=value,
                source="客户服务中心",
                entered_by="王芳",
                entered_at=datetime(2003, 4, 2, 9, 30),
                import_id=record.id,
            )
        )
    complaints = next(l for l in window.editor.contract.lines if l.deduction)
    window.contract_edits.record_deduction(complaints.id, "2003-02", date(2003, 2, 14), 2, "越级投诉")
    window.apply(Changes(contract=window.editor.contract.id))  # the imported value shows
    window.undo_stack.clear()  # the setting-up is not what the tests undo
    return window


def test_ctrl_z_brings_a_removed_line_back_with_every_actual(agreed, qtbot):
    window, editor, document = agreed, agreed.editor, agreed.firm.document
    before = window.firm.contract(editor.contract.id)
    line = next(l for l in before.lines if l.indicator == "客户满意度")
    position = before.lines.index(line)
    actuals, _events = _rows(document, line.id)
    assert [a[2] for a in actuals] == [81.5, 79.0, 83.25]

    _click_line(qtbot, editor, "客户满意度")
    qtbot.mouseClick(editor.buttons["remove_line"], Qt.MouseButton.LeftButton)
    assert _index(editor.model, "客户满意度") is None
    assert len(editor.contract.lines) == len(before.lines) - 1
    assert _rows(document, line.id) == ([], [])
    assert window.undo_stack.undoText() == "Remove line"

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    after = window.firm.contract(editor.contract.id)
    assert after == before  # same id, place, weight, targets, rule, source, cycle
    assert after.lines[position].id == line.id
    assert _rows(document, line.id) == (actuals, [])  # value, who, when, import, same ids
    for period, text in TYPED.items():
        window.scoring.period.setCurrentIndex(window.scoring.period.findData(period))
        row = _scoring_row(window, "客户满意度")
        assert window.scoring.model.index(row, 3).data() == text

    removal, restore = _line_audit(document, line.id)
    assert removal[0] == "delete" and removal[2] is None
    assert removal[1]["indicator"] == "CSAT" and removal[1]["indicator_name"] == "客户满意度"
    assert [(a["period"], a["value"], a["entered_by"]) for a in removal[1]["actuals"]] == [
        ("2003-01", 81.5, document.actor),
        ("2003-02", 79.0, document.actor),
        ("2003-03", 83.25, "王芳"),
    ]
    assert restore[0] == "insert" and restore[2]["restored"] is True
    with document.reading() as session:
        actual_entries = [
            (a.action, a.old, a.new)
            for a in session.scalars(
                select(AuditRecord).where(
                    AuditRecord.entity == "actuals",
                    AuditRecord.field == "value",
                    AuditRecord.entity_id == actuals[2][0],
                )
            )
        ]
    assert actual_entries[-2:] == [("delete", 83.25, None), ("insert", None, 83.25)]


def test_removing_a_deduction_line_keeps_its_events_for_undo_and_redo(agreed, qtbot):
    window, editor, document = agreed, agreed.editor, agreed.firm.document
    line = next(l for l in editor.contract.lines if l.deduction)
    _actuals, events = _rows(document, line.id)
    assert [(e[2], e[3], e[4]) for e in events] == [(date(2003, 2, 14), 2, "越级投诉")]
    _click_line(qtbot, editor, line.indicator)
    qtbot.mouseClick(editor.buttons["remove_line"], Qt.MouseButton.LeftButton)
    assert _rows(document, line.id) == ([], [])
    (removal,) = _line_audit(document, line.id)
    assert [(e["period"], e["count"], e["note"]) for e in removal[1]["deduction_events"]] == [
        ("2003-02", 2, "越级投诉")
    ]
    window.undo_action.trigger()
    assert _rows(document, line.id)[1] == events
    window.scoring.period.setCurrentIndex(window.scoring.period.findData("2003-02"))
    assert window.scoring.events.count() == 1
    window.redo_action.trigger()
    assert _index(editor.model, line.indicator) is None
    window.undo_action.trigger()
    assert _rows(document, line.id)[1] == events


def test_earlier_edits_of_a_restored_line_still_undo(agreed, qtbot):
    """The line comes back with its id, so the weight edit made before the removal undoes."""
    window, editor = agreed, agreed.editor
    assert editor.model.setData(_index(editor.model, "客户满意度", "weight"), 12)
    _click_line(qtbot, editor, "客户满意度")
    qtbot.mouseClick(editor.buttons["remove_line"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # the removal
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # the weight
    line = next(l for l in editor.contract.lines if l.indicator == "客户满意度")
    assert line.weight == 10
    assert window.last_message == ""


def test_a_signed_contracts_line_is_not_removed(window, qtbot):
    window.select_position("营销部门总经理")
    editor, document = window.editor, window.firm.document
    before = window.firm.contract(editor.contract.id)
    line = next(l for l in before.lines if l.indicator == "通信业务收入")
    actuals = _rows(document, line.id)
    with document.reading() as session:
        audit_rows = len(session.scalars(select(AuditRecord.id)).all())
    _click_line(qtbot, editor, "通信业务收入")
    qtbot.mouseClick(editor.buttons["remove_line"], Qt.MouseButton.LeftButton)
    message = _shown_message(window)
    assert "the contract is signed" in message
    assert "a signed contract's lines change only through an amendment" in message
    assert window.firm.contract(editor.contract.id) == before
    assert _index(editor.model, "通信业务收入") is not None
    assert _rows(document, line.id) == actuals
    assert window.undo_stack.count() == 0
    with document.reading() as session:
        assert len(session.scalars(select(AuditRecord.id)).all()) == audit_rows


def test_remove_without_a_selected_line_says_what_to_do(window, qtbot):
    window.select_position("营销部门总经理")
    qtbot.mouseClick(window.editor.buttons["remove_line"], Qt.MouseButton.LeftButton)
    assert _shown_message(window) == "Select the line to remove first."
