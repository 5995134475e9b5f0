"""The scoring panel as a user reads a period: no total or coefficient while due actuals are
missing, the trend leaves incomplete months off its line, and the year period shows the §7
aggregation (a small firm whose numbers are worked by hand)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest
from PySide6.QtCore import Qt

from kpidesk.core.policy import DEFAULT_CATEGORIES
from kpidesk.services import FirmService
from kpidesk.services.editing import EditService
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import create_document
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.ui.main_window import MainWindow
from kpidesk.ui.qt_i18n import apply_language

pytestmark = pytest.mark.gui

REVENUE = "通信业务收入"  # a monthly line of the marketing GM's contract


def _choose_period(qtbot, panel, code: str) -> None:
    """Step through the period combo with the arrow keys to ``code``, as a keyboard user does."""
    panel.period.setFocus()
    qtbot.keyClick(panel.period, Qt.Key.Key_Home)
    for _step in range(panel.period.count()):
        if panel.period.currentData() == code:
            return
        qtbot.keyClick(panel.period, Qt.Key.Key_Down)
    assert panel.period.currentData() == code


def _row(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def _type_actual(qtbot, panel, name: str, text: str) -> None:
    view = panel.table
    view.setFocus()
    view.setCurrentIndex(panel.model.index(_row(panel.model, name), 3))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.focusWidget()
    assert editor is not view
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits a Return on the next turn of the event loop
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


@pytest.fixture
def april_gap(document):
    """The marketing GM's April revenue not reported yet."""
    firm = FirmService(document)
    contract = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    line = next(l for l in contract.lines if l.indicator == REVENUE)
    old, _changes = EditService(document).record_actual(line.id, "2003-04", None)
    return old


def test_a_month_missing_an_actual_reads_incomplete_until_it_is_typed(
    april_gap, window, qtbot, qtmodeltester
):
    assert window.select_position("营销部门总经理")
    panel = window.scoring
    _choose_period(qtbot, panel, "2003-04")
    assert panel.period.currentData() == "2003-04"
    text = panel.summary.text()
    assert "Data incomplete — 1 line without an actual" in text
    assert "Appraisal coefficient" not in text and "Total" not in text
    assert REVENUE in panel.summary.toolTip()
    # the trend: April is marked, not drawn on the line as a dip
    assert "2003-04" in [p for p, _v in panel.trend_chart.marked]
    assert "2003-04" not in [p for p, _v in panel.trend_chart.trend]
    assert [p for p, _v in panel.trend_chart.trend] == ["2003-01", "2003-02", "2003-03",
                                                       "2003-05", "2003-06"]
    # the points chart shows the line as waiting for its actual, not as zero points
    assert [r[3] for r in panel.points_chart.rows if r[0] == REVENUE] == ["missing"]

    _type_actual(qtbot, panel, REVENUE, f"{april_gap:g}")
    assert panel.model.index(_row(panel.model, REVENUE), 3).data() == f"{april_gap:g}"
    text = panel.summary.text()
    assert "Total" in text and "Appraisal coefficient" in text and "incomplete" not in text
    assert panel.trend_chart.marked == []
    assert "2003-04" in [p for p, _v in panel.trend_chart.trend]
    qtmodeltester.check(panel.model)  # the values changed in place, without a reset
    window.undo_action.trigger()
    assert "Data incomplete — 1 line without an actual" in panel.summary.text()


def test_the_incomplete_text_is_in_chinese(april_gap, window, qtbot):
    window.set_language("zh_CN")
    assert window.select_position("营销部门总经理")
    panel = window.scoring
    panel.period.setCurrentIndex(panel.period.findData("2003-04"))
    assert "数据不完整：1 项指标缺实际完成值" in panel.summary.text()


@pytest.fixture
def small_firm(tmp_path, qtbot, settings):
    """One sales clerk (monthly 40 % + annual 60 %), two proportional monthly lines, target 100:
    A weighs 60, B 40. January 100/100 → 100 points; February 50/100 → 30 + 40 = 70; March
    only A reported (incomplete)."""
    document = create_document(tmp_path / "small.kpidesk")
    with document.transaction() as session:
        firm, contracts = FirmRepository(session), ContractRepository(session)
        firm.set_setting("current_year", 2003)
        for sort, category in enumerate(DEFAULT_CATEGORIES):
            firm.add_category(**asdict(category), sort=sort)
        firm.add_unit("HALL", "营业厅")
        firm.add_position("CLK", "HALL", "营业员", employee_class="sales_service")
        firm.add_employee("E1", "王小明")
        firm.assign("E1", "CLK", date(2003, 1, 1))
        firm.add_indicator("A", "甲指标", "financial")
        firm.add_indicator("B", "乙指标", "service")
        firm.add_year(2003)
        contract_id = contracts.add_contract("CLK", 2003, contractee="E1", issuer1="E1")
        rule = {"kind": "proportional", "target": 100}
        a = contracts.add_line(contract_id, "A", category="financial", weight=60, rule=rule)
        b = contracts.add_line(contract_id, "B", category="service", weight=40, rule=rule)
        contracts.set_status(contract_id, "agreed")
        for line, period, value in [
            (a, "2003-01", 100), (b, "2003-01", 100),
            (a, "2003-02", 50), (b, "2003-02", 100),
            (a, "2003-03", 80),
        ]:
            contracts.record_actual(line, period, float(value))
    apply_language("en")
    window = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    yield window
    window.close()
    document.close()


def test_the_year_period_shows_the_aggregated_result(small_firm, qtbot):
    window = small_firm
    assert window.select_position("营业员")
    panel = window.scoring
    _choose_period(qtbot, panel, "2003")
    assert panel.period.currentText() == "2003"
    assert panel.period.currentData() == "2003"
    text = panel.summary.text()
    # no annual actuals yet: months mean(100, 70) = 85 stands for both parts → 85.00
    assert "Year 2003: 85.00 of 100 points = monthly 85.00 × 40% + annual 85.00 × 60%" in text
    assert "Monthly part 85.00: the complete months Jan–Feb 2003." in text
    assert "Built from the complete months Jan–Feb 2003." in text
    assert "Left out, incomplete: Mar 2003." in text
    assert "No actuals yet: Apr–Dec 2003." in text
    assert "no appraisal coefficient" in text
    # the annual actuals typed into the year period's table: A 80 → 48, B 100 → 40; year 88.
    # 0.4 × 85 + 0.6 × 88 = 34 + 52.8 = 86.80
    _type_actual(qtbot, panel, "甲指标", "80")
    _type_actual(qtbot, panel, "乙指标", "100")
    assert "Year 2003: 86.80 of 100 points" in panel.summary.text()
    assert "stands in from the complete months" not in panel.summary.text()


def test_a_complete_month_of_the_small_firm_shows_its_coefficient(small_firm, qtbot):
    window = small_firm
    assert window.select_position("营业员")
    panel = window.scoring
    _choose_period(qtbot, panel, "2003-02")
    # 70 points: 60 % + (70 − 60)/(90 − 60) × 40 % = 73.3 % on the default pay breakpoints
    assert "Total 70.00 of 100 points" in panel.summary.text()
    assert "Appraisal coefficient 73.3%" in panel.summary.text()
    _choose_period(qtbot, panel, "2003-03")
    assert "Data incomplete — 1 line without an actual" in panel.summary.text()
    assert panel.summary.toolTip() == "Without actuals: 乙指标"


def test_period_shares_that_do_not_add_up_are_named_not_raised(small_firm, qtbot):
    window = small_firm
    with window.firm.document.transaction() as session:
        FirmRepository(session).set_setting(
            "period_shares", {"sales_service": {"month": 0.5, "year": 0.6}}
        )
    assert window.select_position("营业员")
    panel = window.scoring
    _choose_period(qtbot, panel, "2003")
    assert (
        "The year's result cannot be computed: period shares sum to 1.1, not 1"
        in panel.summary.text()
    )
