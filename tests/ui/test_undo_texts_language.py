"""The Edit menu's Undo / Redo name the edit in the language shown, also after a switch of
language (an entry pushed in Chinese reads in English once the user chose English)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .contract_cells import focus_cell, line_cell

pytestmark = pytest.mark.gui


def _choose_language(window, lang: str) -> None:
    window.window_actions.language_actions[lang].trigger()  # the Language menu's item


def test_an_undo_entry_pushed_in_chinese_reads_in_english_after_the_switch(qtbot, draft):
    window = draft
    _choose_language(window, "zh_CN")
    view = focus_cell(qtbot, window, line_cell(window.editor.model, "营业收入", "weight"))
    for key in "17":
        qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    undo = window.window_actions.undo_action
    assert undo.text() == "撤销修改权重 %"
    _choose_language(window, "en")
    assert undo.text() == "Undo Edit Weight %"
    undo.trigger()
    redo = window.window_actions.redo_action
    assert redo.text() == "Redo Edit Weight %"
    _choose_language(window, "zh_CN")
    assert redo.text() == "重做修改权重 %"


def test_clearing_a_weight_says_the_weight_cannot_be_empty(qtbot, draft):
    window = draft
    _choose_language(window, "zh_CN")
    steps = window.undo_stack.count()
    view = focus_cell(qtbot, window, line_cell(window.editor.model, "营业收入", "weight"))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
    editor = view.focusWidget()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.text() == ""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    qtbot.waitUntil(lambda: "权重" in (window.last_message or ""))
    assert "权重不能为空" in window.last_message
    assert "None" not in window.last_message
    assert window.undo_stack.count() == steps


def test_an_import_says_the_edits_before_it_can_no_longer_be_undone(
    qtbot, draft, tmp_path, monkeypatch, answer_dialog
):
    from PySide6.QtWidgets import QFileDialog

    from kpidesk.services.exchange import ExchangeService

    window = draft  # creating the draft was an undoable edit
    assert window.window_actions.undo_action.isEnabled()
    workbook = tmp_path / "firm.xlsx"
    ExchangeService(window.firm.document).export(workbook, "zh_CN")
    _choose_language(window, "zh_CN")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(workbook), ""))
    answer_dialog(lambda dialog: dialog.import_button.click())
    window.window_actions.import_action.trigger()
    qtbot.waitUntil(lambda: (window.last_message or "").startswith("已导入"), timeout=30000)
    assert window.last_message == (
        "已导入 firm.xlsx：新增实际完成值 0 个，修改 0 个。导入前所做的修改已无法撤销。"
    )
    assert not window.window_actions.undo_action.isEnabled()
