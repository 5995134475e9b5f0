"""What each period command of the Review menu visibly does, for tests/ui/test_menus.py's walk over
every menu command: each is triggered as its QAction, with its dialog answered, and its effect
read back from the document or the window. Keys are "period_actions.<attribute name>"."""

from __future__ import annotations

from collections.abc import Callable

EFFECTS: dict[str, Callable] = {}


def effect(name: str):
    def register(check):
        EFFECTS[f"period_actions.{name}"] = check
        return check

    return register
