"""The window of a server database follows what others change (issue 13). Every few seconds it
asks the audit log whether someone else has written since it last looked (one statement while
nobody has); when someone has, every panel reads again (one announcement naming everything)
and the status bar says who. An edit the document refused as stale asks at once, so the message
"… has been refreshed" is true by the time it is read. A ``.kpidesk`` file has one writer:
nothing is polled."""

from __future__ import annotations

import contextlib
import weakref

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QApplication

from kpidesk.core.changes import Changes
from kpidesk.core.problems import Problem, joined
from kpidesk.i18n import N_
from kpidesk.storage.concurrency import names

INTERVAL_MS = 3000

# What the window re-reads when someone else wrote: any record may have changed.
EVERYTHING = Changes(
    organisation=True,
    value_tree=True,
    structural=True,
    dictionary=True,
    settings=True,
    review=True,
)


def _listener(refresh: Refresh):
    """Told by the document (perhaps on a worker thread) that an edit was refused as stale;
    the refresh runs on the GUI thread, and not at all once the window is gone."""
    ref = weakref.ref(refresh)

    def stale() -> None:
        target = ref()
        if target is not None:
            with contextlib.suppress(RuntimeError):  # the window, and this object, deleted
                target.stale.emit()

    return stale


def _nested_loop() -> bool:
    """A dialog runs its own event loop (``exec``: application modal); a message box that was
    merely opened (``open``: window modal, such as the refusal itself) does not."""
    modal = QApplication.activeModalWidget()
    return modal is not None and modal.windowModality() == Qt.WindowModality.ApplicationModal


class Refresh(QObject):
    stale = Signal()  # an edit was refused on data someone else changed

    def __init__(self, window, interval_ms: int = INTERVAL_MS):
        super().__init__(window)
        self.window = window
        self.watch = window.firm.document.watch
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.last_notice = ""
        if self.watch is None:
            return
        self.watch.listeners.append(_listener(self))
        self.stale.connect(self.poll, Qt.ConnectionType.QueuedConnection)
        self.timer.start()

    def set_interval(self, interval_ms: int) -> None:
        self.timer.setInterval(interval_ms)

    def _busy(self) -> bool:
        """A cell being typed in would be closed by the refresh and what was typed lost; a
        modal dialog (an amendment asked for in the middle of a cell's edit) runs its own loop
        with the edit half done beneath it; slow work in the background reads again when it
        ends. Either way: ask again next time."""
        if self.window.background.running or _nested_loop():
            return True
        views = self.window.findChildren(QAbstractItemView)
        return any(view.state() == QAbstractItemView.State.EditingState for view in views)

    def poll(self) -> bool:
        """Refresh the window when someone else wrote since; returns whether it did."""
        if self.watch is None or self._busy():
            return False
        others = self.watch.poll()
        if others is None:
            return False
        if others.contested:
            # Undo would put back values over theirs, unseen: the history starts afresh (as
            # after an import), and the status bar says so.
            self.window.undo_stack.clear()
            self.watch.forget_history()
            template = N_(
                "{names} just changed the firm's data, some of it what you had changed; the "
                "window shows it now and Undo starts afresh."
            )
        else:
            template = N_("{names} just changed the firm's data; the window shows it now.")
        self.window.apply(EVERYTHING, quiet=True)
        self.last_notice = Problem(
            template, None, {"names": joined(names(others.witnesses))}
        ).text()
        self.window.show_notice(self.last_notice)
        return True
