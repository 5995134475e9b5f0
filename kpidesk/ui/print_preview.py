"""Print preview inside the app: the PDF's pages rendered (PDFium), then saved where the user
chooses. What is previewed is byte for byte what is saved."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
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


def render_pages(pdf: bytes, scale: float = 1.4) -> list[QImage]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB, top row first
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            )
            images.append(image.copy())  # own the pixels before PDFium frees them
        return images
    finally:
        document.close()


class PrintPreview(QDialog):
    def __init__(self, pdf: bytes, suggested_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf = pdf
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
