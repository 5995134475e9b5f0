"""Composition root: opens the document, builds the services and hands them to the window."""

from __future__ import annotations

import sys
from pathlib import Path


def run_gui(path: str | None) -> int:
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from kpidesk.services import DocumentError, FirmService, open_document
    from kpidesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("kpidesk")
    app.setOrganizationName("kpidesk")
    if path is None:
        path, _ = QFileDialog.getOpenFileName(None, "Open a firm", str(Path.home()),
                                              "kpidesk documents (*.kpidesk)")
        if not path:
            return 0
    try:
        document = open_document(path)
    except DocumentError as exc:
        QMessageBox.critical(None, "kpidesk", str(exc))
        return 2
    try:
        window = MainWindow(FirmService(document))
        window.resize(1280, 800)
        window.show()
        return app.exec()
    finally:
        document.close()
