"""Print preview inside the app: the PDF's pages rendered (PDFium), then saved where the user
chooses or sent to a printer. What is previewed is byte for byte what is saved, and page for
page what is printed."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

import pypdfium2
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kpidesk.i18n import _


def _page_image(page, scale: float) -> QImage:
    """One PDF page as an image at ``scale`` (1 = 72 dpi)."""
    bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB, top row first
    image = QImage(
        bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
    )
    return image.copy()  # own the pixels before PDFium frees them


def render_pages(pdf: bytes, scale: float = 1.4) -> list[QImage]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_page_image(page, scale) for page in document]
    finally:
        document.close()


# Pages are rasterised for the printer at its resolution, up to this: sharp on paper, while an
# A4 page stays near 25 MB of pixels instead of 400 MB at a 1200 dpi driver setting.
PRINT_DPI_MAX = 300

# Asks the user for a printer (the system's print dialog); None when they cancel.
ChoosePrinter = Callable[[QWidget | None], "QPrinter | None"]


def ask_printer(parent: QWidget | None) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Every page of ``pdf`` on ``printer``, each rendered at the printer's resolution and laid
    on the whole sheet (the PDF carries its own margins). Returns the number of pages."""
    printer.setFullPage(True)
    dpi = min(printer.resolution(), PRINT_DPI_MAX)
    document = pypdfium2.PdfDocument(pdf)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise OSError(_("the printer could not be started"))
        sheet = printer.pageLayout().fullRectPixels(printer.resolution())
        for number, page in enumerate(document):
            if number:
                printer.newPage()
            image = _page_image(page, dpi / 72)
            # Fit the page to the sheet, keeping its proportions (A4 on A4 fills it).
            scale = min(sheet.width() / image.width(), sheet.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(
                QRectF((sheet.width() - width) / 2, (sheet.height() - height) / 2, width, height),
                image,
            )
        return len(document)
    finally:
        if painter.isActive():
            painter.end()
        document.close()


def print_with_dialog(pdf: bytes, parent: QWidget | None, choose_printer: ChoosePrinter) -> int:
    """Ask for a printer, then print; the number of pages printed (0 when the user cancels, or
    when the printer refuses, which they are told in words)."""
    printer = choose_printer(parent)
    if printer is None:
        return 0
    try:
        return print_pdf(pdf, printer)
    except OSError as exc:
        from PySide6.QtWidgets import QMessageBox

        message = _("Nothing was printed: {reason}.").format(reason=exc)
        QMessageBox.warning(parent, "kpidesk", message)
        return 0


class PrintPreview(QDialog):
    def __init__(
        self,
        pdf: bytes,
        suggested_name: str,
        parent: QWidget | None = None,
        choose_printer: ChoosePrinter = ask_printer,
    ):
        super().__init__(parent)
        self.pdf = pdf
        self.choose_printer = choose_printer
        self.suggested_name = suggested_name
        self.setWindowTitle(_("Print preview — {name}").format(name=suggested_name))
        self.pages = render_pages(pdf)
        column = QWidget()
        column.setStyleSheet("background: #7a7a7a")
        layout = QVBoxLayout(column)
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for image in self.pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            layout.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.print_button = buttons.addButton(
            _("Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.clicked.connect(lambda: self.print())
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.caption = QLabel(_("{count} pages").format(count=len(self.pages)))
        outer = QVBoxLayout(self)
        outer.addWidget(self.caption)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        self.resize(980, 900)

    def save(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save PDF"), self.suggested_name, _("PDF documents (*.pdf)")
            )
        if not path:
            return None
        Path(path).write_bytes(self.pdf)
        self.accept()
        return Path(path)

    def print(self) -> int:
        """Send the previewed pages to a printer the user picks; closes the preview once
        printed. Returns the number of pages printed."""
        printed = print_with_dialog(self.pdf, self, self.choose_printer)
        if printed:
            self.accept()
        return printed
