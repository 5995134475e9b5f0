"""Issue 9: scoring never disagrees with what is shown. The rule editor starts from the line's
targets; an amendment takes effect from a period and leaves earlier periods as they were
scored; the contract's history shows each value with the months it governed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.ui.contract.contract_history import ContractHistoryDialog
from kpidesk.ui.contract.dialogs import AmendmentDialog
from kpidesk.ui.contract.rule_editor import RuleEditor

from .contract_cells import line_cell

pytestmark = pytest.mark.gui



def _double_click(qtbot, view, index) -> None:
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


@pytest.fixture
def answer(answer_dialog):
    """``answer_dialog`` that never leaves a dialog open: whatever ``fill`` raises is kept
    (``answer.raised()`` re-raises it) and the dialog is closed, so a failure cannot hang."""
    errors: list[BaseException] = []

    def arm(fill):
        def safe(dialog):
            try:
                fill(dialog)
            except BaseException as exc:  # re-raised in the test, not lost in the event loop
                errors.append(exc)
            finally:
                if dialog.isVisible():
                    dialog.reject()

        answer_dialog(safe)

    def raised():
        if errors:
            raise errors[0]

    arm.raised = raised
    yield arm
    raised()


def _scoring_row(model, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


@pytest.fixture
def draft(window):
    """A draft for the business-hall manager, copied from the clerk's signed contract; its
    营业收入 line (weight 30) shows 250 / 270 / 290."""
    clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
    assert window.select_position("营业厅经理")
    window.contract_edits.create_contract(window.current_position()[0], clerk.id)
    assert window.editor.model.setData(
        line_cell(window.editor.model, "营业收入", "minimum"), 250
    )
    return window


def test_the_rule_editor_starts_from_the_line_and_270_earns_the_base_score(
    draft, qtbot, answer
):
    window = draft
    seen = {}

    def explore_kinds_then_ok(editor):
        assert isinstance(editor, RuleEditor)
        # The user looks at another kind and comes back: the polyline is the line's own.
        editor.kind.setCurrentIndex(editor.kind.findData("linear"))
        seen["linear base"] = editor.spins["base"].value()
        editor.kind.setCurrentIndex(editor.kind.findData("polyline"))
        seen["polyline"] = tuple(editor.spins[k].value() for k in ("minimum", "base", "challenge"))
        qtbot.mouseClick(
            editor.buttons.button(editor.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    answer(explore_kinds_then_ok)
    _double_click(
        qtbot, window.editor.view, line_cell(window.editor.model, "营业收入", "rule")
    )
    answer.raised()
    assert "polyline" in seen
    assert seen == {"linear base": 270, "polyline": (250, 270, 290)}
    line = next(l for l in window.editor.contract.lines if l.indicator == "营业收入")
    assert (line.minimum, line.base, line.challenge) == (250, 270, 290)
    assert (line.rule["minimum"], line.rule["base"], line.rule["challenge"]) == (250, 270, 290)

    qtbot.mouseClick(window.editor.buttons["agreed"], Qt.MouseButton.LeftButton)
    assert window.editor.contract.status == "agreed"
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    model = scoring.model
    row = _scoring_row(model, "营业收入")
    assert model.setData(model.index(row, 3), "270")
    assert model.index(row, 4).data() == "24.00"  # the base score: 80 % of 30, not 30
    assert window.firm.check().findings == []


def test_a_proportional_rule_opens_valid_and_base_score_is_offered(draft, qtbot, answer):
    window = draft
    window.contract_edits.add_line_for(window.editor.contract.id, "ESAT")  # a new line: proportional rule
    new = window.editor.contract.lines[-1]
    assert new.rule["kind"] == "proportional"
    model = window.editor.model
    assert model.setData(line_cell(model, new.indicator, "weight"), 20)
    seen = {}

    def choose_base_score(editor):
        ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
        seen["opened"] = (ok.isEnabled(), editor.error.text(), editor.spins["cap"].value())
        seen["kinds"] = [editor.kind.itemText(i) for i in range(editor.kind.count())]
        editor.kind.setCurrentIndex(editor.kind.findData("base_score"))
        editor.spins["base"].setValue(100)
        editor.spins["base_ratio"].setValue(0.8)
        editor.spins["step"].setValue(1)
        editor.spins["add_points"].setValue(1)
        editor.spins["deduct_points"].setValue(2)
        seen["ok"] = ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    answer(choose_base_score)
    _double_click(
        qtbot, window.editor.view, line_cell(window.editor.model, new.indicator, "rule")
    )
    answer.raised()
    assert seen["opened"] == (True, "", 1.0)
    assert "Base-score add/deduct" in seen["kinds"] and seen["ok"]
    line = window.editor.contract.lines[-1]
    assert line.rule["kind"] == "base_score" and line.base == 100
    text = line_cell(window.editor.model, new.indicator, "rule").data()
    assert text == "Base-score add/deduct: base earns 16, each 1 more adds 1, each 1 less deducts 2"


def test_an_amendment_from_july_leaves_january_as_scored(window, qtbot, answer):
    window.select_position("营销部门总经理")
    assert round(window.firm.score(1, "2003-01").coefficient * 100, 1) == 85.0
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-01"))
    january_points = scoring.model.index(_scoring_row(scoring.model, "通信业务收入"), 4).data()
    offered = {}

    def approve_from_default_period(dialog):
        assert isinstance(dialog, AmendmentDialog)
        offered["period"] = dialog.effective.currentData()
        offered["periods"] = [dialog.effective.itemData(i) for i in range(dialog.effective.count())]
        dialog.reason.setPlainText("经7月绩效考评会同意，下半年市场萎缩")
        dialog.approver.setText("林志远、人力资源部")
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    answer(approve_from_default_period)
    model = window.editor.model
    assert model.setData(line_cell(model, "通信业务收入", "base"), 23.0)
    answer.raised()
    # January to June have actuals in the demo: the first month without is July.
    assert offered["period"] == "2003-07" and offered["periods"][0] == "2003-01"
    line = window.editor.contract.lines[0]
    assert (line.base, line.rule["base"], line.target_note) == (23.0, 23.0, "23(力争23.2)")

    assert round(window.firm.score(1, "2003-01").coefficient * 100, 1) == 85.0
    scoring.period.setCurrentIndex(scoring.period.findData("2003-01"))
    row = _scoring_row(scoring.model, "通信业务收入")
    assert scoring.model.index(row, 4).data() == january_points
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    row = _scoring_row(scoring.model, "通信业务收入")
    assert scoring.model.setData(scoring.model.index(row, 3), "23")
    # From July the base is 23: reaching it earns the base score, 80 % of 25 (22.73 would
    # have given 20 + 0.27 / 0.47 × 5 ≈ 22.87).
    assert scoring.model.index(row, 4).data() == "20.00"
    assert window.firm.check().findings == []  # the seal holds: amendments account for it

    shown = {}

    def read_history(dialog):
        assert isinstance(dialog, ContractHistoryDialog)
        table = dialog.table
        shown["rows"] = [
            [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())
        ]
        dialog.reject()

    answer(read_history)
    qtbot.mouseClick(window.editor.history, Qt.MouseButton.LeftButton)
    answer.raised()
    base_row = next(r for r in shown["rows"] if r[1] == "Base target")
    assert base_row[:6] == [
        "通信业务收入",
        "Base target",
        "22.73 → 23",
        "22.73: Jan–Jun 2003; 23: from Jul 2003",
        "经7月绩效考评会同意，下半年市场萎缩",
        "林志远、人力资源部",
    ]
    note_row = next(r for r in shown["rows"] if r[1] == "Target note")
    assert note_row[2] == "22.73(力争23.2) → 23(力争23.2)"
    assert not any(r[1] == "Scoring rule" for r in shown["rows"])  # told by the base row
    assert QApplication.activeModalWidget() is None
