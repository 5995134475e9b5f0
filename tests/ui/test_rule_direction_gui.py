"""A cost line switched to another rule kind in the rule editor scores the right way round,
and the levels the new kind ignores are greyed (issue 9 review), driven as a user does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from .contract_cells import line_cell

pytestmark = pytest.mark.gui



def _double_click(qtbot, view, index) -> None:
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def _type(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


@pytest.fixture
def gm_draft(window):
    """A draft for 总经理 copied from 营销部门总经理's contract (营销成本: 36500/34750/33000)."""
    source = next(c for c in window.firm.contracts() if c.position == "营销部门总经理")
    assert window.select_position("总经理")
    window.contract_edits.create_contract(window.current_position()[0], source.id)
    assert window.editor.contract.status == "draft"
    window.editor.view.expandAll()
    return window


def _switch_rule(qtbot, window, answer_dialog, kpi: str, kind: str, fill) -> dict:
    seen = {}

    def answer(editor):
        try:
            editor.kind.setCurrentIndex(editor.kind.findData(kind))
            fill(editor, seen)
        finally:
            ok = editor.buttons.button(QDialogButtonBox.StandardButton.Ok)
            seen["ok"] = ok.isEnabled()
            if ok.isEnabled():
                qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
            else:
                editor.reject()

    answer_dialog(answer)
    _double_click(qtbot, window.editor.view, line_cell(window.editor.model, kpi, "rule"))
    qtbot.waitUntil(lambda: "ok" in seen)
    return seen


def _score(qtbot, window, kpi: str, actual: str) -> str:
    scoring = window.scoring
    model, table = scoring.model, scoring.table
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == kpi)
    table.window().activateWindow()
    table.setCurrentIndex(model.index(row, 3))
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    _type(qtbot, actual)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(row, 3).data() == actual)
    return model.index(row, 4).data()


def test_a_cost_line_switched_to_base_score_rewards_spending_less(
    gm_draft, qtbot, answer_dialog, qtmodeltester
):
    window = gm_draft

    def fill(editor, seen):
        seen["direction"] = editor.direction.currentData()
        # Turning it against the line's targets is refused, and says why.
        editor.direction.setCurrentIndex(editor.direction.findData("higher"))
        seen["refused"] = not editor.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        seen["error"] = editor.error.text()
        editor.direction.setCurrentIndex(editor.direction.findData("lower"))
        editor.spins["step"].selectAll()
        editor.spins["step"].setFocus()
        qtbot.keyClicks(editor.spins["step"], "500")

    seen = _switch_rule(qtbot, window, answer_dialog, "营销成本", "base_score", fill)
    assert seen["direction"] == "lower" and seen["ok"]
    assert seen["refused"] and "minimum 36500, challenge 33000" in seen["error"]
    line = next(l for l in window.editor.contract.lines if l.indicator == "营销成本")
    assert line.rule["kind"] == "base_score" and line.rule["direction"] == "lower"
    assert line.rule["step"] == 500

    # The levels base-score ignores are greyed, and their tooltip says so.
    model = window.editor.model
    for level in ("minimum", "challenge"):
        cell = line_cell(model, "营销成本", level)
        assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None
        assert cell.data(Qt.ItemDataRole.ToolTipRole) == (
            "Not used by the Base-score add/deduct rule"
        )
    assert line_cell(model, "营销成本", "base").data(Qt.ItemDataRole.ForegroundRole) is None
    qtmodeltester.check(model)

    qtbot.mouseClick(window.editor.buttons["agreed"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.contract.status == "agreed")
    # weight 10, base score 8 at 34750, one point per 500 either way, within 0..10
    assert _score(qtbot, window, "营销成本", "33000") == "10.00"
    assert _score(qtbot, window, "营销成本", "34750") == "8.00"
    assert _score(qtbot, window, "营销成本", "35750") == "6.00"
    assert _score(qtbot, window, "营销成本", "36500") == "5.00"


def test_a_lower_is_better_rate_switched_to_proportional(gm_draft, qtbot, answer_dialog):
    window = gm_draft

    def fill(editor, seen):
        seen["direction"] = editor.direction.currentData()

    seen = _switch_rule(qtbot, window, answer_dialog, "关键人才流失率", "proportional", fill)
    assert seen == {"direction": "lower", "ok": True}
    qtbot.mouseClick(window.editor.buttons["agreed"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.contract.status == "agreed")
    # weight 5, target 3: actual 2 → 3/2 held at 1 → 5; actual 5 → 3/5 of 5 = 3
    assert _score(qtbot, window, "关键人才流失率", "2") == "5.00"
    assert _score(qtbot, window, "关键人才流失率", "5") == "3.00"
