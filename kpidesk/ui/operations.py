"""Running operations (Anki's ``CollectionOp`` and ``operation_did_execute`` hook): a service
call becomes an undo command, and every operation, undo and redo announces what it changed on
one signal, ``changed(Changes, source)``, which each panel listens to and refreshes only what
the changes name."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from kpidesk.core.changes import Changes, OpResult
from kpidesk.services.editing import EditRefused

from kpidesk.ui.commands import OperationCommand

UNDO = "undo"  # the source of a change made by undo or redo


class Operations(QObject):
    changed = Signal(object, object)  # Changes, source (who asked: a panel, or UNDO)

    def __init__(
        self, stack: QUndoStack, refused: Callable[[str], None], parent: QObject | None = None
    ):
        super().__init__(parent)
        self.stack, self.refused = stack, refused

    def run(
        self, text: str, operation: Callable[[], OpResult], source: object = None
    ) -> OpResult | None:
        """Run ``operation`` (one service call) and push it as ``text`` on the undo stack; a
        refused operation shows why, pushes nothing and returns None."""
        try:
            result = operation()
        except EditRefused as exc:
            self.refused(str(exc))
            return None
        self.stack.push(OperationCommand(text, self.stack, result, self._undone, self.refused))
        self.announce(result.changes, source)
        return result

    def announce(self, changes: Changes, source: object = None) -> None:
        """Tell every panel what changed (also for a change made outside the stack, e.g. an
        import)."""
        self.changed.emit(changes, source)

    def _undone(self, changes: Changes) -> None:
        self.announce(changes, UNDO)
