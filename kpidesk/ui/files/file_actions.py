"""Printing and spreadsheets from the main window: preview, batch print with progress and
Cancel, the meeting pack, Excel import (with a preview) and export. Mixed into ``MainWindow``."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from kpidesk import i18n
from kpidesk.core.changes import Changes
from kpidesk.i18n import _

from kpidesk.ui.org.org_tree_model import KIND_ROLE


class PrintAndExchange:
    # printing -----------------------------------------------------------------------------------------
    def _printer(self):
        from kpidesk.services.printing import PrintService

        return PrintService(self.firm.document, self.pdf_font())

    def pdf_font(self) -> str | None:
        """The font file the user picked for PDFs (kept in the app's settings), if any."""
        value = self.settings.value("pdf/font") if self.settings is not None else None
        return str(value) if value else None

    def choose_pdf_font(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = path or QFileDialog.getOpenFileName(
            self, _("Font for PDFs"), "", _("TrueType fonts (*.ttf *.ttc)")
        )[0]
        if path:
            self.set_pdf_font(path)

    def set_pdf_font(self, path: str | None) -> None:
        """Embed this font file in the PDFs from now on (None: the system's Chinese font). A
        file that cannot be embedded is refused with the reason."""
        from pathlib import Path

        from kpidesk.services.printing import font_problem

        if path and (problem := font_problem(path)):
            self.show_error(problem)
            return
        if self.settings is not None:
            self.settings.setValue("pdf/font", path or "")
        message = (
            _("PDFs will embed {name}.").format(name=Path(path).name)
            if path
            else _("PDFs will use the system's Chinese font.")
        )
        self.last_message = message
        self.statusBar().showMessage(message, 5000)

    def preview_pdf(self) -> tuple[bytes, str] | None:
        """The selected contract as a PDF in the UI's language, with the scoring panel's period."""
        contract = self.editor.contract
        if contract is None:
            self.show_error(_("Select a position with a contract to print."))
            return None
        import io

        from kpidesk.services.printing import file_name

        buffer = io.BytesIO()
        period = self.scoring.period.currentData() if self.scoring.model.scored else None
        self._printer().contract(contract.id, buffer, i18n.language(), period)
        return buffer.getvalue(), file_name(contract.unit, contract.position, contract.year)

    def print_preview(self) -> None:
        from kpidesk.ui.files.print_preview import PrintPreview

        made = self.preview_pdf()
        if made is not None:
            PrintPreview(*made, parent=self, choose_printer=self.choose_printer).exec()

    def choose_printer(self, parent):
        """The system's print dialog (A4); tests put a PDF-file printer here instead."""
        from kpidesk.ui.files.print_preview import ask_printer

        return ask_printer(parent)

    def print_contract(self) -> int:
        """File › Print…: the selected contract on the office printer, the very pages the
        preview shows. Returns the number of pages printed."""
        from kpidesk.ui.files.print_preview import print_with_dialog

        made = self.preview_pdf()
        if made is None:
            return 0
        printed = print_with_dialog(made[0], self, self.choose_printer)
        if printed:
            message = _("Printed {count} pages of {name}.").format(count=printed, name=made[1])
            self.last_message = message
            self.statusBar().showMessage(message, 5000)
        return printed

    def print_unit(self, folder: str | None = None) -> list | None:
        """Every contract of the selected unit (and its sub-units) to PDF files, with progress
        and Cancel."""
        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.printing import PrintCancelled

        from kpidesk.ui.batch import run_with_progress

        index = self.tree.currentIndex().siblingAtColumn(0)
        while index.isValid() and index.data(KIND_ROLE) != "unit":
            index = index.parent()
        unit = index.data() if index.isValid() else None
        folder = folder or QFileDialog.getExistingDirectory(self, _("Print contracts to folder"))
        if not folder:
            return None
        printer, lang = self._printer(), i18n.language()
        try:
            written = run_with_progress(
                self,
                _("Printing contracts…"),
                lambda progress, cancelled: printer.print_contracts(
                    folder, unit, lang, progress=progress, cancelled=cancelled
                ),
                dialog_ready=getattr(self, "_progress_hook", None),
            )
        except PrintCancelled as stopped:
            written = stopped.args[0]
            self.statusBar().showMessage(
                _("Printing cancelled after {count} files.").format(count=len(written)), 5000
            )
            return written
        self.statusBar().showMessage(
            _("Printed {count} contracts to {folder}.").format(count=len(written), folder=folder),
            5000,
        )
        return written

    def print_meeting_pack(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        period = self.scoring.period.currentData()
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save PDF"), f"{_('meeting-pack')}-{period}.pdf", _("PDF documents (*.pdf)")
        )
        if path:
            from kpidesk.ui.worker import run_in_worker

            printer, lang = self._printer(), i18n.language()
            run_in_worker(
                self,
                _("Printing the meeting pack…"),
                lambda: printer.print_meeting_pack(period, path, lang),
            )

    # spreadsheets -------------------------------------------------------------------------------------
    def import_workbook(self, path: str | None = None) -> bool:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.exchange import ExchangeService

        from kpidesk.ui.files.import_dialog import ImportDialog

        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Import from Excel…"), "", _("Excel workbooks (*.xlsx)")
            )
        if not path:
            return False
        try:
            dialog = ImportDialog(ExchangeService(self.firm.document), path, self)
        except OSError as exc:  # gone, or unreadable, between choosing and reading
            self.show_error(
                _("{name} could not be read ({reason}).").format(
                    name=Path(path).name, reason=exc.strerror or exc
                )
            )
            return False
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.undo_stack.clear()  # an import is its own audited transaction, not an undo step
        self.apply(Changes(organisation=True, value_tree=True))
        self.scoring.refresh()
        self._update_title()  # a settings sheet may have renamed the firm
        report = dialog.report
        message = _("Imported {name}: {inserted} new actuals, {updated} changed.").format(
            name=Path(path).name, inserted=report.actuals_inserted, updated=report.actuals_updated
        )
        self.last_message = message
        self.statusBar().showMessage(message, 5000)
        return True

    def export_workbook(self, path: str | None = None) -> bool:
        """The whole firm to one workbook, off the GUI thread with a progress dialog; a file
        that cannot be written is reported in words, not as a traceback."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.exchange import ExchangeService

        from kpidesk.ui.worker import run_in_worker

        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export to Excel…"), "kpidesk.xlsx", _("Excel workbooks (*.xlsx)")
            )
        if not path:
            return False
        service, lang = ExchangeService(self.firm.document), i18n.language()
        try:
            run_in_worker(
                self,
                _("Exporting to {name}…").format(name=Path(path).name),
                lambda: service.export(path, lang),
            )
        except OSError as exc:  # open in Excel, a read-only folder, a full disk
            self.show_error(
                _(
                    "{name} could not be written ({reason}). If it is open in Excel, close it "
                    "there; otherwise choose a folder you can write to."
                ).format(name=Path(path).name, reason=exc.strerror or exc)
            )
            return False
        message = _("wrote {path}").format(path=path)
        self.last_message = message
        self.statusBar().showMessage(message, 5000)
        return True
