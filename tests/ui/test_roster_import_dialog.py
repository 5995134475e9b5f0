"""File › Import from Excel… with HR's roster: the preview says what the roster creates and
moves, importing it shows the new units in the organisation tree (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kpidesk.ui.files.import_dialog import ImportDialog
from tests.exchange.test_roster import workbook

pytestmark = pytest.mark.gui


def _tree_texts(model, parent=None) -> list[str]:
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    texts = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        texts.append(index.data(Qt.ItemDataRole.DisplayRole))
        texts += _tree_texts(model, index)
    return texts


def test_a_roster_imported_from_the_menu_shows_its_units_in_the_tree(
    window, qtbot, tmp_path, monkeypatch, answer_dialog, qtmodeltester
):
    roster = workbook(
        tmp_path / "roster.xlsx",
        [
            ("分公司/营销部门/政企客户部", "客户经理", "E05", "吴佳怡", date(2004, 3, 1), "否", "销售服务类"),
            ("分公司/营销部门/政企客户部", "大客户经理", "E100", "王芳", date(2004, 3, 1)),
        ],
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(roster), ""))
    assert "政企客户部" not in _tree_texts(window.tree_model)
    shown = {}

    def run(dialog):
        assert isinstance(dialog, ImportDialog), dialog
        shown["summary"] = dialog.summary.text()
        dialog.import_button.click()

    answer_dialog(run)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.last_message.startswith("Imported"), timeout=30000)
    assert shown["summary"] == (
        "The workbook is clean. Importing will do this:\n"
        "Creates 1 unit, 2 positions, 1 person.\n"
        "Starts 2 assignments.\n"
        "Moves 1 person: the old assignment ends the day before the new one starts.\n"
        "6 people in the firm are not in the roster: left unchanged."
    )
    assert window.last_message == "Imported roster.xlsx: Creates 1 unit, 2 positions, 1 person."
    texts = _tree_texts(window.tree_model)
    assert "政企客户部" in texts and "大客户经理" in " ".join(map(str, texts))
    qtmodeltester.check(window.tree_model)


def test_a_roster_with_problems_lists_them_and_cannot_be_imported(window, qtbot, tmp_path):
    from kpidesk.services.exchange import ExchangeService

    bad = workbook(
        tmp_path / "bad.xlsx",
        [("分公司/营销部门", "", "E100", "王芳", date(2004, 3, 1)), ("分公司", "经理", "E100", "王芳", None)],
    )
    dialog = ImportDialog(ExchangeService(window.firm.document), bad, window, window.background)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(window.background.idle, timeout=30000)
    assert not dialog.import_button.isEnabled()
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert problems == [
        "Sheet1 row 2 column B (岗位): Position is empty",
        "Sheet1 row 3 column E (任职日期): Start date is empty",
        "Sheet1 row 3 column C (员工代码): 王芳 (E100) is also on row 2: one row per person",
    ]
