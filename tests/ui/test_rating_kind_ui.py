"""The qualitative rating kind end to end in the window: chosen in the rule editor (which
offers the five-level scale), shown on the contract, and a level typed in the scoring table
and the year grid through their real editors, scored as its share of the weight."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.ui.contract.rule_editor import RuleEditor
from kpidesk.ui.scoring.year_grid_model import FIRST_MONTH_COLUMN

from .contract_cells import line_cell

pytestmark = pytest.mark.gui

AUGUST = FIRST_MONTH_COLUMN + 2 * 7  # August's actual; its points are the next column


def _double_click(qtbot, view, index) -> None:
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def _row(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def _table_rows(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _choose_rating_then_ok(qtbot, seen):
    def fill(editor):
        seen["dialog"] = type(editor)
        editor.kind.setFocus()
        qtbot.keyClicks(editor.kind, "Qual")  # the combo's keyboard search
        seen["kind"] = editor.kind.currentData()
        seen["scale"] = _table_rows(editor.table)
        seen["rater"] = editor.choices["rater"].currentText()
        seen["error"] = editor.error.text()
        qtbot.mouseClick(
            editor.buttons.button(editor.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    return fill


def _type_actual(qtbot, panel, name: str, text: str) -> None:
    view = panel.table
    view.window().activateWindow()
    view.setCurrentIndex(panel.model.index(_row(panel.model, name), 3))
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    for char in text:  # the first key opens the editor, as in a spreadsheet
        qtbot.keyClick(QApplication.focusWidget(), char)
    editor = QApplication.focusWidget()
    assert editor is not view
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def test_a_rating_line_chosen_in_the_editor_and_rated_by_keyboard(
    draft, qtbot, answer_safely, qtmodeltester
):
    window = draft
    seen: dict = {}
    answer_safely(_choose_rating_then_ok(qtbot, seen), seen)
    _double_click(qtbot, window.editor.view, line_cell(window.editor.model, "服务规范", "rule"))
    qtbot.waitUntil(lambda: "error" in seen or "kind" in seen, timeout=5000)
    assert seen.get("dialog") is RuleEditor and not isinstance(seen.get("error"), Exception)
    assert seen["kind"] == "rating" and seen["error"] == ""
    assert seen["scale"] == [
        ["Excellent", "1", "Far exceeds the target"],
        ["Good", "0.9", "Exceeds the target"],
        ["Satisfactory", "0.8", "Meets the target"],
        ["Needs improvement", "0.6", "Partly meets it"],
        ["Unsatisfactory", "0", "Does not meet it"],
    ]
    assert seen["rater"] == "the direct superior"
    line = next(l for l in window.editor.contract.lines if l.indicator == "服务规范")
    assert line.rule["kind"] == "rating" and line.weight == 10
    rule_cell = line_cell(window.editor.model, "服务规范", "rule")
    assert rule_cell.data() == (
        "Rated by the direct superior: Excellent 10 / Good 9 / Satisfactory 8 / "
        "Needs improvement 6 / Unsatisfactory 0"
    )

    qtbot.mouseClick(window.editor.buttons["agreed"], Qt.MouseButton.LeftButton)
    assert window.editor.contract.status == "agreed"
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    model = scoring.model
    row = _row(model, "服务规范")
    assert model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole) == (
        "Type a level or its number: 1 Excellent, 2 Good, 3 Satisfactory, "
        "4 Needs improvement, 5 Unsatisfactory"
    )
    _type_actual(qtbot, scoring, "服务规范", "good")  # a label, in any case
    qtbot.waitUntil(lambda: model.index(row, 3).data() == "Good")
    assert model.index(row, 4).data() == "9.00"  # 90 % of 10
    _type_actual(qtbot, scoring, "服务规范", "1")  # the best level, by its place
    qtbot.waitUntil(lambda: model.index(row, 3).data() == "Excellent")
    assert model.index(row, 4).data() == "10.00"
    assert model.index(row, 5).data() == ""  # a rating has no completion rate
    qtmodeltester.check(model)

    window.centre.setCurrentWidget(window.year_grid)
    grid = window.year_grid
    qtbot.waitUntil(lambda: grid.model.rowCount() > 0)
    year = grid.model
    service = _row(year, "服务规范")
    assert year.index(service, AUGUST).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Type a level or its number: 1 Excellent, 2 Good"
    )
    window.activateWindow()
    grid.table.setCurrentIndex(year.index(service, AUGUST))
    grid.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid.table)
    for char in "4":
        qtbot.keyClick(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: year.index(service, AUGUST).data() == "Needs improvement")
    assert year.index(service, AUGUST + 1).data() == "6.00"  # 60 % of 10
    assert window.firm.score(grid.contract_id, "2003-08").actuals[line.id] == "Needs improvement"
    qtmodeltester.check(year)


# A rule editor with a levels table, opened over a window and cancelled, then the program
# ends: run in a process of its own, since what went wrong showed only at its exit.
_RULE_EDITOR_THEN_EXIT = """
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from kpidesk.core.rules import rule_kind
from kpidesk.i18n import _
from kpidesk.ui.contract.rule_editor import RuleEditor

app = QApplication(sys.argv)
window = QWidget()
window.show()


def edit_rule():  # as the window does: the dialog is a local of the call that opens it
    editor = RuleEditor(rule_kind("rating").new_rule(10.0, _), 10.0, window)

    def answer():
        cancel = editor.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    return editor.exec()


print("rejected" if edit_rule() == 0 else "accepted")
"""


def test_a_rule_editor_with_a_levels_table_ends_cleanly_with_the_program(tmp_path):
    """Its "Add row" button once held the dialog in a closure (the last reference to it once
    the call that opened it returned): at exit the dialog was deleted twice ("QObject: shared
    QObject was deleted directly"; at worst a crash)."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _RULE_EDITOR_THEN_EXIT],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "rejected", done.stderr
    assert "shared QObject" not in done.stderr
    assert done.returncode == 0, done.stderr
