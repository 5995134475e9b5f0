"""Printing and spreadsheets from the main window: preview, batch print with progress and
Cancel, the meeting pack, Excel import (with a preview) and export. ``FileActions`` is composed
into ``MainWindow`` (``window.files``); slow work runs in the window's ``Background``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from kpidesk import i18n
from kpidesk.core.changes import Changes
from kpidesk.i18n import _

from kpidesk.services import FirmService
from kpidesk.ui.background import Background
from kpidesk.ui.org.org_tree_model import KIND_ROLE

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow


class FileActions:
    """What File › Print…, Import and Export do, for one window."""

    def __init__(self, window: MainWindow, firm: FirmService, background: Background):
        self.window, self.firm, self.background = window, firm, background

    def _say(self, message: str) -> None:
        self.window.last_message = message
        self.window.statusBar().showMessage(message, 5000)

    # printing -----------------------------------------------------------------------------------------
    def _printer(self):
        from kpidesk.services.printing import PrintService

        return PrintService(self.firm.document, self.pdf_font())

    def pdf_font(self) -> str | None:
        """The font file the user picked for PDFs (kept in the app's settings), if any."""
        settings = self.window.settings
        value = settings.value("pdf/font") if settings is not None else None
        return str(value) if value else None

    def choose_pdf_font(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = path or QFileDialog.getOpenFileName(
            self.window, _("Font for PDFs"), "", _("TrueType fonts (*.ttf *.ttc)")
        )[0]
        if path:
            self.set_pdf_font(path)

    def set_pdf_font(self, path: str | None) -> None:
        """Embed this font file in the PDFs from now on (None: the system's Chinese font). A
        file that cannot be embedded is refused with the reason."""
        from pathlib import Path

        from kpidesk.services.printing import font_problem

        if path and (problem := font_problem(path)):
            self.window.show_error(problem)
            return
        if self.window.settings is not None:
            self.window.settings.setValue("pdf/font", path or "")
        self._say(
            _("PDFs will embed {name}.").format(name=Path(path).name)
            if path
            else _("PDFs will use the system's Chinese font.")
        )

    def preview_pdf(self) -> tuple[bytes, str] | None:
        """The selected contract as a PDF in the UI's language, with the scoring panel's period."""
        contract = self.window.editor.contract
        if contract is None:
            self.window.show_error(_("Select a position with a contract to print."))
            return None
        import io

        from kpidesk.services.printing import file_name

        scoring = self.window.scoring
        buffer = io.BytesIO()
        period = scoring.period.currentData() if scoring.model.scored else None
        self._printer().contract(contract.id, buffer, i18n.language(), period)
        return buffer.getvalue(), file_name(contract.unit, contract.position, contract.year)

    def print_preview(self) -> None:
        from kpidesk.ui.files.print_preview import PrintPreview

        made = self.preview_pdf()
        if made is not None:
            PrintPreview(*made, parent=self.window, choose_printer=self.choose_printer).exec()

    @staticmethod
    def choose_printer(parent):
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
        printed = print_with_dialog(made[0], self.window, self.choose_printer)
        if printed:
            self._say(_("Printed {count} pages of {name}.").format(count=printed, name=made[1]))
        return printed

    def print_unit(self, folder: str | None = None) -> None:
        """Every contract of the selected unit (and its sub-units) to PDF files, in the
        background with progress and Cancel; the status bar says how many were written (and
        ``printed`` holds their paths)."""
        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.printing import PrintCancelled

        index = self.window.tree.currentIndex().siblingAtColumn(0)
        while index.isValid() and index.data(KIND_ROLE) != "unit":
            index = index.parent()
        unit = index.data() if index.isValid() else None
        folder = folder or QFileDialog.getExistingDirectory(
            self.window, _("Print contracts to folder")
        )
        if not folder:
            return
        printer, lang = self._printer(), i18n.language()

        def printed(written: list) -> None:
            self.printed = written
            self._say(
                _("Printed {count} contracts to {folder}.").format(
                    count=len(written), folder=folder
                )
            )

        def stopped(error: BaseException) -> bool:
            if not isinstance(error, PrintCancelled):
                return False
            self.printed = error.args[0]
            self._say(
                _("Printing cancelled after {count} files.").format(count=len(self.printed))
            )
            return True

        self.background.run(
            _("Printing contracts…"),
            lambda progress, cancelled: printer.print_contracts(
                folder, unit, lang, progress=progress, cancelled=cancelled
            ),
            printed,
            stopped,
            progress=True,
        )

    printed: list | None = None  # the files the last batch print wrote

    def print_meeting_pack(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        period = self.window.scoring.period.currentData()
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Save PDF"),
            f"{_('meeting-pack')}-{period}.pdf",
            _("PDF documents (*.pdf)"),
        )
        if path:
            printer, lang = self._printer(), i18n.language()
            self.background.run(
                _("Printing the meeting pack…"),
                lambda: printer.print_meeting_pack(period, path, lang),
            )

    # checking the document (issue 13) ------------------------------------------------------------
    document_check = None  # the window's DocumentCheck, made when first asked for

    def check_document(self) -> None:
        """File › Check document…: ``kpidesk check`` in the background, its findings listed."""
        self._document_check().run()

    def check_after_opening(self) -> None:
        """After a document opened: checked on a thread of its own; a bar when it finds errors."""
        self._document_check().check_after_opening()

    def _document_check(self):
        from kpidesk.ui.files.check_dialog import DocumentCheck

        if self.document_check is None:
            self.document_check = DocumentCheck(self.window, self.firm, self.background)
        return self.document_check

    # spreadsheets -------------------------------------------------------------------------------------
    def import_workbook(self, path: str | None = None) -> None:
        """Check the workbook in the background, then show what importing would do (or every
        problem) in the import dialog; importing there is all or nothing."""
        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.exchange import ExchangeService

        from kpidesk.ui.files.import_dialog import ImportDialog

        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self.window, _("Import from Excel…"), "", _("Excel workbooks (*.xlsx)")
            )
        if not path:
            return
        dialog = ImportDialog(
            ExchangeService(self.firm.document), path, self.window, self.background
        )
        dialog.checked.connect(dialog.open)  # shown once it has something to say
        dialog.finished.connect(lambda result: self._imported(dialog, result))

    def _imported(self, dialog, result: int) -> None:
        from pathlib import Path

        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        window = self.window
        undoable = window.undo_stack.count() > 0
        window.undo_stack.clear()  # an import is its own audited transaction, not an undo step
        window.apply(Changes(organisation=True, value_tree=True))
        window._update_title()  # a settings sheet may have renamed the firm
        report = dialog.report
        said = _("Imported {name}: {inserted} new actuals, {updated} changed.").format(
            name=Path(dialog.path).name,
            inserted=report.actuals_inserted,
            updated=report.actuals_updated,
        )
        if report.roster is not None:  # the roster's first sentence: what it created or moved
            from kpidesk.services.roster_import import describe_roster

            said = _("Imported {name}: {what}").format(
                name=Path(dialog.path).name, what=describe_roster(report.roster)[0]
            )
        if undoable:  # the user learns Ctrl+Z stopped at the import, not by pressing it
            # TRANSLATORS: two sentences in a row (Chinese puts no space after 。)
            said = _("{imported} {not_undoable}").format(
                imported=said,
                not_undoable=_("The edits made before the import can no longer be undone."),
            )
        self._say(said)

    def export_workbook(self, path: str | None = None) -> None:
        """The whole firm to one workbook, in the background; a file that cannot be written is
        reported in words, not as a traceback."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.exchange import ExchangeService

        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self.window, _("Export to Excel…"), "kpidesk.xlsx", _("Excel workbooks (*.xlsx)")
            )
        if not path:
            return
        service, lang = ExchangeService(self.firm.document), i18n.language()

        def not_written(error: BaseException) -> bool:
            if not isinstance(error, OSError):  # open in Excel, a read-only folder, a full disk
                return False
            self.window.show_error(
                _(
                    "{name} could not be written ({reason}). If it is open in Excel, close it "
                    "there; otherwise choose a folder you can write to."
                ).format(name=Path(path).name, reason=error.strerror or error)
            )
            return True

        self.background.run(
            _("Exporting to {name}…").format(name=Path(path).name),
            lambda: service.export(path, lang),
            lambda _result: self._say(_("wrote {path}").format(path=path)),
            not_written,
        )
