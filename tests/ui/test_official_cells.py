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
        dialog.period.set_code("2003-06")
        dialog.reviewer.setText("王总经理")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_dialog(make_june_official)
    window.results_actions.make_official_action.trigger()
    cell = actual_cell(scoring, "营业收入")
    focus(qtbot, scoring.table, cell)
    type_text(qtbot, "300")
    assert "王总经理" in window.last_message
    assert "Correct an official result" in window.last_message
    assert cell.data() == "269.98"
    # May is not official: its cells take values as before.
    scoring.period.setCurrentIndex(scoring.period.findData("2003-05"))
    assert scoring.model.official_lock is None
