"""The crash path: an error kpidesk did not expect (a bug, not the user's mistake) is written
to a log with its traceback, and a dialog says so and names the log — it is never shown as if
the user had typed something wrong. A user's mistake is a ``KpideskError``, caught where it
happens and shown in words; anything else reaching the event loop comes here.

The installed app has no terminal: an uncaught exception on the GUI thread, on any other
thread, and a fatal message from Qt itself all end in the log and the dialog, never in a
silent exit. The log rotates (``MAX_BYTES`` × ``BACKUPS``) so years of use never fill a disk."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from kpidesk.i18n import _

MAX_BYTES = 1_000_000  # one log file; then kpidesk.log.1 … .5, the oldest dropped
BACKUPS = 5

_handlers: dict[Path, RotatingFileHandler] = {}
_showing = threading.Event()  # a dialog is open: a fault repeating behind it is only logged


def log_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder or Path.home() / ".kpidesk") / "kpidesk.log"


class _LogFile(RotatingFileHandler):
    def handleError(self, record: logging.LogRecord) -> None:
        # No writable log: the text goes to the terminal at least (None under pythonw: no
        # terminal either, and nothing more can be done).
        if sys.__stderr__ is not None:
            sys.__stderr__.write(record.getMessage() + "\n")


def _handler(log: Path) -> RotatingFileHandler:
    """One rotating handler per log file, opened when first written."""
    handler = _handlers.get(log)
    if handler is None:
        handler = _LogFile(log, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("--- %(asctime)s %(levelname)s\n%(message)s\n"))
        _handlers[log] = handler
    return handler


def write(text: str, log: Path | None = None, level: int = logging.ERROR) -> Path:
    """Append ``text`` to the log (rotated when full) and return where it went."""
    log = log or log_path()
    # Unmade, the handler's open fails too and says so on the terminal.
    with contextlib.suppress(OSError):
        log.parent.mkdir(parents=True, exist_ok=True)
    record = logging.LogRecord("kpidesk", level, __file__, 0, text, None, None)
    _handler(log).handle(record)
    return log


def write_log(error: BaseException, log: Path | None = None) -> Path:
    """Append ``error``'s traceback to the log (one log for every kind of fault) and return
    where it went."""
    return write("".join(traceback.format_exception(error)).rstrip("\n"), log)


def crash_message(log: Path) -> str:
    return _(
        "kpidesk met a fault it did not expect; this is not something you did wrong. "
        "What you saved is safe. Please send {log} to whoever looks after kpidesk."
    ).format(log=log)


def show(log: Path) -> None:
    """The dialog naming the log, on the GUI thread; one at a time."""
    if QApplication.instance() is None or _showing.is_set():
        return
    _showing.set()
    try:
        QMessageBox.critical(QApplication.activeWindow(), "kpidesk", crash_message(log))
    finally:
        _showing.clear()


def report(kind, value, tb, log: Path | None = None) -> Path:
    """Append the traceback to the log and tell the user, naming the log."""
    log = write_log(value.with_traceback(tb), log)
    show(log)
    return log


class _ToGuiThread(QObject):
    """Carries a fault from another thread to the dialog: a queued signal, since widgets may
    only be shown on the GUI thread."""

    fault = Signal(str)


_bridge: _ToGuiThread | None = None


def install(log: Path | None = None) -> None:
    """Route every uncaught exception of the GUI, of other threads, and Qt's own warnings and
    fatal errors to the log; a fault ends in the dialog naming it."""
    global _bridge

    def hook(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            return sys.__excepthook__(kind, value, tb)
        report(kind, value, tb, log)

    sys.excepthook = hook
    app = QApplication.instance()
    if _bridge is None and app is not None:
        _bridge = _ToGuiThread(app)  # lives on the GUI thread with the application
        _bridge.fault.connect(lambda where: show(Path(where)))
    bridge = _bridge

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        where = write_log(args.exc_value.with_traceback(args.exc_traceback), log)
        if bridge is not None:
            bridge.fault.emit(str(where))

    threading.excepthook = thread_hook
    _install_qt_messages(log)


def _install_qt_messages(log: Path | None) -> None:
    """Qt's warnings go to the log; a fatal one (Qt aborts right after) is logged and, where
    a dialog can still be shown, said. Whatever handled Qt's messages before still does."""
    previous = None

    def on_message(kind, context, message):
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            where = f" ({context.file}:{context.line})" if context.file else ""
            level = logging.CRITICAL if kind == QtMsgType.QtFatalMsg else logging.WARNING
            written = write(f"Qt: {message}{where}", log, level)
            if kind == QtMsgType.QtFatalMsg:
                show(written)
        if previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(on_message)
