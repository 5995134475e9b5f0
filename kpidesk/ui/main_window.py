"""The main window: organisation and value tree on the left, the contract editor in the centre,
the scoring panel on the right. It is also the controller: every edit becomes an undo command
running a service operation, and the ``Changes`` it returns tell which panels to refresh."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QByteArray, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kpidesk import i18n
from kpidesk.core.changes import Changes
from kpidesk.i18n import _
from kpidesk.services import FirmService
from kpidesk.services.editing import EditRefused, EditService

from .commands import perform
from .contract_editor import ContractEditor
from .org_tree_model import ID_ROLE, KIND_ROLE, SEARCH_ROLE, OrgTreeModel
from .presentation import PRESENTATION_STYLE
from .qt_i18n import apply_language
from .scoring_panel import ScoringPanel
from .controller import EditController
from .file_actions import PrintAndExchange
from .value_tree_diagram import ValueTreeDiagram
from .value_tree_model import ValueTreeModel


EXPAND_ALL_UP_TO = 400  # rows; a larger tree opens two levels deep so it shows at once


def expand(view: QTreeView, size: int) -> None:
    if size <= EXPAND_ALL_UP_TO:
        view.expandAll()
    else:
        view.expandToDepth(1)


def _filtered_tree(model, name: str) -> tuple[QWidget, QTreeView, QLineEdit, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setRecursiveFilteringEnabled(True)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    filter_box = QLineEdit()
    filter_box.setClearButtonEnabled(True)
    filter_box.textChanged.connect(proxy.setFilterFixedString)
    view = QTreeView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setUniformRowHeights(True)
    view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    # A filter shows few rows, all of them worth seeing.
    filter_box.textChanged.connect(lambda text: view.expandAll() if text else view.expandToDepth(1))
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(filter_box)
    layout.addWidget(view)
    return page, view, filter_box, proxy


def document_label(document) -> str:
    """What the title calls a document: its file name, or for a database URL the database's
    name (never the URL, which may carry a password)."""
    if document.path is not None:
        return document.path.name
    return document.name.rsplit("/", 1)[-1].split("?", 1)[0]


class MainWindow(EditController, PrintAndExchange, QMainWindow):
    def __init__(
        self,
        firm: FirmService,
        edits: EditService | None = None,
        settings: QSettings | None = None,
        opener: Callable[[str], None] | None = None,
    ):
        super().__init__()
        self.firm = firm
        self.edits = edits or EditService(firm.document)
        self.settings = settings
        self.opener = opener
        self.undo_stack = QUndoStack(self)
        self.last_message = ""
        self._categories = {c.code: (c.name_zh, c.name_en) for c in firm.categories()}
        self._build_trees()
        self.editor = ContractEditor(self)
        self.scoring = ScoringPanel(self)
        self.diagram = ValueTreeDiagram()
        self.diagram.set_nodes(self.firm.value_tree())
        diagram_scroll = QScrollArea()
        diagram_scroll.setWidget(self.diagram)
        self.centre = QTabWidget()
        self.centre.addTab(self.editor, "")
        self.centre.addTab(diagram_scroll, "")
        self.left.currentChanged.connect(self.centre.setCurrentIndex)  # the tab follows the tree
        self.splitter = QSplitter()
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(self.scoring)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([330, 760, 430])
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self.retranslate(reload=False)
        self._restore_layout()
        self.statusBar()

    # construction ---------------------------------------------------------------------------------
    def _build_trees(self) -> None:
        year = self.firm.current_year
        self.tree_model = OrgTreeModel(
            self.firm.units(),
            self.firm.all_positions(year),
            self,
            on_drop=self.drop,
            indicator_names=self.firm.indicator_names_by_position,
        )
        self.value_model = ValueTreeModel(self.firm.value_tree(), self)
        org_page, self.tree, self.tree_filter, self.tree_proxy = _filtered_tree(
            self.tree_model, "orgTree"
        )
        self.tree_proxy.setFilterRole(SEARCH_ROLE)  # names shown, and each contract's KPIs
        value_page, self.value_tree, self.value_filter, self.value_proxy = _filtered_tree(
            self.value_model, "valueTree"
        )
        self.value_tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.left = QTabWidget()
        self.left.addTab(org_page, "")
        self.left.addTab(value_page, "")

    def _action(self, handler, shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(self)
        if shortcut:
            action.setShortcut(shortcut)
        action.setCheckable(checkable)
        # triggered(bool checked) would fill a handler's first optional parameter (a path of
        # False, and nothing opens): a menu command is called with no arguments.
        action.triggered.connect(lambda _checked=False: handler())
        self.addAction(action)  # shortcuts keep working with the menus hidden (presentation)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(self._open, QKeySequence.StandardKey.Open)
        # Windows has no standard Quit key (and Qt none offscreen): Ctrl+Q, as on Linux.
        self.quit_action = self._action(self.close, "Ctrl+Q")
        self.print_action = self._action(self.print_contract, QKeySequence.StandardKey.Print)
        self.preview_action = self._action(self.print_preview, "Ctrl+Shift+P")
        self.print_unit_action = self._action(self.print_unit)
        self.meeting_pack_action = self._action(self.print_meeting_pack)
        self.font_action = self._action(self.choose_pdf_font)
        self.system_font_action = self._action(lambda: self.set_pdf_font(None))
        self.import_action = self._action(self.import_workbook)
        self.export_action = self._action(self.export_workbook)
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        # A checkable action flips its mark before it fires: follow the mark (toggling again
        # would read the new mark as "presenting" and never leave).
        self.present_action = self._action(
            lambda: self.set_presentation(self.present_action.isChecked()), "F11", checkable=True
        )
        self.leave_present_action = self._action(lambda: self.set_presentation(False), "Esc")
        self.leave_present_action.setEnabled(False)
        self.language_group = QActionGroup(self)
        self.language_actions = {}
        for lang, label in i18n.LANGUAGES.items():
            action = QAction(label, self, checkable=True)
            action.setData(lang)
            action.triggered.connect(lambda _=False, l=lang: self.set_language(l))
            self.language_group.addAction(action)
            self.language_actions[lang] = action
        self.file_menu = self.menuBar().addMenu("")
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addAction(self.open_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
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
        self.edit_menu = self.menuBar().addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addAction(self.present_action)
        self.language_menu = self.view_menu.addMenu("")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.toolbar = self.addToolBar("main")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        self.toolbar.addAction(self.present_action)

    def retranslate(self, reload: bool = True) -> None:
        self.left.setTabText(0, _("Organisation"))
        self.left.setTabText(1, _("Value tree"))
        self.centre.setTabText(0, _("Contract"))
        self.centre.setTabText(1, _("Value tree diagram"))
        self.tree_filter.setPlaceholderText(_("Filter units, positions, people, KPIs…"))
        self.value_filter.setPlaceholderText(_("Filter indicators…"))
        self.open_action.setText(_("&Open…"))
        self.quit_action.setText(_("&Quit"))
        self.print_action.setText(_("&Print…"))
        self.preview_action.setText(_("Print preview…"))
        self.import_action.setText(_("Import from Excel…"))
        self.export_action.setText(_("Export to Excel…"))
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
        self.undo_action.setText(_("Undo"))
        self.redo_action.setText(_("Redo"))
        self.language_actions[i18n.language()].setChecked(True)
        if reload:  # badges and headers are words too: reload the trees in the new language
            self.apply(Changes(organisation=True, value_tree=True), quiet=True)
        self.editor.retranslate()
        self.scoring.retranslate()
        self._refresh_recent()
        self._update_title()

    def _update_title(self) -> None:
        # The file first: two copies of one firm look alike but for it. Every edit is saved as
        # it is made, so the title never shows an unsaved mark.
        self.setWindowTitle(f"{document_label(self.firm.document)} — {self.firm.name} — kpidesk")

    # selection --------------------------------------------------------------------------------
    def current_position(self) -> tuple[int, str] | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        if index.isValid() and index.data(KIND_ROLE) == "position":
            return index.data(ID_ROLE), index.data()
        return None

    def _current_changed(self, current, _previous) -> None:
        self._show(current)

    def _show(self, current) -> None:
        index = current.siblingAtColumn(0)
        if index.data(KIND_ROLE) != "position":
            self.editor.show_position(None, index.data() or "", None, self._categories)
            self.scoring.show_contract(None)
            return
        position_id = index.data(ID_ROLE)
        contract_id = self.firm.contract_for(position_id)
        contract = self.firm.contract(contract_id) if contract_id else None
        self.editor.show_position(position_id, index.data(), contract, self._categories)
        self.scoring.show_contract(contract_id)

    def select_position(self, name: str) -> bool:
        """Select the first position called ``name`` (tests, screenshots, keyboard users)."""
        matches = self.tree_proxy.match(
            self.tree_proxy.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            name,
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        matches = [m for m in matches if m.data(KIND_ROLE) == "position"]
        if not matches:
            return False
        self.tree.setCurrentIndex(matches[0])
        return True

    def select_first_contract(self) -> None:
        """Open on something to read: the first position that has a contract this year."""
        for positions in self.firm.all_positions().values():
            for position in positions:
                if position.contract_id is not None:
                    self._select_position_id(position.id)
                    return

    def _select_position_id(self, position_id: int) -> None:
        for index in self.tree_proxy.match(
            self.tree_proxy.index(0, 0),
            ID_ROLE,
            position_id,
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        ):
            if index.data(KIND_ROLE) == "position":
                self.tree.setCurrentIndex(index)
                return

    def default_period(self) -> str | None:
        return self.firm.latest_period_with_actuals()

    # changes -------------------------------------------------------------------------------
    def apply(self, changes: Changes, quiet: bool = False) -> None:
        """Refresh only the panels an operation's changes name."""
        selected = self.current_position()
        if changes.organisation:
            self.tree_model.reload(self.firm.units(), self.firm.all_positions())
            expand(self.tree, self.tree_model.size)
            if selected:
                self._select_position_id(selected[0])
        if changes.value_tree:
            nodes = self.firm.value_tree()
            self.value_model.reload(nodes)
            self.diagram.set_nodes(nodes)
            self.value_tree.expandAll()
        shown = self.editor.contract.id if self.editor.contract else None
        if changes.organisation or (changes.contract is not None and changes.contract == shown):
            self._show(self.tree.currentIndex())
        elif changes.actuals is not None and changes.actuals == self.scoring.contract_id:
            self.scoring.refresh()
        if not quiet:
            self.statusBar().showMessage(_("Saved."), 3000)

    def _run(self, text: str, do, undo, redo=None) -> bool:
        """Perform an edit as an undo command; a refused edit shows why and returns False."""
        try:
            perform(self.undo_stack, text, do, undo, redo, notify=self.apply)
        except EditRefused as exc:
            self.show_error(str(exc))
            return False
        return True

    def show_error(self, message: str) -> None:
        self.last_message = message
        box = QMessageBox(
            QMessageBox.Icon.Warning, "kpidesk", message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # view ---------------------------------------------------------------------------------------------
    def toggle_presentation(self) -> None:
        self.set_presentation(not self.presenting)

    @property
    def presenting(self) -> bool:
        return self.present_action.isChecked() and bool(self.styleSheet())

    def set_presentation(self, on: bool, full_screen: bool = True) -> None:
        self.present_action.setChecked(on)
        self.leave_present_action.setEnabled(on)  # Esc must still cancel cell edits otherwise
        self.setStyleSheet(PRESENTATION_STYLE if on else "")
        for widget in (self.menuBar(), self.toolbar, self.statusBar()):
            widget.setVisible(not on)
        self.scoring.set_compact(on)
        if on and full_screen:
            self.showFullScreen()
        elif not on and self.isFullScreen():
            self.showNormal()
        if on:  # the contract is what the room reads; the side panels narrow
            self._sizes_before_presenting = self.splitter.sizes()
            total = sum(self._sizes_before_presenting)
            self.splitter.setSizes([int(total * 0.17), int(total * 0.55), int(total * 0.28)])
        elif getattr(self, "_sizes_before_presenting", None):
            self.splitter.setSizes(self._sizes_before_presenting)
        self.editor.view.expandAll()

    def set_language(self, lang: str) -> None:
        apply_language(lang)
        if self.settings is not None:
            self.settings.setValue("language", i18n.language())
        self.retranslate()

    # files and layout ------------------------------------------------------------------------------
    def _open(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open a firm"), "", _("kpidesk documents (*.kpidesk)")
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> bool:
        """Open another firm in this window, once the user agreed to replace the one shown (one
        firm per window: the lock file says who has a firm open, and the title says which)."""
        from pathlib import Path

        if self.opener is None:
            return False
        current = self.firm.document.path
        if current is not None and Path(path).resolve() == current.resolve():
            message = _("{name} is already open in this window.").format(name=current.name)
            self.last_message = message
            self.statusBar().showMessage(message, 5000)
            return False
        answer = QMessageBox.question(
            self,
            _("Open a firm"),
            _(
                "Replace the open firm {firm} ({name}) with {new}? Every edit to {firm} is "
                "already saved."
            ).format(
                firm=self.firm.name, name=document_label(self.firm.document), new=Path(path).name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return bool(self.opener(path))

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent", []) if self.settings is not None else []
        for path in recent if isinstance(recent, list) else [recent]:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def _restore_layout(self) -> None:
        if self.settings is None:
            return
        for key, restore in (
            ("geometry", self.restoreGeometry),
            ("state", self.restoreState),
            ("splitter", self.splitter.restoreState),
        ):
            value = self.settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The proxy fills lazily: expanding before the first show misses rows.
        expand(self.tree, self.tree_model.size)
        self.value_tree.expandAll()

    def closeEvent(self, event) -> None:
        if self.settings is not None:
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.setValue("state", self.saveState())
            self.settings.setValue("splitter", self.splitter.saveState())
        super().closeEvent(event)
