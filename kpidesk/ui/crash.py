"""The crash path: an error kpidesk did not expect (a bug, not the user's mistake) is written
to a log with its traceback, and a dialog says so and names the log — it is never shown as if
the user had typed something wrong. A user's mistake is a ``KpideskError``, caught where it
happens and shown in words; anything else reaching the event loop comes here."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from kpidesk.i18n import _


def log_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder or Path.home() / ".kpidesk") / "kpidesk.log"


def write_log(error: BaseException, log: Path | None = None) -> Path:
    """Append ``error``'s traceback to the log (one log for every kind of fault) and return
    where it went."""
    log = log or log_path()
    text = "".join(traceback.format_exception(error))
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as out:
            out.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{text}\n")
    except OSError:  # no writable log: the traceback goes to the terminal at least
        if sys.__stderr__ is not None:  # None under pythonw: no terminal either
            sys.__stderr__.write(text)
    return log


def report(kind, value, tb, log: Path | None = None) -> Path:
    """Append the traceback to the log and tell the user, naming the log."""
    log = write_log(value.with_traceback(tb), log)
    if QApplication.instance() is not None:
        QMessageBox.critical(
            QApplication.activeWindow(),
            "kpidesk",
            _(
                "kpidesk met a fault it did not expect; this is not something you did wrong. "
                "What you saved is safe. Please send {log} to whoever looks after kpidesk."
            ).format(log=log),
        )
    return log


def install(log: Path | None = None) -> None:
    """Route every uncaught exception of the GUI to ``report``."""

    def hook(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            return sys.__excepthook__(kind, value, tb)
        report(kind, value, tb, log)

    sys.excepthook = hook
