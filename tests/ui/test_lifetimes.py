"""Opening, editing and closing windows many times, and quitting, never ends in a fatal error.

A user saw "Fatal Python error: none_dealloc" twice on quitting. The fault was the Qt binding
(see kpidesk/ui/binding.py): PySide6 6.12.0 on CPython 3.11 loses a reference to None, True or
False with every call that returns one, until CPython frees None and aborts. These tests run a
fresh interpreter in development mode (-X dev: debug memory hooks, fault handler), as the app
runs, and read its exit code and its error output."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]

CHURN = textwrap.dedent(
    """
    import shutil, sys
    from pathlib import Path
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication
    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService
    from kpidesk.ui.contract.contract_lines_model import FIELDS
    from kpidesk.ui.main_window import MainWindow

    master, folder = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([])
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    for round in range(20):
        path = folder / f"firm-{round}.kpidesk"
        shutil.copy2(master, path)
        document = open_document(path)
        window = MainWindow(FirmService(document), EditService(document), settings)
        window.resize(1500, 900)
        window.show()
        # Walk through every position: the contract and scoring panels fill in each time.
        for positions in window.firm.all_positions().values():
            for position in positions:
                window._select_position_id(position.id)
        window.grab()
        # An actual typed into the scoring panel of a signed contract.
        window.select_position("营业厅营业员")
        scoring = window.scoring.model
        assert scoring.setData(scoring.index(0, 3), "270")
        # A weight typed into a new draft's line.
        clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
        window.select_position("营业厅经理")
        window.contract_edits.create_contract(window.current_position()[0], clerk.id)
        lines = window.editor.model
        group = lines.index(0, 0)
        assert lines.setData(lines.index(0, FIELDS.index("weight"), group), 35)
        window.grab()
        while window.undo_stack.canUndo():
            window.undo_action.trigger()
        window.grab()
        window.close()
        window.deleteLater()
        del window, scoring, lines, group
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        document.close()
    print("done")
    """
)


def _run_dev(code: str, *args: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-X", "dev", "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
        cwd=ROOT,
    )


def test_twenty_windows_opened_edited_and_closed_leave_python_intact(demo_master, tmp_path):
    run = _run_dev(CHURN, str(demo_master), str(tmp_path))
    assert "Fatal Python error" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == "done"


def test_calls_that_return_nothing_do_not_use_up_none(tmp_path):
    """The fault itself, without a window: a hundred thousand calls that return None, True or
    False from the binding (setText returns nothing, emit returns True, isHidden False)."""
    code = textwrap.dedent(
        """
        import sys
        import kpidesk.ui  # the application's Qt side, as every window imports it
        from PySide6.QtCore import QObject, Signal
        from PySide6.QtWidgets import QApplication, QLabel

        class Source(QObject):
            changed = Signal()

        app = QApplication([])
        label, source = QLabel(), Source()
        source.changed.connect(label.clear)
        for _ in range(100_000):
            label.setText("x")
            source.changed.emit()
            label.isHidden()
        print("done")
        """
    )
    run = _run_dev(code)
    assert "Fatal Python error" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 0 and run.stdout.strip() == "done", run.stderr[-3000:]
