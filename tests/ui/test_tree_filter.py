"""The organisation tree's filter finds positions by the KPIs their contracts carry, besides the
names it shows: HR types 客户满意度 and sees who is measured by customer satisfaction."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from kpidesk.ui.org.org_tree_model import OrgTreeModel

pytestmark = pytest.mark.gui


def ime_type(widget, text: str) -> None:
    """Chinese arrives from the input method as committed text."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def names(model, parent=QModelIndex()) -> list[str]:
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index.data())
        found.extend(names(model, index))
    return found


def test_a_kpi_name_shows_the_positions_whose_contracts_carry_it(window):
    window.tree_filter.setFocus()
    ime_type(window.tree_filter, "客户满意度")
    # The demo's three contracts with 客户满意度 (CSAT), and the units above them.
    assert names(window.tree_proxy) == [
        "分公司",
        "营销部门",
        "营销部门总经理",
        "公众客户部",
        "公众客户部经理",
        "营业厅",
        "营业厅营业员",
    ]


def test_the_english_kpi_name_finds_them_too(qtbot, window):
    qtbot.keyClicks(window.tree_filter, "KEY-TALENT")  # 关键人才流失率, on four contracts
    units = {"分公司", "营销部门", "公众客户部", "营业厅", "人力资源部"}
    positions = [name for name in names(window.tree_proxy) if name not in units]
    assert positions == ["营销部门总经理", "公众客户部经理", "人力资源部总监", "员工发展和绩效管理"]


def test_a_line_added_a_moment_ago_is_found(qtbot, window):
    window.select_position("总经理")
    position_id = window.current_position()[0]
    window.contract_edits.create_contract(position_id, "empty")
    window.contract_edits.add_line_for(window.editor.contract.id, "ESAT")  # 员工满意度
    ime_type(window.tree_filter, "员工满意度")
    assert "总经理" in names(window.tree_proxy)


def test_names_shown_still_filter_as_before(window):
    ime_type(window.tree_filter, "营业员")
    assert names(window.tree_proxy) == ["分公司", "营销部门", "公众客户部", "营业厅", "营业厅营业员"]
    ime_type(window.tree_filter, "周明杰")  # a holder (appended: the box now reads 营业员周明杰)
    assert names(window.tree_proxy) == []
    window.tree_filter.clear()
    ime_type(window.tree_filter, "周明杰")
    assert names(window.tree_proxy) == ["分公司", "营销部门", "营销部门总经理"]


def test_the_tree_with_kpis_is_a_sound_model(window, qtmodeltester):
    model = OrgTreeModel(
        window.firm.units(),
        window.firm.all_positions(),
        indicator_names=window.firm.indicator_names_by_position,
    )
    qtmodeltester.check(model)
