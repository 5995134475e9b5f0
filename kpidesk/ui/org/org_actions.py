"""Editing the organisation from the window: the Organisation menu, the tree's context menu
(right click, the Menu key or Shift+F10) and its keys, composed into the window as
``window.org_actions``.

Keys, on the organisation tree: Insert adds a position to the current unit (the common case:
a unit gets its jobs), Ctrl+Insert adds a sub-unit under it, F2 renames in place, Delete
deletes what nothing refers to and otherwise says what does and offers to archive it. A new
row is selected with its name open for typing. Every command runs one ``OrgEdits`` operation
through ``window.operations``: undoable, audited, announced."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QMessageBox

from kpidesk.core import org as rules
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_, _
from kpidesk.services.org_edits import OrgEdits
from kpidesk.ui.org.org_dialogs import (
    AssignDialog,
    Choice,
    LeftDialog,
    PersonDialog,
    ReportsToDialog,
)
from kpidesk.ui.org.org_tree_model import ID_ROLE, KIND_ROLE
from kpidesk.ui.org.people_page import PeoplePage

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow


class OrgActions:
    def __init__(self, window: MainWindow):
        self.window = window
        self.edits = OrgEdits(window.firm.document)
        self.show_archived = False
        tree = window.tree
        act = self._action
        self.add_child_unit_action = act(self.add_child_unit, "Ctrl+Ins", tree_key=True)
        self.add_sibling_unit_action = act(self.add_sibling_unit)
        self.add_position_action = act(self.add_position, "Ins", tree_key=True)
        self.rename_action = act(self.rename, "F2", tree_key=True)
        self.key_position_action = act(self.toggle_key_position, checkable=True)
        self.reports_to_action = act(self.choose_reports_to)
        self.assign_action = act(self.assign)
        self.delete_action = act(self.delete, "Del", tree_key=True)
        self.archive_action = act(self.archive)
        self.unarchive_action = act(self.unarchive)
        self.add_person_action = act(self.add_person)
        self.context_menu_action = act(self.open_context_menu, "Shift+F10", tree_key=True)
        # The Menu key too: as a shortcut it works wherever the key event comes from.
        self.context_menu_action.setShortcuts(
            [QKeySequence("Shift+F10"), QKeySequence(Qt.Key.Key_Menu)]
        )
        self.show_archived_action = act(self.toggle_archived, checkable=True)
        self.kind_group = QActionGroup(window)
        self.kind_actions: dict[str, QAction] = {}
        for kind in rules.UNIT_KINDS:
            action = act(partial(self.set_unit_kind, kind), checkable=True)
            self.kind_group.addAction(action)
            self.kind_actions[kind] = action
        self.class_group = QActionGroup(window)
        self.class_actions: dict[str, QAction] = {}
        for employee_class in rules.EMPLOYEE_CLASSES:
            action = act(partial(self.set_employee_class, employee_class), checkable=True)
            self.class_group.addAction(action)
            self.class_actions[employee_class] = action
        self.menu = QMenu(window)
        self.menu.setObjectName("organisationMenu")
        self.kind_menu = QMenu(window)
        self.class_menu = QMenu(window)
        for action in self.kind_actions.values():
            self.kind_menu.addAction(action)
        for action in self.class_actions.values():
            self.class_menu.addAction(action)
        self._fill(self.menu)
        self.menu.addSeparator()
        self.menu.addAction(self.add_person_action)
        # File, Edit, Organisation, … View: the menu goes before View.
        view_menu = window.window_actions.view_menu
        window.menuBar().insertMenu(view_menu.menuAction(), self.menu)
        view_menu.addAction(self.show_archived_action)
        self.menu.aboutToShow.connect(self.update_actions)
        self.context_menu: QMenu | None = None
        # The tree: names edited in place by F2 (not by a double click that meant to select),
        # the context menu on the current row, the reads without archived rows.
        tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._context_menu_at)
        model = window.tree_model
        model.on_rename = self.rename_item
        model.read = self.read_tree  # the window built it from the same read
        tree.selectionModel().currentChanged.connect(lambda *_args: self.update_actions())
        self.people_page = PeoplePage(self)
        # A page of the centre: its table of who holds what wants the width (a left tab showed
        # three of its six columns on a laptop).
        window.centre.addTab(self.people_page, "")
        window.operations.changed.connect(self.people_page.on_changed)
        window.retranslators.append(self.retranslate)
        self.update_actions()

    def _action(
        self,
        handler: Callable[[], object],
        shortcut: str | None = None,
        checkable: bool = False,
        tree_key: bool = False,
    ) -> QAction:
        """A command called with no arguments. A key that means something else elsewhere
        (Insert, Delete, F2 in a grid) works on the organisation tree only."""
        action = self.window.window_actions.action(handler, None, checkable)
        if shortcut:
            action.setShortcut(shortcut)
        if tree_key:
            self.window.removeAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.window.tree.addAction(action)
        return action

    def _fill(self, menu: QMenu) -> None:
        for action in (
            self.add_child_unit_action,
            self.add_sibling_unit_action,
            self.add_position_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.rename_action)
        menu.addMenu(self.kind_menu)
        menu.addAction(self.key_position_action)
        menu.addMenu(self.class_menu)
        menu.addAction(self.reports_to_action)
        menu.addAction(self.assign_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.addAction(self.archive_action)
        menu.addAction(self.unarchive_action)

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Organisation"))
        self.add_child_unit_action.setText(_("Add &child unit"))
        self.add_sibling_unit_action.setText(_("Add &sibling unit"))
        self.add_position_action.setText(_("Add &position"))
        self.rename_action.setText(_("&Rename"))
        self.kind_menu.setTitle(_("Unit k&ind"))
        for kind, action in self.kind_actions.items():
            action.setText(str(rules.unit_kind_word(kind)))
        self.key_position_action.setText(_("&Key position"))
        self.class_menu.setTitle(_("&Employee class"))
        for employee_class, action in self.class_actions.items():
            action.setText(str(rules.employee_class_word(employee_class)))
        self.reports_to_action.setText(_("Reports &to…"))
        self.assign_action.setText(_("&Assign a person…"))
        self.delete_action.setText(_("&Delete"))
        self.archive_action.setText(_("Archi&ve"))
        self.unarchive_action.setText(_("Bring back from the archive"))
        self.add_person_action.setText(_("Add a perso&n…"))
        self.context_menu_action.setText(_("Context menu"))
        self.show_archived_action.setText(_("Show archived units and positions"))
        self.people_page.retranslate()

    # what is current ------------------------------------------------------------------------
    def current(self) -> tuple[str, int] | None:
        """The unit or position the tree's current row shows."""
        index = self.window.tree.currentIndex().siblingAtColumn(0)
        if not index.isValid():
            return None
        return index.data(KIND_ROLE), index.data(ID_ROLE)

    def current_unit(self) -> int | None:
        """The current unit, or the unit of the current position."""
        current = self.current()
        if current is None:
            return None
        kind, item_id = current
        return item_id if kind == "unit" else self.edits.position_details(item_id)["unit_id"]

    def update_actions(self) -> None:
        """Each command enabled for what is current, its mark showing the current state."""
        current = self.current()
        kind = current[0] if current else None
        is_unit, is_position = kind == "unit", kind == "position"
        archived = False
        if current is not None and is_unit:
            details = self.edits.unit_details(current[1])
            archived = details["archived"]
            allowed = rules.kinds_allowed(details["parent_kind"], details["child_kinds"])
            for unit_kind, action in self.kind_actions.items():
                action.setChecked(unit_kind == details["unit_kind"])
                action.setEnabled(unit_kind in allowed or unit_kind == details["unit_kind"])
        if current is not None and is_position:
            details = self.edits.position_details(current[1])
            archived = details["archived"]
            self.key_position_action.setChecked(details["key_position"])
            for employee_class, action in self.class_actions.items():
                action.setChecked(employee_class == details["employee_class"])
        else:
            self.key_position_action.setChecked(False)
        self.kind_menu.setEnabled(is_unit)
        self.class_menu.setEnabled(is_position)
        for action in (self.key_position_action, self.reports_to_action, self.assign_action):
            action.setEnabled(is_position)
        self.add_sibling_unit_action.setEnabled(is_unit)
        self.add_position_action.setEnabled(current is not None)
        for action in (self.rename_action, self.delete_action):
            action.setEnabled(current is not None)
        self.archive_action.setEnabled(current is not None and not archived)
        self.unarchive_action.setEnabled(archived)

    # running ------------------------------------------------------------------------------------
    def _run(self, label: str, operation, select: str | None = None, edit: bool = False):
        """Run one operation (``label`` marked with N_); ``select``: the kind of row the result's
        value names, selected afterwards (and its name opened for typing with ``edit``)."""
        result = self.window.operations.run(Problem(label), operation)
        if result is not None and select is not None:
            self.select(select, result.value, edit=edit)
        self.update_actions()
        return result

    def select(self, kind: str, item_id: int, edit: bool = False) -> bool:
        """Make the row of ``kind`` ``item_id`` current (clearing a filter that hides it)."""
        window = self.window
        index = self._find(kind, item_id)
        if not index.isValid() and window.tree_filter.text():
            window.tree_filter.clear()
            index = self._find(kind, item_id)
        if not index.isValid():
            return False
        window.tree.scrollTo(index)
        window.tree.setCurrentIndex(index)
        if edit:
            window.tree.setFocus()
            window.tree.edit(index)
        return True

    def _find(self, kind: str, item_id: int) -> QModelIndex:
        proxy = self.window.tree_proxy
        for index in proxy.match(
            proxy.index(0, 0),
            ID_ROLE,
            item_id,
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        ):
            if index.data(KIND_ROLE) == kind:
                return index
        return QModelIndex()

    def read_tree(self):
        return self.edits.tree(self.show_archived)

    # commands -----------------------------------------------------------------------------------
    def add_child_unit(self) -> None:
        parent = self.current_unit()
        self._run(
            N_("Add unit"),
            lambda: self.edits.add_unit(parent, self.edits.free_unit_name(parent, _("New unit"))),
            select="unit",
            edit=True,
        )

    def add_sibling_unit(self) -> None:
        """A unit beside the current one, just after it, of the same kind."""
        current = self.current()
        if current is None or current[0] != "unit":
            return
        details = self.edits.unit_details(current[1])
        parent_id = details["parent_id"]
        self._run(
            N_("Add unit"),
            lambda: self.edits.add_unit(
                parent_id,
                self.edits.free_unit_name(parent_id, _("New unit")),
                details["unit_kind"],
                after=current[1],
            ),
            select="unit",
            edit=True,
        )

    def add_position(self) -> None:
        """A position in the current unit: just after the current position, if one is."""
        unit_id = self.current_unit()
        if unit_id is None:
            return
        current = self.current()
        after = current[1] if current is not None and current[0] == "position" else None
        self._run(
            N_("Add position"),
            lambda: self.edits.add_position(
                unit_id, self.edits.free_position_name(unit_id, _("New position")), after=after
            ),
            select="position",
            edit=True,
        )

    def rename(self) -> None:
        index = self.window.tree.currentIndex().siblingAtColumn(0)
        if index.isValid():
            self.window.tree.setCurrentIndex(index)
            self.window.tree.edit(index)

    def rename_item(self, kind: str, item_id: int, name: str) -> bool:
        """A name typed in the tree (the model's setData)."""
        if kind == "unit":
            operation = lambda: self.edits.rename_unit(item_id, name)
            label = N_("Rename unit")
        else:
            operation = lambda: self.edits.rename_position(item_id, name)
            label = N_("Rename position")
        return self.window.operations.run(Problem(label), operation) is not None

    def set_unit_kind(self, kind: str) -> None:
        current = self.current()
        if current is None or current[0] != "unit":
            return
        self._run(N_("Set unit kind"), lambda: self.edits.set_unit_kind(current[1], kind))

    def toggle_key_position(self) -> None:
        current = self.current()
        if current is None or current[0] != "position":
            return
        key = self.key_position_action.isChecked()  # the mark flipped before the command fires
        self._run(N_("Key position"), lambda: self.edits.set_key_position(current[1], key))

    def set_employee_class(self, employee_class: str) -> None:
        current = self.current()
        if current is None or current[0] != "position":
            return
        self._run(
            N_("Set employee class"),
            lambda: self.edits.set_employee_class(current[1], employee_class),
        )

    def _position_choices(self, but: int | None = None) -> list[Choice]:
        units, positions, _details = self.edits.tree()
        names = {unit.id: unit.name for unit in units}
        return [
            (position.id, f"{names[unit_id]} / {position.name}")
            for unit_id, held in positions.items()
            for position in held
            if position.id != but
        ]

    def choose_reports_to(self) -> None:
        current = self.current()
        if current is None or current[0] != "position":
            return
        details = self.edits.position_details(current[1])
        dialog = ReportsToDialog(
            self.window,
            details["name"],
            self._position_choices(but=current[1]),
            details["reports_to_id"],
        )
        if dialog.exec() != ReportsToDialog.DialogCode.Accepted:
            return
        boss = dialog.chosen()
        self._run(N_("Set reports to"), lambda: self.edits.set_reports_to(current[1], boss))

    def assign(self, person: int | None = None, position: int | None = None) -> None:
        """Assign a person to the current position (or, from the people page, the person or
        the vacant position chosen there) from a date."""
        current = self.current()
        if position is None and person is None and current and current[0] == "position":
            position = current[1]
        people: list[Choice] = [
            (p.id, f"{p.code} {p.name}") for p in self.edits.people().persons if not p.archived
        ]
        dialog = AssignDialog(
            self.window,
            people,
            self._position_choices(),
            self.edits.today(),
            person=person,
            position=position,
        )
        if dialog.exec() != AssignDialog.DialogCode.Accepted:
            return
        employee_id, position_id, start = dialog.values()
        if employee_id is None or position_id is None:
            self.window.show_error(_("Choose a person and a position from the lists."))
            return
        self._run(N_("Assign a person"), lambda: self.edits.assign(employee_id, position_id, start))

    def add_person(self) -> int | None:
        dialog = PersonDialog(self.window)
        if dialog.exec() != PersonDialog.DialogCode.Accepted:
            return None
        code, name = dialog.values()
        result = self._run(N_("Add a person"), lambda: self.edits.add_employee(code, name))
        return result.value if result is not None else None

    def rename_person(self, employee_id: int, name: str) -> bool:
        """A name typed in the people table."""
        result = self._run(
            N_("Rename a person"), lambda: self.edits.rename_employee(employee_id, name)
        )
        return result is not None

    def person_left(self, employee_id: int, name: str) -> None:
        """The person left the firm on a day asked for: their positions end that day."""
        dialog = LeftDialog(self.window, name, self.edits.today())
        if dialog.exec() != LeftDialog.DialogCode.Accepted:
            return
        left_on = dialog.value()
        self._run(N_("Left the firm"), lambda: self.edits.archive_employee(employee_id, left_on))

    def delete(self) -> None:
        """Delete what nothing refers to; otherwise say what does, and offer to archive it."""
        current = self.current()
        if current is None:
            return
        kind, item_id = current
        refusal = self.edits.deletion_refusal(kind, item_id)
        if refusal is None:
            if kind == "unit":
                self._run(N_("Delete unit"), lambda: self.edits.delete_unit(item_id))
            else:
                self._run(N_("Delete position"), lambda: self.edits.delete_position(item_id))
            return
        # Archive is offered only when it can be done; otherwise the box says what keeps it
        # (people still working there, open contracts) rather than a button that is refused.
        blocked = self.edits.archive_refusal(kind, item_id)
        text = str(refusal) if blocked is None else f"{refusal}\n\n{blocked}"
        box = QMessageBox(QMessageBox.Icon.Information, _("Delete"), text, parent=self.window)
        archive = None
        if blocked is None:
            archive = box.addButton(_("Archive"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.window.last_message = text
        box.exec()
        if archive is not None and box.clickedButton() is archive:
            self.archive()

    def archive(self, archived: bool = True) -> None:
        current = self.current()
        if current is None:
            return
        kind, item_id = current
        if kind == "unit":
            label = N_("Archive unit") if archived else N_("Bring unit back")
            self._run(label, lambda: self.edits.archive_unit(item_id, archived))
        else:
            label = N_("Archive position") if archived else N_("Bring position back")
            self._run(label, lambda: self.edits.archive_position(item_id, archived))

    def unarchive(self) -> None:
        self.archive(False)

    def toggle_archived(self) -> None:
        self.show_archived = self.show_archived_action.isChecked()
        self.window.tree_model.reload(*self.read_tree())

    # the context menu -----------------------------------------------------------------------
    def _context_menu_at(self, point: QPoint) -> None:
        tree = self.window.tree
        index = tree.indexAt(point)
        if index.isValid():
            tree.setCurrentIndex(index)
        self._popup(tree.viewport().mapToGlobal(point))

    def open_context_menu(self) -> None:
        """The context menu of the current row, from the keyboard (Shift+F10)."""
        tree = self.window.tree
        rect = tree.visualRect(tree.currentIndex())
        self._popup(tree.viewport().mapToGlobal(rect.bottomLeft() if rect.isValid() else QPoint()))

    def _popup(self, where: QPoint) -> None:
        self.update_actions()
        menu = QMenu(self.window)
        menu.setObjectName("orgContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._fill(menu)
        self.context_menu = menu
        menu.popup(where)
