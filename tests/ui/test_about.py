"""Help › About kpidesk says the version, Qt's, the open document's schema version, and where
logs and backups are kept (kpidesk/ui/about_dialog.py)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel

from kpidesk.ui import crash
from kpidesk.ui.qt_i18n import apply_language

ROWS = ("version", "qt", "schema", "logs", "backups")


def _about(window, answer_dialog, qtbot) -> dict[str, str]:
    """Open Help › About through its menu entry and read what the dialog shows."""
    seen: dict[str, str] = {}

    def read(dialog):
        seen["title"] = dialog.windowTitle()
        seen["heading"] = dialog.findChild(QLabel, "aboutHeading").text()
        picture = dialog.findChild(QLabel, "aboutIcon").pixmap()
        seen["icon"] = f"{picture.width()}x{picture.height()}"
        for name in ROWS:
            seen[name] = dialog.findChild(QLabel, name).text()
        dialog.reject()

    answer_dialog(read)
    help_menu = window.about_actions.help_menu
    assert window.about_action in help_menu.actions()
    assert window.menuBar().actions()[-1] is help_menu.menuAction()  # Help comes last
    window.about_action.trigger()
    qtbot.waitUntil(lambda: "title" in seen, timeout=5000)
    return seen


def test_about_names_versions_schema_logs_and_backups(
    window, answer_dialog, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(crash, "log_path", lambda: tmp_path / "日志" / "kpidesk.log")
    shown = _about(window, answer_dialog, qtbot)
    assert shown["title"] == "About kpidesk"
    assert shown["heading"] == "<b>kpidesk 0.1.0</b>"
    assert shown["icon"] == "64x64"  # kpidesk's icon beside its name
    assert shown["version"] == "0.1.0"
    assert re.fullmatch(r"Qt 6\.\d+\.\d+, PySide6 6\.\d+\.\d+", shown["qt"])
    # The demo is written at the newest schema; migrations are numbered 0001, 0002, …
    assert re.fullmatch(r"\d{4}", shown["schema"])
    assert shown["schema"] == window.firm.document.revision()
    assert shown["logs"] == str(tmp_path / "日志")
    # beside the document, in a folder named after it (services.backups)
    document = window.firm.document.path
    assert shown["backups"] == str(document.parent / "firm.kpidesk.backups")


def test_about_in_chinese(window, answer_dialog, qtbot):
    apply_language("zh_CN")
    window.retranslate()
    assert window.about_actions.help_menu.title() == "帮助(&H)"
    assert window.about_action.text() == "关于 kpidesk(&A)"
    shown = _about(window, answer_dialog, qtbot)
    assert shown["title"] == "关于 kpidesk"
    assert shown["version"] == "0.1.0"
