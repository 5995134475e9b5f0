"""What an edit costs in SQL: a weight typed in the contract editor and an actual typed in the
scoring panel, by keyboard on the demo window, counted at the cursor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.storage.statements import counting_statements

from .contract_cells import line_cell, type_and_enter

pytestmark = pytest.mark.gui

# Measured on the demo before the operations work (issue 10): 69 statements for the weight edit
# (three whole-contract loads, and three statements a month for the trend) and 72 for the
# actual. After the first round: 19 and 10. Now 8 and 7. The weight edit: the edit (4), the
# edited line read once for the editor and the scoring panel (1), and the year's amendments,
# actuals and deduction counts (3), which score the period and the trend on the contract the
# panel already holds. The actual: the edit (6: the line, its contract, the old value, the
# period with the line's actual, the insert, its audit row) and the period's actuals (1); the
# deduction events and the contract are as they were. Since issue 12 the edit asks once
# whether the period's results are official (storage/official_lock.py): one more; and every
# edit links its audit rows into the hash chain before it commits (storage/audit_chain.py: the
# newest link read, the new rows' digests written): two more.
WEIGHT_EDIT_BOUND = 10
ACTUAL_ENTRY_BOUND = 10


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


# With the year grid's tab shown (issue 10 fix round). Before, the grid read the whole year
# again on every change: 64 statements for an actual typed in the scoring panel, 73 for one
# typed in the grid itself. Now 8 and 10. The grid rereads only the changed month's actuals
# (1) and rescores that month on what it holds: the panel's 7 plus that one. Typed in the grid
# (July, while the panel shows another month): the edit (6), the grid's one, and the panel's
# trend point for July scored on the contract it holds (its amendments, actuals, events: 3).
GRID_SHOWN_PANEL_ACTUAL_BOUND = 11  # with the official-results check and the audit chain
GRID_ACTUAL_ENTRY_BOUND = 13
# A weight edit undone (Ctrl+Z) on the year grid: 61 statements before, 9 now (the undo, the
# changed line read once for every panel, the amendments the grid rescores its months with).
GRID_SHOWN_UNDO_BOUND = 11  # + the audit chain's two (issue 13)
JULY_ACTUAL = 2 + 2 * 6  # KPI, weight, then (actual, points) per month


def _show_year_grid(window, qtbot):
    assert window.select_position("营业厅营业员")
    window.centre.setCurrentWidget(window.year_grid)
    grid = window.year_grid
    qtbot.waitUntil(lambda: grid.isVisible() and grid.model.rowCount() > 0)
    model = grid.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
    return grid, model, row


def test_an_actual_typed_in_the_panel_with_the_year_grid_shown(window, qtbot, qtmodeltester):
    grid, year, year_row = _show_year_grid(window, qtbot)
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    model = scoring.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
    with counting_statements(window.firm.document) as counted:
        type_and_enter(qtbot, scoring.table, model.index(row, 3), "95")
        qtbot.waitUntil(lambda: model.index(row, 3).data() == "95")
    print(f"actual typed in the panel, year grid shown: {counted.count} statements")
    assert year.index(year_row, JULY_ACTUAL).data() == "95"  # the grid shows it too
    assert counted.count <= GRID_SHOWN_PANEL_ACTUAL_BOUND, "\n".join(counted.statements)
    qtmodeltester.check(year)


def test_an_actual_typed_in_the_year_grid_costs_a_handful_of_statements(
    window, qtbot, qtmodeltester
):
    grid, model, row = _show_year_grid(window, qtbot)
    before = model.index(row, JULY_ACTUAL).data()
    with counting_statements(window.firm.document) as counted:
        type_and_enter(qtbot, grid.table, model.index(row, JULY_ACTUAL), "95")
        qtbot.waitUntil(lambda: model.index(row, JULY_ACTUAL).data() == "95")
    print(f"actual typed in the year grid: {counted.count} statements")
    assert window.undo_stack.count() == 1
    assert counted.count <= GRID_ACTUAL_ENTRY_BOUND, "\n".join(counted.statements)
    qtmodeltester.check(model)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: model.index(row, JULY_ACTUAL).data() == before)
    qtmodeltester.check(model)


def test_a_weight_edit_undone_with_the_year_grid_shown_repaints_its_row(
    draft, qtbot, qtmodeltester
):
    """Ctrl+Z pressed on the year grid: the line's weight comes back in its row without a
    reset of the grid, and the year is not read again (the changed line, read once for every
    panel, and the contract's amendments)."""
    window, view = draft, draft.editor.view
    type_and_enter(qtbot, view, line_cell(view.model(), "客户满意度", "weight"), "15")
    qtbot.waitUntil(lambda: line_cell(view.model(), "客户满意度", "weight").data() == "15")
    window.centre.setCurrentWidget(window.year_grid)
    grid = window.year_grid
    qtbot.waitUntil(lambda: grid.isVisible() and grid.model.rowCount() > 0)
    model = grid.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "客户满意度")
    assert model.index(row, 1).data() == "15"
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    grid.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid.table)
    with counting_statements(window.firm.document) as counted:
        qtbot.keyClick(grid.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: model.index(row, 1).data() != "15")
    print(f"weight edit undone, year grid shown: {counted.count} statements")
    assert model.index(row, 1).data() == "10"  # the clerk's contract's weight
    assert resets == []
    assert counted.count <= GRID_SHOWN_UNDO_BOUND, "\n".join(counted.statements)
    qtmodeltester.check(model)
