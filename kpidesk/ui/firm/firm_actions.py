"""File › New firm… (Ctrl+N) and File › Firm settings…, composed into the main window
(``window.firm_actions``). A new firm is created and opened by the window's ``creator`` (the
app's, through the same path as Open); a settings change is one operation through
``window.operations`` (one undo entry), after which the title and every panel reading the
policy show the new settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from kpidesk.core.changes import Changes
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_, _
from kpidesk.services.firm_setup import SettingsEdits
from kpidesk.ui.firm.firm_settings_dialog import FirmSettingsDialog
from kpidesk.ui.firm.new_firm_dialog import NewFirmDialog

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

CHANGE_SETTINGS = N_("Change firm settings")  # the undo entry, worded when shown


class FirmActions:
    def __init__(self, window: MainWindow):
        self.window = window
        self.settings_edits = SettingsEdits(window.firm.document)
        actions = window.window_actions
        self.new_firm_action = actions.action(self.new_firm, QKeySequence.StandardKey.New)
        self.new_firm_action.setObjectName("newFirmAction")
        self.new_firm_action.setEnabled(window.creator is not None)
        self.firm_settings_action = actions.action(self.edit_settings)
        self.firm_settings_action.setObjectName("firmSettingsAction")
        menu = actions.file_menu
        menu.insertAction(actions.open_action, self.new_firm_action)
        menu.insertAction(actions.import_action, self.firm_settings_action)
        menu.insertSeparator(actions.import_action)
        # The window answers to its actions' names, as to WindowActions' (window.open_action).
        for name in ("new_firm_action", "firm_settings_action"):
            setattr(window, name, getattr(self, name))
        window.operations.changed.connect(self.on_changed)
        window.retranslators.append(self.retranslate)

    def retranslate(self) -> None:
        self.new_firm_action.setText(_("&New firm…"))
        self.firm_settings_action.setText(_("Firm &settings…"))

    def new_firm(self) -> None:
        """Ask for the new firm, then create and open it in the background; the open firm is
        replaced (all its edits are already saved)."""
        window = self.window
        if window.creator is None or not window.dictionary.may_close():
            return  # a KPI edit the dictionary refused stays on screen, not lost with the firm
        folder = window.firm.document.path.parent if window.firm.document.path else None
        note = _("{firm} closes when the new firm opens; every edit to it is already saved.")
        dialog = NewFirmDialog(window, folder, note.format(firm=window.firm.name))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            window.creator(*dialog.request())

    def dialog(self) -> FirmSettingsDialog:
        return FirmSettingsDialog(
            self.settings_edits.settings(), self.window.firm.policy, self.window
        )

    def edit_settings(self) -> None:
        """The firm's settings; OK writes what changed as one undoable operation."""
        dialog = self.dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changes():
            return
        changes = dialog.changes()
        self.window.operations.run(
            Problem(CHANGE_SETTINGS), lambda: self.settings_edits.set_settings(changes), self
        )

    def on_changed(self, changes: Changes, _source=None) -> None:
        """The settings changed (an edit, its undo or redo): the title names the firm anew,
        and the position shown reads the policy again (weight rules, coefficient lines) —
        unless the organisation changed too, when the window reloads it anyway."""
        if not changes.settings:
            return
        window = self.window
        window._update_title()
        if not changes.organisation:
            window._show(window.tree.currentIndex())
