"""What an operation changed, so each panel refreshes only what it shows (Anki's OpChanges),
and the operation's result carrying the operation that undoes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from collections.abc import Callable, Iterator

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    organisation: bool = False
    value_tree: bool = False
    contract: int | None = None  # a contract's parties, status or lines
    actuals: int | None = None  # the contract whose actuals or deductions changed
    # Precisely what changed in that contract: the lines whose fields changed (empty: the
    # contract as a whole), the periods whose actuals or events changed (empty: every period).
    lines: frozenset[int] = field(default_factory=frozenset)
    periods: frozenset[str] = field(default_factory=frozenset)
    structural: bool = False  # lines added or removed, or the status changed: rows move
    dictionary: bool = False  # KPI dictionary entries (names shown in contracts and trees too)
    settings: bool = False  # the firm's name, year or policy
    # The review cycle (issue 12): meetings, agenda items, actions, official results, grades.
    review: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.organisation or other.organisation,
            self.value_tree or other.value_tree,
            self.contract or other.contract,
            self.actuals or other.actuals,
            self.lines | other.lines,
            self.periods | other.periods,
            self.structural or other.structural,
            self.dictionary or other.dictionary,
            self.settings or other.settings,
            self.review or other.review,
        )

    @property
    def only_lines(self) -> bool:
        """Just some lines' values changed: their rows refresh, nothing is reset."""
        return bool(self.lines) and not (self.structural or self.organisation)


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """What a service operation returns: its value, what it changed, and the operation that
    undoes it. The undo's own result carries the redo, so an undo stack only swaps the two."""

    value: T
    changes: Changes
    undo: Callable[[], OpResult[Any]]

    def __iter__(self) -> Iterator[object]:
        """Unpacks as ``(value, changes)``, the pair services have always returned."""
        yield self.value
        yield self.changes
