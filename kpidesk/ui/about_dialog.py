"""Help › About kpidesk: what someone looking after the app asks first — which version, on which
Qt, the open document's schema version, and where the logs and the backups are kept (the
folders a crash dialog or a restore will point to). Composed into the window as
``window.about_actions``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from kpidesk import __version__
from kpidesk.i18n import _
from kpidesk.ui import crash
from kpidesk.ui.app_icon import app_icon

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

BackupFolder = Callable[[Path], Path]


def default_backup_folder() -> BackupFolder:
    """Where the document's backups are kept (``services.backups``)."""
    from kpidesk.services.backups import backup_folder

    return backup_folder


def backups_text(document: Path | None, backup_folder: BackupFolder | None) -> str:
    if document is None:
        return _("none: this firm is not saved in a file")
    if backup_folder is None:
        backup_folder = default_backup_folder()
    return str(backup_folder(document))


class AboutDialog(QDialog):
    def __init__(
        self,
        parent,
        schema_version: str | None,
        document: Path | None,
        backup_folder: BackupFolder | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("About kpidesk"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        picture = QLabel()
        picture.setObjectName("aboutIcon")
        picture.setPixmap(app_icon().pixmap(64, 64))
        top.addWidget(picture)
        heading = QLabel(f"<b>kpidesk {__version__}</b>")
        heading.setObjectName("aboutHeading")
        top.addWidget(heading, 1)
        layout.addLayout(top)
        layout.addWidget(
            QLabel(_("Design KPIs and performance contracts and run the review meetings."))
        )
        form = QFormLayout()
        self.rows: dict[str, str] = {}  # what each row says, for whoever reads the dialog
        for key, label, value in (
            ("version", _("Version:"), __version__),
            ("qt", _("GUI toolkit:"), f"Qt {qVersion()}, PySide6 {PySide6.__version__}"),
            ("schema", _("Document schema version:"), schema_version or _("none")),
            ("logs", _("Logs are kept in:"), str(crash.log_path().parent)),
            ("backups", _("Backups are kept:"), backups_text(document, backup_folder)),
        ):
            shown = QLabel(value)
            shown.setObjectName(key)
            # Paths are copied into e-mails to whoever looks after kpidesk.
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(label, shown)
            self.rows[key] = value
        layout.addLayout(form)
        # Wide enough for a log folder on one line: a path broken at its slashes misreads.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class AboutActions:
    """The Help menu with Help › About kpidesk, added after every other menu."""

    def __init__(self, window: MainWindow, backup_folder: BackupFolder | None = None):
        self.window = window
        self.backup_folder = backup_folder or default_backup_folder()
        self.about_action = window.window_actions.action(self.show_about)
        self.about_action.setObjectName("aboutAction")
        self.help_menu = window.menuBar().addMenu("")
        self.help_menu.addAction(self.about_action)
        # The window answers to its actions' names, as to WindowActions' (window.open_action).
        setattr(window, "about_action", self.about_action)  # noqa: B010
        window.retranslators.append(self.retranslate)
        self.dialog: AboutDialog | None = None

    def retranslate(self) -> None:
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About kpidesk"))

    def show_about(self) -> None:
        document = self.window.firm.document
        self.dialog = AboutDialog(
            self.window, document.revision(), document.path, self.backup_folder
        )
        self.dialog.open()
