"""The check in the window (issue 13): File › Check document… lists what ``kpidesk check``
found, errors first; a document changed outside kpidesk, once opened, shows a bar over the
window saying so, whose button opens the same list. Raw edits through the sqlite3 module."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from PySide6.QtWidgets import QApplication

from kpidesk.ui.files.check_dialog import CheckDialog


def _raw(path, *statements):
    with closing(sqlite3.connect(path)) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()


# The demo's actual 1 is contract 1's line 1 (通信业务收入), Jan 2003: 23; the demo has no
# finding of its own, so these two are the only ones.
TAMPER = (
    "UPDATE actuals SET value = 99 WHERE id = 1",
    "UPDATE contracts SET content_hash = NULL WHERE id = 1",
)
WHERE = "contract 1 (营销部门 营销部门总经理)"


def _opened(desk, qtbot, path):
    desk.open_path(str(path))
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible(), timeout=30000)
    window = desk.window
    qtbot.waitUntil(lambda: window.files.document_check.opening_done, timeout=30000)
    return window


def _dialog(qtbot) -> CheckDialog:
    found: list = []

    def shown():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, CheckDialog):
            found.append(widget)
            return True
        return False

    qtbot.waitUntil(shown, timeout=30000)
    return found[0]


def test_a_file_changed_outside_kpidesk_shows_a_bar_whose_button_lists_the_findings(
    desk, qtbot, demo_path
):
    _raw(demo_path, *TAMPER)
    window = _opened(desk, qtbot, demo_path)
    bar = window.files.document_check.bar
    assert bar is not None and bar.isVisible()
    assert bar.label.text() == (
        "This file was changed outside kpidesk: 2 places do not match what kpidesk recorded."
    )
    assert bar.button.text() == "View…"
    bar.button.click()
    dialog = _dialog(qtbot)
    rows = dialog.rows()
    assert dialog.summary.text() == "2 errors, 0 warnings"
    assert rows == [
        (
            "error",
            WHERE,
            "signed, but its seal (the content hash taken at signing) is missing: it was "
            "removed outside kpidesk",
        ),
        (
            "error",
            f"{WHERE} line 1 通信业务收入",
            "the actual for Jan 2003 was changed outside kpidesk: it should be 23, it is 99",
        ),
    ]
    dialog.reject()
    bar.close_button.click()
    assert not bar.isVisible()


def test_the_bar_and_the_list_speak_chinese(desk, qtbot, demo_path):
    _raw(demo_path, *TAMPER)
    window = _opened(desk, qtbot, demo_path)
    window.set_language("zh_CN")
    bar = window.files.document_check.bar
    assert bar.label.text() == "此文件在 kpidesk 之外被修改过：有 2 处与 kpidesk 的记录不符。"
    assert bar.button.text() == "查看…"
    bar.button.click()
    dialog = _dialog(qtbot)
    assert dialog.windowTitle() == "检查文件"
    assert (
        "错误",
        "绩效合同 1（营销部门 营销部门总经理） 第 1 行 通信业务收入",
        "2003年1月的实际完成值在 kpidesk 之外被修改：应为 23，现为 99",
    ) in dialog.rows()
    dialog.reject()


def test_a_file_as_kpidesk_wrote_it_shows_no_bar(desk, qtbot, demo_path):
    window = _opened(desk, qtbot, demo_path)
    assert window.files.document_check is not None  # the check ran
    assert window.files.document_check.report.findings == []
    assert window.files.document_check.bar is None


def test_check_document_from_the_menu_lists_the_findings(desk, qtbot, demo_path):
    _raw(demo_path, "DELETE FROM actuals WHERE id = 2")
    window = _opened(desk, qtbot, demo_path)
    bar = window.files.document_check.bar
    assert bar.label.text() == (
        "This file was changed outside kpidesk: 1 place does not match what kpidesk recorded."
    )
    window.check_action.trigger()
    dialog = _dialog(qtbot)
    assert dialog.rows()[0] == (
        "error",
        f"{WHERE} line 1 通信业务收入",
        "the actual for Feb 2003 (24.13) was deleted outside kpidesk",
    )
    assert window.check_action.text() == "Check document…"
    dialog.reject()
