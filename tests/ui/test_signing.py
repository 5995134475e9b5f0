"""Signing through the window: the Sign button opens a dialog that proposes the parties from the
organisation, takes the signing date, lists what blocks signing and signs in one step."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kpidesk.ui.contract.signing_dialog import EditPartiesDialog, SigningDialog

from .contract_cells import line_cell

pytestmark = pytest.mark.gui

LIN, CHEN, HUANG = 1, 3, 4  # 林志远 总经理, 陈晓梅 公众客户部经理, 黄立新 营业厅经理


@pytest.fixture
def agreed(window):
    """An agreed contract without parties for the business-hall manager (营业厅经理), copied
    from the clerk's signed contract; agreed by clicking "Mark agreed"."""
    clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
    assert window.select_position("营业厅经理")
    window.contract_edits.create_contract(window.current_position()[0], clerk.id)
    window.editor.buttons["agreed"].click()
    contract = window.editor.contract
    assert (contract.status, contract.contractee, contract.issuer1) == ("agreed", None, None)
    return window


def _type(widget, text: str) -> None:
    """Type ``text`` as a keyboard with an input method does: a key event carrying the
    characters (QTest's key clicks know only ASCII)."""
    widget.setFocus()
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


# The completer's popup asks the offscreen platform for things it cannot do (a real one can).
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_sign_proposes_parties_needs_them_and_signs_with_the_chosen_date(
    agreed, answer_safely, qtbot
):
    window = agreed
    seen: dict = {}

    def fill(dialog: SigningDialog):
        # The organisation's proposal: the holder of 营业厅经理, and the holder of the position
        # it reports to (公众客户部经理).
        seen["contractee"] = dialog.contractee.currentText()
        seen["issuer1"] = dialog.issuer1.currentText()
        seen["issuer2"] = dialog.issuer2.currentText()
        # The contract's year 2003 is over: the date starts at its first day, and says why.
        seen["date"] = dialog.signing_date()
        seen["note"] = dialog.defaults_note.text()
        seen["ok_with_defaults"] = dialog.ok_button.isEnabled()
        # Without a contractee, OK is disabled and the dialog says why.
        dialog.contractee.setCurrentIndex(0)
        seen["ok_without_contractee"] = dialog.ok_button.isEnabled()
        seen["blockers"] = dialog.blockers.text()
        # Searching: typing part of a unit finds the people working there.
        dialog.contractee.lineEdit().clear()
        _type(dialog.contractee.lineEdit(), "营业厅")
        completer = dialog.contractee.completer()
        seen["found"] = [
            completer.completionModel().index(row, 0).data()
            for row in range(completer.completionModel().rowCount())
        ]
        dialog.contractee.setCurrentIndex(dialog.contractee.findData(HUANG))
        dialog.issuer2.setCurrentIndex(dialog.issuer2.findData(LIN))
        # A date outside the validity is allowed, with a warning.
        dialog.date.setDate(QDate(2004, 2, 1))
        seen["warning"] = dialog.date_warning.text()
        dialog.date.setFocus()
        dialog.date.setDate(QDate(2003, 1, 6))
        seen["warning_after"] = dialog.date_warning.isVisible()
        seen["meaning"] = dialog.meaning.text()
        dialog.ok_button.click()

    answer_safely(fill, seen)
    window.editor.buttons["signed"].click()
    assert "error" not in seen, seen.get("error")
    assert seen["dialog"] is SigningDialog
    assert seen["contractee"] == "黄立新 — 营业厅经理 · 营业厅"
    assert seen["issuer1"] == "陈晓梅 — 公众客户部经理 · 公众客户部"
    assert seen["issuer2"] == "— none —"
    assert seen["date"] == date(2003, 1, 1)
    assert "first day of its validity" in seen["note"]
    assert seen["ok_with_defaults"] and not seen["ok_without_contractee"]
    assert "No contractee is chosen." in seen["blockers"]
    assert seen["found"] == ["黄立新 — 营业厅经理 · 营业厅", "吴佳怡 — 营业厅营业员 · 营业厅"]
    assert "outside the contract's validity 2003-01-01 – 2003-12-31" in seen["warning"]
    assert not seen["warning_after"]
    assert "parties, weights and targets change only through recorded amendments" in seen["meaning"]
    contract = window.editor.contract
    assert (contract.status, contract.signed_on) == ("signed", date(2003, 1, 6))
    assert (contract.contractee, contract.issuer1, contract.issuer2) == (
        "黄立新",
        "陈晓梅",
        "林志远",
    )
    assert contract.content_hash
    assert "Issuer 2: 林志远" in window.editor.parties.text()
    # A signature is not taken back with Ctrl+Z, but it no longer wipes the history.
    assert window.undo_stack.undoText() == "Sign contract"


def test_cancelling_the_signing_dialog_changes_nothing(agreed, answer_safely):
    window = agreed
    seen: dict = {}
    answer_safely(lambda dialog: dialog.reject(), seen)
    window.editor.buttons["signed"].click()
    assert seen["dialog"] is SigningDialog
    contract = window.editor.contract
    assert (contract.status, contract.contractee) == ("agreed", None)


def test_sign_is_refused_while_the_weights_do_not_sum_to_100(agreed, answer_safely):
    window = agreed
    model = window.editor.model
    index = line_cell(model, "营业收入", "weight")
    assert model.setData(index, int(index.data()) + 5)
    seen: dict = {}

    def fill(dialog):
        seen["ok"] = dialog.ok_button.isEnabled()
        seen["blockers"] = dialog.blockers.text()
        dialog.ok_button.click()  # a disabled button does nothing

    answer_safely(fill, seen)
    window.editor.buttons["signed"].click()
    assert not seen["ok"]
    assert "Scored weights sum to 105%, not 100%." in seen["blockers"]
    assert window.editor.contract.status == "agreed"


def test_parties_are_chosen_before_signing_and_undone_with_ctrl_z(
    agreed, answer_safely, qtbot, press_ctrl_z
):
    window = agreed
    seen: dict = {}

    def fill(dialog):
        seen["contractee"] = dialog.contractee.currentText()
        dialog.issuer1.setCurrentIndex(dialog.issuer1.findData(HUANG))
        seen["ok_same_person"] = dialog.ok_button.isEnabled()
        dialog.issuer1.setCurrentIndex(dialog.issuer1.findData(CHEN))
        dialog.ok_button.click()

    answer_safely(fill, seen)
    window.editor.buttons["parties"].click()
    assert seen["dialog"] is EditPartiesDialog
    assert seen["contractee"] == "黄立新 — 营业厅经理 · 营业厅"
    assert not seen["ok_same_person"]
    contract = window.editor.contract
    assert (contract.contractee, contract.issuer1) == ("黄立新", "陈晓梅")
    assert window.undo_stack.undoText() == "Parties"
    press_ctrl_z()
    contract = window.editor.contract
    assert (contract.contractee, contract.issuer1) == (None, None)


def test_the_parties_button_follows_the_status(window):
    window.select_position("营销部门总经理")  # signed in the demo
    assert not window.editor.buttons["parties"].isEnabled()
    assert window.editor.buttons["closed"].isEnabled()
    assert not window.editor.buttons["reopen"].isEnabled()
