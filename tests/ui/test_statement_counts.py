"""What an edit costs in SQL: a weight typed in the contract editor and an actual typed in the
scoring panel, by keyboard on the demo window, counted at the cursor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.storage.statements import counting_statements

from .contract_cells import line_cell

pytestmark = pytest.mark.gui

# Measured on the demo before the operations work (issue 10): 69 statements for the weight edit
# (three whole-contract loads, and three statements a month for the trend) and 72 for the
# actual. After: 23 and 11 — the edit (3–6), the edited line alone for the editor, and the
# scoring panel (a weight rescores the period and the trend from one read of the year; an
# actual rescores its period on the contract already shown, and moves one trend point).
WEIGHT_EDIT_BOUND = 24
ACTUAL_ENTRY_BOUND = 12


def type_and_enter(qtbot, view, index, text: str) -> None:
    view.window().activateWindow()
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_a_weight_edit_costs_a_handful_of_statements(draft, qtbot):
    window, view = draft, draft.editor.view
    cell = line_cell(view.model(), "客户满意度", "weight")
    with counting_statements(window.firm.document) as counted:
        type_and_enter(qtbot, view, cell, "15")
        qtbot.waitUntil(lambda: line_cell(view.model(), "客户满意度", "weight").data() == "15")
    print(f"weight edit: {counted.count} statements")
    assert window.undo_stack.count() == 2  # the new contract, then the weight
    assert counted.count <= WEIGHT_EDIT_BOUND, "\n".join(counted.statements)


def test_an_actual_entry_costs_a_handful_of_statements(window, qtbot):
    assert window.select_position("营业厅营业员")
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    model = scoring.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
    with counting_statements(window.firm.document) as counted:
        type_and_enter(qtbot, scoring.table, model.index(row, 3), "95")
        qtbot.waitUntil(lambda: model.index(row, 3).data() == "95")
    print(f"actual entry: {counted.count} statements")
    assert window.undo_stack.count() == 1
    assert counted.count <= ACTUAL_ENTRY_BOUND, "\n".join(counted.statements)
