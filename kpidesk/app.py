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
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from kpidesk.i18n import _
    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService
    from kpidesk.ui.background import Background, failure_message
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.qt_i18n import start_language

    from kpidesk.ui import crash

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("kpidesk")
    crash.install()  # a bug is logged and named as one, never shown as the user's mistake
    app.setOrganizationName("kpidesk")
    settings = QSettings()
    start_language(settings)
    state: dict = {"window": None, "document": None, "exit": None}
    starting = Background()  # the first file opens before there is a window

    def refuse_start(error: BaseException) -> bool:
        """The first file did not open: say why, then end with exit status 2."""
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "kpidesk",
            failure_message(error, starting.log_path),
            QMessageBox.StandardButton.Ok,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        state["exit"], state["refusal"] = 2, box  # kept: a parentless box has no other owner
        # The box is the last window: closing it would also post a Quit of its own, which —
        # arriving after this exec has returned — would end every later event loop at once.
        app.setQuitOnLastWindowClosed(False)
        box.finished.connect(lambda _result: app.exit(2))
        box.open()
        return True

    def adopt(target: str, document) -> None:
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

    def open_path(target: str) -> bool:
        """Open ``target`` in the background (migrating an old file or checking a large one may
        take a while); the window is replaced once it has opened. A refusal is said in the
        window, which stays as it was."""
        window = state["window"]
        (window.background if window is not None else starting).run(
            _("Opening {name}…").format(name=Path(target).name),
            lambda: open_document(target),
            lambda document: adopt(target, document),
            None if window is not None else refuse_start,
        )
        return True

    if path is None:
        path, _filter = QFileDialog.getOpenFileName(
            None, _("Open a firm"), str(Path.home()), _("kpidesk documents (*.kpidesk)")
        )
        if not path:
            return 0
    open_path(path)
    try:
        code = app.exec()
        return state["exit"] if state["exit"] is not None else code
    finally:
        app.setQuitOnLastWindowClosed(True)
        # Delete the window now, while the application and the document still exist: left to
        # Python's collector (the window and its opener refer to each other), its widgets
        # would be deleted at an unknown moment, perhaps after the QApplication itself.
        if state["window"] is not None:
            state.pop("window").deleteLater()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if state["document"] is not None:
            state["document"].close()
