"""Long work off the GUI thread; screenshots on demand."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QProgressDialog

from kpidesk.ui.worker import run_in_worker

pytestmark = pytest.mark.gui


def test_work_runs_off_the_gui_thread_and_returns(qtbot):
    """Work that outlasts 200 ms shows the busy dialog, the GUI thread keeps running meanwhile
    (it is what finds the dialog), and the result comes back."""
    seen = {}
    dialog_shown = threading.Event()

    def work():
        seen["thread"] = threading.current_thread()
        # Finishes only once the GUI thread has seen the progress dialog (or gives up).
        seen["dialog came"] = dialog_shown.wait(10)
        return 42

    def look_for_the_dialog():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                seen["label"] = widget.labelText()
                watch.stop()
                dialog_shown.set()

    watch = QTimer()
    watch.timeout.connect(look_for_the_dialog)
    watch.start(20)
    started = time.monotonic()
    try:
        assert run_in_worker(None, "working", work) == 42
    finally:
        watch.stop()
    assert seen["thread"] is not threading.main_thread()
    assert seen["dialog came"] and seen["label"] == "working"
    assert time.monotonic() - started >= 0.2  # not before its 200 ms


def test_errors_come_back_to_the_caller(qtbot):
    def fail():
        raise ValueError("bad spreadsheet row 7")

    with pytest.raises(ValueError, match="row 7"):
        run_in_worker(None, "working", fail)


@pytest.mark.parametrize(
    "args",
    [
        ("--view", "main", "--lang", "zh"),
        ("--view", "main", "--lang", "en", "--present"),
        ("--view", "value-tree", "--lang", "en"),
        ("--view", "print-preview", "--lang", "zh"),
    ],
)
def test_screenshot_writes_a_realistic_png(demo_path, tmp_path, args):
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "kpidesk", "screenshot", str(demo_path), "--out", str(out), *args],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800
    # Not a blank canvas: a real window has many distinct colours (text, selection, charts).
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)
    }
    assert len(colours) > 20
