"""The words a Chinese user meets in the window: the toolbar's name, periods in words, an
entry error in Chinese punctuation (METHOD.md §2; issue 9)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.ui.contract.dialogs import AmendmentDialog
from kpidesk.ui.scoring.year_grid_model import FIRST_MONTH_COLUMN

pytestmark = pytest.mark.gui

JULY = FIRST_MONTH_COLUMN + 2 * 6  # July's actual


def toolbar_menu_texts(window) -> list[str]:
    """What the right-click menu of the toolbar area lists."""
    menu = window.createPopupMenu()
    try:
        return [a.text() for a in menu.actions() if a.text()]
    finally:
        menu.deleteLater()


def test_the_toolbar_has_a_name_in_its_context_menu(window):
    assert "Main toolbar" in toolbar_menu_texts(window)
    assert "main" not in toolbar_menu_texts(window)
    assert window.toolbar.objectName() == "mainToolbar"  # saved window state keys on it
    window.language_actions["zh_CN"].trigger()
    try:
        assert "主工具栏" in toolbar_menu_texts(window)
    finally:
        window.language_actions["en"].trigger()
    assert "Main toolbar" in toolbar_menu_texts(window)


def test_the_scoring_panel_names_periods_in_words(window):
    window.select_position("营业厅营业员")
    combo = window.scoring.period
    text = lambda code: combo.itemText(combo.findData(code))  # noqa: E731
    assert (text("2003-07"), text("2003-Q3"), text("2003-H1"), text("2003")) == (
        "Jul 2003",
        "Q3 2003",
        "H1 2003",
        "2003",
    )
    window.language_actions["zh_CN"].trigger()
    try:
        assert (text("2003-07"), text("2003-Q3"), text("2003-H1"), text("2003-H2")) == (
            "2003年7月",
            "2003年第3季度",
            "2003年上半年",
            "2003年下半年",
        )
        assert text("2003") == "2003年度"
    finally:
        window.language_actions["en"].trigger()


def test_the_amendment_dialog_offers_periods_in_words(window, qtbot):
    window.language_actions["zh_CN"].trigger()
    try:
        dialog = AmendmentDialog(
            "营业收入", "base", 270.0, 280.0, 0.15, window,
            periods=["2003-07", "2003-08"], effective="2003-08",
        )  # fmt: skip
        qtbot.addWidget(dialog)
        combo = dialog.effective
        assert [combo.itemText(i) for i in range(combo.count())] == ["2003年7月", "2003年8月"]
        assert combo.currentData() == "2003-08"  # the code stays the key
    finally:
        window.language_actions["en"].trigger()


def test_a_typing_error_in_the_year_grid_reads_in_chinese_punctuation(window, qtbot):
    window.language_actions["zh_CN"].trigger()
    try:
        assert window.select_position("营业厅营业员")
        window.centre.setCurrentWidget(window.year_grid)
        grid = window.year_grid
        qtbot.waitUntil(lambda: grid.model.rowCount() > 0)
        model, table = grid.model, grid.table
        revenue = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
        window.activateWindow()
        table.setCurrentIndex(model.index(revenue, JULY))
        table.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
        for char in "abc":
            qtbot.keyClick(QApplication.focusWidget(), char)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "abc" in window.last_message)
        assert window.last_message == "营业收入，7月：“abc”不是数字"
    finally:
        window.language_actions["en"].trigger()
