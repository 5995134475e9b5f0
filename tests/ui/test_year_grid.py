"""The year grid: a contract's year, lines down and months across, typed like a spreadsheet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from kpidesk.storage.audit import AuditRecord
from kpidesk.ui.scoring.year_grid_model import FIRST_MONTH_COLUMN, MISSING

pytestmark = pytest.mark.gui

JULY = FIRST_MONTH_COLUMN + 2 * 6  # July's actual; its points are the next column


def type_text(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.fixture
def grid(window, qtbot):
    """The clerk's signed contract on the year grid tab (the firm has reported up to June)."""
    assert window.select_position("营业厅营业员")
    window.centre.setCurrentWidget(window.year_grid)
    assert window.centre.tabText(window.centre.currentIndex()) == "Year grid"
    qtbot.waitUntil(lambda: window.year_grid.model.rowCount() > 0)
    return window.year_grid


def row_of(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def test_the_year_grid_shows_the_selected_contract_month_by_month(
    window, grid, qtbot, qtmodeltester
):
    model = grid.model
    qtmodeltester.check(model)
    assert model.headerData(JULY, Qt.Orientation.Horizontal) == "Jul actual"
    assert model.headerData(JULY + 1, Qt.Orientation.Horizontal) == "Jul points"
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "营业收入", "客户满意度", "固定电话", "来显", "固网短信", "宽带", "服务规范", "重大投诉",
        "Total",
    ]
    assert model.index(model.rowCount() - 1, 1).data() == "100"
    # It follows the position selected in the tree.
    assert window.select_position("公众客户部经理")
    qtbot.waitUntil(lambda: model.index(0, 0).data() == "公众客户部收入")
    qtmodeltester.check(model)


def test_a_column_of_actuals_typed_with_keys_saved_per_month_and_undone(
    window, grid, qtbot, qtmodeltester
):
    model, table = grid.model, grid.table
    contract_id = grid.contract_id
    revenue, satisfaction = row_of(model, "营业收入"), row_of(model, "客户满意度")
    window.activateWindow()
    table.setCurrentIndex(model.index(revenue, JULY))
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    type_text(qtbot, "270")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(revenue, JULY).data() == "270")
    assert table.currentIndex() == model.index(satisfaction, JULY)
    type_text(qtbot, "80")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(satisfaction, JULY).data() == "80")
    assert model.index(revenue, JULY + 1).data() == "24.00"  # base reached: 80 % of 30
    assert model.index(satisfaction, JULY + 1).data() == "8.00"  # 80 % of 10
    july = window.firm.score(contract_id, "2003-07").actuals
    lines = {l.indicator: l.id for l in window.editor.contract.lines}
    assert july == {lines["营业收入"]: 270.0, lines["客户满意度"]: 80.0}
    assert window.firm.score(contract_id, "2003-08").actuals == {}  # that month only
    assert window.undo_stack.undoText() == "Enter actual"
    with window.firm.document.reading() as session:
        typed = [
            (a.action, a.new)
            for a in session.scalars(
                select(AuditRecord).where(
                    AuditRecord.entity == "actuals", AuditRecord.field == "value"
                )
            )
            if a.new in (270.0, 80.0)
        ]
    assert typed == [("insert", 270.0), ("insert", 80.0)]  # each typed value audited
    qtmodeltester.check(model)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.index(satisfaction, JULY).data() == "")
    assert model.index(revenue, JULY).data() == "270"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.index(revenue, JULY).data() == "")
    assert window.firm.score(contract_id, "2003-07").actuals == {}
    qtmodeltester.check(model)


def test_a_month_with_a_missing_due_actual_is_marked(window, grid, qtbot):
    model = grid.model
    total = model.rowCount() - 1
    broadband = row_of(model, "宽带")
    # Up to June the clerk reported everything; July is not due yet: nothing is marked.
    june = JULY - 2
    assert model.index(broadband, june).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(broadband, JULY).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(total, JULY).data(Qt.ItemDataRole.ToolTipRole) is None
    # Once July is being reported, July's gaps show.
    assert model.setData(model.index(row_of(model, "营业收入"), JULY), "270")
    assert model.index(broadband, JULY).data(Qt.ItemDataRole.BackgroundRole) == MISSING
    assert "Incomplete" in model.index(broadband, JULY).data(Qt.ItemDataRole.ToolTipRole)
    assert "6 actuals of Jul are missing" in model.index(total, JULY).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert model.index(total, JULY).data() == "incomplete"
    assert model.index(broadband, june).data(Qt.ItemDataRole.BackgroundRole) is None


def test_points_can_be_hidden_and_locked_cells_say_why(window, grid, qtbot):
    grid.show_points.setChecked(False)
    assert grid.table.isColumnHidden(JULY + 1) and not grid.table.isColumnHidden(JULY)
    grid.show_points.setChecked(True)
    model = grid.model
    cell = model.index(row_of(model, "营业收入"), JULY + 1)
    qtbot.mouseDClick(
        grid.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=grid.table.visualRect(cell).center(),
    )
    assert "computed" in window.last_message
    # The KPI column is the frozen pane's: it answers too.
    kpi = model.index(row_of(model, "营业收入"), 0)
    frozen = grid.table.frozen
    qtbot.mouseDClick(
        frozen.viewport(), Qt.MouseButton.LeftButton, pos=frozen.visualRect(kpi).center()
    )
    assert "come from the contract" in window.last_message
