"""Composition root: settings, language, the document, the services and the window."""

from __future__ import annotations

import sys
from pathlib import Path

RECENT_MAX = 8


def _remember(settings, path: str) -> None:
    recent = settings.value("recent", [])
    recent = recent if isinstance(recent, list) else [recent]
    from kpidesk.services import remembered

    path = remembered(path)  # a database URL without its password
    settings.setValue("recent", [path] + [p for p in recent if p != path][: RECENT_MAX - 1])


class Desk:
    """What one run of kpidesk shows: the first-run screen, or one firm's window. Firms are
    opened (``open_path``), created (``create_firm``) and the demo written (``open_demo``) in
    the background, each handed to a new window that replaces what was shown (``adopt``)."""

    def __init__(self, app, settings):
        from kpidesk.ui.background import Background

        self.app, self.settings = app, settings
        self.window = None
        self.document = None
        self.welcome = None
        self.exit: int | None = None
        self.refusal = None  # the box refusing the first file: a parentless box has no owner
        self.starting = Background()  # the first file opens before there is a window
        self.pending_message: str | None = None
        self.pending_notice: str | None = None  # said in the status bar of the next window
        self.offer = None  # the box offering a damaged document's newest good backup

    def refuse_start(self, error: BaseException) -> bool:
        """The first file did not open: say why, then end with exit status 2."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        from kpidesk.ui.background import failure_message

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "kpidesk",
            failure_message(error, self.starting.log_path),
            QMessageBox.StandardButton.Ok,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.exit, self.refusal = 2, box
        # The box is the last window: closing it would also post a Quit of its own, which —
        # arriving after this exec has returned — would end every later event loop at once.
        self.app.setQuitOnLastWindowClosed(False)
        box.finished.connect(lambda _result: self.app.exit(2))
        box.open()
        return True

    def adopt(self, target: str, document) -> None:
        from kpidesk.services import FirmService
        from kpidesk.services.editing import EditService
        from kpidesk.ui.main_window import MainWindow

        if self.window is not None:
            # Opened from the window's own menu: deleted once its slot has returned.
            self.window.close()
            self.window.deleteLater()
            self.document.close()
        self.document = document
        _remember(self.settings, target)
        window = MainWindow(
            FirmService(document),
            EditService(document),
            self.settings,
            opener=self.open_path,
            creator=self.create_firm,
        )
        window.backup_actions.restorer = self.restore_backup
        window.backup_actions.back_up_on_open()  # quietly, unless the newest is up to date
        window.show()
        self.app.setQuitOnLastWindowClosed(True)  # a recovery offer may have turned it off
        window.select_first_contract()
        window.files.check_after_opening()  # a file changed outside kpidesk: a bar
        if not self.settings.contains("splitter"):  # first start: widths for what it shows
            window.fit_splitter()
        self.window = window
        if self.pending_message:  # a refused restore: the document as it was, and why
            window.show_error(self.pending_message)
            self.pending_message = None
        if self.pending_notice:  # a restore done: which copy the window now shows
            window.last_message = self.pending_notice
            window.statusBar().showMessage(self.pending_notice)
            self.pending_notice = None
        if self.welcome is not None:  # after the window shows: it is never the last one
            self.welcome.close()
            self.welcome.deleteLater()
            self.welcome = None

    def _background(self):
        """Work runs for the window shown: the firm's, the first-run screen's, or none yet."""
        if self.window is not None:
            return self.window.background
        if self.welcome is not None:
            return self.welcome.background
        return self.starting

    def _on_failure(self):
        # Only a file named on the command line ends kpidesk when it does not open; from a
        # window or the first-run screen, the refusal is said there and it stays.
        return self.refuse_start if self.window is None and self.welcome is None else None

    def open_path(self, target: str) -> bool:
        """Open ``target`` in the background (migrating an old file may take a while); the window
        is replaced once it has opened. A refusal is said in the window, which stays as it was."""
        from kpidesk.i18n import _
        from kpidesk.services import open_document

        self._background().run(
            _("Opening {name}…").format(name=Path(target).name),
            lambda: open_document(target),
            lambda document: self.adopt(target, document),
            self._offer_backup(target, self._on_failure()),
        )
        return True

    def _offer_backup(self, target: str, otherwise):
        """A damaged document with a good backup: offer to restore the newest good one (the
        damaged file is moved aside, never deleted); only on consent. Anything else, or a
        refusal, goes on as ``otherwise`` says."""
        from kpidesk.ui.files.recovery import offer_recovery

        return lambda error: offer_recovery(self, target, error, otherwise)

    def restore_backup(self, backup: str) -> None:
        """Put ``backup`` in place of the open document: the document is closed (its lock
        released, so the restore may take it), restored in the background with the current
        file kept as a backup, and opened again; if the restore is refused, the document as it
        was is opened again and the refusal said."""
        from kpidesk.i18n import _
        from kpidesk.services import backups

        window, document = self.window, self.document
        if window is None or document is None or document.path is None:
            return
        target = str(document.path)
        window.backup_actions.stop()
        document.close()

        def refused(error) -> bool:
            from kpidesk.ui.background import failure_message

            # Said in the window that opens next (this one is replaced by it).
            self.pending_message = failure_message(error, window.background.log_path)
            self.open_path(target)
            return True

        def restored(done) -> None:
            # Said in the window that opens next: which copy this is now, that later work is
            # not in it, and where the document as it was is kept.
            message = _(
                "Restored the backup {backup}: changes made after it are not in this document."
            ).format(backup=done.backup.name)
            if done.kept is not None:
                message += " " + _("The document as it was is kept as {kept}.").format(
                    kept=done.kept.name
                )
            self.pending_notice = message
            self.open_path(target)

        window.background.run(
            _("Restoring {name}…").format(name=Path(backup).name),
            lambda: backups.restore(target, backup),
            restored,
            refused,
        )

    def create_firm(self, target: str, name: str, year: int, lang: str) -> bool:
        """Create a new firm at ``target`` in the background and open it as Open does."""
        from kpidesk.i18n import _
        from kpidesk.services.firm_setup import create_firm

        self._background().run(
            _("Creating {name}…").format(name=name),
            lambda: create_firm(target, name, year, lang),
            lambda document: self.adopt(str(document.path), document),
        )
        return True

    def open_demo(self) -> bool:
        """The demo firm, kept in the user's data folder: written there the first time (or
        when it was deleted), then opened."""
        from kpidesk.i18n import _
        from kpidesk.services import open_document
        from kpidesk.services.demo import write_demo
        from kpidesk.ui.firm.welcome import demo_location

        target = demo_location()

        def work():
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                write_demo(target).close()  # the user's own edits are then audited as theirs
            return open_document(target)

        self._background().run(
            _("Opening {name}…").format(name=target.name),
            work,
            lambda document: self.adopt(str(target), document),
        )
        return True

    def show_welcome(self) -> None:
        """The first-run screen: kpidesk started without a document."""
        from kpidesk.ui.firm.welcome import Welcome

        self.welcome = Welcome(self.settings, self.open_path, self.create_firm, self.open_demo)
        self.welcome.show()

    def close(self) -> None:
        from PySide6.QtCore import QEvent

        self.app.setQuitOnLastWindowClosed(True)
        # Delete the window now, while the application and the document still exist: left to
        # Python's collector (the window and its opener refer to each other), its widgets
        # would be deleted at an unknown moment, perhaps after the QApplication itself.
        for name in ("window", "welcome"):
            shown = getattr(self, name)
            if shown is not None:
                setattr(self, name, None)
                shown.deleteLater()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if self.document is not None:
            self.document.close()
            self.document = None


def run_gui(path: str | None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from kpidesk.ui.qt_i18n import start_language

    from kpidesk.ui import crash
    from kpidesk.ui.app_icon import app_icon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("kpidesk")
    app.setWindowIcon(app_icon())  # every window's, the taskbar's and the About box's
    crash.install()  # a bug is logged and named as one, never shown as the user's mistake
    app.setOrganizationName("kpidesk")
    settings = QSettings()
    start_language(settings)
    desk = Desk(app, settings)
    if path is None:
        desk.show_welcome()  # never a blank window, nor a bare file dialog
    else:
        desk.open_path(path)
    try:
        code = app.exec()
        return desk.exit if desk.exit is not None else code
    finally:
        desk.close()
