"""Long work off the GUI thread: one helper for every slow operation (opening a firm, import,
export, printing), after Anki's ``QueryOp`` / ``CollectionOp``.

``Background.run(label, work, on_success, on_failure)`` starts ``work`` on the thread pool and
returns at once; no event loop is nested. The outcome comes back to the GUI thread as a queued
signal, and only there are the callbacks called. While work runs, input to the application is
blocked (see ``InputBlock``); after ``BUSY_AFTER_MS`` a busy indicator names the work. With
``progress=True`` the work is called as ``work(progress, cancelled)``, a progress dialog counts
at once and its Cancel makes ``cancelled()`` true, which the work checks between items.

A failure the caller does not handle (``on_failure`` absent or returning a false value) goes to
the window's error dialog: a kpidesk user error as its own message; anything else is a bug,
written with its traceback to the log file, and the dialog names that file (never shows the
traceback)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from kpidesk.core.problems import KpideskError
from kpidesk.i18n import _
from kpidesk.services.editing import EditRefused
from kpidesk.ui import crash

BUSY_AFTER_MS = 200  # quicker work shows nothing at all: a flash of a dialog only distracts

# kpidesk's own errors, each a message for the user; any other exception is a bug.
USER_ERRORS: tuple[type[BaseException], ...] = (KpideskError, EditRefused)

OnSuccess = Callable[[Any], None]
# Returns True when it has dealt with the failure; otherwise the error dialog shows it.
OnFailure = Callable[[BaseException], "bool | None"]


def failure_message(error: BaseException, log_path: Path) -> str:
    """What the user reads about a failure. A bug's traceback goes to the log, not on screen."""
    if isinstance(error, USER_ERRORS):
        return str(error)
    crash.write_log(error, log_path)
    return _(
        "Something went wrong inside kpidesk and the work was not finished. The details are "
        "in {log}; please send that file to whoever supports kpidesk."
    ).format(log=log_path)


# Events by which a user acts; painting, timers and the work's own signals go on.
_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.ContextMenu,
        QEvent.Type.DragEnter,
        QEvent.Type.DragMove,
        QEvent.Type.Drop,
        QEvent.Type.InputMethod,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
    }
)


class InputBlock(QObject):
    """Swallows the user's input to every window but the progress dialog while work runs.

    Why an event filter and not ``setEnabled(False)`` or a modal dialog: disabling the window
    greys it for every 50 ms job, takes the keyboard focus out of the grid the user was typing
    in, and disables a progress dialog's Cancel (a child window of a disabled window is
    disabled too); a modal dialog blocks nothing until it shows, 200 ms later, and a modal
    ``QProgressDialog.setValue`` processes events itself. The filter blocks from the first
    millisecond, leaves focus and looks alone, and keeps shortcuts (Ctrl+Z, Ctrl+Q) from firing:
    Qt offers each shortcut to the focus widget first, and the filter claims that offer."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.allowed: QWidget | None = None  # the progress dialog, while it exists
        self._installed = False

    def install(self) -> None:
        app = QApplication.instance()
        if not self._installed and app is not None:
            app.installEventFilter(self)
            self._installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if self._installed and app is not None:
            app.removeEventFilter(self)
            self._installed = False

    def _is_allowed(self, obj: QObject) -> bool:
        allowed = self.allowed
        if allowed is None:
            return False
        if isinstance(obj, QWidget):
            return obj.window() is allowed
        if isinstance(obj, QWindow):
            return obj is allowed.windowHandle()
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Close and event.spontaneous() and isinstance(obj, QWidget):
            # The window manager's close button: the work still uses the document.
            if obj.isWindow() and not self._is_allowed(obj):
                event.ignore()
                return True
            return False
        if kind in _INPUT and not self._is_allowed(obj):
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # "taken": the shortcut does not fire
            return True
        return False


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object, object)  # result, exception


class _Runner(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals):
        super().__init__()
        self.work, self.signals = work, signals

    def run(self) -> None:  # on a pool thread
        try:
            result = self.work()
        except BaseException as exc:  # handed back to the GUI thread
            self.signals.done.emit(None, exc)
        else:
            self.signals.done.emit(result, None)


class Operation(QObject):
    """One piece of work under way: its dialog (if any), its Cancel, its outcome."""

    def __init__(
        self,
        background: Background,
        label: str,
        on_success: OnSuccess | None,
        on_failure: OnFailure | None,
        progress: bool,
    ):
        super().__init__(background)
        self.background, self.label = background, label
        self.on_success, self.on_failure = on_success, on_failure
        self.dialog: QProgressDialog | None = None
        self.done = False
        self._stop = threading.Event()
        self.signals = _Signals(self)
        self.signals.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.signals.done.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self._show_busy)
        self._cursor = False
        if progress:
            self._make_dialog(_("Cancel"))
        else:
            self._busy_timer.start(BUSY_AFTER_MS)

    # what the user sees ------------------------------------------------------------------------
    def _make_dialog(self, cancel_text: str | None) -> None:
        # Not modal: InputBlock does the blocking, and a modal QProgressDialog would process
        # events inside setValue (a nested loop by another name).
        dialog = QProgressDialog(self.label, cancel_text or "", 0, 0, self.background.widget)
        dialog.setWindowTitle("kpidesk")
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        if cancel_text is None:
            dialog.setCancelButton(None)
        else:
            dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self.background.block.allowed = dialog
        dialog.show()

    def _show_busy(self) -> None:
        if self.done:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._cursor = True
        self._make_dialog(None)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if self.dialog is not None and not self.done:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)

    # Cancel -----------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the work to stop before its next item (the Cancel button does this)."""
        self._stop.set()

    def cancelled(self) -> bool:
        return self._stop.is_set()

    # the outcome, on the GUI thread -------------------------------------------------------------
    @Slot(object, object)
    def _finish(self, result: Any, error: BaseException | None) -> None:
        self.done = True
        self._busy_timer.stop()
        if self._cursor:
            QApplication.restoreOverrideCursor()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self.background._ended(self)  # input flows again before a callback opens a dialog
        try:
            if error is None:
                if self.on_success is not None:
                    self.on_success(result)
            elif not (self.on_failure is not None and self.on_failure(error)):
                self.background.report(error)
        except Exception as exc:  # a bug in a callback: the same dialog as a bug in the work
            self.background.report(exc)
        finally:
            # The window may have closed while the work ran: nobody is left to hear it.
            if shiboken6.isValid(self.background):
                self.background.finished.emit(self)
            self.deleteLater()


class _Quiet(QObject):
    done = Signal(object, object, object)  # on_done, result, exception


_quiet: _Quiet | None = None  # one carrier for the process, made on the GUI thread, never freed


def quietly(work: Callable[[], Any], on_done: Callable[[Any, BaseException | None], None]) -> None:
    """Work that the user need not wait for (the check and the backup after opening) on a
    thread of its own: input is not blocked and nothing is shown; ``on_done(result, error)``
    runs on the GUI thread when it ends. A window's ``Background.run`` is for work the user
    waits for; this is for work that must never hold their first keys. One carrier object
    serves every call: a QObject per call, freed by the garbage collector while its queued
    signal was still on its way, is what crashes a Qt program."""
    global _quiet
    if _quiet is None:
        _quiet = _Quiet(QApplication.instance())
        _quiet.done.connect(
            lambda deliver, result, error: deliver(result, error),
            Qt.ConnectionType.QueuedConnection,
        )
    carrier = _quiet

    def run() -> None:
        try:
            result = work()
        except BaseException as exc:  # handed to the GUI thread
            carrier.done.emit(on_done, None, exc)
        else:
            carrier.done.emit(on_done, result, None)

    threading.Thread(target=run, name="kpidesk-quiet", daemon=True).start()


class Background(QObject):
    """Runs slow work for one window (``widget``), blocking input to the application meanwhile.

    ``started(operation)`` is emitted once the work's dialog (if any) shows and before the work
    begins; ``finished(operation)`` after its callbacks ran."""

    started = Signal(object)
    finished = Signal(object)

    def __init__(
        self,
        widget: QWidget | None = None,
        show_error: Callable[[str], None] | None = None,
        log_path: Path | None = None,
    ):
        super().__init__(widget)
        self.widget = widget
        self.show_error = show_error or self._message_box
        self.log_path = log_path or crash.log_path()
        self.block = InputBlock(self)
        self._running: list[Operation] = []
        # Its own pool: work of this window never waits behind another's (or a library's).
        self.pool = QThreadPool(self)

    def run(
        self,
        label: str,
        work: Callable[..., Any],
        on_success: OnSuccess | None = None,
        on_failure: OnFailure | None = None,
        *,
        progress: bool = False,
    ) -> Operation:
        """Start ``work`` (``work()``, or ``work(progress, cancelled)`` with ``progress=True``)
        on a pool thread and return at once; the callbacks run on the GUI thread."""
        operation = Operation(self, label, on_success, on_failure, progress)
        self._running.append(operation)
        self.block.install()
        if progress:
            signals = operation.signals
            job = lambda: work(signals.progress.emit, operation.cancelled)  # noqa: E731
        else:
            job = work
        self.started.emit(operation)
        self.pool.start(_Runner(job, operation.signals))
        return operation

    @property
    def running(self) -> bool:
        return bool(self._running)

    def idle(self) -> bool:
        """Nothing under way (what tests wait for)."""
        return not self._running

    def report(self, error: BaseException) -> None:
        """A failure nobody handled: the window's error dialog, in words."""
        self.show_error(failure_message(error, self.log_path))

    def _ended(self, operation: Operation) -> None:
        if operation in self._running:
            self._running.remove(operation)
        if not self._running:
            self.block.allowed = None
            self.block.remove()
        else:
            self.block.allowed = next(
                (op.dialog for op in reversed(self._running) if op.dialog is not None), None
            )

    def _message_box(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "kpidesk", message, QMessageBox.StandardButton.Ok, self.widget
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
