"""Undo and Redo name what they would do in the UI's language (Qt's own "Undo %1" is English)."""

from __future__ import annotations

import pytest

from .contract_cells import line_cell

pytestmark = pytest.mark.gui


def test_undo_and_redo_speak_chinese_after_an_edit(window, draft):
    window.language_actions["zh_CN"].trigger()
    model = window.editor.model
    assert model.setData(line_cell(model, "营业收入", "weight"), 25)
    assert window.undo_action.text() == "撤销修改权重 %"
    assert not window.redo_action.isEnabled() and window.redo_action.text() == "重做"
    window.undo_action.trigger()
    assert window.redo_action.text() == "重做修改权重 %"
    assert "Undo" not in window.undo_action.text()
