"""A damaged document that has a good backup: the refusal offers "Open the newest good backup
(2026-12-02 09:30)". Only on consent is the backup restored — the damaged file moved into the
backup folder, renamed, never deleted — and the document opened; declined, the refusal goes on
as it would have (from the command line, kpidesk ends with status 2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kpidesk.i18n import _
from kpidesk.services import backups
from kpidesk.storage.errors import CorruptDocument


def offer_recovery(
    desk: Any,  # kpidesk.app.Desk, which the UI may not import (it is above the UI)
    target: str,
    error: BaseException,
    otherwise: Callable[[BaseException], bool] | None,
) -> bool:
    """True when the failure was dealt with here (the offer is shown)."""
    if not isinstance(error, CorruptDocument) or "://" in target:
        return bool(otherwise(error)) if otherwise is not None else False
    try:
        good = backups.newest_good(target)
    except OSError:
        good = None
    if good is None:
        return bool(otherwise(error)) if otherwise is not None else False
    parent = desk.window or desk.welcome
    taken = good.taken.strftime("%Y-%m-%d %H:%M")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "kpidesk",
        str(error)
        + "\n\n"
        + _(
            "A good backup of {time} exists. Open it instead? The damaged file is kept, "
            "renamed, in {folder}."
        ).format(time=taken, folder=backups.backup_folder(target)),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    restore_button = box.addButton(
        _("Open the newest good backup ({time})").format(time=taken),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(restore_button)
    if parent is None:  # the first file: the box is kpidesk's only window for now
        desk.app.setQuitOnLastWindowClosed(False)

    def answered(button) -> None:
        # desk.offer keeps the box alive: a parentless box is Python's, and dropping it here
        # would delete it inside its own signal.
        if button is restore_button:
            desk._background().run(
                _("Restoring {name}…").format(name=good.path.name),
                lambda: backups.restore(target, good.path),
                lambda _restored: desk.open_path(target),
                otherwise,
            )
        elif parent is None:
            desk.exit = 2
            desk.app.exit(2)

    box.buttonClicked.connect(answered)
    desk.offer = box
    box.open()
    return True
