"""Running operations (Anki's ``CollectionOp`` and ``operation_did_execute`` hook): a service
call becomes an undo command, and every operation, undo and redo announces what it changed on
one signal, ``changed(Changes, source)``, which each panel listens to and refreshes only what
the changes name."""

from __future__ import annotations

from typing import TypeVar, cast
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.problems import KpideskError
from kpidesk.services.editing import EditRefused

from kpidesk.ui import crash
from kpidesk.ui.commands import Label, OperationCommand

T = TypeVar("T")

UNDO = "undo"  # the source of a change made by undo or redo


class Operations(QObject):
    changed = Signal(object, object)  # Changes, source (who asked: a panel, or UNDO)

    def __init__(
        self, stack: QUndoStack, refused: Callable[[str], None], parent: QObject | None = None
    ):
        super().__init__(parent)
        self.stack, self.refused = stack, refused
        self._read: dict[object, object] = {}  # what panels read for the change announced

    def run(
        self, text: Label, operation: Callable[[], OpResult], source: object = None
    ) -> OpResult | None:
        """Run ``operation`` (one service call) and push it as ``text`` on the undo stack; a
        refused operation shows why, pushes nothing and returns None. Anything the operation
        did not mean to raise (a bug, not a ``KpideskError``) has already rolled its
        transaction back on the way out of the service; it is logged with its traceback, the
        crash dialog names the log, nothing is pushed and None is returned — the window goes
        on with the document as it was."""
        try:
            result = operation()
        except EditRefused as exc:
            self.refused(str(exc))
            return None
        except KpideskError:
            raise  # the caller's to put into words (a dialog asked, a cell refused)
        except Exception as exc:  # noqa: BLE001 — the edit path's last stop before the user
            crash.report(type(exc), exc, exc.__traceback__)
            return None
        self.stack.push(OperationCommand(text, self.stack, result, self._undone, self.refused))
        self.announce(result.changes, source)
        return result

    def retranslate(self) -> None:
        """Every entry of the undo stack named again in the language in force now (the Edit
        menu's Undo / Redo read them); call before the actions re-read the stack's texts."""
        for index in range(self.stack.count()):
            command = self.stack.command(index)
            if isinstance(command, OperationCommand):
                command.retranslate()

    def announce(self, changes: Changes, source: object = None) -> None:
        """Tell every panel what changed (also for a change made outside the stack, e.g. an
        import)."""
        self._read = {}
        try:
            self.changed.emit(changes, source)
        finally:
            self._read = {}

    def changed_lines(self, firm, changes: Changes) -> dict:
        """The lines ``changes`` names as they now stand (line id → ``ContractLine``), read
        once for the editor and the scoring panel."""
        return self.read_once(("lines", changes.lines), lambda: firm.lines(changes.lines))

    def read_once(self, key: object, read: Callable[[], T]) -> T:
        """What several panels need after one change (the changed lines as they now stand) is
        read once, by whichever panel asks first; outside an announcement it is just read."""
        if key not in self._read:
            self._read[key] = read()
        return cast(T, self._read[key])

    def _undone(self, changes: Changes) -> None:
        self.announce(changes, UNDO)
