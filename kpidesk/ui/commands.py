"""Every edit is a command on the undo stack. The service call runs first (so a refused edit
never enters the stack); the stack's first ``redo`` is then skipped."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from kpidesk.core.changes import Changes

Operation = Callable[[], Changes]


class ServiceCommand(QUndoCommand):
    def __init__(
        self, text: str, redo: Operation, undo: Operation, notify: Callable[[Changes], None]
    ):
        super().__init__(text)
        self._redo, self._undo, self._notify = redo, undo, notify
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done by ``perform``
            self._first = False
            return
        self._notify(self._redo())

    def undo(self) -> None:
        self._notify(self._undo())


def perform(
    stack: QUndoStack,
    text: str,
    do: Callable[[], tuple[object, Changes]],
    undo: Callable[[object], Changes],
    redo: Callable[[object], Changes] | None = None,
    notify: Callable[[Changes], None] = lambda changes: None,
):
    """Run ``do`` (which returns what undo needs and the changes); on success push a command
    whose undo is ``undo(result)`` and whose redo is ``redo(result)`` (default: ``do`` again).
    Errors from ``do`` propagate and nothing is pushed."""
    result, changes = do()
    state = {"result": result}

    def again() -> Changes:
        if redo is not None:
            return redo(state["result"])
        state["result"], changes_again = do()
        return changes_again

    command = ServiceCommand(text, again, lambda: undo(state["result"]), notify)
    stack.push(command)
    notify(changes)
    return result
