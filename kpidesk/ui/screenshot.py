"""``kpidesk screenshot``: render a view of a document offscreen to a PNG."""

from __future__ import annotations

import os
from pathlib import Path

from kpidesk.resources import asset

VIEWS = ("main", "value-tree", "print-preview")
SIZE = (1600, 900)


def render(
    document_path: str, view: str, out: Path, lang: str | None = None, present: bool = False
) -> Path:
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":  # a 1920×1080 screen
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={asset('offscreen_screen.json')}"
    from PySide6.QtWidgets import QApplication

    from kpidesk import i18n
    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService

    from .main_window import MainWindow
    from .qt_i18n import apply_language

    app = QApplication.instance() or QApplication(["kpidesk"])
    apply_language(lang or i18n.system_language())
    with open_document(document_path) as document:
        window = MainWindow(FirmService(document), EditService(document))
        window.resize(*SIZE)
        window.show()
        window.select_position("营销部门总经理")
        if view == "value-tree":
            window.left.setCurrentIndex(1)
            window.splitter.setSizes([420, 1000, 180])
        if present:
            window.set_presentation(True, full_screen=False)
            window.resize(*SIZE)
        app.processEvents()
        shown = window
        if view == "print-preview":
            from .print_preview import PrintPreview

            shown = PrintPreview(*window.preview_pdf(), parent=window)
            shown.resize(SIZE[0], SIZE[1])
            shown.show()
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not shown.grab().save(str(out)):
            raise OSError(f"could not write {out}")
        window.close()
    return out
