"""Backups in the main window (issue 13), composed as ``window.backup_actions``: File ›
Backups…, a backup every N minutes of editing, and the warning about a network or cloud-sync
folder once per open.

N and K are app settings (``QSettings``: ``backups/every_minutes``, ``backups/keep``), not the
firm's policy: how often this user's laptop copies a file is the user's business, the same
firm opened by two people may be backed up differently, and a policy change would be audited.

The timer looks every minute; it backs up when the document changed (an operation, its undo or
redo, or any write newer than the newest backup) and N minutes have passed since the last backup, by the clock it was given (tests give a
fake one and call ``tick``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer

from kpidesk.core.problems import KpideskError
from kpidesk.i18n import _
from kpidesk.services import backups
from kpidesk.ui.background import quietly

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

EVERY_MINUTES, KEEP = 10, backups.DEFAULT_KEEP
TICK_MS = 60_000


def _setting(settings, key: str, default: int) -> int:
    if settings is None:
        return default
    try:
        value = int(settings.value(key, default))
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default


class BackupActions:
    def __init__(self, window: MainWindow, clock: Callable[[], float] = time.monotonic):
        self.window = window
        self.clock = clock
        self.path = window.firm.document.path  # None: a database on a server backs itself up
        # What Desk.restore_backup does (close, restore, reopen); None outside the app.
        self.restorer: Callable[[str], object] | None = None
        self.changed_since_backup = False
        self.last_backup = clock()
        self.backup_action = window.window_actions.action(self.show_dialog)
        self.backup_action.setObjectName("backupsAction")
        menu = window.window_actions.file_menu
        menu.insertAction(window.window_actions.import_action, self.backup_action)
        # The window answers to its actions' names (window.backup_action), as FirmActions' do.
        for name in ("backup_action",):
            setattr(window, name, getattr(self, name))
        window.operations.changed.connect(self._changed)
        window.retranslators.append(self.retranslate)
        self.timer = QTimer(window)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        if self.path is not None:
            self.timer.start()
        self.location_warning: str | None = None
        self.opened_backup: backups.Backup | None = None  # taken by back_up_on_open
        self.opened_backup_done = False
        QTimer.singleShot(0, window, self.warn_location)  # once the window shows, if it still is

    @property
    def every_minutes(self) -> int:
        return _setting(self.window.settings, "backups/every_minutes", EVERY_MINUTES)

    @property
    def keep(self) -> int:
        return _setting(self.window.settings, "backups/keep", KEEP)

    def retranslate(self) -> None:
        self.backup_action.setText(_("&Backups…"))

    def _changed(self, _changes, _source=None) -> None:
        self.changed_since_backup = True

    def tick(self) -> bool:
        """Back up now if the document changed and N minutes have passed; True if started."""
        due = self.clock() - self.last_backup >= self.every_minutes * 60
        if self.path is None or not due:
            return False
        # An operation says so; a write that is no operation (a note saved as the user leaves
        # the field, an import) shows in the file's (or its -wal's) time after the newest backup.
        if not (self.changed_since_backup or backups.changed_since_newest(self.path)):
            return False
        if self.window.background.running:
            return False  # another job first: the next tick tries again
        self.changed_since_backup = False
        self.last_backup = self.clock()
        path, keep = self.path, self.keep
        self.window.background.run(
            _("Backing up {name}…").format(name=path.name),
            lambda: backups.create(path, backups.WHILE_EDITING, keep=keep),
            self._backed_up,
        )
        return True

    def _backed_up(self, backup) -> None:
        message = _("Backed up to {name}.").format(name=backup.path.name)
        self.window.last_message = message
        self.window.statusBar().showMessage(message, 5000)

    def back_up_now(self, on_done: Callable[[object], None] | None = None) -> None:
        """A backup by hand (never deleted by rotation), in the background."""
        if self.path is None:
            self.window.show_error(
                _("This firm is a database on a server: its backups are the server's job.")
            )
            return
        path = self.path

        def done(backup) -> None:
            self.changed_since_backup = False
            self.last_backup = self.clock()
            self._backed_up(backup)
            if on_done is not None:
                on_done(backup)

        self.window.background.run(
            _("Backing up {name}…").format(name=path.name),
            lambda: backups.create(path, backups.BY_HAND),
            done,
        )

    def back_up_on_open(self) -> None:
        """The backup on opening, unless the newest is up to date: on a thread of its own, input
        not blocked and no busy dialog (≈ 0.4 s on a 35 MB firm, ``python -m benchmarks --only
        backup_on_opening``, would otherwise be added to every open). SQLite's WAL lets the user
        edit meanwhile; the copy holds the document as it was opened."""
        self.opened_backup, self.opened_backup_done = None, False
        if self.path is None:
            self.opened_backup_done = True
            return
        path, keep = self.path, self.keep
        quietly(lambda: backups.create_if_changed(path, backups.ON_OPEN, keep=keep), self._opened)

    def _opened(self, backup, error) -> None:
        self.opened_backup_done = True
        if not shiboken6.isValid(self.window):
            return  # the window was replaced meanwhile
        if error is None:
            self.opened_backup = backup
            return
        if isinstance(error, (KpideskError, OSError)):  # e.g. a folder kpidesk may not write to
            message = _("No backup was taken on opening: {reason}").format(
                reason=error.strerror if isinstance(error, OSError) and error.strerror else error
            )
            self.window.last_message = message
            self.window.statusBar().showMessage(message, 30000)
            return
        self.window.background.report(error)  # a bug: logged and named as one

    def stop(self) -> None:
        self.timer.stop()

    def warn_location(self) -> None:
        """A network share or a cloud-sync folder: said in the status bar and a box that does
        not block, once per open."""
        problem = backups.location_problem(self.path) if self.path is not None else None
        if problem is None:
            return
        self.location_warning = str(problem)
        self.window.statusBar().showMessage(self.location_warning, 30000)
        self.window.show_error(self.location_warning)

    def show_dialog(self) -> None:
        from kpidesk.ui.files.backups_dialog import BackupsDialog

        if self.path is None:
            self.window.show_error(
                _("This firm is a database on a server: its backups are the server's job.")
            )
            return
        BackupsDialog(self, self.window).open()
