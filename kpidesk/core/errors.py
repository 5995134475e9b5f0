"""Errors raised by the method core for input that breaks its rules."""

from __future__ import annotations


class RuleError(ValueError):
    """A scoring rule, weight table or tree that breaks the method's rules.

    ``field`` names what is wrong (``"challenge"``, ``"expert 2 cell (1, 3)"`` …) so an editor
    can point at it; the message repeats it in words.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field
