"""'Round weights to multiples of 5' in the contract editor (METHOD.md §6): one undoable,
audited edit of a draft's scored weights, accepting a table copied to three decimals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kpidesk.storage.audit import AuditRecord

from .contract_cells import line_cell

pytestmark = pytest.mark.gui

# The clerk's lines in order: 营业收入, 客户满意度, 固定电话, 来显, 固网短信, 宽带, 服务规范.
COPIED = [29.702, 9.664, 19.191, 10.128, 10.128, 10.337, 10.851]  # sum 100.001
# /5: 5.94 1.93 3.84 2.03 2.03 2.07 2.17 → floors 5 1 3 2 2 2 2 (= 85); the three largest
# remainders (.94, .93, .84) get +5 → 30 10 20 10 10 10 10.
ROUNDED = [30, 10, 20, 10, 10, 10, 10]


@pytest.fixture
def draft(window):
    """A draft for the business-hall manager copied from the clerk's contract, its weights
    typed in from a worked table to three decimals."""
    clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
    assert window.select_position("营业厅经理")
    window.contract_edits.create_contract(window.current_position()[0], clerk.id)
    model = window.editor.model
    names = [l.indicator for l in window.editor.contract.lines if not l.deduction]
    for name, weight in zip(names, COPIED):
        assert model.setData(line_cell(model, name, "weight"), weight)
    return window


def _scored_weights(window) -> list[float]:
    return [l.weight for l in window.editor.contract.lines if not l.deduction]


def test_the_button_rounds_the_weights_in_one_undoable_audited_edit(draft, qtbot):
    window = draft
    button = window.editor.round_weights_button
    assert button.isEnabled() and button.text() == "Round weights to multiples of 5"
    assert _scored_weights(window) == COPIED
    commands = window.undo_stack.count()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert _scored_weights(window) == ROUNDED
    assert "Total 100%" in window.editor.totals.text()
    assert window.undo_stack.count() == commands + 1  # one command for all seven lines
    assert window.undo_stack.undoText() == "Round weights to multiples of 5"
    window.undo_action.trigger()
    assert _scored_weights(window) == COPIED
    window.redo_action.trigger()
    assert _scored_weights(window) == ROUNDED
    with window.firm.document.reading() as session:
        rounded = [
            (a.old, a.new)
            for a in session.scalars(
                select(AuditRecord).where(
                    AuditRecord.entity == "contract_lines",
                    AuditRecord.field == "weight",
                    AuditRecord.action == "update",
                    AuditRecord.new.in_(ROUNDED),
                )
            )
        ]
    # the rounding, then its redo: every line's old and new weight, twice
    assert rounded == list(zip(COPIED, ROUNDED)) * 2


def test_weights_too_far_from_100_are_refused_with_sum_total_and_tolerance(draft, qtbot):
    window = draft
    model = window.editor.model
    assert model.setData(line_cell(model, "营业收入", "weight"), 31.702)  # sum now 102.001
    commands = window.undo_stack.count()
    qtbot.mouseClick(window.editor.round_weights_button, Qt.MouseButton.LeftButton)
    assert "sum to 102.001, not 100" in window.last_message
    assert "±0.5 (0.5% of the total)" in window.last_message
    assert window.undo_stack.count() == commands
    assert _scored_weights(window)[0] == 31.702


def test_a_signed_contract_offers_no_rounding(window):
    assert window.select_position("营业厅营业员")
    assert window.editor.contract.status == "signed"
    assert not window.editor.round_weights_button.isEnabled()


def test_a_firm_that_weighs_in_steps_of_10_rounds_to_them(draft, qtbot, answer_dialog):
    """Firm settings › weight rules › step 10: the button says so and rounds to it, as the §6
    findings then check (rounding to 5 would leave every 5 flagged)."""
    window = draft

    def step_10(dialog):
        dialog.tabs.setCurrentIndex(1)
        dialog.step.setFocus()
        dialog.step.selectAll()
        qtbot.keyClicks(dialog.step, "10")
        qtbot.keyClick(dialog.step, Qt.Key.Key_Return)

    answer_dialog(step_10)
    (settings,) = [a for a in window.file_menu.actions() if a.text() == "Firm &settings…"]
    settings.trigger()
    button = window.editor.round_weights_button
    assert button.text() == "Round weights to multiples of 10"
    model = window.editor.model
    names = [l.indicator for l in window.editor.contract.lines if not l.deduction]
    for name, weight in zip(names, [27, 13, 18, 12, 10, 10, 10]):
        assert model.setData(line_cell(model, name, "weight"), weight)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # /10: 2.7 1.3 1.8 1.2 1 1 1 → floors 2 1 1 1 1 1 1 (= 80); the two largest remainders
    # (.8, .7) get +10 → 30 10 20 10 10 10 10. (In steps of 5 it would be 25 15 20 10 10 10 10.)
    assert _scored_weights(window) == [30, 10, 20, 10, 10, 10, 10]
    assert window.undo_stack.undoText() == "Round weights to multiples of 10"
    assert not [f for f in window.editor.model.findings if f.code == "weight_step"]
