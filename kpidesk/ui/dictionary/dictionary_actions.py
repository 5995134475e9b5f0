"""The KPI dictionary composed into the main window: its left tab (KPI辞典) with the entry form
in the centre, its top-level menu (New entry…, Delete, Merge into…, Find) and its answer to
every change; and the dialogs it asks — choosing the survivor of a merge, and the dictionary
opened from the contract editor's indicator picker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.dictionary import DictionaryEntry, LineUse, NodeUse
from kpidesk.core.model import Indicator
from kpidesk.i18n import _, ngettext, pgettext
from kpidesk.services.dictionary import DictionaryService

from kpidesk.ui.contract.indicator_picker import IndicatorPicker
from kpidesk.ui.dictionary.dictionary_page import DictionaryBrowser
from kpidesk.ui.org.org_tree_model import ID_ROLE


def _as_indicator(entry: DictionaryEntry) -> Indicator:
    return Indicator(
        entry.id, entry.code, entry.name, entry.name_en, entry.unit, entry.direction, entry.category
    )


class MergeDialog(IndicatorPicker):
    """Choose the entry ``merged`` merges into, from a searchable list of the others; the
    dialog says how many contract lines and tree nodes move."""

    def __init__(
        self,
        service: DictionaryService,
        merged: DictionaryEntry,
        entries: list[DictionaryEntry],
        category_names: dict[str, str],
        parent: QWidget | None = None,
    ):
        others = [_as_indicator(e) for e in entries if e.id != merged.id]
        super().__init__(others, category_names, parent)
        self.setWindowTitle(_("Merge {name} into…").format(name=merged.name))
        usage = service.where_used(merged.id)  # what moves, whichever entry survives
        lines, nodes = len(usage.lines), len(usage.nodes)
        self.moves = QLabel(
            ngettext(
                "{lines} contract line moves to the KPI chosen",
                "{lines} contract lines move to the KPI chosen",
                lines,
            ).format(lines=lines)
            + "\n"
            + ngettext(
                "{nodes} value-tree node moves to it; '{name}' leaves the dictionary.",
                "{nodes} value-tree nodes move to it; '{name}' leaves the dictionary.",
                nodes,
            ).format(nodes=nodes, name=merged.name)
        )
        self.moves.setObjectName("mergeMoves")
        self.moves.setWordWrap(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.moves)
        self.ids = {e.code: e.id for e in entries}

    @classmethod
    def choose(  # type: ignore[override]
        cls,
        service: DictionaryService,
        merged: DictionaryEntry,
        entries: list[DictionaryEntry],
        category_names: dict[str, str],
        parent: QWidget | None = None,
    ) -> int | None:
        """The id of the entry chosen to survive, or None when the user cancels."""
        dialog = cls(service, merged, entries, category_names, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.ids.get(dialog.chosen or "") if accepted else None
        dialog.deleteLater()
        return chosen


class DictionaryDialog(QDialog):
    """The dictionary from the contract editor: search, read and edit entries, make a new one;
    "Use this KPI" returns the current entry's code for the line being added."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("KPI dictionary"))
        self.browser = DictionaryBrowser(
            DictionaryService(window.firm.document),
            window.operations,
            show_error=window.show_error,
            parent=self,
        )
        window.operations.changed.connect(self.browser.on_changed)
        self.finished.connect(lambda _r: window.operations.changed.disconnect(self.browser.on_changed))
        self.chosen: str | None = None
        splitter = QSplitter()
        splitter.addWidget(self.browser.page)
        splitter.addWidget(self.browser.form)
        splitter.setSizes([420, 480])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = self.buttons.addButton(
            _("&Use this KPI"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_button.setObjectName("useKpi")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(980, 640)
        self.browser.reload()
        self.browser.page.search.setFocus()

    def accept(self) -> None:
        entry = self.browser.current_entry()
        if entry is None:
            return
        if self.browser.form.is_dirty() and not self.browser.save():
            return  # refused: the reason is shown, the dialog stays
        self.chosen = entry.code
        super().accept()


class DictionaryActions:
    """The dictionary tab, its centre form, its menu and its shortcuts, in one object the
    window creates (``window.dictionary``)."""

    def __init__(self, window):
        self.window = window
        self.service = DictionaryService(window.firm.document)
        self.browser = DictionaryBrowser(
            self.service,
            window.operations,
            show_error=window.show_error,
            go_to=self.go_to,
            parent=window,
        )
        self.page, self.form = self.browser.page, self.browser.form
        window.add_page(self.page, self.form)
        action = window.window_actions.action
        self.new_action = action(self.browser.new_entry, "Ctrl+Shift+K")
        self.delete_action = action(self.browser.delete_current)
        self.merge_action = action(self.browser.merge_current)
        self.find_action = action(self.find, "Ctrl+F")
        self.show_action = action(self.show_tab)
        self.menu = QMenu(window)
        # The lead keeps the order File, Edit, Organisation, KPI dictionary, Value tree, View.
        window.menuBar().insertMenu(window.window_actions.view_menu.menuAction(), self.menu)
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.find_action)
        self.menu.addSeparator()
        self.menu.addAction(self.new_action)
        self.menu.addAction(self.delete_action)
        self.menu.addAction(self.merge_action)
        # Shift+F10 or the Menu key on the list opens the same commands; Delete and Insert
        # there act on the list (shortcuts of the list alone, not of the whole window).
        for command in (self.new_action, self.delete_action, self.merge_action):
            self.page.view.addAction(command)
        self.list_keys = []
        for key, handler in (("Del", self.browser.delete_current), ("Ins", self.browser.new_entry)):
            shortcut = QShortcut(QKeySequence(key), self.page.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda run=handler: run())
            self.list_keys.append(shortcut)
        # The window answers to its commands' names, as to its own (window.dictionary_new_action).
        for name in ("show", "find", "new", "delete", "merge"):
            setattr(window, f"dictionary_{name}_action", getattr(self, f"{name}_action"))
        window.operations.changed.connect(self.browser.on_changed)
        window.operations.changed.connect(self._contracts_show_names)
        # The window calls it once it is built, and at every change of language.
        window.retranslators.append(self.retranslate)

    def retranslate(self) -> None:
        index = self.window.left.indexOf(self.page)
        self.window.left.setTabText(index, pgettext("left tab", "KPIs"))
        self.window.left.setTabToolTip(index, _("KPI dictionary"))
        centre = self.window.centre.indexOf(self.form)
        self.window.centre.setTabText(centre, _("KPI entry"))
        self.menu.setTitle(_("&KPI dictionary"))
        self.show_action.setText(_("Show the &dictionary"))
        self.find_action.setText(_("&Find KPI…"))
        self.new_action.setText(_("&New entry…"))
        self.delete_action.setText(_("&Delete entry"))
        self.merge_action.setText(_("&Merge into…"))
        self.browser.retranslate()
        self.browser.reload()  # category names in the language now in force

    def may_close(self) -> bool:
        """Closing the window (or replacing its firm) saves the entry form's pending edit, as
        moving to another entry does; a refused one keeps the window open on the entry with
        what was typed and the reason shown (Revert discards it)."""
        if self.browser.commit_pending():
            return True
        self.show_tab()
        return False

    # commands ----------------------------------------------------------------------------------
    def show_tab(self) -> None:
        self.window.left.setCurrentWidget(self.page)

    def find(self) -> None:
        """Ctrl+F: the dictionary's search box, its text selected to type over."""
        self.show_tab()
        self.page.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page.search.selectAll()

    def go_to(self, use) -> None:
        """A "Where used" row chosen: its position's contract in the organisation tree, or the
        value tree."""
        if isinstance(use, LineUse):
            self.window.left.setCurrentIndex(0)
            self.window._select_position_id(use.position_id)
            self.window.editor.view.setFocus()
        elif isinstance(use, NodeUse):
            self.window.left.setCurrentIndex(1)
            proxy = self.window.value_proxy
            found = proxy.match(
                proxy.index(0, 0), ID_ROLE, use.node_id, 1,
                Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
            )
            if found:
                self.window.value_tree.setCurrentIndex(found[0])
            self.window.value_tree.setFocus()

    def _contracts_show_names(self, changes, source=None) -> None:
        """The contract shown names its KPIs: after a dictionary change it is read again."""
        if changes.dictionary and self.window.editor.contract is not None:
            self.window._show(self.window.tree.currentIndex())

    # the indicator picker's ways into the dictionary -------------------------------------------
    def create_for_picker(self, name: str, parent: QWidget) -> str | None:
        """"Create '…' in the dictionary": the entry form with the typed name; the new entry's
        code once saved (None: cancelled)."""
        from kpidesk.ui.dictionary.entry_form import EntryDialog

        dialog = EntryDialog(self.service.categories(), self.browser.create, parent, name=name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.exec()
        entry_id = dialog.entry_id
        dialog.deleteLater()
        return self.service.entry(entry_id).code if entry_id is not None else None

    def open_for_picker(self, parent: QWidget) -> str | None:
        """The dictionary in a dialog; the code of the KPI chosen with "Use this KPI"."""
        dialog = DictionaryDialog(self.window, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen if accepted else None
        dialog.deleteLater()
        return chosen
