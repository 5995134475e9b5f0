"""Every edit is a command on the undo stack, built from what its service operation returned:
the ``OpResult`` carries the undo, and the undo's result carries the redo, so a command only
swaps the two. The operation ran before the command was pushed (a refused edit never enters
the stack), so the stack's first ``redo`` is skipped."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack

from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.problems import KpideskError, Problem
from kpidesk.ui import crash

# What an undo entry is called, kept in no language: a Problem (msgid and values) or a function
# that words it now, so the Edit menu follows a change of language ("Undo 修改权重 %" → "Undo
# Edit Weight %"). A plain str stays as it was given.
Label = str | Problem | Callable[[], str]


def label_text(label: Label) -> str:
    """The label in the language in force now."""
    if isinstance(label, Problem):
        return label.text()
    return label() if callable(label) else str(label)


class OperationCommand(QUndoCommand):
    """An operation done. Undo and redo each run the operation the last result carries. One
    the service refuses (the undo of a signature, or of an edit whose contract was closed
    since) says why and the stack stays where it was: Qt moves the index after ``undo`` or
    ``redo`` returns, so the move is reversed at once and that reversal does nothing."""

    def __init__(
        self,
        text: Label,
        stack: QUndoStack,
        done: OpResult,
        notify: Callable[[Changes], None],
        refused: Callable[[str], None],
    ):
        super().__init__(label_text(text))
        self._label = text
        self._stack, self._notify, self._refused = stack, notify, refused
        self._next = done.undo
        self._skip = True  # already done

    def retranslate(self) -> None:
        """Word the label again in the language in force now."""
        self.setText(label_text(self._label))

    def redo(self) -> None:
        self._swap(back=self._stack.undo)

    def undo(self) -> None:
        self._swap(back=self._stack.redo)

    def _swap(self, back: Callable[[], None]) -> None:
        if self._skip:
            self._skip = False
            return
        try:
            result = self._next()
        except Exception as exc:  # noqa: BLE001 — undo and redo are the edit path too
            # Refused (a stale view, a signed contract) or a bug: the service rolled its
            # transaction back, so the stack steps back to where the document still is.
            self._skip = True
            self._stack.indexChanged.connect(
                lambda _index: back(), Qt.ConnectionType.SingleShotConnection
            )
            if isinstance(exc, KpideskError):
                self._refused(str(exc))
            else:  # logged; the crash dialog names the log, never as the user's mistake
                crash.report(type(exc), exc, exc.__traceback__)
            return
        self._next = result.undo
        self._notify(result.changes)
