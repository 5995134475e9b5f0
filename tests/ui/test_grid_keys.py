"""The grids typed like a spreadsheet: key events through the real views and delegates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.ui.contract.contract_lines_model import FIELDS, LINE_ROLE

from .contract_cells import line_cell

pytestmark = pytest.mark.gui


def type_text(qtbot, text: str) -> None:
    """Keys as a keyboard sends them: each to whichever widget has the focus now (the view,
    then the editor its first key opened)."""
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def press(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def scoring_at(window, position: str, period: str):
    assert window.select_position(position)
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData(period))
    return scoring


def row_of(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def focus(qtbot, view, index) -> None:
    view.window().activateWindow()
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)


def test_a_column_of_actuals_typed_with_enter(window, qtbot):
    scoring = scoring_at(window, "营业厅营业员", "2003-07")
    model, table = scoring.model, scoring.table
    first = row_of(model, "营业收入")
    focus(qtbot, table, model.index(first, 3))
    type_text(qtbot, "95")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(first, 3).data() == "95")
    qtbot.waitUntil(lambda: table.currentIndex() == model.index(first + 1, 3))
    assert QApplication.focusWidget() is table  # ready for the next value
    type_text(qtbot, "96")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(first + 1, 3).data() == "96")
    assert table.currentIndex() == model.index(first + 2, 3)
    actuals = window.firm.score(model.scored.contract.id, "2003-07").actuals
    lines = model.scored.contract.lines
    assert actuals[lines[first].id] == 95 and actuals[lines[first + 1].id] == 96
    assert window.undo_stack.count() == 2


def test_tab_moves_right_in_the_scoring_table_and_keeps_what_is_typed(window, qtbot):
    scoring = scoring_at(window, "营业厅营业员", "2003-07")
    model, table = scoring.model, scoring.table
    first = row_of(model, "营业收入")
    focus(qtbot, table, model.index(first, 3))
    type_text(qtbot, "95")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: model.index(first, 3).data() == "95")
    # The only editable cell of a line is its actual: Tab goes on to the next line's.
    assert table.currentIndex() == model.index(first + 1, 3)
    type_text(qtbot, "97")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: model.index(first + 1, 3).data() == "97")
    assert model.index(first, 3).data() == "95"  # still there
    press(qtbot, Qt.Key.Key_Backtab)
    assert table.currentIndex() == model.index(first + 1, 3)




def weight_of(window, name: str) -> float:
    return next(l.weight for l in window.editor.contract.lines if l.indicator == name)


def test_contract_editor_weight_enter_down_type(draft, qtbot):
    window, view = draft, draft.editor.view
    model = view.model()
    # 服务 lines of the clerk's contract, top to bottom: 客户满意度, 固定电话, 来显, 固网短信 …
    start = line_cell(model, "客户满意度", "weight")
    focus(qtbot, view, start)
    type_text(qtbot, "15")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: weight_of(window, "客户满意度") == 15)
    assert view.currentIndex().siblingAtColumn(0).data() == "固定电话"
    assert FIELDS[view.currentIndex().column()] == "weight"
    press(qtbot, Qt.Key.Key_Down)
    assert view.currentIndex().siblingAtColumn(0).data() == "来显"
    type_text(qtbot, "15")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: weight_of(window, "来显") == 15)
    assert view.currentIndex().siblingAtColumn(0).data() == "固网短信"
    assert QApplication.focusWidget() is view


def test_tab_after_a_committed_cell_stays_on_the_line_not_a_category_row(draft, qtbot):
    window, view = draft, draft.editor.view
    model = view.model()
    focus(qtbot, view, line_cell(model, "客户满意度", "weight"))
    type_text(qtbot, "15")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: weight_of(window, "客户满意度") == 15)
    current = view.currentIndex()
    assert current.data(LINE_ROLE) is not None  # a line, not a category header
    assert current.siblingAtColumn(0).data() == "客户满意度"
    assert FIELDS[current.column()] == "unit"
    type_text(qtbot, "pcs")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(
        lambda: next(l.unit for l in window.editor.contract.lines if l.indicator == "客户满意度")
        == "pcs"
    )
    assert FIELDS[view.currentIndex().column()] == "minimum"
    assert weight_of(window, "客户满意度") == 15  # the typed values are kept


def test_the_current_cell_survives_a_reload_of_the_contract(draft, qtbot):
    window, view = draft, draft.editor.view
    model = view.model()
    focus(qtbot, view, line_cell(model, "宽带", "challenge"))
    line_id = view.currentIndex().data(LINE_ROLE)
    # Moving a line to another category regroups the lines: the model is rebuilt.
    category = line_cell(model, "宽带", "category")
    assert window.contract_edits.edit_line(category.data(LINE_ROLE), "category", "learning")
    current = view.currentIndex()
    assert current.data(LINE_ROLE) == line_id
    assert FIELDS[current.column()] == "challenge"
    assert QApplication.focusWidget() is view


def test_arrows_and_tab_skip_category_rows_and_wrap_to_the_next_line(draft, qtbot):
    view = draft.editor.view
    model = view.model()
    focus(qtbot, view, line_cell(model, "营业收入", "weight"))  # the only financial line
    press(qtbot, Qt.Key.Key_Down)
    assert view.currentIndex().siblingAtColumn(0).data() == "客户满意度"
    press(qtbot, Qt.Key.Key_Up)
    assert view.currentIndex().siblingAtColumn(0).data() == "营业收入"
    focus(qtbot, view, line_cell(model, "营业收入", "data_source"))
    press(qtbot, Qt.Key.Key_Tab)  # past the last editable cell of the line
    assert view.currentIndex().siblingAtColumn(0).data() == "营业收入"
    assert FIELDS[view.currentIndex().column()] == "cycle"
    press(qtbot, Qt.Key.Key_Tab)
    current = view.currentIndex()
    assert current.siblingAtColumn(0).data() == "客户满意度"
    assert FIELDS[current.column()] == "indicator"


def test_escape_cancels_and_delete_empties_an_actual(window, qtbot):
    scoring = scoring_at(window, "营业厅营业员", "2003-06")
    model, table = scoring.model, scoring.table
    cell = model.index(row_of(model, "营业收入"), 3)
    before = cell.data()
    assert before  # June was reported
    focus(qtbot, table, cell)
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Escape)
    assert cell.data() == before
    assert QApplication.focusWidget() is table and table.currentIndex() == cell
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: cell.data() == "")
    assert window.undo_stack.undoText() == "Enter actual"
    window.undo_stack.undo()
    assert cell.data() == before
