"""The year grid and the period panel agree on what is complete: the totals row gives no number
for an incomplete month, lines not due in a month (by their cycle) are not gaps, and a quarter
whose months are complete shows the result the year is built from (the demo's marketing GM)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.ui.scoring.year_grid_model import FIRST_MONTH_COLUMN, MISSING

pytestmark = pytest.mark.gui

JULY = FIRST_MONTH_COLUMN + 2 * 6  # July's actual; its points are the next column
QUARTERLY = ("客户满意度", "商业客户转为大客户数", "关键人才流失率")
MONTHLY_MISSING = ("预算网络成本贡献率", "营销成本", "应收帐款周转次数", "集团客户收入/总收入",
                   "市场占有率")


def row_of(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


@pytest.fixture
def july_typed(window, qtbot, qtmodeltester):
    """The repro: the GM's year grid, only two July actuals typed (revenue 23, net operating
    assets 9) with the keys, as a clerk types them."""
    assert window.select_position("营销部门总经理")
    window.centre.setCurrentWidget(window.year_grid)
    grid = window.year_grid
    qtbot.waitUntil(lambda: grid.model.rowCount() > 0)
    model, table = grid.model, grid.table
    qtmodeltester.check(model)
    window.activateWindow()
    table.setCurrentIndex(model.index(row_of(model, "通信业务收入"), JULY))
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    for name, text in (("通信业务收入", "23"), ("净营运资产贡献率", "9")):
        for char in text:
            qtbot.keyClick(QApplication.focusWidget(), char)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        # the delegate commits a Return on the next turn of the event loop
        qtbot.waitUntil(
            lambda name=name, text=text: model.index(row_of(model, name), JULY).data() == text
        )
    qtmodeltester.check(model)
    return grid


def test_the_totals_row_gives_no_number_for_an_incomplete_month(july_typed, window):
    panel = window.scoring
    panel.period.setCurrentIndex(panel.period.findData("2003-07"))
    assert "Data incomplete — 5 lines without actuals" in panel.summary.text()
    model = july_typed.model
    total = model.rowCount() - 1
    assert model.index(total, JULY).data() == "incomplete"
    points = model.index(total, JULY + 1)
    assert not re.search(r"\d", points.data())  # no total while 5 due actuals are missing
    tip = points.data(Qt.ItemDataRole.ToolTipRole)
    assert "5 actuals of Jul are missing" in tip
    assert all(name in tip for name in MONTHLY_MISSING)
    assert not any(name in tip for name in QUARTERLY)
    # June is complete: its total is a number.
    assert re.fullmatch(r"\d+\.\d\d", model.index(total, JULY - 1).data())


def test_quarterly_lines_are_not_gaps_in_july(july_typed):
    model = july_typed.model
    hatched = [
        model.index(r, 0).data()
        for r in range(model.rowCount() - 1)
        if model.index(r, JULY).data(Qt.ItemDataRole.BackgroundRole) == MISSING
    ]
    assert sorted(hatched) == sorted(MONTHLY_MISSING)  # the 5 the scoring panel names
    for name in QUARTERLY:
        cell = model.index(row_of(model, name), JULY)
        assert cell.data(Qt.ItemDataRole.BackgroundRole) not in (None, MISSING)
        assert "Not due in Jul: reported quarterly" in cell.data(Qt.ItemDataRole.ToolTipRole)


def _panel_total(panel, code: str) -> float:
    panel.period.setCurrentIndex(panel.period.findData(code))
    return float(re.search(r"Total (\d+\.\d\d) of 100 points", panel.summary.text()).group(1))


def test_the_second_quarter_shows_the_result_built_from_its_months(window, qtbot):
    assert window.select_position("营销部门总经理")
    panel = window.scoring
    april, may, june = (_panel_total(panel, m) for m in ("2003-04", "2003-05", "2003-06"))
    assert (april, may, june) == (78.15, 93.69, 84.21)  # the demo's months, as the panel shows
    panel.period.setFocus()
    panel.period.setCurrentIndex(panel.period.findData("2003-Q1"))
    qtbot.keyClick(panel.period, Qt.Key.Key_Down)  # to Q2, as a keyboard user steps
    assert panel.period.currentData() == "2003-Q2"
    text = panel.summary.text()
    assert "Data incomplete" not in text
    assert "built from the data of Apr–Jun 2003" in text
    assert "Appraisal coefficient" in text
    quarter = float(re.search(r"Total (\d+\.\d\d) of 100 points", text).group(1))
    # (78.1459 + 93.6949 + 84.2141) / 3 = 85.3516, from the months' unrounded totals
    assert quarter == 85.35
    # The third quarter's months are not in: it stays incomplete.
    qtbot.keyClick(panel.period, Qt.Key.Key_Down)
    assert panel.period.currentData() == "2003-Q3"
    assert "Data incomplete" in panel.summary.text()


def test_the_second_quarter_in_chinese(window):
    window.set_language("zh_CN")
    assert window.select_position("营销部门总经理")
    panel = window.scoring
    panel.period.setCurrentIndex(panel.period.findData("2003-Q2"))
    assert "由2003年4月–6月数据得出" in panel.summary.text()
    assert "数据不完整" not in panel.summary.text()
