"""Closing through the window: a confirmation that says what closing means, an undoable close
(Ctrl+Z makes the contract signed again), and reopening later with a recorded reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from kpidesk.ui.contract.signing_dialog import ReopenDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def gm(window):
    """The marketing GM's contract, signed in the demo."""
    assert window.select_position("营销部门总经理")
    assert window.editor.contract.status == "signed"
    return window


def _actual_editable(window) -> bool:
    model = window.scoring.model
    return bool(model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable)


def _close_button(box: QMessageBox):
    return next(b for b in box.buttons() if b.text() == "Close contract")


def test_close_asks_first_and_cancel_changes_nothing(gm, answer_dialog):
    window = gm
    seen = {}

    def fill(box):
        seen["type"] = type(box)
        seen["text"] = box.text()
        seen["meaning"] = box.informativeText()
        box.button(QMessageBox.StandardButton.Cancel).click()

    answer_dialog(fill)
    window.editor.buttons["closed"].click()
    assert seen["type"] is QMessageBox
    assert seen["text"] == "Close the contract of 营销部门 营销部门总经理 for 2003?"
    assert "no more actuals, amendments or edits are accepted" in seen["meaning"]
    assert "undo it at once (Ctrl+Z), or reopen it later with a reason" in seen["meaning"]
    assert window.editor.contract.status == "signed"
    assert window.undo_stack.count() == 0


def test_close_then_ctrl_z_makes_it_signed_again(gm, answer_dialog, qtbot, press_ctrl_z):
    window = gm
    assert _actual_editable(window)
    answer_dialog(lambda box: _close_button(box).click())
    window.editor.buttons["closed"].click()
    assert window.editor.contract.status == "closed"
    assert not _actual_editable(window)  # the year's results are final
    assert window.editor.buttons["reopen"].isEnabled()
    assert not window.editor.buttons["closed"].isEnabled()
    assert window.undo_stack.undoText() == "Close contract"
    press_ctrl_z()
    assert window.editor.contract.status == "signed"
    assert _actual_editable(window)
    reasons = window.firm.status_reasons(window.editor.contract.id)
    assert [why for *_rest, why in reasons] == ["Undo of closing"]
    window.redo_action.trigger()
    assert window.editor.contract.status == "closed"


def test_reopen_needs_a_reason_and_records_it(gm, answer_dialog, qtbot, press_ctrl_z):
    window = gm
    answer_dialog(lambda box: _close_button(box).click())
    window.editor.buttons["closed"].click()
    window.undo_stack.clear()  # closed in an earlier session: no undo history
    seen = {}

    def fill(dialog):
        seen["type"] = type(dialog)
        seen["meaning"] = dialog.findChild(QLabel, "meaning").text()
        seen["ok_empty"] = dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason, "Q4 revenue corrected by finance")
        seen["ok_reason"] = dialog.ok_button.isEnabled()
        dialog.ok_button.click()

    answer_dialog(fill)
    window.editor.buttons["reopen"].click()
    assert seen["type"] is ReopenDialog
    assert not seen["ok_empty"] and seen["ok_reason"]
    assert "The reason is recorded in the audit trail." in seen["meaning"]
    contract = window.editor.contract
    assert contract.status == "signed"
    reasons = window.firm.status_reasons(contract.id)
    assert [(old, why) for _at, _who, old, why in reasons] == [
        ("closed", "Q4 revenue corrected by finance")
    ]
    assert window.undo_stack.undoText() == "Reopen contract"
    press_ctrl_z()
    assert window.editor.contract.status == "closed"


def test_cancelling_reopen_keeps_the_contract_closed(gm, answer_dialog):
    window = gm
    answer_dialog(lambda box: _close_button(box).click())
    window.editor.buttons["closed"].click()
    answer_dialog(lambda dialog: dialog.reject())
    window.editor.buttons["reopen"].click()
    assert window.editor.contract.status == "closed"
