"""The scoring panel shows beside the contract and its year grid only: beside the value-tree
diagram, the KPI dictionary or the people it showed an unrelated contract's scores, in a third
of the screen the page needed (issue 11 review)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


def click_tab(qtbot, tabs, page) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(page)).center())


def test_the_scores_step_aside_for_pages_that_are_not_a_contract(window, qtbot):
    window.resize(1366, 740)
    window.select_position("营销部门总经理")
    window.fit_splitter()
    qtbot.waitUntil(window.scoring.isVisible)
    widths = window.splitter.sizes()
    diagram_page = window.centre.widget(1)
    click_tab(qtbot, window.left, window.left.widget(1))  # the value tree: its diagram
    assert window.centre.currentWidget() is diagram_page
    qtbot.waitUntil(lambda: not window.scoring.isVisible())
    # the diagram takes the room
    qtbot.waitUntil(lambda: window.splitter.sizes()[1] > widths[1] + widths[2] // 2)
    click_tab(qtbot, window.centre, window.org_actions.people_page)
    assert not window.scoring.isVisible()
    click_tab(qtbot, window.centre, window.year_grid)
    qtbot.waitUntil(window.scoring.isVisible)
    click_tab(qtbot, window.left, window.left.widget(0))  # the organisation: the contract
    assert window.centre.currentWidget() is window.editor and window.scoring.isVisible()
    qtbot.waitUntil(lambda: abs(window.splitter.sizes()[2] - widths[2]) <= 2)  # as before
