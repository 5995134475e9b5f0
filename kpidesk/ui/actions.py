"""The main window's commands: every ``QAction`` with its shortcut and its translated text, the
menus and the toolbar that show them, composed into ``MainWindow`` (``window.window_actions``).

Menu commands are always called with no arguments (``action``): ``triggered(bool checked)``
once filled a handler's optional path with ``False`` and File › Import opened nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING
from collections.abc import Callable

import shiboken6
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from kpidesk import i18n
from kpidesk.i18n import _

if TYPE_CHECKING:
    from kpidesk.ui.files.file_actions import FileActions
    from kpidesk.ui.main_window import MainWindow


class WindowActions:
    def __init__(self, window: MainWindow, files: FileActions):
        self.window = window
        undo_stack = window.undo_stack
        self.open_action = self.action(window._open, QKeySequence.StandardKey.Open)
        # Windows has no standard Quit key (and Qt none offscreen): Ctrl+Q, as on Linux.
        self.quit_action = self.action(window.close, "Ctrl+Q")
        self.print_action = self.action(files.print_contract, QKeySequence.StandardKey.Print)
        self.preview_action = self.action(files.print_preview, "Ctrl+Shift+P")
        self.print_unit_action = self.action(files.print_unit)
        self.meeting_pack_action = self.action(files.print_meeting_pack)
        self.font_action = self.action(files.choose_pdf_font)
        self.system_font_action = self.action(lambda: files.set_pdf_font(None))
        self.import_action = self.action(files.import_workbook)
        self.export_action = self.action(files.export_workbook)
        self.check_action = self.action(files.check_document)  # issue 13: kpidesk check
        # Our own actions, not QUndoStack.createUndoAction: that one writes Qt's untranslated
        # "Undo %1" into the text at every change of the stack ("Undo 修改评分规则" in zh).
        self.undo_action = self.action(undo_stack.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self.action(undo_stack.redo, QKeySequence.StandardKey.Redo)
        for signal in (
            undo_stack.canUndoChanged,
            undo_stack.canRedoChanged,
            undo_stack.undoTextChanged,
            undo_stack.redoTextChanged,
        ):
            signal.connect(self.undo_texts)
        # A checkable action flips its mark before it fires: follow the mark (toggling again
        # would read the new mark as "presenting" and never leave).
        self.present_action = self.action(
            lambda: window.set_presentation(self.present_action.isChecked()), "F11", checkable=True
        )
        self.leave_present_action = self.action(lambda: window.set_presentation(False), "Esc")
        self.leave_present_action.setEnabled(False)
        self.language_group = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        for lang, label in i18n.LANGUAGES.items():  # each language named in itself: not translated
            action = QAction(label, window, checkable=True)
            action.setData(lang)
            action.triggered.connect(lambda _=False, l=lang: window.set_language(l))
            self.language_group.addAction(action)
            self.language_actions[lang] = action
        self._build_menus()

    def action(self, handler: Callable[[], object], shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(self.window)
        if shortcut:
            action.setShortcut(shortcut)
        action.setCheckable(checkable)
        # triggered(bool checked) would fill a handler's first optional parameter (a path of
        # False, and nothing opens): a menu command is called with no arguments.
        action.triggered.connect(lambda _checked=False: handler())
        self.window.addAction(action)  # shortcuts keep working with the menus hidden (presentation)
        return action

    def _build_menus(self) -> None:
        menu_bar = self.window.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addAction(self.open_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.check_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.print_action)
        self.file_menu.addAction(self.preview_action)
        self.file_menu.addAction(self.print_unit_action)
        self.file_menu.addAction(self.meeting_pack_action)
        self.font_menu = self.file_menu.addMenu("")
        self.font_menu.addAction(self.font_action)
        self.font_menu.addAction(self.system_font_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = menu_bar.addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.view_menu = menu_bar.addMenu("")
        self.view_menu.addAction(self.present_action)
        self.language_menu = self.view_menu.addMenu("")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.toolbar = self.window.addToolBar(_("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        self.toolbar.addAction(self.present_action)

    def named(self) -> dict[str, object]:
        """Every action, menu and the toolbar by name (the window answers to these names)."""
        return {
            name: value
            for name, value in vars(self).items()
            if name.endswith(("_action", "_actions", "_menu", "_group")) or name == "toolbar"
        }

    def retranslate(self) -> None:
        self.open_action.setText(_("&Open…"))
        self.quit_action.setText(_("&Quit"))
        self.print_action.setText(_("&Print…"))
        self.preview_action.setText(_("Print preview…"))
        self.import_action.setText(_("Import from Excel…"))
        self.export_action.setText(_("Export to Excel…"))
        self.check_action.setText(_("Check document…"))
        self.print_unit_action.setText(_("Print the unit's contracts to PDF…"))
        self.meeting_pack_action.setText(_("Print the review meeting pack…"))
        self.font_menu.setTitle(_("Font for PDFs"))
        self.font_action.setText(_("Choose a font file…"))
        self.system_font_action.setText(_("Use the system's Chinese font"))
        self.present_action.setText(_("Presentation mode"))
        self.file_menu.setTitle(_("&File"))
        self.recent_menu.setTitle(_("Recent files"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("Language"))
        self.undo_texts()
        self.toolbar.setWindowTitle(_("Main toolbar"))  # named in the toolbars' context menu
        self.language_actions[i18n.language()].setChecked(True)
        self.refresh_recent()

    def undo_texts(self, *_changed) -> None:
        """"Undo" / "Redo" with what they would do, in the UI's language; greyed when empty."""
        stack = self.window.undo_stack
        if not shiboken6.isValid(stack):  # the stack clears itself as the window is deleted
            return
        for action, able, text, word, named in (
            (self.undo_action, stack.canUndo(), stack.undoText(), _("Undo"), _("Undo {action}")),
            (self.redo_action, stack.canRedo(), stack.redoText(), _("Redo"), _("Redo {action}")),
        ):
            action.setEnabled(able)
            action.setText(named.format(action=text) if able and text else word)

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        settings = self.window.settings
        recent = settings.value("recent", []) if settings is not None else []
        for path in recent if isinstance(recent, list) else [recent]:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.window.open_file(p))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))
