"""Finding a contract line's cell in the contract editor's model and typing into a grid by
keyboard, as the tests of the grids need."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.ui.contract.contract_lines_model import FIELDS


def line_cell(model, name: str, field: str):
    """The index of ``field`` on the line whose KPI is ``name`` (lines sit under category rows)."""
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            if model.index(row, 0, parent).data() == name:
                return model.index(row, FIELDS.index(field), parent)
    raise AssertionError(f"no line {name}")


def focus_cell(qtbot, window, index):
    """The contract view focused on ``index`` (the cell a key press goes to)."""
    view = window.editor.view
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.waitUntil(view.hasFocus)
    return view


def type_and_enter(qtbot, view, index, text: str) -> None:
    """Type ``text`` into ``index`` of ``view`` key by key, then Enter, as a keyboard does."""
    view.window().activateWindow()
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
