"""Nothing unexpected escapes the window's edit path (issue 13): a bug inside an edit ends in
the crash dialog naming the log, its transaction rolled back, and no undo entry pushed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.ui import crash

from .contract_cells import line_cell

pytestmark = pytest.mark.gui


def test_a_bug_after_a_write_rolls_back_and_the_dialog_names_the_log(
    draft, answer_dialog, monkeypatch, tmp_path, qtbot
):
    window = draft
    log = tmp_path / "logs" / "kpidesk.log"
    monkeypatch.setattr(crash, "log_path", lambda: log)
    first = next(l for l in window.editor.contract.lines if not l.deduction)
    typed = first.weight - 0.2  # within rounding's tolerance of 100, not a multiple of 5
    cell = line_cell(window.editor.model, first.indicator, "weight")
    assert window.editor.model.setData(cell, typed)
    contract_id = window.editor.contract.id
    before = window.firm.contract(contract_id)
    commands = window.undo_stack.count()
    written = []
    edit_line = ContractRepository.edit_line

    def writes_then_fails(self, line_id, field, value):
        written.append(edit_line(self, line_id, field, value))  # the write happens …
        raise ZeroDivisionError("a bug after the write")  # … then the bug

    monkeypatch.setattr(ContractRepository, "edit_line", writes_then_fails)
    seen = {}

    def read(dialog):
        seen["type"], seen["text"] = type(dialog), dialog.text()
        dialog.accept()

    answer_dialog(read)
    qtbot.mouseClick(window.editor.round_weights_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "text" in seen, timeout=5000)
    assert written, seen  # the service did write before it failed
    assert seen["type"] is QMessageBox
    assert str(log) in seen["text"] and "not something you did wrong" in seen["text"]
    assert "ZeroDivisionError: a bug after the write" in log.read_text(encoding="utf-8")
    assert window.firm.contract(contract_id) == before  # rolled back: what was typed stands
    assert next(l for l in before.lines if l.id == first.id).weight == pytest.approx(typed)
    assert window.undo_stack.count() == commands  # nothing to undo
    assert next(
        l for l in window.editor.contract.lines if l.id == first.id
    ).weight == pytest.approx(typed)


def test_a_bug_in_an_undo_ends_in_the_dialog_and_the_edit_stands(
    draft, answer_dialog, monkeypatch, tmp_path, qtbot
):
    """Undo and redo are the edit path too: a bug while undoing is logged and named in the
    crash dialog, the document keeps the edit, and Edit › Undo still offers it."""
    window = draft
    log = tmp_path / "logs" / "kpidesk.log"
    monkeypatch.setattr(crash, "log_path", lambda: log)
    first = next(l for l in window.editor.contract.lines if not l.deduction)
    typed = first.weight - 0.2
    cell = line_cell(window.editor.model, first.indicator, "weight")
    assert window.editor.model.setData(cell, typed)
    contract_id = window.editor.contract.id
    edited = window.firm.contract(contract_id)
    index = window.undo_stack.index()
    edit_line = ContractRepository.edit_line

    def fails(self, line_id, field, value):
        raise ZeroDivisionError("a bug while undoing")

    monkeypatch.setattr(ContractRepository, "edit_line", fails)
    seen = {}

    def read(dialog):
        seen["type"], seen["text"] = type(dialog), dialog.text()
        dialog.accept()

    answer_dialog(read)
    window.window_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: "text" in seen, timeout=5000)
    assert seen["type"] is QMessageBox and str(log) in seen["text"]
    assert "ZeroDivisionError: a bug while undoing" in log.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: window.undo_stack.index() == index, timeout=5000)
    assert window.firm.contract(contract_id) == edited  # the edit stands
    monkeypatch.setattr(ContractRepository, "edit_line", edit_line)
    window.window_actions.undo_action.trigger()  # and undoing it works once the bug is gone
    assert next(
        l for l in window.firm.contract(contract_id).lines if l.id == first.id
    ).weight == pytest.approx(first.weight)
