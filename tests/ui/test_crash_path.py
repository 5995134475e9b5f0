"""A bug is not the user's mistake: an unexpected ValueError from a menu command is logged
with its traceback and a dialog names the log (kpidesk/ui/crash.py, installed by the app)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from kpidesk.ui import crash


def test_a_bug_in_a_menu_command_goes_to_the_log_and_a_dialog_names_it(
    window, answer_dialog, monkeypatch, tmp_path, qtbot
):
    log = tmp_path / "logs" / "kpidesk.log"
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    crash.install(log)

    def buggy(_font):
        raise ValueError("could not convert string to float: 'abc'")

    monkeypatch.setattr(window.files, "set_pdf_font", buggy)
    seen = {}

    def read(dialog):
        seen["type"], seen["text"] = type(dialog), dialog.text()
        dialog.accept()

    answer_dialog(read)
    window.system_font_action.trigger()
    qtbot.waitUntil(lambda: "text" in seen, timeout=5000)
    assert seen["type"] is QMessageBox
    assert str(log) in seen["text"] and "not something you did wrong" in seen["text"]
    written = log.read_text(encoding="utf-8")
    assert "ValueError: could not convert string to float: 'abc'" in written
    assert "Traceback" in written
