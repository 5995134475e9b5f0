"""The language at start: the desktop's on the first start, then the one chosen in
View › Language. Each start is a real one (kpidesk.app.run_gui in a fresh process, its settings
in a folder of this test's own), read from the menus the user sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

# Starts kpidesk, reports the language the first window speaks, optionally chooses another one
# in View › Language (by triggering its menu action), and quits.
START = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    from kpidesk.app import run_gui

    app = QApplication(sys.argv[:1])
    choose = sys.argv[2]

    def inspect():
        windows = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow)]
        if not windows or not windows[0].isVisible():  # still opening the file
            QTimer.singleShot(20, inspect)
            return
        window = windows[0]
        seen = {
            "file_menu": window.file_menu.title(),
            "checked": [l for l, a in window.language_actions.items() if a.isChecked()],
        }
        if choose:
            window.language_actions[choose].trigger()
            seen["after"] = window.file_menu.title()
        print("SEEN " + json.dumps(seen, ensure_ascii=False), flush=True)
        window.close()

    QTimer.singleShot(0, inspect)
    sys.exit(run_gui(sys.argv[1]))
    """
)


def _start(tmp_path: Path, demo_path: Path, environment: dict, choose: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("KPIDESK_LANG", "LANGUAGE")}
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(variable, None)
    env.update(environment)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # QSettings live here, this test's own
    result = subprocess.run(  # -c from the checkout: this kpidesk, not an installed one
        [sys.executable, "-c", START, str(demo_path), choose],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if l.startswith("SEEN "))
    return json.loads(line[len("SEEN ") :])


def _saved_language(tmp_path: Path) -> str | None:
    from PySide6.QtCore import QSettings

    settings = QSettings(
        str(tmp_path / "config" / "kpidesk" / "kpidesk.conf"), QSettings.Format.IniFormat
    )
    return settings.value("language")


def test_first_start_follows_the_desktop_and_the_choice_is_remembered(tmp_path, demo_path):
    chinese_desktop = {"LANG": "zh_CN.UTF-8"}
    first = _start(tmp_path, demo_path, chinese_desktop, choose="en")
    assert first["file_menu"] == "文件(&F)" and first["checked"] == ["zh_CN"]
    assert first["after"] == "&File"
    assert _saved_language(tmp_path) == "en"
    # The desktop still says Chinese; the user chose English, and English it stays.
    second = _start(tmp_path, demo_path, chinese_desktop)
    assert second["file_menu"] == "&File" and second["checked"] == ["en"]


def test_the_messages_language_of_the_desktop_counts_not_its_number_formats(tmp_path, demo_path):
    # A common GNU setup: English formats (LANG) with Chinese messages (LANGUAGE first).
    desktop = {"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}
    seen = _start(tmp_path, demo_path, desktop)
    assert seen["file_menu"] == "文件(&F)"
    assert _saved_language(tmp_path) is None  # nothing chosen yet: the desktop still decides


def test_a_desktop_in_the_c_locale_gets_english_whatever_language_says(tmp_path, demo_path):
    seen = _start(tmp_path, demo_path, {"LANG": "C", "LANGUAGE": "zh_CN"})
    assert seen["file_menu"] == "&File"
