"""Importing a workbook from the window: a preview first (everything checked, nothing kept),
then the import itself, all or nothing. Both run in the background; the dialog says what it
found once the check is done (``checked``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from kpidesk import i18n
from kpidesk.i18n import _, ngettext
from kpidesk.services.exchange import ExchangeService, ImportRejected
from kpidesk.services.roster_import import describe_roster

from kpidesk.ui.background import Background


class ImportDialog(QDialog):
    checked = Signal()  # the preview is done: the summary says what importing would do

    def __init__(
        self,
        service: ExchangeService,
        path: Path,
        parent: QWidget | None = None,
        background: Background | None = None,
    ):
        super().__init__(parent)
        self.service, self.path = service, Path(path)
        self.background = background or Background(self)
        self.setWindowTitle(_("Import {name}").format(name=self.path.name))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.problems = QListWidget()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        # A refused workbook's problems, marked in the provider's own rows, to send back.
        self.problems_button = self.buttons.addButton(
            _("Save problems for the provider…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.problems_button.hide()
        self.problems_button.clicked.connect(lambda: self.save_problems())
        self.rejected_problems: list = []
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 520)
        self.report = None
        self.import_button.setEnabled(False)  # until the preview says the workbook is clean
        self.summary.setText(_("Checking {name}…").format(name=self.path.name))
        self.problems.hide()
        self.preview()

    def _describe(self, report) -> str:
        if report.roster is not None and not report.created and not (
            report.actuals_inserted or report.actuals_updated or report.actuals_unchanged
        ):  # a roster alone: what it does to the organisation, nothing about actuals
            return "\n".join(describe_roster(report.roster))
        if report.roster is not None:
            return "\n".join([*describe_roster(report.roster), self._describe_rest(report)])
        return self._describe_rest(report)

    def _describe_rest(self, report) -> str:
        created = ", ".join(f"{_(what)} {count}" for what, count in report.created.items())
        text = _("Actuals: {inserted} new, {updated} changed, {unchanged} unchanged.").format(
            inserted=report.actuals_inserted,
            updated=report.actuals_updated,
            unchanged=report.actuals_unchanged,
        )
        return (_("New: {created}.").format(created=created) + "\n" if created else "") + text

    def preview(self) -> None:
        self.background.run(
            _("Checking {name}…").format(name=self.path.name),
            lambda: self.service.import_workbook(self.path, dry_run=True),
            self._clean,
            self._preview_failed,
        )

    def _clean(self, report) -> None:
        self.summary.setText(
            _("The workbook is clean. Importing will do this:") + "\n" + self._describe(report)
        )
        self.problems.hide()
        self.import_button.setEnabled(True)
        self.resize(self.width(), self.sizeHint().height())  # no empty list below the summary
        self.checked.emit()

    def _preview_failed(self, error: BaseException) -> bool:
        if isinstance(error, ImportRejected):
            self._refuse(error)
            self.checked.emit()
            return True
        self.reject()  # nothing to show: the window says why
        if isinstance(error, OSError):  # gone, or unreadable, between choosing and reading
            self.background.show_error(self._unreadable(error))
            return True
        return False

    def _unreadable(self, error: OSError) -> str:
        return _("{name} could not be read ({reason}).").format(
            name=self.path.name, reason=error.strerror or error
        )

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
        self.rejected_problems = list(rejected.problems)
        self.problems_button.show()
        self.import_button.setEnabled(False)

    def save_problems(self, out: str | None = None) -> Path | None:
        """Write the refused workbook's rows with what is wrong in each (the problems' language
        is the UI's) to a file asked for; the summary says where, or why it could not."""
        if out is None:
            suggested = self.path.with_name(
                _("{stem} - problems").format(stem=self.path.stem) + ".xlsx"
            )
            out, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save problems for the provider…"),
                str(suggested),
                _("Excel workbooks (*.xlsx)"),
            )
        if not out:
            return None
        target = Path(out)
        try:
            rows = self.service.problem_workbook(
                self.path, self.rejected_problems, target, i18n.language()
            )
        except OSError as error:
            self.summary.setText(
                _("{name} could not be written ({reason}).").format(
                    name=target.name, reason=error.strerror or error
                )
            )
            return None
        self.summary.setText(
            ngettext(
                "Saved {name}: {rows} row marked with what is wrong in it.",
                "Saved {name}: {rows} rows marked with what is wrong in them.",
                rows,
            ).format(name=target.name, rows=rows)
        )
        return target

    def run_import(self) -> None:
        self.import_button.setEnabled(False)  # one import per click
        self.background.run(
            _("Importing {name}…").format(name=self.path.name),
            lambda: self.service.import_workbook(self.path),
            self._imported,
            self._import_failed,
        )

    def _imported(self, report) -> None:
        self.report = report
        self.accept()

    def _import_failed(self, error: BaseException) -> bool:
        if isinstance(error, ImportRejected):  # the file changed since the preview: nothing kept
            self._refuse(error)
            return True
        if isinstance(error, OSError):  # gone or locked since the preview
            self.summary.setText(self._unreadable(error))
            return True
        return False
