"""An official period's actual cells say why they take no value: who made the results
official, when, and where a correction is made (Review › Correct an official result…)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from .test_locked_cells import actual_cell, focus, type_text

pytestmark = pytest.mark.gui


def test_typing_an_actual_of_an_official_month_says_who_made_it_official(
    window, qtbot, answer_dialog
):
    assert window.select_position("营业厅营业员")
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-06"))

    def make_june_official(dialog):
        assert dialog.code() == "2003-06"  # the scoring panel's period
        dialog.reviewer.setText("王总经理")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_dialog(make_june_official)
    window.results_actions.make_official_action.trigger()
    qtbot.waitUntil(lambda: scoring.model.official_lock is not None, timeout=30000)
    cell = actual_cell(scoring, "营业收入")
    focus(qtbot, scoring.table, cell)
    type_text(qtbot, "300")
    assert "王总经理" in window.last_message
    assert "Correct an official result" in window.last_message
    assert cell.data() == "269.98"
    # May is not official: its cells take values as before.
    scoring.period.setCurrentIndex(scoring.period.findData("2003-05"))
    assert scoring.model.official_lock is None


def test_the_year_grids_official_month_says_why_and_the_next_month_takes_values(
    window, qtbot, qtmodeltester
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from kpidesk.services.results import ResultsService

    firm = window.firm
    window.operations.run(
        "official",
        lambda: ResultsService(firm.document, firm.policy).make_official("2003-06", "王总经理"),
    )
    assert window.select_position("营业厅营业员")
    window.centre.setCurrentWidget(window.year_grid)
    model, table = window.year_grid.model, window.year_grid.table
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    qtmodeltester.check(model)

    def column(header):
        return next(
            c
            for c in range(model.columnCount())
            if model.headerData(c, Qt.Orientation.Horizontal) == header
        )

    revenue = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
    june = model.index(revenue, column("Jun actual"))
    focus(qtbot, table, june)
    type_text(qtbot, "300")
    assert "王总经理" in window.last_message and "Jun 2003" in window.last_message
    assert june.data() == "269.98"
    july = model.index(revenue, column("Jul actual"))
    focus(qtbot, table, july)
    type_text(qtbot, "270")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(revenue, column("Jul actual")).data() == "270")
