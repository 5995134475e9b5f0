"""Every item model of the window keeps Qt's model contract (``qtmodeltester``) not only when it
is first filled but through what users do to it: an edit, its undo and a reload, and so do the
filter proxies in front of the organisation and value trees and the indicator picker.

``qtmodeltester.check`` attaches Qt's own QAbstractItemModelTester, which stays attached and
checks every signal the model emits afterwards (a wrong ``rowsInserted`` or ``dataChanged`` is
a Qt warning, and Qt warnings fail tests); each test checks again once the model has settled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.ui.contract.indicator_picker import IndicatorPicker
from kpidesk.ui.org.org_tree_model import KIND_ROLE

from .contract_cells import line_cell

pytestmark = pytest.mark.gui


def type_text(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def focus(qtbot, view, index) -> None:
    view.window().activateWindow()
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)


def undo_by_keys(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.editor.view.setFocus()
    qtbot.keyClick(window.editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def rows(model, parent=None) -> list[str]:
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def position_count(model) -> int:
    """Positions anywhere in the organisation tree (or its proxy)."""
    found = 0

    def walk(parent):
        nonlocal found
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            found += index.data(KIND_ROLE) == "position"
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return found


def test_the_organisation_tree_and_its_filter_through_a_new_contract_undo_and_filtering(
    window, qtbot, qtmodeltester
):
    model, proxy = window.tree_model, window.tree_proxy
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    positions = position_count(proxy)
    assert positions == position_count(model) > 0

    # A new contract for the business-hall manager reloads the tree (an organisation change).
    clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
    assert window.select_position("营业厅经理")
    before = window.undo_stack.index()
    window.contract_edits.create_contract(window.current_position()[0], clerk.id)
    assert window.editor.contract.status == "draft"
    assert window.undo_stack.index() == before + 1
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    assert window.current_position()[1] == "营业厅经理"  # the selection survives the reload

    undo_by_keys(window, qtbot)
    qtbot.waitUntil(lambda: window.undo_stack.index() == before)
    assert not any(c.position == "营业厅经理" for c in window.firm.contracts())
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)

    # Typing in the filter box: the proxy keeps the positions that match, with their units.
    window.left.setCurrentIndex(0)
    window.tree_filter.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree_filter)
    window.tree_filter.insert("营业厅经理")  # as an input method commits Chinese text
    qtbot.waitUntil(lambda: position_count(proxy) == 1)
    qtmodeltester.check(proxy)
    window.tree_filter.clear()
    qtbot.waitUntil(lambda: position_count(proxy) == positions)
    qtmodeltester.check(proxy)


def test_the_value_tree_and_its_filter_through_an_owner_change_undo_and_filtering(
    window, qtbot, qtmodeltester
):
    model, proxy = window.value_model, window.value_proxy
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    revenue = next(n for n in window.firm.value_tree() if n.label == "实际收入")
    gm = next(
        p for ps in window.firm.all_positions().values() for p in ps if p.name == "营销部门总经理"
    )
    window.left.setCurrentIndex(1)
    assert window.contract_edits.drop("tree", revenue.id, "position", gm.id)  # what a drop on the position does
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    assert window.diagram.nodes[revenue.id].owner == "营销部门总经理"

    undo_by_keys(window, qtbot)
    qtbot.waitUntil(lambda: window.diagram.nodes[revenue.id].owner != "营销部门总经理")
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)

    window.value_filter.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.value_filter)
    window.value_filter.insert("实际收入")  # as an input method commits Chinese text
    qtbot.waitUntil(lambda: proxy.rowCount() >= 1)
    qtmodeltester.check(proxy)
    window.value_filter.clear()
    qtmodeltester.check(proxy)


def test_the_contract_lines_through_a_typed_weight_undo_and_reload(draft, qtbot, qtmodeltester):
    window = draft
    model, view = window.editor.model, window.editor.view
    qtmodeltester.check(model)
    weight = line_cell(model, "营业收入", "weight")
    assert weight.data() == "30"
    focus(qtbot, view, weight)
    type_text(qtbot, "35")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: line_cell(model, "营业收入", "weight").data() == "35")
    qtmodeltester.check(model)

    undo_by_keys(window, qtbot)
    qtbot.waitUntil(lambda: line_cell(model, "营业收入", "weight").data() == "30")
    qtmodeltester.check(model)

    # A reload: another position's contract, then this one again.
    contract = window.editor.contract.id
    assert window.select_position("营业厅营业员")
    qtmodeltester.check(model)
    assert window.select_position("营业厅经理")
    assert window.editor.contract.id == contract
    assert line_cell(model, "营业收入", "weight").data() == "30"
    qtmodeltester.check(model)


def test_the_scoring_table_through_a_typed_actual_undo_and_another_period(
    window, qtbot, qtmodeltester
):
    assert window.select_position("营业厅营业员")
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    model, table = scoring.model, scoring.table
    qtmodeltester.check(model)
    first = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
    assert model.index(first, 3).data() == ""  # the firm has reported up to June
    focus(qtbot, table, model.index(first, 3))
    type_text(qtbot, "95")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(first, 3).data() == "95")
    qtmodeltester.check(model)

    undo_by_keys(window, qtbot)
    qtbot.waitUntil(lambda: model.index(first, 3).data() == "")
    qtmodeltester.check(model)

    scoring.period.setCurrentIndex(scoring.period.findData("2003-06"))  # a reload
    qtbot.waitUntil(lambda: model.index(first, 3).data() != "")
    qtmodeltester.check(model)


def test_the_year_grid_through_a_typed_actual_undo_and_another_contract(
    window, qtbot, qtmodeltester
):
    assert window.select_position("营业厅营业员")
    window.centre.setCurrentWidget(window.year_grid)
    grid = window.year_grid
    model, table = grid.model, grid.table
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    qtmodeltester.check(model)
    july = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Jul actual"
    )
    revenue = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
    focus(qtbot, table, model.index(revenue, july))
    type_text(qtbot, "270")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(revenue, july).data() == "270")
    qtmodeltester.check(model)

    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.index(revenue, july).data() == "")
    qtmodeltester.check(model)

    assert window.select_position("公众客户部经理")  # a reload with other lines
    qtbot.waitUntil(lambda: model.index(0, 0).data() == "公众客户部收入")
    qtmodeltester.check(model)


def test_the_indicator_pickers_filter_through_typing_and_clearing(window, qtbot, qtmodeltester):
    indicators = window.firm.indicators()
    picker = IndicatorPicker(indicators, {}, window)
    qtbot.addWidget(picker)
    picker.show()
    proxy = picker.proxy
    qtmodeltester.check(picker.model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == len(indicators)
    picker.filter.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter)
    type_text(qtbot, "khmyd")  # pinyin initials of 客户满意度
    qtbot.waitUntil(lambda: "客户满意度" in rows(proxy))
    assert proxy.rowCount() < len(indicators)
    qtmodeltester.check(proxy)
    picker.filter.clear()
    qtbot.waitUntil(lambda: proxy.rowCount() == len(indicators))
    qtmodeltester.check(proxy)
