"""What Help › About kpidesk visibly does, for tests/ui/test_menus.py's walk over every menu
command (the dialog's rows are tested in tests/ui/test_about.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel

EFFECTS: dict[str, Callable] = {}


def _about(env) -> None:
    """Help › About kpidesk: a dialog titled so, naming the version."""
    seen = {}

    def read(dialog):
        seen["title"] = dialog.windowTitle()
        seen["version"] = dialog.findChild(QLabel, "version").text()
        dialog.reject()

    env.answer_dialog(read)
    env.window.about_action.trigger()
    env.qtbot.waitUntil(lambda: "title" in seen, timeout=5000)
    assert seen == {"title": "About kpidesk", "version": "0.1.0"}


EFFECTS["about_action"] = _about
