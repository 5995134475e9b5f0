"""Signing and the undo history: a signature is not taken back with Ctrl+Z, but it no longer
wipes the history either. Undo stops at the signature and says why (amend or close the
contract instead); the edits of other contracts made before it stay in the history, and closing
after signing is still undone with Ctrl+Z."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from kpidesk.ui.contract.signing_dialog import SigningDialog

from .contract_cells import line_cell

pytestmark = pytest.mark.gui

LIN, ZHENG = 1, 6  # 林志远 总经理, 郑国华 人力资源部总监


def _draft(window, position: str, copied_from: str) -> int:
    source = next(c for c in window.firm.contracts() if c.position == copied_from)
    assert window.select_position(position)
    window.contract_edits.create_contract(window.current_position()[0], source.id)
    return window.editor.contract.id


@pytest.fixture
def signed_after_other_edits(window, answer_dialog):
    """Contract A (营业厅经理, a draft) gets a weight edit; then contract B (总经理, copied from
    营销部门总经理) is agreed and signed through the signing dialog."""
    contract_a = _draft(window, "营业厅经理", "营业厅营业员")
    index = line_cell(window.editor.model, "营业收入", "weight")
    weight_a = int(index.data())
    assert window.editor.model.setData(index, weight_a + 5)
    contract_b = _draft(window, "总经理", "营销部门总经理")
    window.editor.buttons["agreed"].click()
    seen = {}

    def fill(dialog):
        seen["dialog"] = type(dialog)
        dialog.contractee.setCurrentIndex(dialog.contractee.findData(LIN))
        dialog.issuer1.setCurrentIndex(dialog.issuer1.findData(ZHENG))
        dialog.ok_button.click()

    answer_dialog(fill)
    window.editor.buttons["signed"].click()
    assert seen["dialog"] is SigningDialog
    assert window.firm.contract(contract_b).status == "signed"
    return window, contract_a, contract_b, weight_a


def test_signing_keeps_the_earlier_history_and_ctrl_z_stops_at_the_signature(
    signed_after_other_edits, qtbot, press_ctrl_z
):
    window, contract_a, contract_b, weight_a = signed_after_other_edits
    stack = window.undo_stack
    texts = [stack.text(i) for i in range(stack.count())]
    # The history before signing is still there: A's weight edit, B's creation and agreement.
    assert "Edit Weight %" in texts
    assert texts[-1] == "Sign contract"
    index_before = stack.index()

    press_ctrl_z()
    assert "a signed contract is not unsigned: amend it or close it" in window.last_message
    assert "总经理" in window.last_message
    assert window.firm.contract(contract_b).status == "signed"
    assert stack.index() == index_before  # undo stopped at the signature
    assert not stack.canRedo()

    press_ctrl_z()  # again: the same refusal, nothing moves
    assert stack.index() == index_before
    assert window.firm.contract(contract_b).status == "signed"
    # A's edit is kept in the history, untouched by the refusal.
    line = next(l for l in window.firm.contract(contract_a).lines if l.indicator == "营业收入")
    assert line.weight == weight_a + 5
    assert [stack.text(i) for i in range(stack.count())] == texts


def test_closing_after_signing_is_still_undone_and_redone(
    signed_after_other_edits, answer_dialog, qtbot, press_ctrl_z
):
    window, _a, contract_b, _weight = signed_after_other_edits
    stack = window.undo_stack

    def close(box: QMessageBox):
        next(b for b in box.buttons() if b.text() == "Close contract").click()

    answer_dialog(close)
    window.editor.buttons["closed"].click()
    assert window.firm.contract(contract_b).status == "closed"
    assert stack.undoText() == "Close contract"

    press_ctrl_z()
    assert window.firm.contract(contract_b).status == "signed"
    assert stack.undoText() == "Sign contract"
    press_ctrl_z()  # the signature: refused
    assert window.firm.contract(contract_b).status == "signed"
    assert "not unsigned" in window.last_message
    assert stack.undoText() == "Sign contract" and stack.redoText() == "Close contract"
    window.redo_action.trigger()
    assert window.firm.contract(contract_b).status == "closed"
