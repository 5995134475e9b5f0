"""What File › Backups… visibly does, for tests/ui/test_menus.py's walk over every menu
command: the dialog lists the backups, "Back up now" adds one made by hand."""

from __future__ import annotations

from collections.abc import Callable

from kpidesk.storage import backups

EFFECTS: dict[str, Callable] = {}


def _backups(env) -> None:
    from kpidesk.ui.files.backups_dialog import BackupsDialog

    seen: list = []

    def fill(dialog) -> None:
        assert isinstance(dialog, BackupsDialog), dialog
        seen.append(dialog)
        dialog.back_up_button.click()

    env.answer_dialog(fill)
    env.window.backup_action.trigger()
    env.wait_until(lambda: bool(seen) and seen[0].table.rowCount() == 1)
    assert [b.reason for b in backups.list_backups(env.window.firm.document.path)] == ["manual"]
    assert seen[0].table.item(0, 1).text() == "by hand"
    seen[0].reject()


EFFECTS["backup_action"] = _backups
