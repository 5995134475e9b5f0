"""Importing a workbook from the window: a preview first (everything checked, nothing kept),
then the import itself, all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from kpidesk.i18n import _, ngettext
from kpidesk.services.exchange import ExchangeService, ImportRejected

from kpidesk.ui.worker import run_in_worker


class ImportDialog(QDialog):
    def __init__(self, service: ExchangeService, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.service, self.path = service, Path(path)
        self.setWindowTitle(_("Import {name}").format(name=self.path.name))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.problems = QListWidget()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 520)
        self.report = None
        self.preview()

    def _describe(self, report) -> str:
        created = ", ".join(f"{_(what)} {count}" for what, count in report.created.items())
        text = _("Actuals: {inserted} new, {updated} changed, {unchanged} unchanged.").format(
            inserted=report.actuals_inserted,
            updated=report.actuals_updated,
            unchanged=report.actuals_unchanged,
        )
        return (_("New: {created}.").format(created=created) + "\n" if created else "") + text

    def preview(self) -> None:
        try:
            report = run_in_worker(
                self.parentWidget(),
                _("Checking {name}…").format(name=self.path.name),
                lambda: self.service.import_workbook(self.path, dry_run=True),
            )
        except ImportRejected as rejected:
            self._refuse(rejected)
            return
        self.summary.setText(
            _("The workbook is clean. Importing will do this:") + "\n" + self._describe(report)
        )
        self.problems.hide()
        self.resize(self.width(), self.sizeHint().height())  # no empty list below the summary

    def _refuse(self, rejected: ImportRejected) -> None:
        count = len(rejected.problems)
        self.summary.setText(
            ngettext(
                "{count} problem. Nothing can be imported until it is fixed:",
                "{count} problems. Nothing can be imported until they are fixed:",
                count,
            ).format(count=count)
        )
        self.problems.clear()
        self.problems.addItems([str(p) for p in rejected.problems])
        self.problems.show()
        self.import_button.setEnabled(False)

    def run_import(self) -> None:
        try:
            self.report = run_in_worker(
                self.parentWidget(),
                _("Importing {name}…").format(name=self.path.name),
                lambda: self.service.import_workbook(self.path),
            )
        except ImportRejected as rejected:  # the file changed since the preview: nothing kept
            self._refuse(rejected)
            return
        except OSError as exc:  # gone or locked since the preview
            self.summary.setText(
                _("{name} could not be read ({reason}).").format(
                    name=self.path.name, reason=exc.strerror or exc
                )
            )
            self.import_button.setEnabled(False)
            return
        self.accept()
