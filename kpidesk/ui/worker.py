"""Long work off the GUI thread, with a progress dialog when it takes more than ~200 ms."""

from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")


class _Signals(QObject):
    done = Signal(object, object)  # result, exception


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], T]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # handed back to the GUI thread and raised there
            self.signals.done.emit(None, exc)
        else:
            self.signals.done.emit(result, None)


def run_in_worker(parent: QWidget | None, label: str, fn: Callable[[], T]) -> T:
    """Run ``fn`` on the thread pool; keep the GUI painting; show a busy progress dialog if it
    takes longer than 200 ms. Returns ``fn``'s result or raises its exception."""
    job = _Job(fn)
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def finished(result, error) -> None:
        outcome.update(result=result, error=error)
        loop.quit()

    job.signals.done.connect(finished, Qt.ConnectionType.QueuedConnection)
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(200)
    QThreadPool.globalInstance().start(job)
    if not outcome:
        loop.exec()
    dialog.reset()
    dialog.deleteLater()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["result"]  # type: ignore[return-value]
