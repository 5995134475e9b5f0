"""Work with a determinate progress dialog and a Cancel button (batch printing)."""

from __future__ import annotations

import threading
from typing import Callable, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from kpidesk.i18n import _

T = TypeVar("T")
Job = Callable[[Callable[[int, int], None], Callable[[], bool]], T]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object, object)


class _Runner(QRunnable):
    def __init__(self, job: Job, stop: threading.Event):
        super().__init__()
        self.job, self.stop, self.signals = job, stop, _Signals()

    def run(self) -> None:
        try:
            result = self.job(self.signals.progress.emit, self.stop.is_set)
        except BaseException as exc:  # handed back to the GUI thread
            self.signals.done.emit(None, exc)
        else:
            self.signals.done.emit(result, None)


def run_with_progress(
    parent: QWidget | None,
    label: str,
    job: Job,
    dialog_ready: Callable[[QProgressDialog], None] | None = None,
) -> T:
    """Run ``job(progress, cancelled)`` on the thread pool while a progress dialog counts; the
    dialog's Cancel sets ``cancelled()``, which the job checks between items."""
    stop = threading.Event()
    runner = _Runner(job, stop)
    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.canceled.connect(stop.set)
    outcome: dict = {}
    loop = QEventLoop()

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def finished(result, error) -> None:
        outcome.update(result=result, error=error)
        loop.quit()

    runner.signals.progress.connect(progress, Qt.ConnectionType.QueuedConnection)
    runner.signals.done.connect(finished, Qt.ConnectionType.QueuedConnection)
    dialog.show()
    if dialog_ready:
        dialog_ready(dialog)
    QThreadPool.globalInstance().start(runner)
    loop.exec()
    dialog.reset()
    dialog.deleteLater()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["result"]
