"""The installed app has no terminal: a fault on another thread and a fatal message from Qt
end in the log and a dialog naming it, and the log rotates instead of growing for ever
(kpidesk/ui/crash.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from PySide6.QtWidgets import QMessageBox

from kpidesk.ui import crash


def test_the_log_rotates_at_a_megabyte_keeping_five_old_files(tmp_path):
    log = tmp_path / "logs" / "kpidesk.log"
    # Eight faults of 600 kB each: every one starts a new file (two do not fit in 1 MB), so
    # the first two are dropped and the last six are kept: the log and .1 … .5.
    for number in range(1, 9):
        crash.write(f"fault {number}\n" + "x" * 600_000, log)
    names = sorted(p.name for p in log.parent.iterdir())
    assert names == [
        "kpidesk.log",
        "kpidesk.log.1",
        "kpidesk.log.2",
        "kpidesk.log.3",
        "kpidesk.log.4",
        "kpidesk.log.5",
    ]
    assert "fault 8\n" in log.read_text(encoding="utf-8")
    assert "fault 3\n" in (log.parent / "kpidesk.log.5").read_text(encoding="utf-8")
    for path in log.parent.iterdir():
        assert path.stat().st_size < 1_000_000


def test_a_log_that_cannot_be_written_falls_back_to_the_terminal(tmp_path, capfd):
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the log's folder should be", encoding="utf-8")
    crash.write_log(ValueError("崩溃 in a folder that is a file"), blocker / "kpidesk.log")
    assert "ValueError: 崩溃 in a folder that is a file" in capfd.readouterr().err


def test_a_fault_on_another_thread_is_logged_and_named_in_a_dialog(
    qapp, qtbot, answer_dialog, monkeypatch, tmp_path
):
    log = tmp_path / "logs" / "kpidesk.log"
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    crash.install(log)
    seen = {}

    def read(dialog):
        seen["type"], seen["text"] = type(dialog), dialog.text()
        dialog.accept()

    answer_dialog(read)

    def work():
        raise KeyError("period 2003-13")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "text" in seen, timeout=5000)
    assert seen["type"] is QMessageBox
    assert str(log) in seen["text"] and "not something you did wrong" in seen["text"]
    written = log.read_text(encoding="utf-8")
    assert "KeyError: 'period 2003-13'" in written and "in work" in written


def test_a_fatal_message_from_qt_is_logged_and_said_before_qt_aborts(tmp_path):
    log = tmp_path / "日志" / "kpidesk.log"
    # A process of its own: Qt aborts after a fatal message. A timer reads the dialog that
    # the handler shows (a nested event loop), prints its text and closes it.
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QTimer, qFatal
        from PySide6.QtWidgets import QApplication
        from kpidesk.ui import crash

        app = QApplication([])
        crash.install(Path({str(log)!r}))

        def answer():
            box = QApplication.activeModalWidget()
            if box is None:
                return
            print("DIALOG:", box.text(), flush=True)
            box.accept()

        timer = QTimer()
        timer.timeout.connect(answer)
        timer.start(20)
        qFatal("the scene graph lost its context")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode != 0  # Qt still aborts: the point is that it is not silent
    assert "DIALOG: kpidesk met a fault it did not expect" in done.stdout
    assert str(log) in done.stdout
    written = log.read_text(encoding="utf-8")
    assert "CRITICAL" in written and "Qt: the scene graph lost its context" in written


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=30), st.integers(min_value=0, max_value=700_000)),
        min_size=1,
        max_size=12,
    )
)
def test_whatever_is_logged_the_log_keeps_at_most_six_files_and_the_newest_fault(faults):
    folder = Path(tempfile.mkdtemp(prefix="kpidesk-log-"))
    try:
        log = folder / "kpidesk.log"
        for number, (words, padding) in enumerate(faults):
            crash.write(f"fault #{number}: {words}\n" + "x" * padding, log)
        files = sorted(p.name for p in folder.iterdir())
        assert len(files) <= 6
        assert set(files) <= {"kpidesk.log", *(f"kpidesk.log.{n}" for n in range(1, 6))}
        last = len(faults) - 1
        assert f"fault #{last}: {faults[-1][0]}\n" in log.read_bytes().decode("utf-8")
    finally:
        crash._handlers.pop(folder / "kpidesk.log").close()
        shutil.rmtree(folder)
