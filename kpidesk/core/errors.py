"""Errors raised by the method core for input that breaks its rules."""

from __future__ import annotations

from kpidesk.core.problems import Cell, InputError, KpideskError, NotFoundError, Problem

__all__ = ["Cell", "InputError", "KpideskError", "NotFoundError", "Problem", "RuleError"]


class RuleError(InputError):
    """A scoring rule, weight table or tree that breaks the method's rules.

    ``field`` names what is wrong (``"challenge"``, ``"expert 2 cell (1, 3)"`` …) so an editor
    can point at it; the message repeats it in words. Raise as
    ``RuleError(N_("… {value} …"), "field", value=…)``; ``RuleError(_("…"), field)`` (already
    in words) still works.
    """
