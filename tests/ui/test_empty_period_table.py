"""A quarter or the year whose result is built from the months says why its table is empty."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui

NOTE = "The table is empty because no actuals were entered for this period itself"


@pytest.mark.parametrize("code", ["2003-Q2", "2003"])
def test_a_result_built_from_the_months_says_why_the_table_is_empty(window, code):
    assert window.select_position("营销部门总经理")
    panel = window.scoring
    panel.period.setCurrentIndex(panel.period.findData(code))
    assert NOTE in panel.summary.text()
    panel.period.setCurrentIndex(panel.period.findData("2003-06"))  # a month has its own table
    assert NOTE not in panel.summary.text()
