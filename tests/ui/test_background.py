"""Slow work in the background (kpidesk.ui.background): the outcome comes back to the GUI thread
as a callback, input to the window is blocked meanwhile, no event loop is nested, Cancel stops a
batch, and a failure is a dialog in words (a bug's traceback goes to the log file only)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

import kpidesk
from kpidesk.services.editing import EditRefused
from kpidesk.services.exchange import ExchangeService

pytestmark = pytest.mark.gui

WAIT = 30000  # ms: a generous ceiling on a loaded machine, never a pause
KPIDESK_CODE = Path(kpidesk.__file__).parent


@pytest.fixture
def gate():
    """Work that waits for the test to open the gate: "still running" for as long as needed."""
    gate = threading.Event()
    yield gate
    gate.set()  # a failing test must not leave a pool thread waiting


@pytest.fixture
def slow_export(monkeypatch, gate, tmp_path):
    """File › Export, answered with a path, whose writing waits for the gate."""
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "slow.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    export = ExchangeService.export

    def wait_then_export(self, path, lang):
        assert gate.wait(WAIT / 1000), "the test never opened the gate"
        return export(self, path, lang)

    monkeypatch.setattr(ExchangeService, "export", wait_then_export)
    return out


@pytest.fixture
def nested_loops(monkeypatch):
    """Every QEventLoop.exec that kpidesk's own code starts (pytest-qt's waits are not counted)."""
    started = []
    original = QEventLoop.exec

    def exec_(self, *args):
        import sys

        caller = Path(sys._getframe(1).f_code.co_filename)
        if caller.is_relative_to(KPIDESK_CODE):
            started.append(str(caller))
        return original(self, *args)

    monkeypatch.setattr(QEventLoop, "exec", exec_)
    return started


def test_work_runs_off_the_gui_thread_and_its_result_comes_back_on_it(window, qtbot):
    seen = {}

    def work():
        seen["work"] = threading.current_thread()
        return 42

    def done(result):
        seen["result"], seen["callback"] = result, threading.current_thread()

    window.background.run("working", work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=WAIT)
    assert seen["result"] == 42
    assert seen["work"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()


def test_a_failure_comes_back_to_the_failure_callback_on_the_gui_thread(window, qtbot):
    seen = {}

    def fail():
        raise ValueError("bad spreadsheet row 7")

    def failed(error):
        seen["error"], seen["thread"] = error, threading.current_thread()
        return True  # handled: no dialog

    window.background.run("working", fail, lambda _result: seen.setdefault("success", 1), failed)
    qtbot.waitUntil(lambda: "error" in seen, timeout=WAIT)
    assert isinstance(seen["error"], ValueError) and "row 7" in str(seen["error"])
    assert seen["thread"] is threading.main_thread() and "success" not in seen
    assert window.last_message == ""  # handled by the caller: nothing shown


def test_the_menu_returns_at_once_and_no_event_loop_is_nested(
    window, qtbot, gate, slow_export, nested_loops
):
    window.export_action.trigger()  # returns while the export still waits: nothing nested
    assert window.background.running and not slow_export.exists()
    gate.set()
    qtbot.waitUntil(window.background.idle, timeout=WAIT)
    assert slow_export.exists() and window.statusBar().currentMessage() == f"wrote {slow_export}"
    assert nested_loops == []


def test_input_to_the_window_is_blocked_while_work_runs(window, qtbot, gate, slow_export):
    window.select_position("营销部门总经理")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    window.export_action.trigger()
    assert window.background.running
    # Typing, clicking and shortcuts reach nothing while the export runs.
    qtbot.keyClicks(window.tree_filter, "abc")
    assert window.tree_filter.text() == ""
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # Quit
    assert window.isVisible()
    shown = window.tree.currentIndex()
    branch = window.tree.visualRect(window.tree_proxy.index(0, 0)).center()
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=branch)
    assert window.tree.currentIndex() == shown  # the click selected nothing
    gate.set()
    qtbot.waitUntil(window.background.idle, timeout=WAIT)
    # And flows again once it is done.
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=branch)
    assert window.tree.currentIndex().row() == 0 and not window.tree.currentIndex().parent().isValid()
    qtbot.keyClicks(window.tree_filter, "abc")
    assert window.tree_filter.text() == "abc"


def test_a_slow_job_shows_a_busy_indicator_that_goes_when_it_is_done(window, qtbot, gate):
    window.background.run("Checking firm.xlsx…", lambda: gate.wait(WAIT / 1000))

    def busy() -> list[QProgressDialog]:
        return [d for d in window.findChildren(QProgressDialog) if d.isVisible()]

    qtbot.waitUntil(lambda: len(busy()) == 1, timeout=WAIT)
    assert busy()[0].labelText() == "Checking firm.xlsx…"
    gate.set()
    qtbot.waitUntil(lambda: window.background.idle() and not busy(), timeout=WAIT)


def test_cancel_stops_a_batch_between_items(window, qtbot):
    gates = [threading.Event() for _ in range(5)]
    done_items = []

    def batch(progress, cancelled):
        for number, item_gate in enumerate(gates, start=1):
            if cancelled():
                return done_items
            item_gate.wait(WAIT / 1000)
            done_items.append(number)
            progress(number, len(gates))
        return done_items

    results = []
    operation = window.background.run("Printing contracts…", batch, results.append, progress=True)
    dialog = operation.dialog
    assert dialog.isVisible() and dialog.labelText() == "Printing contracts…"
    gates[0].set()
    qtbot.waitUntil(lambda: dialog.value() == 1, timeout=WAIT)  # the first item counted
    # The user presses Cancel as a user does: with the mouse, input to the window being blocked.
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    for item_gate in gates[1:]:
        item_gate.set()
    qtbot.waitUntil(window.background.idle, timeout=WAIT)
    assert results == [[1, 2]]  # the item under way when Cancel came finished; none after it


def test_cancel_stops_printing_the_unit_from_the_menu(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    out = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    window.tree.setCurrentIndex(window.tree_proxy.index(0, 0))  # the branch: five contracts
    # The user presses Cancel in the progress dialog before the first file is done.
    window.background.started.connect(
        lambda operation: qtbot.mouseClick(
            operation.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton
        )
    )
    window.print_unit_action.trigger()
    qtbot.waitUntil(window.background.idle, timeout=WAIT)
    assert window.files.printed == [] and list(out.iterdir()) == []
    assert window.statusBar().currentMessage() == "Printing cancelled after 0 files."


def _dialog_text(answer_dialog, seen: list) -> None:
    def read(dialog):
        assert isinstance(dialog, QMessageBox), dialog
        seen.append(dialog.text())
        dialog.accept()

    answer_dialog(read)


def test_a_bug_is_a_dialog_naming_the_log_never_a_traceback(
    window, qtbot, tmp_path, monkeypatch, answer_dialog
):
    from PySide6.QtWidgets import QFileDialog

    log = tmp_path / "logs" / "kpidesk.log"
    window.background.log_path = log
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "x.xlsx"), "")
    )

    def broken_export(self, path, lang):
        return {}["sheet"]  # a bug: KeyError

    monkeypatch.setattr(ExchangeService, "export", broken_export)
    said: list[str] = []
    _dialog_text(answer_dialog, said)
    window.export_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT)
    (text,) = said
    assert str(log) in text and "went wrong" in text
    assert "Traceback" not in text and "KeyError" not in text and "broken_export" not in text
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "KeyError: 'sheet'" in written and "broken_export" in written


def test_a_user_error_is_shown_as_its_own_message(window, qtbot, answer_dialog):
    said: list[str] = []
    _dialog_text(answer_dialog, said)

    def refused():
        raise EditRefused("This contract is signed: change it through an amendment.")

    window.background.run("working", refused)
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT)
    assert said == ["This contract is signed: change it through an amendment."]
