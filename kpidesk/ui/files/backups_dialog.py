"""File › Backups…: the document's backups newest first (when, why, size, whether intact),
"Back up now", and "Restore…" after a confirmation naming the backup's time and where the
document as it is now is kept. Restoring closes the document and opens it again (the app's
``Desk.restore_backup``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kpidesk.i18n import _
from kpidesk.services import backups

if TYPE_CHECKING:
    from kpidesk.ui.files.backup_actions import BackupActions


class BackupsDialog(QDialog):
    def __init__(self, actions: BackupActions, parent=None):
        super().__init__(parent)
        self.backup_actions = actions
        self.path = actions.path
        assert self.path is not None  # a server's database has no dialog (said before)
        self.setWindowTitle(_("Backups of {name}").format(name=self.path.name))
        self.where = QLabel(
            _(
                "Kept in {folder}. The last {keep} taken automatically are kept; those made by "
                "hand, before an upgrade or before a restore are never deleted."
            ).format(folder=backups.backup_folder(self.path), keep=actions.keep)
        )
        self.where.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Why"), _("Size"), _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.back_up_button = QPushButton(_("Back up now"))
        self.restore_button = QPushButton(_("Restore…"))
        self.buttons.addButton(self.back_up_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.back_up_button.clicked.connect(lambda: self.backup_actions.back_up_now(self._reload))
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.itemSelectionChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.backups: list[backups.Backup] = []
        self._reload()
        self.resize(720, 360)

    def _reload(self, _made=None) -> None:
        assert self.path is not None
        self.backups = backups.list_backups(self.path)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            cells = (
                backup.taken.strftime("%Y-%m-%d %H:%M:%S"),
                backups.reason_text(backup.reason),
                backups.size_text(backup.size),
                _("good") if backup.good else _("damaged"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(backup.path.name)
                self.table.setItem(row, column, item)
        if self.backups:
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _enable(self) -> None:
        chosen = self.selected()
        able = chosen is not None and chosen.good and self.backup_actions.restorer is not None
        self.restore_button.setEnabled(able)

    def confirmation(self, backup: backups.Backup) -> str:
        assert self.path is not None
        return _(
            "Replace {name} with the backup of {time}? {name} closes and opens again; the "
            "document as it is now is first kept as a backup in {folder}."
        ).format(
            name=self.path.name,
            time=backup.taken.strftime("%Y-%m-%d %H:%M"),
            folder=backups.backup_folder(self.path),
        )

    def restore_selected(self) -> bool:
        chosen = self.selected()
        if chosen is None or self.backup_actions.restorer is None:
            return False
        answer = QMessageBox.question(self, _("Restore a backup"), self.confirmation(chosen))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.accept()
        self.backup_actions.restorer(str(chosen.path))
        return True
