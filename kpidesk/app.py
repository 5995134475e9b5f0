"""Composition root: settings, language, the document, the services and the window."""

from __future__ import annotations

import sys
from pathlib import Path

RECENT_MAX = 8


def _remember(settings, path: str) -> None:
    recent = settings.value("recent", [])
    recent = recent if isinstance(recent, list) else [recent]
    path = str(Path(path).resolve())
    settings.setValue("recent", [path] + [p for p in recent if p != path][: RECENT_MAX - 1])


def run_gui(path: str | None) -> int:
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from kpidesk.i18n import _
    from kpidesk.services import DocumentError, FirmService, open_document
    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.qt_i18n import start_language
    from kpidesk.ui.worker import run_in_worker

    from kpidesk.ui import crash

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("kpidesk")
    crash.install()  # a bug is logged and named as one, never shown as the user's mistake
    app.setOrganizationName("kpidesk")
    settings = QSettings()
    start_language(settings)
    state: dict = {"window": None, "document": None}

    def open_path(target: str) -> bool:
        try:
            # Migrating an old file or checking a large one may take a while: off the GUI thread.
            document = run_in_worker(
                state["window"],
                _("Opening {name}…").format(name=Path(target).name),
                lambda: open_document(target),
            )
        except DocumentError as exc:
            QMessageBox.critical(state["window"], "kpidesk", str(exc))
            return False
        if state["window"] is not None:
            # Opened from the window's own menu: deleted once its slot has returned.
            state["window"].close()
            state["window"].deleteLater()
            state["document"].close()
        state["document"] = document
        _remember(settings, target)
        window = MainWindow(
            FirmService(document), EditService(document), settings, opener=open_path
        )
        window.show()
        window.select_first_contract()
        if not settings.contains("splitter"):  # first start: widths for what it shows
            window.fit_splitter()
        state["window"] = window
        return True

    if path is None:
        path, _filter = QFileDialog.getOpenFileName(
            None, _("Open a firm"), str(Path.home()), _("kpidesk documents (*.kpidesk)")
        )
        if not path:
            return 0
    if not open_path(path):
        return 2
    try:
        return app.exec()
    finally:
        # Delete the window now, while the application and the document still exist: left to
        # Python's collector (the window and its opener refer to each other), its widgets
        # would be deleted at an unknown moment, perhaps after the QApplication itself.
        state.pop("window").deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        state["document"].close()
