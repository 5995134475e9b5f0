"""The first-run screen: kpidesk started without a document shows New firm…, Open…, Open the
demo and the recent files (a missing one greyed, never opened), all by keyboard; never a blank
window; closing it ends kpidesk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from kpidesk.ui.firm import welcome as welcome_module
from kpidesk.ui.firm.new_firm_dialog import NewFirmDialog
from kpidesk.ui.qt_i18n import apply_language


def _welcome(desk, qtbot):
    desk.show_welcome()
    welcome = desk.welcome
    welcome.activateWindow()
    qtbot.waitUntil(welcome.isActiveWindow)
    return welcome


def _opened(desk, qtbot):
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    assert desk.welcome is None  # the firm's window replaced the first-run screen
    return desk.window


def test_new_firm_by_keyboard_creates_and_opens_it(desk, qtbot, answer_safely, tmp_path):
    welcome = _welcome(desk, qtbot)
    assert welcome.focusWidget() is welcome.new_button  # Enter starts a new firm at once
    seen: dict = {}

    def fill(dialog):
        qtbot.keyClicks(dialog.name, "River Works")
        dialog.path.setFocus()
        dialog.path.selectAll()  # over the file suggested in the home folder
        qtbot.keyClicks(dialog.path, str(tmp_path / "river"))
        qtbot.keyClick(dialog.path, Qt.Key.Key_Return)

    answer_safely(fill, seen)
    qtbot.keyClick(welcome.new_button, Qt.Key.Key_Return)
    assert "error" not in seen, seen.get("error")
    assert seen["dialog"] is NewFirmDialog
    window = _opened(desk, qtbot)
    assert window.windowTitle() == "river.kpidesk — River Works — kpidesk"
    assert window.tree_model.rowCount() == 0 and window.undo_stack.count() == 0


def test_open_asks_for_a_file_and_opens_it(desk, qtbot, monkeypatch, demo_path):
    asked = []

    def open_name(parent, caption, start, filter_text):
        asked.append(filter_text)
        return str(demo_path), filter_text

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    welcome = _welcome(desk, qtbot)
    qtbot.keyClick(welcome.new_button, Qt.Key.Key_Tab)  # Tab to Open…, Enter
    assert welcome.focusWidget() is welcome.open_button
    qtbot.keyClick(welcome.open_button, Qt.Key.Key_Return)
    assert asked == ["kpidesk documents (*.kpidesk)"]
    window = _opened(desk, qtbot)
    assert window.windowTitle() == "firm.kpidesk — 示例分公司(样例数据) — kpidesk"


def test_a_file_that_does_not_open_is_said_and_the_screen_stays(
    desk, qtbot, monkeypatch, tmp_path
):
    bad = tmp_path / "notes.kpidesk"
    bad.write_text("hello")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(bad), ""))
    )
    welcome = _welcome(desk, qtbot)
    welcome.open_button.click()
    qtbot.waitUntil(lambda: "not a kpidesk document" in welcome.last_message)
    assert desk.welcome is welcome and welcome.isVisible() and desk.window is None
    assert desk.exit is None  # kpidesk goes on: the user may choose another file
    boxes = welcome.findChildren(QMessageBox)
    assert [box.text() for box in boxes] == [welcome.last_message]  # said over the screen
    boxes[0].close()


def test_open_the_demo_writes_it_to_the_data_folder_once_and_opens_it(
    desk, qtbot, monkeypatch, tmp_path
):
    kept = tmp_path / "data" / "demo.kpidesk"
    monkeypatch.setattr(welcome_module, "demo_location", lambda: kept)
    welcome = _welcome(desk, qtbot)
    welcome.demo_button.setFocus()
    qtbot.keyClick(welcome.demo_button, Qt.Key.Key_Return)
    window = _opened(desk, qtbot)
    assert kept.exists()
    assert window.windowTitle() == "demo.kpidesk — 示例分公司(样例数据) — kpidesk"
    assert len(window.firm.contracts()) == 5  # the demo firm's five contracts (§8)
    assert window.firm.document.actor != "kpidesk demo"  # edits are the user's own


def test_the_demo_already_there_is_opened_not_written_again(
    desk, qtbot, monkeypatch, demo_path
):
    monkeypatch.setattr(welcome_module, "demo_location", lambda: demo_path)
    stamp = demo_path.stat().st_mtime_ns
    welcome = _welcome(desk, qtbot)
    welcome.demo_button.click()
    _opened(desk, qtbot)
    assert desk.document.path == demo_path
    assert demo_path.stat().st_mtime_ns == stamp


def test_recent_files_open_by_arrow_keys_and_enter_and_a_missing_one_is_greyed(
    desk, qtbot, settings, demo_path, tmp_path
):
    gone = tmp_path / "gone.kpidesk"
    settings.setValue("recent", [str(gone), str(demo_path)])
    welcome = _welcome(desk, qtbot)
    recent = welcome.recent
    assert recent.count() == 2
    missing, present = recent.item(0), recent.item(1)
    assert not missing.flags() & Qt.ItemFlag.ItemIsEnabled
    assert missing.toolTip() == f"{gone} is no longer there."
    assert present.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "firm.kpidesk" in present.text()
    recent.setFocus()
    qtbot.keyClick(recent, Qt.Key.Key_Up)  # the missing file cannot become current
    assert recent.currentRow() == 1
    qtbot.keyClick(recent, Qt.Key.Key_Return)
    window = _opened(desk, qtbot)
    assert window.firm.document.path == demo_path


def test_no_recent_files_says_so(desk, qtbot):
    welcome = _welcome(desk, qtbot)
    assert welcome.recent.count() == 1
    assert welcome.recent.item(0).text() == "No recent files yet."
    assert welcome.recent.focusPolicy() == Qt.FocusPolicy.NoFocus  # Tab skips an empty list


def test_the_welcome_speaks_chinese(desk, qtbot):
    apply_language("zh_CN")
    welcome = _welcome(desk, qtbot)
    assert welcome.new_button.text() == "新建企业(&N)…"
    assert welcome.recent.item(0).text() == "还没有最近打开的文件。"


# kpidesk started with no PATH, as a user double-clicks it: the first-run screen shows (no
# blank window, no bare file dialog), and closing it ends kpidesk with status 0.
START = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    from kpidesk.app import run_gui
    from kpidesk.ui.firm.welcome import Welcome

    app = QApplication(sys.argv[:1])

    def inspect():
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        welcome = [w for w in shown if isinstance(w, Welcome)]
        if not welcome:
            QTimer.singleShot(20, inspect)
            return
        seen = {
            "shown": sorted(type(w).__name__ for w in shown),
            "buttons": [b.text() for b in (welcome[0].new_button, welcome[0].open_button,
                                            welcome[0].demo_button)],
        }
        print("SEEN " + json.dumps(seen), flush=True)
        welcome[0].close()

    QTimer.singleShot(0, inspect)
    sys.exit(run_gui(None))
    """
)


def test_kpidesk_without_a_document_shows_the_welcome_and_closing_it_quits(tmp_path):
    env = dict(os.environ, KPIDESK_LANG="en", XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stdout.splitlines() if l.startswith("SEEN "))
    seen = json.loads(line[5:])
    assert seen["shown"] == ["Welcome"]
    assert seen["buttons"] == ["&New firm…", "&Open…", "Open the &demo"]


def test_the_screenshot_of_the_welcome_needs_no_document(tmp_path):
    from PySide6.QtGui import QImage

    from kpidesk.ui.screenshot import render

    out = render(str(tmp_path / "none.kpidesk"), "welcome", tmp_path / "w.png", "en")
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 900)
