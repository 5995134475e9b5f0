"""The bundled program's entry (packaging/kpidesk_entry.py): a fault that escapes before the
window's own crash path (here: the command itself failing to import) is logged and said in a
dialog naming the log — a windowed app has no terminal to print it to."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import kpidesk.cli.main
from kpidesk.ui import crash

ENTRY = Path(__file__).resolve().parents[2] / "packaging" / "kpidesk_entry.py"


def _entry():
    spec = importlib.util.spec_from_file_location("kpidesk_entry", ENTRY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_fault_before_the_window_ends_in_the_log_and_a_dialog(
    qapp, qtbot, answer_dialog, monkeypatch, tmp_path
):
    log = tmp_path / "日志" / "kpidesk.log"
    monkeypatch.setattr(crash, "log_path", lambda: log)

    def broken_install():
        raise ImportError("libQt6Pdf.so.6: cannot open shared object file")

    monkeypatch.setattr(kpidesk.cli.main, "main", broken_install)
    seen = {}

    def read(dialog):
        seen["type"], seen["text"] = type(dialog), dialog.text()
        dialog.accept()

    answer_dialog(read)
    assert _entry().run() == 70  # EX_SOFTWARE, not 0: the program did not do its work
    assert seen["type"] is QMessageBox and str(log) in seen["text"]
    assert "ImportError: libQt6Pdf.so.6: cannot open shared object file" in log.read_text(
        encoding="utf-8"
    )


def test_the_entry_runs_the_command(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["kpidesk", "--version"])
    with pytest.raises(SystemExit) as ended:  # argparse's version action ends the program
        _entry().run()
    assert ended.value.code == 0
    assert capsys.readouterr().out == "kpidesk 0.1.0\n"
