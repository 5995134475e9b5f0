"""Building value trees in the window (issue 11 §3), composed into ``MainWindow`` as
``window.tree_actions``: the "Value tree" menu, a tree chooser above the tree, the tree's cells
edited in place (label, operator, owner, baseline), keys and a context menu on the tree and on
the diagram, the diagram exported as a picture or printed as a PDF page.

Every edit is one ``TreeEdits`` call run through ``window.operations`` (undoable, audited); the
tree and its diagram repaint when the change is announced.

Keys, on the tree and on the diagram alike: Insert adds a driver (a child), Shift+Insert or
Ctrl+Enter a sibling, F2 renames, Delete deletes, Ctrl+Up / Ctrl+Down reorder, + − * / set the
operator (so the tree view's own +/− folding is left to the arrow keys), the Menu key or
Shift+F10 opens the context menu. The diagram adds arrows to move, Space to fold, Ctrl+wheel,
Ctrl+= / Ctrl+- to zoom and Ctrl+0 to fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStyledItemDelegate,
    QToolButton,
    QWidget,
)

from kpidesk.core.entry import parse_number
from kpidesk.core.problems import KpideskError, Problem
from kpidesk.i18n import N_, _
from kpidesk.services.firm import TreeNodeView
from kpidesk.services.tree_edits import TreeEdits

from kpidesk.ui.org.org_tree_model import ID_ROLE
from kpidesk.ui.org.value_tree_diagram import OPERATOR_KEYS
from kpidesk.ui.org.value_tree_model import (
    BASELINE,
    LABEL,
    OPERATOR,
    OPERATOR_SIGN,
    OWNER,
)

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

FINDINGS_SHOWN = 3  # under the tree: the first few things to fix
PICTURE_SCALE = 2  # an exported picture has twice the screen's pixels: sharp on a slide


class OperatorDelegate(QStyledItemDelegate):
    """The operator cell: a list of + − × ÷."""

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for op, sign in OPERATOR_SIGN.items():
            combo.addItem(sign, op)
        return combo

    def setEditorData(self, editor, index) -> None:
        sign = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(max(0, editor.findText(sign)))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class OwnerDelegate(QStyledItemDelegate):
    """The owner cell: nobody, a unit or a position (§3: every leaf is owned)."""

    def __init__(self, owners, parent=None):
        super().__init__(parent)
        self.owners = owners  # () → [(text, ("unit"|"position", id))]

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItem("—", None)
        for text, owner in self.owners():
            combo.addItem(text, owner)
        return combo

    def setEditorData(self, editor, index) -> None:
        found = editor.findText(index.data(Qt.ItemDataRole.EditRole) or "—")
        editor.setCurrentIndex(max(0, found))

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor.currentData() or ("", None), Qt.ItemDataRole.EditRole)


class TreeActions(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.edits = TreeEdits(window.firm.document)
        self.view = window.value_tree
        self.model = window.value_model
        self.diagram = window.diagram
        trees = window.firm.value_trees()
        self.code = "main" if any(t.code == "main" for t in trees) else (
            trees[0].code if trees else "main"
        )
        self._reselect: int | None = None
        self._trees: dict = {}
        self._build_actions()
        self._build_chooser(trees)
        self._wire_views()
        self._build_menu()
        window.operations.changed.connect(self.on_changed)
        window.retranslators.append(self.retranslate)
        self.show_tree(self.code)

    # construction -------------------------------------------------------------------------------
    def _local(self, handler, *shortcuts) -> QAction:
        """A node command: its keys work where the focus is in the tree or on the diagram (the
        organisation's Insert and Delete are its own); the menu calls it from anywhere."""
        action = QAction(self.window)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: handler())
        self.view.addAction(action)
        self.diagram.addAction(action)
        return action

    def _build_actions(self) -> None:
        window_action = self.window.window_actions.action
        self.new_tree_action = window_action(self.new_tree)
        self.rename_tree_action = window_action(self.rename_tree)
        self.tree_unit_action = window_action(self.choose_tree_unit)
        self.delete_tree_action = window_action(self.delete_tree)
        self.add_child_action = self._local(self.add_child, "Insert")
        self.add_sibling_action = self._local(self.add_sibling, "Shift+Insert", "Ctrl+Return")
        self.rename_node_action = self._local(self.rename_node, "F2")
        self.delete_node_action = self._local(self.delete_node, "Delete")
        self.move_up_action = self._local(self.move_up, "Ctrl+Up")
        self.move_down_action = self._local(self.move_down, "Ctrl+Down")
        self.indicator_action = self._local(self.choose_indicator)
        self.owner_action = self._local(lambda: self._edit_column(OWNER))
        self.baseline_action = self._local(lambda: self._edit_column(BASELINE))
        self.plus_action = self._local(lambda: self.set_operator("+"))
        self.minus_action = self._local(lambda: self.set_operator("-"))
        self.times_action = self._local(lambda: self.set_operator("*"))
        self.divide_action = self._local(lambda: self.set_operator("/"))
        self.operator_actions = {
            "+": self.plus_action,
            "-": self.minus_action,
            "*": self.times_action,
            "/": self.divide_action,
        }
        # The Menu key and Shift+F10 open the context menu on the current node (not left to
        # the platform: Linux has no Shift+F10, and a facilitator may only have a keyboard).
        self.context_menu_action = self._local(self.menu_on_current, "Menu", "Shift+F10")
        self.zoom_in_action = window_action(self.zoom_in)
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out_action = window_action(self.zoom_out, "Ctrl+-")
        self.fit_action = window_action(self.fit, "Ctrl+0")
        self.export_picture_action = window_action(self.export_picture)
        self.print_pdf_action = window_action(self.print_pdf)

    def _build_chooser(self, trees) -> None:
        self.chooser = QComboBox()
        self.chooser.setObjectName("treeChooser")
        self.chooser.currentIndexChanged.connect(self._chosen)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chooser, 1)
        # One button with the tree commands: the left panel is narrow, three would be elided.
        self.trees_button = QToolButton()
        self.trees_button.setObjectName("treeCommands")
        self.trees_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # Icon-sized "⋯" (its words in the tooltip): a word on it was clipped in a narrow panel.
        self.trees_button.setText("⋯")
        self.trees_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.trees_menu = QMenu(self.trees_button)
        for action in (
            self.new_tree_action,
            self.rename_tree_action,
            self.tree_unit_action,
            self.delete_tree_action,
        ):
            self.trees_menu.addAction(action)
        self.trees_button.setMenu(self.trees_menu)
        layout.addWidget(self.trees_button)
        page_layout = self._page_layout()
        page_layout.insertWidget(0, row)
        # What to fix before the tree computes its weights (a leaf without a baseline …).
        self.findings = QLabel()
        self.findings.setObjectName("treeFindings")
        self.findings.setWordWrap(True)
        self.findings.setStyleSheet("color: #b3261e")
        page_layout.addWidget(self.findings)
        self._fill_chooser(trees)

    def _page_layout(self) -> QBoxLayout:
        """The layout of the Value tree tab's page (its filter above the tree)."""
        page = self.view.parentWidget()
        layout = page.layout() if page is not None else None
        assert isinstance(layout, QBoxLayout)
        return layout

    def _wire_views(self) -> None:
        self.model.read = self.read
        self.diagram.read = self.read
        self.model.edit = self.edit_cell
        self.model.drop = self.drop
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        # A deep tree in the narrow panel: each level indented less, the labels keep more room.
        self.view.setIndentation(self.view.fontMetrics().height())
        self.view.setItemDelegateForColumn(OPERATOR, OperatorDelegate(self.view))
        self.view.setItemDelegateForColumn(OWNER, OwnerDelegate(self._owners, self.view))
        # Columns sized to their contents when a tree is shown, not on every change: with
        # ResizeToContents an operator typed on a 200-node tree took 5 s (every weight changes,
        # and the header measured every row again for each).
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.view.selectionModel().currentChanged.connect(self._tree_current)
        self.model.modelAboutToBeReset.connect(self._about_to_reset)
        self.model.modelReset.connect(self._reset)
        self.diagram.current_changed.connect(self._diagram_current)
        self.diagram.label_edited.connect(self.rename)
        self.diagram.operator_typed.connect(lambda node_id, op: self.set_operator(op, node_id))
        self.diagram.menu_requested.connect(self._menu_at)
        # The scroll area the window put the diagram in (its viewport is the diagram's room).
        parent = self.diagram.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        scroll: QScrollArea | None = parent if isinstance(parent, QScrollArea) else None
        self.diagram_scroll = scroll
        # A tree shown fits the diagram's room when it would not fit at 100 % (Ctrl+0), once
        # that room has its size: the window may not be shown yet when the tree is chosen.
        self._fit_pending = False
        if scroll is not None:
            scroll.viewport().installEventFilter(self)

    def _build_menu(self) -> None:
        self.operator_menus: list[QMenu] = []
        menu_bar = self.window.menuBar()
        self.menu = QMenu(menu_bar)
        view_menu: QMenu = self.window.window_actions.view_menu
        menu_bar.insertMenu(view_menu.menuAction(), self.menu)
        for action in (
            self.new_tree_action,
            self.rename_tree_action,
            self.tree_unit_action,
            self.delete_tree_action,
        ):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self._node_entries(self.menu)
        self.menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.export_picture_action)
        self.menu.addAction(self.print_pdf_action)

    def _node_entries(self, menu: QMenu) -> None:
        for action in (
            self.add_child_action,
            self.add_sibling_action,
            self.rename_node_action,
            self.indicator_action,
            self.delete_node_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        operator_menu = menu.addMenu(_("Operator"))
        for action in self.operator_actions.values():
            operator_menu.addAction(action)
        if menu is self.menu:
            self.operator_menus.append(operator_menu)  # retitled in another language
        for action in (self.owner_action, self.baseline_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.move_up_action)
        menu.addAction(self.move_down_action)

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Value tree"))
        for action, text in (
            (self.new_tree_action, _("New tree…")),
            (self.rename_tree_action, _("Rename tree…")),
            (self.tree_unit_action, _("Division of this tree…")),
            (self.delete_tree_action, _("Delete tree")),
            (self.add_child_action, _("Add a driver")),
            (self.add_sibling_action, _("Add a sibling")),
            (self.rename_node_action, _("Rename node")),
            (self.indicator_action, _("Take an indicator from the dictionary…")),
            (self.delete_node_action, _("Delete node")),
            (self.owner_action, _("Set owner")),
            (self.baseline_action, _("Set baseline")),
            (self.move_up_action, _("Move up")),
            (self.move_down_action, _("Move down")),
            (self.zoom_in_action, _("Zoom in")),
            (self.zoom_out_action, _("Zoom out")),
            (self.fit_action, _("Fit the diagram")),
            (self.export_picture_action, _("Export as picture…")),
            (self.print_pdf_action, _("Print to PDF…")),
        ):
            action.setText(text)
        for operator_menu in self.operator_menus:
            operator_menu.setTitle(_("Operator"))
        keys = {"+": "+", "-": "-", "*": "*", "/": "/"}
        for op, action in self.operator_actions.items():
            # TRANSLATORS: an operator of the value tree, with the key that sets it
            action.setText(
                _("{sign}  (type {key})").format(sign=OPERATOR_SIGN[op], key=keys[op])
            )
        self.chooser.setToolTip(_("The value tree shown"))
        self.trees_button.setToolTip(_("Value trees: new, rename, delete"))
        self.trees_button.setAccessibleName(_("Trees"))
        self.show_findings()
        self._update_enabled()

    # the tree shown ------------------------------------------------------------------------------
    def read(self):
        """The chosen tree as it stands, read once for the tree and its diagram."""
        code = self.code
        return self.window.operations.read_once(
            ("value_tree", code), lambda: self.window.firm.value_tree(code)
        )

    def _fill_chooser(self, trees=None) -> None:
        trees = self.window.firm.value_trees() if trees is None else trees
        self.chooser.blockSignals(True)
        self.chooser.clear()
        units = {unit.id: unit.name for unit in self.window.firm.units()}
        for tree in trees:
            # The division a tree serves follows its name: 价值树 · 营销部门.
            division = units.get(tree.unit_id) if tree.unit_id is not None else None
            self.chooser.addItem(f"{tree.name} · {division}" if division else tree.name, tree.code)
        found = self.chooser.findData(self.code)
        if found < 0 and trees:
            found, self.code = 0, trees[0].code
        self.chooser.setCurrentIndex(found)
        self.chooser.blockSignals(False)
        self._trees = {t.code: t for t in trees}

    def _chosen(self, index: int) -> None:
        code = self.chooser.itemData(index)
        if code and code != self.code:
            self.show_tree(code)

    def show_tree(self, code: str) -> None:
        """Show the tree ``code`` in the tree view and the diagram."""
        self.code = code
        found = self.chooser.findData(code)
        if found >= 0 and found != self.chooser.currentIndex():
            self.chooser.blockSignals(True)
            self.chooser.setCurrentIndex(found)
            self.chooser.blockSignals(False)
        nodes = self.window.firm.value_tree(code)
        self.model.reload(nodes)
        self.diagram.set_nodes(nodes)
        self.view.expandAll()
        self._fit_pending = True
        self._fit_if_too_big()
        self._fit_columns()
        self._update_enabled()
        self.show_findings()

    def _fit_columns(self) -> None:
        """Measure each column once per tree shown (not on every change: 200 nodes), then
        share the panel's width (``_share_width``, again when the panel is resized)."""
        header = self.view.header()
        self._content_widths = [
            max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
            for column in range(self.model.columnCount())
        ]
        self._share_width()

    def _share_width(self) -> None:
        """The indicator column takes what the others leave, but never less than 60 % of
        the panel (its labels elided, whole in their tooltips): in a narrow panel (a 1366
        screen, in Chinese) the operator shows beside the labels and the rest scrolls in."""
        widths = getattr(self, "_content_widths", None)
        if not widths:
            return
        room = self.view.viewport().width()
        others = sum(widths[1:])
        label = min(widths[LABEL], max(room - others, room * 0.6))
        self.view.setColumnWidth(LABEL, int(label))
        for column, width in enumerate(widths[1:], start=1):
            self.view.setColumnWidth(column, width)

    def on_changed(self, changes, _source=None) -> None:
        if changes.value_tree:
            self._fill_chooser()
            self._update_enabled()
            self.show_findings()

    def show_findings(self) -> None:
        """The first few things to fix, in the language in force; hidden when none."""
        found = self.window.firm.tree_findings(self.read())  # the tree as read for the views
        lines = [problem.text() for problem in found[:FINDINGS_SHOWN]]
        if len(found) > FINDINGS_SHOWN:
            lines.append(_("… and {count} more").format(count=len(found) - FINDINGS_SHOWN))
        self.findings.setText("\n".join(lines))
        self.findings.setVisible(bool(lines))

    def _node(self, node_id: int) -> TreeNodeView:
        node = self.model.node(node_id)
        assert node is not None, node_id  # the ids come from the model itself
        return node

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select(self, node_id: int | None, column: int = LABEL) -> QModelIndex:
        """Make ``node_id`` the current node of the tree (and so of the diagram)."""
        source = self.model.index_of(node_id, column) if node_id is not None else QModelIndex()
        index = self.window.value_proxy.mapFromSource(source)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        return index

    def _tree_current(self, current, _previous) -> None:
        self.diagram.select(current.data(ID_ROLE) if current.isValid() else None)
        self._update_enabled()

    def _diagram_current(self, node_id: int) -> None:
        self.select(node_id)

    def _about_to_reset(self) -> None:
        if self._reselect is None:
            self._reselect = self.current_id()

    def _reset(self) -> None:
        wanted, self._reselect = self._reselect, None
        self.view.expandAll()
        self._fit_columns()  # rows came or went
        if wanted is not None and self.model.node(wanted) is not None:
            self.select(wanted)

    def _update_enabled(self) -> None:
        node = self.current_id()
        tree = self._trees.get(self.code)
        empty = tree is not None and not self.model.nodes()
        for action in (
            self.rename_node_action,
            self.delete_node_action,
            self.move_up_action,
            self.move_down_action,
            self.indicator_action,
            self.owner_action,
            self.baseline_action,
            self.add_sibling_action,
            *self.operator_actions.values(),
        ):
            action.setEnabled(node is not None)
        self.add_child_action.setEnabled(node is not None or empty or not self._trees)
        self.rename_tree_action.setEnabled(tree is not None)
        self.tree_unit_action.setEnabled(tree is not None)
        self.delete_tree_action.setEnabled(empty)

    # running edits ---------------------------------------------------------------------------------
    def _run(self, label: str, operation, select_after=None):
        result = self.window.operations.run(Problem(label), operation, self)
        if result is not None and select_after is not None:
            self.select(select_after(result))
        return result

    def _node_or_say(self) -> int | None:
        node_id = self.current_id()
        if node_id is None:
            self.window.show_notice(_("Choose a node of the value tree first."))
        return node_id

    # trees
    def new_tree(self) -> None:
        name, ok = QInputDialog.getText(self.window, _("New value tree"), _("Name of the tree:"))
        if not ok:
            return
        result = self._run(N_("New value tree"), lambda: self.edits.add_tree(name))
        if result is not None:
            self._fill_chooser()
            self.show_tree(result.value)

    def rename_tree(self) -> None:
        tree = self._trees.get(self.code)
        if tree is None:
            return
        name, ok = QInputDialog.getText(
            self.window, _("Rename value tree"), _("Name of the tree:"), text=tree.name
        )
        if ok:
            self._run(N_("Rename value tree"), lambda: self.edits.rename_tree(tree.code, name))

    def choose_tree_unit(self) -> None:
        """The division this tree serves, or the whole firm (one tree per division, seed 000)."""
        tree = self._trees.get(self.code)
        if tree is None:
            return
        units = [(None, _("The whole firm"))] + [
            (unit.id, unit.name) for unit in self.window.firm.units()
        ]
        names = [name for _id, name in units]
        current = next((i for i, (unit_id, _n) in enumerate(units) if unit_id == tree.unit_id), 0)
        chosen, ok = QInputDialog.getItem(
            self.window, _("Division of this tree"), _("The tree serves:"), names, current, False
        )
        if not ok:
            return
        unit_id = units[names.index(chosen)][0]
        code = tree.code
        self._run(N_("Division of value tree"), lambda: self.edits.set_tree_unit(code, unit_id))

    def delete_tree(self) -> None:
        code = self.code
        self._run(N_("Delete value tree"), lambda: self.edits.delete_tree(code))

    # nodes
    def _new_label(self) -> str:
        return _("New node")

    def add_child(self) -> None:
        if not self._trees:  # a new firm: the tree itself comes first
            self.window.show_notice(_("Make a value tree first: Value tree › New tree…"))
            return
        node_id = self.current_id()
        code, label = self.code, self._new_label()
        if node_id is None and self.model.nodes():
            self._node_or_say()
            return
        result = self._run(
            N_("Add a driver"),
            lambda: self.edits.add_child(node_id, label, tree=code),
            lambda result: result.value,
        )
        if result is not None:
            self._edit_new(result.value)

    def add_sibling(self) -> None:
        node_id = self._node_or_say()
        if node_id is None:
            return
        label = self._new_label()
        result = self._run(
            N_("Add a sibling"),
            lambda: self.edits.add_sibling(node_id, label),
            lambda result: result.value,
        )
        if result is not None:
            self._edit_new(result.value)

    def _edit_new(self, node_id: int) -> None:
        """A new node's name is typed at once, where the user is working."""
        if self.diagram.hasFocus() or self.diagram.editor.hasFocus():
            self.diagram.edit_label(node_id)
        else:
            self.view.edit(self.select(node_id))

    def rename_node(self) -> None:
        node_id = self._node_or_say()
        if node_id is None:
            return
        current = self.view.currentIndex()
        if self.diagram.hasFocus():
            self.diagram.edit_label(node_id)
        elif self.view.hasFocus() and current.flags() & Qt.ItemFlag.ItemIsEditable:
            self.view.edit(current)  # F2 edits the cell it is on (a baseline, an owner …)
        else:
            self.view.edit(self.select(node_id))

    def rename(self, node_id: int, label: str) -> None:
        self._run(N_("Rename node"), lambda: self.edits.set_label(node_id, label))

    def delete_node(self) -> None:
        node_id = self._node_or_say()
        if node_id is None:
            return
        node = self._node(node_id)
        below = self._count_below(node_id)
        if below:
            answer = QMessageBox.question(
                self.window,
                _("Delete node"),
                _("Delete {label} and the {count} nodes below it?").format(
                    label=node.label, count=below
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        # Then the parent, or the sibling before it, is the current node.
        siblings = [n.id for n in self.model.nodes() if n.parent_id == node.parent_id]
        at = siblings.index(node_id)
        after = siblings[at - 1] if at > 0 else (siblings[1] if len(siblings) > 1 else node.parent_id)
        self._reselect = after
        self._run(N_("Delete node"), lambda: self.edits.delete_node(node_id, subtree=bool(below)))
        self._reselect = None
        if after is not None:
            self.select(after)

    def _count_below(self, node_id: int) -> int:
        children: dict[int | None, list[int]] = {}
        for node in self.model.nodes():
            children.setdefault(node.parent_id, []).append(node.id)
        count, stack = 0, list(children.get(node_id, []))
        while stack:
            count += 1
            stack.extend(children.get(stack.pop(), []))
        return count

    def move_up(self) -> None:
        self._move(self.edits.move_up)

    def move_down(self) -> None:
        self._move(self.edits.move_down)

    def _move(self, operation) -> None:
        node_id = self._node_or_say()
        if node_id is not None:
            self._reselect = node_id
            self._run(N_("Move node"), lambda: operation(node_id), lambda _r: node_id)
            self._reselect = None

    def drop(self, node_id: int, parent_id: int, row: int) -> bool:
        self._reselect = node_id
        index = None if row < 0 else row
        done = self._run(
            N_("Move node"),
            lambda: self.edits.reparent(node_id, parent_id, index),
            lambda _r: node_id,
        )
        self._reselect = None
        return done is not None

    def set_operator(self, op: str, node_id: int | None = None) -> None:
        node_id = node_id if node_id is not None else self._node_or_say()
        if node_id is not None:
            self._run(N_("Set operator"), lambda: self.edits.set_operator(node_id, op))

    def choose_indicator(self) -> None:
        node_id = self._node_or_say()
        if node_id is None:
            return
        # The contract editor's picker: search, pinyin, or a new KPI made in the dictionary.
        code = self.window.contract_edits.pick_indicator()
        if code is None:
            return
        indicator_id = next(e.id for e in self.window.firm.indicators() if e.code == code)
        self._run(N_("Set indicator"), lambda: self.edits.set_indicator(node_id, indicator_id))

    def _edit_column(self, column: int) -> None:
        node_id = self._node_or_say()
        if node_id is not None:
            self.view.setFocus()
            self.view.edit(self.select(node_id, column))

    def _owners(self) -> list[tuple[str, tuple[str, int]]]:
        firm = self.window.firm
        owners = [(unit.name, ("unit", unit.id)) for unit in firm.units()]
        for positions in firm.all_positions().values():
            owners.extend((p.name, ("position", p.id)) for p in positions)
        return owners

    def edit_cell(self, node_id: int, column: int, value) -> bool:
        """A cell of the tree typed into or chosen from (the model's ``edit``)."""
        if column == LABEL:
            if str(value) == self._node(node_id).label:
                return False
            return self._run(N_("Rename node"), lambda: self.edits.set_label(node_id, str(value))) is not None
        if column == OPERATOR:
            op = OPERATOR_KEYS.get(str(value), str(value))
            if op == self._node(node_id).operator:
                return False
            return self._run(N_("Set operator"), lambda: self.edits.set_operator(node_id, op)) is not None
        if column == OWNER:
            kind, owner_id = value if isinstance(value, tuple) else ("", None)
            position = owner_id if kind == "position" else None
            unit = owner_id if kind == "unit" else None
            return self._run(
                N_("Set owner"), lambda: self.edits.set_owner(node_id, position, unit)
            ) is not None
        if column == BASELINE:
            text = str(value).strip()
            try:
                baseline = parse_number(text) if text else None
            except KpideskError as exc:
                self.window.show_error(
                    _("Baseline of {label}: {problem}").format(
                        label=self._node(node_id).label, problem=str(exc)
                    )
                )
                return False
            if baseline == self._node(node_id).baseline:
                return False
            return self._run(
                N_("Set baseline"), lambda: self.edits.set_baseline(node_id, baseline)
            ) is not None
        return False

    def _fit_if_too_big(self) -> None:
        """A tree just shown that does not fit the room at 100 % opens fitted (never below the
        readable type ``fit`` keeps), rather than on a fragment of its middle."""
        scroll = self.diagram_scroll
        if not self._fit_pending or scroll is None or not scroll.viewport().isVisible():
            return
        self._fit_pending = False
        self.diagram.set_zoom(1.0)
        if not self.diagram.fits(scroll.viewport().size()):
            self.diagram.fit()
            roots = [n.id for n in self.model.nodes() if n.parent_id is None]
            self.diagram.show_node(self.diagram.selected or (roots[0] if roots else None))

    # keys and the context menu ----------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.view.viewport():
            self._share_width()
            return False
        if kind in (QEvent.Type.Show, QEvent.Type.Resize) and self.diagram_scroll is not None and (
            watched is self.diagram_scroll.viewport()
        ):
            self._fit_if_too_big()
            return False
        if kind == QEvent.Type.KeyPress and watched is self.view and self.view.state() != (
            QAbstractItemView.State.EditingState
        ):
            text = event.text()
            plain = not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            if text in OPERATOR_KEYS and plain and self.current_id() is not None:
                self.set_operator(OPERATOR_KEYS[text])
                return True
        if kind == QEvent.Type.ContextMenu and watched in (self.view, self.view.viewport()):
            if event.reason() == event.Reason.Mouse:
                index = self.view.indexAt(self.view.viewport().mapFrom(watched, event.pos()))
                if index.isValid():
                    self.view.setCurrentIndex(index)
                where = event.globalPos()
            else:  # the Menu key or Shift+F10: at the current row
                rect = self.view.visualRect(self.view.currentIndex())
                where = self.view.viewport().mapToGlobal(rect.center() if rect.isValid() else QPoint())
            self._menu_at(where)
            return True
        return super().eventFilter(watched, event)

    def context_menu(self) -> QMenu:
        menu = QMenu(self.window)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # built anew each time
        self._node_entries(menu)
        return menu

    def menu_on_current(self) -> None:
        if self.diagram.hasFocus() and self.diagram.selected in self.diagram.boxes:
            centre = self.diagram.boxes[self.diagram.selected].center().toPoint()
            self._menu_at(self.diagram.mapToGlobal(centre))
            return
        rect = self.view.visualRect(self.view.currentIndex())
        self._menu_at(self.view.viewport().mapToGlobal(rect.center() if rect.isValid() else QPoint()))

    def _menu_at(self, where: QPoint) -> None:
        self.last_menu = self.context_menu()
        self.last_menu.popup(where)

    # the diagram -------------------------------------------------------------------------------------
    def edit_on_diagram_for_screenshot(self) -> None:
        """``kpidesk screenshot --view tree-edit``: the first leaf's label being typed over on
        its box, the diagram focused."""
        nodes = self.model.nodes()
        parents = {n.parent_id for n in nodes}
        leaves = [n for n in nodes if n.id not in parents]
        if not leaves:
            return
        leaf = min(leaves, key=lambda n: self.diagram.boxes[n.id].top())  # the topmost box
        self.select(leaf.id)
        self.diagram.setFocus()
        self.diagram.edit_label(leaf.id)
        # TRANSLATORS: typed after a node's name in the screenshot of a node being edited
        self.diagram.editor.setText(leaf.label + _("(adjusted)"))
    def zoom_in(self) -> None:
        self.diagram.zoom_in()

    def zoom_out(self) -> None:
        self.diagram.zoom_out()

    def fit(self) -> None:
        self.diagram.fit()

    def picture(self) -> QImage:
        """The diagram as a picture, at twice the screen's pixels, without the selection."""
        size = self.diagram.sizeHint()
        image = QImage(size * PICTURE_SCALE, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(PICTURE_SCALE)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        self.diagram.paint(painter, marked=False)
        painter.end()
        return image

    def _tree_name(self) -> str:
        tree = self._trees.get(self.code)
        return tree.name if tree is not None else _("Value tree")

    def _empty_said(self) -> bool:
        """An empty tree has nothing to draw: said, instead of writing a blank picture."""
        if self.window.value_model.rowCount() == 0:
            self.window.show_notice(
                _("This value tree is empty: add its top value first (Insert).")
            )
            return True
        return False

    def export_picture(self) -> None:
        if self._empty_said():
            return
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export as picture"), f"{self._tree_name()}.png", _("PNG pictures (*.png)")
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        if self.picture().save(path):  # PNG: the name ends in .png
            self.window.show_notice(_("Wrote {path}.").format(path=path))
        else:
            self.window.show_error(_("{path} could not be written.").format(path=path))

    def print_pdf(self) -> None:
        from kpidesk.reports.tree_pdf import write_tree_pdf

        if self._empty_said():
            return
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Print to PDF"), f"{self._tree_name()}.pdf", _("PDF documents (*.pdf)")
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        nodes = self.window.firm.value_tree(self.code)
        title = f"{self._tree_name()} — {self.window.firm.name}"
        font = self.window.files.pdf_font()
        self.window.background.run(
            _("Printing the value tree…"),
            lambda: write_tree_pdf(path, nodes, title, font),
            lambda written: self.window.show_notice(_("Wrote {path}.").format(path=written)),
            lambda error: self._not_printed(path, error),
        )

    def _not_printed(self, path: str, error: BaseException) -> bool:
        """A folder that does not exist or cannot be written is the user's to fix, said in
        words as the picture's export says it; anything else is a bug for the error dialog."""
        if not isinstance(error, OSError):
            return False
        self.window.show_error(_("{path} could not be written.").format(path=path))
        return True
