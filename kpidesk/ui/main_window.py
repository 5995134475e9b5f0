"""The main window: organisation and value tree on the left, the contract editor in the centre,
the scoring panel on the right. Edits are asked for by ``ContractEdits`` (``controller.py``) and
run by ``Operations``, whose ``changed`` signal each panel listens to."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QByteArray,
    QPoint,
    QSettings,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QUndoStack
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
from kpidesk.core.problems import KpideskError
from kpidesk.i18n import _, pgettext
from kpidesk.services import FirmService
from kpidesk.services.editing import EditService
from kpidesk.services.org_edits import OrgEdits
from kpidesk.services.stored_values import stored_values_notice

from kpidesk.ui.operations import Operations
from kpidesk.ui.contract.contract_editor import ContractEditor
from kpidesk.ui.org.org_tree_model import ID_ROLE, KIND_ROLE, SEARCH_ROLE, OrgTreeModel
from kpidesk.ui.org.org_actions import OrgActions
from kpidesk.ui.widgets.empty_hint import EmptyHint
from kpidesk.ui.widgets.presentation import presentation_point_size, presentation_style
from kpidesk.ui.qt_i18n import apply_language
from kpidesk.ui.scoring.scoring_panel import ScoringPanel
from kpidesk.ui.about_dialog import AboutActions
from kpidesk.ui.actions import WindowActions
from kpidesk.ui.background import Background
from kpidesk.ui.controller import ContractEdits
from kpidesk.ui.review.calibration_actions import CalibrationActions
from kpidesk.ui.review.meeting_actions import MeetingActions
from kpidesk.ui.review.period_actions import PeriodActions
from kpidesk.ui.review.review_menu import ReviewMenu
from kpidesk.ui.review.results_actions import ResultsActions
from kpidesk.ui.dictionary.dictionary_actions import DictionaryActions
from kpidesk.ui.files.backup_actions import BackupActions
from kpidesk.ui.files.file_actions import FileActions
from kpidesk.ui.firm.firm_actions import FirmActions
from kpidesk.ui.org.tree_actions import TreeActions
from kpidesk.ui.org.value_tree_diagram import ValueTreeDiagram
from kpidesk.ui.org.value_tree_model import ValueTreeModel
from kpidesk.ui.scoring.year_grid import YearGrid
from kpidesk.ui.refresh import Refresh


QUIET = "quiet"  # the source of a change announced without "Saved." (a language change)
EXPAND_ALL_UP_TO = 400  # rows; a larger tree opens two levels deep so it shows at once
# The first window takes most of the screen it opens on, but no more than a comfortable size.
FIRST_WINDOW_SHARE, FIRST_WINDOW_MAX = 0.9, QSize(1600, 900)
SMALL_SCREEN = QSize(1280, 720)  # below this every pixel counts: the first window is maximised
PRESENTING_SHARES = (0.0, 0.66, 0.34)  # the room reads the contract and its scores
PRESENTING_DIAGRAM_SHARES = (0.0, 1.0, 0.0)  # or the value tree, across the whole screen


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
    # Columns fit the rows in view: measuring the first 1,000 (Qt's default) of a 5,000-position
    # tree was a quarter of opening its window.
    view.header().setResizeContentsPrecision(0)
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


class MainWindow(QMainWindow):
    def __init__(
        self,
        firm: FirmService,
        edits: EditService | None = None,
        settings: QSettings | None = None,
        opener: Callable[[str], None] | None = None,
        creator: Callable[[str, str, int, str], object] | None = None,
    ):
        super().__init__()
        self.firm = firm
        self.edits = edits or EditService(firm.document)
        self.settings = settings
        self.opener = opener
        self.creator = creator  # creates and opens a new firm: (path, name, year, lang)
        self.undo_stack = QUndoStack(self)
        self.operations = Operations(self.undo_stack, self.show_error, self)
        self.contract_edits = ContractEdits(self, self.edits, self.operations)
        self.last_message = ""
        self._categories = {c.code: (c.name_zh, c.name_en) for c in firm.categories()}
        self._build_trees()
        self.editor = ContractEditor(self.contract_edits)
        self.scoring = ScoringPanel(self.contract_edits)
        self.diagram = ValueTreeDiagram(read=self._value_tree_nodes)
        self.diagram.set_nodes(self.firm.value_tree())
        diagram_scroll = QScrollArea()
        diagram_scroll.setWidget(self.diagram)
        self.centre = QTabWidget()
        self.centre.addTab(self.editor, "")
        self.centre.addTab(diagram_scroll, "")
        self.year_grid = YearGrid(self.contract_edits)
        self.centre.addTab(self.year_grid, "")
        # The centre follows the left tab: the organisation shows a contract, the value tree
        # its diagram; pages added later (``add_page``) name their own centre page, or none.
        self._centre_for: dict[QWidget, QWidget] = {
            self.left.widget(0): self.editor,
            self.left.widget(1): diagram_scroll,
        }
        self.left.currentChanged.connect(self._follow_left_tab)
        # What the features composed into the window (organisation, dictionary, value-tree
        # editing, firm settings) ask of it when the language changes.
        self.retranslators: list[Callable[[], None]] = []
        self.splitter = QSplitter()
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(self.scoring)
        # Every panel gives up width in proportion when the window narrows, none below readable.
        for index, (stretch, minimum) in enumerate(((2, 140), (5, 280), (3, 220))):
            self.splitter.setStretchFactor(index, stretch)
            self.splitter.widget(index).setMinimumWidth(minimum)
        self.centre.currentChanged.connect(lambda _index: self._present_sizes())
        self.centre.currentChanged.connect(lambda _index: self._scores_beside_contract())
        self.left.setUsesScrollButtons(False)  # a narrow panel elides its tab names instead
        self.left.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.setCentralWidget(self.splitter)
        # Slow work (opening, import, export, printing) runs here, input blocked meanwhile.
        self.background = Background(self, self.show_error)
        self.files = FileActions(self, self.firm, self.background)
        self.window_actions = WindowActions(self, self.files)
        # The window answers to its actions' and menus' names (window.undo_action, .toolbar …).
        for name, value in self.window_actions.named().items():
            setattr(self, name, value)
        # Building value trees: the Value tree menu, the tree chooser, editing keys (issue 11).
        self.tree_actions = TreeActions(self)
        self.firm_actions = FirmActions(self)  # File › New firm…, File › Firm settings…
        # File › Backups…, a backup every N minutes of editing, the network/sync warning.
        self.backup_actions = BackupActions(self)
        # After every operation, undo and redo each panel refreshes what the changes name (in
        # this order: the trees first, so the window finds the selection in them; then the
        # window reloads the selected position's panels when its contract as a whole changed;
        # then each panel repaints the lines or actuals that changed).
        for subscriber in (
            self.tree_model.on_changed,
            self.value_model.on_changed,
            self.diagram.on_changed,
            self._follow_selection,
            self.editor.on_changed,
            self.scoring.on_changed,
            self.year_grid.on_changed,
        ):
            self.operations.changed.connect(subscriber)
        # Units, positions and people edited: the Organisation menu, the tree's keys and
        # context menu, the People page.
        self.org_actions = OrgActions(self)
        self.dictionary = DictionaryActions(self)  # the KPI dictionary tab and menu
        # The menus in the order of the work: File, Edit, Organisation, KPI dictionary, Value
        # tree, View (each feature put its own before View as it was composed).
        bar = self.menuBar()
        bar.removeAction(self.tree_actions.menu.menuAction())
        bar.insertMenu(self.view_menu.menuAction(), self.tree_actions.menu)
        # The review cycle (issue 12): each feature adds its commands to a section of the
        # Review menu, placed before View.
        self.review_menu = ReviewMenu(self)
        self.period_actions = PeriodActions(self)  # Review › Period overview (is the data in?)
        self.meeting_actions = MeetingActions(self)  # Review › the meeting: calendar, run, end
        self.results_actions = ResultsActions(self)  # official results, corrections, minutes
        self.calibration_actions = CalibrationActions(self)  # Review › Calibration…
        # A server database: what others change shows here within seconds (issue 13).
        self.refresh = Refresh(self)
        self.about_actions = AboutActions(self)  # Help › About kpidesk: versions, logs, backups
        self.retranslate(reload=False)
        self._before_presenting: dict | None = None
        self._fit_diagram_later = QTimer(self)
        self._fit_diagram_later.setSingleShot(True)
        self._fit_diagram_later.timeout.connect(self._fit_diagram)
        self._restore_layout()
        self.statusBar()

    # construction ---------------------------------------------------------------------------------
    def _build_trees(self) -> None:
        # The rows as the Organisation menu reads them (``OrgActions.read_tree``, which takes
        # the tree over): read once, not read again and compared row by row (5,000 positions:
        # a fifth of opening a large firm's window).
        tree = OrgEdits(self.firm.document).tree
        units, positions, details = tree()
        self.tree_model = OrgTreeModel(
            units,
            positions,
            self,
            on_drop=self.contract_edits.drop,
            indicator_names=self.firm.indicator_names_by_position,
            read=tree,
            details=details,
        )
        # Rows came or went: the tree opens as before and the selection is found again, once.
        self._reselecting: tuple[int, str] | None = None
        self.tree_model.modelAboutToBeReset.connect(self._tree_about_to_reset)
        self.value_model = ValueTreeModel(self.firm.value_tree(), self, read=self._value_tree_nodes)
        org_page, self.tree, self.tree_filter, self.tree_proxy = _filtered_tree(
            self.tree_model, "orgTree"
        )
        self.tree_proxy.setFilterRole(SEARCH_ROLE)  # names shown, and each contract's KPIs
        # Found again through the filter once it has reset too: before, it still maps the rows
        # that went (a crash when their nodes are freed).
        self.tree_proxy.modelReset.connect(self._tree_reset)
        value_page, self.value_tree, self.value_filter, self.value_proxy = _filtered_tree(
            self.value_model, "valueTree"
        )
        self.value_model.modelReset.connect(self.value_tree.expandAll)  # rows came or went
        self.value_tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        # A new firm's trees say how to begin instead of showing a blank panel.
        self.org_hint = EmptyHint(
            self.tree,
            lambda: _(
                "No units yet. Ctrl+Insert adds the firm's first unit, Insert a position in "
                "it; File › Import from Excel… reads HR's roster."
            ),
        )
        self.value_hint = EmptyHint(
            self.value_tree,
            lambda: _(
                "This value tree is empty. Insert adds its top value (such as return on "
                "capital), then Insert again adds the drivers it is made of."
            ),
        )
        self.left = QTabWidget()
        self.left.addTab(org_page, "")
        self.left.addTab(value_page, "")

    def add_page(self, page: QWidget, centre: QWidget | None = None) -> None:
        """A page of the left tabs (its text set by its owner's retranslator); ``centre``, a
        page of the centre tabs shown with it, is added to them when it is not there yet."""
        self.left.addTab(page, "")
        if centre is not None:
            if self.centre.indexOf(centre) < 0:
                self.centre.addTab(centre, "")
            self._centre_for[page] = centre

    def _scores_beside_contract(self) -> None:
        """The scores sit beside what they score (the contract, its year): beside the value
        tree, the dictionary or the people they would show an unrelated contract, and their
        third of the screen goes to the page shown (the splitter gives it back on return)."""
        page = self.centre.currentWidget()
        self.scoring.setVisible(page is self.editor or page is self.year_grid)

    def _follow_left_tab(self, index: int) -> None:
        centre = self._centre_for.get(self.left.widget(index))
        if centre is not None:
            self.centre.setCurrentWidget(centre)

    def _action(self, handler, shortcut=None, checkable: bool = False) -> QAction:
        """A window command, called with no arguments (see ``WindowActions.action``)."""
        return self.window_actions.action(handler, shortcut, checkable)

    def retranslate(self, reload: bool = True) -> None:
        # The left panel is a fifth of a laptop's screen: its tabs carry short names, the whole
        # name in their tooltips.
        self.left.setTabText(0, pgettext("left tab", "Org"))
        self.left.setTabToolTip(0, _("Organisation: units, positions and their holders"))
        self.left.setTabText(1, _("Value tree"))
        self.centre.setTabText(0, _("Contract"))
        self.centre.setTabText(1, _("Value tree diagram"))
        self.centre.setTabText(2, _("Year grid"))
        self.tree_filter.setPlaceholderText(_("Filter units, positions, people, KPIs…"))
        self.value_filter.setPlaceholderText(_("Filter indicators…"))
        self.operations.retranslate()  # the undo entries' names, which the Edit menu shows
        self.window_actions.retranslate()
        if reload:  # badges and headers are words too: the trees repaint in the new language
            self.tree_model.retranslate()
            self.value_model.retranslate()
            self.apply(Changes(organisation=True, value_tree=True), quiet=True)
        self.editor.retranslate()
        self.scoring.retranslate()
        self.year_grid.retranslate()
        for retranslate in self.retranslators:
            retranslate()
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
        if self._reselecting is None:  # not the tree putting the selection back
            self._show(current)

    def _tree_about_to_reset(self) -> None:
        self._reselecting = self.current_position() or (0, "")

    def _tree_reset(self) -> None:
        expand(self.tree, self.tree_model.size)
        if self._reselecting and self._reselecting[0]:
            self._select_position_id(self._reselecting[0])
        self._reselecting = None

    def _value_tree_nodes(self):
        """The value tree read once for its model and its diagram after a change."""
        return self.operations.read_once("value_tree", self.firm.value_tree)

    def _show(self, current) -> None:
        index = current.siblingAtColumn(0)
        if index.data(KIND_ROLE) != "position":
            self.editor.show_position(None, index.data() or "", None, self._categories)
            self.scoring.show_contract(None)
            self.year_grid.show_contract(None)
            return
        position_id = index.data(ID_ROLE)
        contract_id = self.firm.contract_for(position_id)
        try:
            contract = self.firm.contract(contract_id) if contract_id else None
            self.editor.show_position(position_id, index.data(), contract, self._categories)
            self.scoring.show_contract(contract_id)
            self.year_grid.show_contract(contract_id)
        except KpideskError as exc:  # e.g. a value written outside kpidesk: said, the rest shown
            self.editor.show_position(None, index.data() or "", None, self._categories)
            self.scoring.show_contract(None)
            self.year_grid.show_contract(None)
            self.show_notice(str(exc))
            self.show_error(str(exc))

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
        notice = stored_values_notice(self.firm.document)  # values written outside kpidesk
        if notice:
            self.show_notice(notice)
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
        """Announce a change made outside an operation (an import, a language change): every
        panel refreshes what it names, as after an edit."""
        self.operations.announce(changes, QUIET if quiet else None)

    def _follow_selection(self, changes: Changes, source=None) -> None:
        """The window's own part of a change: when the organisation changed (a new contract,
        a move, an import), or the contract shown changed as a whole (rows came or went, its
        status or parties), the selected position's panels show its contract anew, once; a
        change of some lines' values or actuals is the panels' own."""
        shown = self.editor.contract.id if self.editor.contract else None
        whole = not changes.only_lines
        if changes.organisation or (whole and shown is not None and changes.contract == shown):
            self._show(self.tree.currentIndex())
        if source is not QUIET:
            self.statusBar().showMessage(_("Saved."), 3000)

    def show_notice(self, message: str) -> None:
        """Why a cell takes no value: said in the status bar, not in a box to click away."""
        self.last_message = message
        self.statusBar().showMessage(message, 10000)

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
        return self._before_presenting is not None

    def _presentation_chrome(self) -> list[QWidget]:
        """What presentation hides here (the editor and scoring panel hide their own buttons)."""
        return [
            self.menuBar(),
            self.toolbar,
            self.statusBar(),
            self.tree_filter,
            self.value_filter,
        ]

    def set_presentation(self, on: bool, full_screen: bool = True) -> None:
        if on == (self._before_presenting is not None):
            return  # a second F11 or Esc must not overwrite the layout kept for the way back
        self.present_action.setChecked(on)
        self.leave_present_action.setEnabled(on)  # Esc must still cancel cell edits otherwise
        if on:
            # Everything Esc puts back, exactly: window state, splitter, what was visible.
            self._before_presenting = {
                "state": self.windowState(),
                "geometry": self.saveGeometry(),
                "splitter": self.splitter.saveState(),
                "sizes": self.splitter.sizes(),
                "size": self.size(),
                "visible": {w: w.isVisibleTo(self) for w in self._presentation_chrome()},
            }
            for widget in self._presentation_chrome():
                widget.setVisible(False)
            self.setStyleSheet(presentation_style(presentation_point_size(self.screen())))
            self.scoring.set_compact(True)
            self.editor.set_presenting(True)
            if full_screen:
                self.showFullScreen()
            self._present_sizes()
        else:
            before, self._before_presenting = self._before_presenting, None
            self.setStyleSheet("")
            self.diagram.set_zoom(1.0)
            self.scoring.set_compact(False)
            self.editor.set_presenting(False)
            for widget, visible in before["visible"].items():
                widget.setVisible(visible)
            if self.isFullScreen() and not before["state"] & Qt.WindowState.WindowFullScreen:
                self.setWindowState(before["state"])
                if not before["state"] & Qt.WindowState.WindowMaximized:
                    self.restoreGeometry(before["geometry"])
            self.splitter.restoreState(before["splitter"])
            # A window manager may resize the window after this returns: the sizes are set again
            # when the window is back to its size (resizeEvent), so the panels are as they were.
            self._sizes_after_presenting = (before["size"], before["sizes"])
            if self.size() == before["size"]:  # already back: nothing to wait for
                self._sizes_after_presenting = None
        self.editor.view.expandAll()

    def _present_sizes(self) -> None:
        """The tree steps aside (its handle can pull it back); contract and scores share the
        width, or the value-tree diagram takes all of it."""
        if self._before_presenting is None:
            return
        diagram = self.centre.currentIndex() == 1
        self.fit_splitter(PRESENTING_DIAGRAM_SHARES if diagram else PRESENTING_SHARES)
        if diagram:  # the tree is the subject: as large as the screen allows
            self._fit_diagram()
            self._fit_diagram_later.start()  # again once hidden chrome has left its room

    def _fit_diagram(self) -> None:
        if self._before_presenting is not None and self.centre.currentIndex() == 1:
            self.diagram.fit_into(self.centre.widget(1).viewport().size())

    def fit_splitter(self, shares: tuple[float, float, float] | None = None) -> None:
        """Panel widths for the window's width. By default the tree takes about a fifth, less on a
        narrow window (never under its minimum); contract and scores share the rest 62:38, but
        on a narrow window each first gets what its key columns need, the contract before the
        scores (measured on what they show, so call again once a contract is shown)."""
        total = max(self.splitter.width(), self.width()) - 2 * self.splitter.handleWidth()
        if shares is not None:
            self.splitter.setSizes([int(total * share) for share in shares])
            return
        left = min(max(int(total * 0.22) - 60, self.left.minimumWidth()), 330)
        rest = total - left
        tab_frame = self.centre.width() - self.editor.width() if self.centre.isVisible() else 8
        centre_needs = self.editor.key_columns_width() + tab_frame
        right_needs = max(self.scoring.key_columns_width(), self.scoring.minimumWidth())
        centre = int(rest * 0.62)
        if centre < centre_needs:
            centre = max(centre, min(centre_needs, rest - right_needs))
        elif rest - centre < right_needs:
            centre = max(rest - right_needs, centre_needs, self.centre.minimumWidth())
        self.splitter.setSizes([left, centre, rest - centre])

    def fit_to_screen(self) -> None:
        """The first window: most of the available screen, never more than FIRST_WINDOW_MAX,
        centred; on a small screen (a laptop at 150 %: 911×512) all of it, maximised."""
        area = self.screen().availableGeometry()
        size = QSize(
            min(int(area.width() * FIRST_WINDOW_SHARE), FIRST_WINDOW_MAX.width()),
            min(int(area.height() * FIRST_WINDOW_SHARE), FIRST_WINDOW_MAX.height()),
        )
        small = area.width() < SMALL_SCREEN.width() or area.height() < SMALL_SCREEN.height()
        self.resize(area.size() if small else size)
        spare = area.size() - self.size()
        self.move(area.topLeft() + QPoint(spare.width() // 2, spare.height() // 2))
        if small:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        self.fit_splitter()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_diagram()  # full screen arrives late on some desktops
        pending = getattr(self, "_sizes_after_presenting", None)
        if pending and self._before_presenting is None and self.size() == pending[0]:
            self.splitter.setSizes(pending[1])
            self._sizes_after_presenting = None

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

        if not self.dictionary.may_close():  # a refused KPI edit would be lost with the firm
            return False

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

    def _restore_layout(self) -> None:
        saved = {}
        if self.settings is not None:
            for key in ("geometry", "state", "splitter"):
                value = self.settings.value(key)
                if isinstance(value, QByteArray):
                    saved[key] = value
        # Qt's restoreGeometry moves and shrinks a layout saved on a larger screen onto this one.
        if "geometry" not in saved or not self.restoreGeometry(saved["geometry"]):
            self.fit_to_screen()
        if "state" in saved:
            self.restoreState(saved["state"])
        if "splitter" in saved:
            self.splitter.restoreState(saved["splitter"])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The proxy fills lazily: expanding before the first show misses rows.
        expand(self.tree, self.tree_model.size)
        self.value_tree.expandAll()

    def closeEvent(self, event) -> None:
        if not self.dictionary.may_close():  # a pending KPI edit was refused: stay on it
            event.ignore()
            return
        if self._before_presenting is not None:  # remember the working layout, not the projector's
            self.set_presentation(False)
        if self.settings is not None:
            self.settings.setValue("geometry", self.saveGeometry())
            self.settings.setValue("state", self.saveState())
            self.settings.setValue("splitter", self.splitter.saveState())
        super().closeEvent(event)
