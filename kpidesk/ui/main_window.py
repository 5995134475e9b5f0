"""The main window: organisation and value tree on the left, the contract editor in the centre,
the scoring panel on the right. It is also the controller: every edit becomes an undo command
running a service operation, and the ``Changes`` it returns tell which panels to refresh."""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QByteArray, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QInputDialog,
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
from kpidesk.core.periods import Period
from kpidesk.i18n import _
from kpidesk.services import FirmService
from kpidesk.services.editing import EditRefused, EditService

from .commands import perform
from .contract_editor import ContractEditor
from .contract_lines_model import FIELDS, TARGET_FIELDS, headers
from .dialogs import AmendmentDialog, DeductionDialog, NewContractDialog
from .org_tree_model import ID_ROLE, KIND_ROLE, OrgTreeModel
from .presentation import PRESENTATION_STYLE
from .qt_i18n import apply_language
from .rule_editor import RuleEditor
from .scoring_panel import ScoringPanel
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


class MainWindow(QMainWindow):
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
            self.firm.units(), self.firm.all_positions(year), self, on_drop=self.drop
        )
        self.value_model = ValueTreeModel(self.firm.value_tree(), self)
        org_page, self.tree, self.tree_filter, self.tree_proxy = _filtered_tree(
            self.tree_model, "orgTree"
        )
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
        action.triggered.connect(handler)
        self.addAction(action)  # shortcuts keep working with the menus hidden (presentation)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(self._open, QKeySequence.StandardKey.Open)
        self.quit_action = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.preview_action = self._action(self.print_preview, QKeySequence.StandardKey.Print)
        self.print_unit_action = self._action(self.print_unit)
        self.meeting_pack_action = self._action(self.print_meeting_pack)
        self.import_action = self._action(self.import_workbook)
        self.export_action = self._action(self.export_workbook)
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.present_action = self._action(self.toggle_presentation, "F11", checkable=True)
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
        self.file_menu.addAction(self.preview_action)
        self.file_menu.addAction(self.print_unit_action)
        self.file_menu.addAction(self.meeting_pack_action)
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
        self.tree_filter.setPlaceholderText(_("Filter units, positions, people…"))
        self.value_filter.setPlaceholderText(_("Filter indicators…"))
        self.open_action.setText(_("&Open…"))
        self.quit_action.setText(_("&Quit"))
        self.preview_action.setText(_("Print preview…"))
        self.import_action.setText(_("Import from Excel…"))
        self.export_action.setText(_("Export to Excel…"))
        self.print_unit_action.setText(_("Print the unit's contracts to PDF…"))
        self.meeting_pack_action.setText(_("Print the review meeting pack…"))
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
        # Every edit is saved as it is made, so the title never shows an unsaved mark.
        self.setWindowTitle(f"{self.firm.name} — kpidesk")

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

    # contract edits ------------------------------------------------------------------------------
    def edit_line(self, line_id: int, field: str, value) -> bool:
        contract = self.editor.contract
        if (
            contract is not None
            and contract.status == "signed"
            and field in TARGET_FIELDS + ("rule",)
        ):
            return self.amend(line_id, field, value)
        label = headers()[FIELDS.index(field)]
        return self._run(
            _("Edit {field}").format(field=label),
            lambda: self.edits.edit_line(line_id, field, value),
            lambda old: self.edits.edit_line(line_id, field, old)[1],
        )

    def amend(self, line_id: int, field: str, value) -> bool:
        line = next(l for l in self.editor.contract.lines if l.id == line_id)
        old = line.rule if field == "rule" else getattr(line, field)
        shown = lambda v: (
            "…"
            if isinstance(v, dict)
            else ("—" if v is None else f"{v:g}" if isinstance(v, float) else str(v))
        )
        label = _("Scoring rule") if field == "rule" else headers()[FIELDS.index(field)]
        dialog = AmendmentDialog(
            line.indicator, label, shown(old), shown(value), self.firm.flex(), self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason, approver = dialog.reason.toPlainText().strip(), dialog.approver.text().strip()
        undo_reason = _("Undo of amendment: {reason}").format(reason=reason)
        return self._run(
            _("Amend {field}").format(field=label),
            lambda: self.edits.amend(line_id, field, value, reason=reason, approved_by=approver),
            lambda previous: self.edits.amend(
                line_id, field, previous, reason=undo_reason, approved_by=approver
            )[1],
        )

    def edit_rule(self, line) -> None:
        editor = RuleEditor(line.rule, line.weight, self, title=line.indicator)
        if editor.exec() == QDialog.DialogCode.Accepted and editor.rule() != line.rule:
            self.edit_line(line.id, "rule", editor.rule())

    def add_line(self) -> None:
        contract = self.editor.contract
        indicators = self.firm.indicators()
        labels = [f"{i.name}  {i.code}" for i in indicators]
        label, ok = QInputDialog.getItem(
            self, _("Add line"), _("KPI from the dictionary"), labels, 0, False
        )
        if ok:
            self.add_line_for(contract.id, indicators[labels.index(label)].code)

    def add_line_for(self, contract_id: int, indicator: str) -> None:
        state = {}

        def do():
            line_id, changes = self.edits.add_line(contract_id, indicator)
            state["id"] = line_id
            return line_id, changes

        def undo(_line_id):
            state["snapshot"], changes = self.edits.remove_line(state["id"])
            return changes

        def redo(_line_id):
            state["id"], changes = self.edits.restore_line(state["snapshot"])
            return changes

        self._run(_("Add line"), do, undo, redo)

    def remove_line(self, line) -> None:
        state = {"id": line.id}

        def do():
            snapshot, changes = self.edits.remove_line(state["id"])
            state["snapshot"] = snapshot
            return snapshot, changes

        def undo(_snapshot):
            state["id"], changes = self.edits.restore_line(state["snapshot"])
            return changes

        self._run(_("Remove line"), do, undo, lambda _s: do()[1])

    def set_status(self, status: str) -> None:
        contract = self.editor.contract
        if status == "signed":
            answer = QMessageBox.question(
                self,
                _("Sign"),
                _(
                    "Signing seals the contract: afterwards its targets change only "
                    "through recorded amendments. Sign now?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        done = self._run(
            _("Contract status"),
            lambda: self.edits.set_status(contract.id, status, date.today()),
            lambda old: self.edits.set_status(contract.id, old)[1],
        )
        if status in ("signed", "closed") and done:
            self.undo_stack.clear()  # a signature is not taken back with Ctrl+Z

    def new_contract(self, position_id: int, name: str) -> None:
        year = self.firm.current_year
        others = [(c.id, f"{c.unit} {c.position} {c.year}") for c in self.firm.contracts()]
        previous = any(
            c.position_id == position_id and c.year < year for c in self.firm.contracts()
        )
        dialog = NewContractDialog(name, year, previous, others, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_contract(position_id, dialog.source())

    def create_contract(self, position_id: int, source) -> None:
        state = {}

        def do():
            contract_id, changes = self.edits.new_contract(
                position_id, self.firm.current_year, source
            )
            state["id"] = contract_id
            return contract_id, changes

        self._run(
            _("New contract"),
            do,
            lambda _id: self.edits.delete_draft(state["id"])[1],
            lambda _id: do()[1],
        )

    # scoring edits ----------------------------------------------------------------------------------
    def record_actual(self, line_id: int, value) -> bool:
        period = self.scoring.period.currentData()
        return self._run(
            _("Enter actual"),
            lambda: self.edits.record_actual(line_id, period, value),
            lambda old: self.edits.record_actual(line_id, period, old)[1],
        )

    def add_deduction_event(self, period: str) -> None:
        contract = self.editor.contract
        if contract is None or period is None:
            return
        lines = [(l.id, l.indicator) for l in contract.lines if l.deduction]
        if not lines:
            self.show_error(_("This contract has no deduction item."))
            return
        dialog = DeductionDialog(lines, Period.parse(period).start, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            line_id, day, count, note = dialog.values()
            self.record_deduction(line_id, period, day, count, note)

    def record_deduction(self, line_id: int, period: str, day: date, count: int, note: str) -> None:
        state = {}

        def do():
            state["id"], changes = self.edits.add_deduction_event(line_id, period, day, count, note)
            return state["id"], changes

        self._run(
            _("Deduction event"),
            do,
            lambda _id: self.edits.remove_deduction_event(state["id"])[1],
            lambda _id: do()[1],
        )

    def remove_deduction_event(self, event_id: int) -> None:
        state = {"id": event_id}

        def do():
            state["snapshot"], changes = self.edits.remove_deduction_event(state["id"])
            return state["snapshot"], changes

        def undo(_snapshot):
            s = state["snapshot"]
            state["id"], changes = self.edits.add_deduction_event(
                s["line_id"], s["period"], s["occurred_on"], s["count"], s["note"]
            )
            return changes

        self._run(_("Remove deduction event"), do, undo, lambda _s: do()[1])

    # drag and drop ---------------------------------------------------------------------------------
    def drop(self, kind: str, item_id: int, target_kind: str, target_id: int) -> bool:
        if kind == "unit" and target_kind == "unit" and item_id != target_id:
            return self._run(
                _("Move unit"),
                lambda: self.edits.move_unit(item_id, target_id),
                lambda old: self.edits.move_unit(item_id, old)[1],
            )
        if kind == "position" and target_kind == "unit":
            return self._run(
                _("Move position"),
                lambda: self.edits.move_position(item_id, target_id),
                lambda old: self.edits.move_position(item_id, old)[1],
            )
        if kind == "tree" and target_kind == "position":
            return self._run(
                _("Attach indicator"),
                lambda: self.edits.set_tree_owner(item_id, target_id),
                lambda old: self.edits.set_tree_owner(item_id, old)[1],
            )
        return False

    # printing -----------------------------------------------------------------------------------------
    def _printer(self):
        from kpidesk.services.printing import PrintService

        return PrintService(self.firm.document)

    def preview_pdf(self) -> tuple[bytes, str] | None:
        """The selected contract as a PDF in the UI's language, with the scoring panel's period."""
        contract = self.editor.contract
        if contract is None:
            self.show_error(_("Select a position with a contract to print."))
            return None
        import io

        from kpidesk.services.printing import file_name

        buffer = io.BytesIO()
        period = self.scoring.period.currentData() if self.scoring.model.scored else None
        self._printer().contract(contract.id, buffer, i18n.language(), period)
        return buffer.getvalue(), file_name(contract.unit, contract.position, contract.year)

    def print_preview(self) -> None:
        from .print_preview import PrintPreview

        made = self.preview_pdf()
        if made is not None:
            PrintPreview(*made, parent=self).exec()

    def print_unit(self, folder: str | None = None) -> list | None:
        """Every contract of the selected unit (and its sub-units) to PDF files, with progress
        and Cancel."""
        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.printing import PrintCancelled

        from .batch import run_with_progress

        index = self.tree.currentIndex().siblingAtColumn(0)
        while index.isValid() and index.data(KIND_ROLE) != "unit":
            index = index.parent()
        unit = index.data() if index.isValid() else None
        folder = folder or QFileDialog.getExistingDirectory(self, _("Print contracts to folder"))
        if not folder:
            return None
        printer, lang = self._printer(), i18n.language()
        try:
            written = run_with_progress(
                self,
                _("Printing contracts…"),
                lambda progress, cancelled: printer.print_contracts(
                    folder, unit, lang, progress=progress, cancelled=cancelled
                ),
                dialog_ready=getattr(self, "_progress_hook", None),
            )
        except PrintCancelled as stopped:
            written = stopped.args[0]
            self.statusBar().showMessage(
                _("Printing cancelled after {count} files.").format(count=len(written)), 5000
            )
            return written
        self.statusBar().showMessage(
            _("Printed {count} contracts to {folder}.").format(count=len(written), folder=folder),
            5000,
        )
        return written

    def print_meeting_pack(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        period = self.scoring.period.currentData()
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save PDF"), f"{_('meeting-pack')}-{period}.pdf", _("PDF documents (*.pdf)")
        )
        if path:
            from .worker import run_in_worker

            printer, lang = self._printer(), i18n.language()
            run_in_worker(
                self,
                _("Printing the meeting pack…"),
                lambda: printer.print_meeting_pack(period, path, lang),
            )

    # spreadsheets -------------------------------------------------------------------------------------
    def import_workbook(self, path: str | None = None) -> bool:
        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.exchange import ExchangeService

        from .import_dialog import ImportDialog

        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Import from Excel…"), "", _("Excel workbooks (*.xlsx)")
            )
        if not path:
            return False
        dialog = ImportDialog(ExchangeService(self.firm.document), path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.undo_stack.clear()  # an import is its own audited transaction, not an undo step
        self.apply(Changes(organisation=True, value_tree=True))
        self.scoring.refresh()
        return True

    def export_workbook(self, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from kpidesk.services.exchange import ExchangeService

        from .worker import run_in_worker

        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export to Excel…"), "kpidesk.xlsx", _("Excel workbooks (*.xlsx)")
            )
        if path:
            service, lang = ExchangeService(self.firm.document), i18n.language()
            run_in_worker(self, _("Exporting…"), lambda: service.export(path, lang))
            self.statusBar().showMessage(_("wrote {path}").format(path=path), 5000)

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
        if path and self.opener:
            self.opener(path)

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent", []) if self.settings is not None else []
        for path in recent if isinstance(recent, list) else [recent]:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.opener and self.opener(p))
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
