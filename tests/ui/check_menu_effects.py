"""What File › Check document… visibly does, for tests/ui/test_menus.py's walk over every menu
command: triggered as its QAction, the check runs in the background and its dialog lists the
findings (none in the demo as kpidesk wrote it)."""

from __future__ import annotations

from collections.abc import Callable

EFFECTS: dict[str, Callable] = {}


def _check(env) -> None:
    from kpidesk.ui.files.check_dialog import CheckDialog

    shown: dict = {}

    def read(dialog):
        assert isinstance(dialog, CheckDialog), dialog
        shown["summary"], shown["rows"] = dialog.summary.text(), dialog.rows()
        dialog.reject()

    env.answer_dialog(read)
    env.window.check_action.trigger()
    env.wait_until(lambda: "summary" in shown)
    assert shown == {"summary": "No findings: the document is as kpidesk wrote it.", "rows": []}


EFFECTS["check_action"] = _check
