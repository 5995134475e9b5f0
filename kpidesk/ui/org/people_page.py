"""The People page (人员), a tab beside the organisation tree: who holds what, since when, and
whether their key position has a contract this year; the positions nobody holds come last
("vacant" rows) so HR sees what to fill. A person's history (each position from–to) shows below
the table and in the name's tooltip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.org import HeldPosition, People, PersonRow, VacantPosition
from kpidesk.i18n import _, pgettext
from kpidesk.ui.org.org_tree_model import ATTENTION, ARCHIVED, no_contract_badge, vacant_badge

if TYPE_CHECKING:
    from kpidesk.ui.org.org_actions import OrgActions

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1  # the employee id of a row (None: a vacant row)
POSITION_ROLE = Qt.ItemDataRole.UserRole + 2  # the position id a row shows, if any
COLUMNS = 6


def history_text(person: PersonRow) -> str:
    """Each position the person held, from–to, oldest first."""
    if not person.history:
        return _("{name} has held no position.").format(name=person.name)
    lines = [_("{name}'s positions:").format(name=person.name)]
    for held in person.history:
        lines.append(_span(held))
    return "\n".join(lines)


def _span(held: HeldPosition) -> str:
    until = held.end.isoformat() if held.end else _("now")
    return _("{unit} / {position}: {start} – {end}").format(
        unit=held.unit, position=held.position, start=held.start.isoformat(), end=until
    )


@dataclass(frozen=True)
class _Row:
    person: PersonRow | None
    held: HeldPosition | None
    vacant: VacantPosition | None = None


def _key(row: _Row) -> tuple[int | None, int | None, int | None]:
    """What a row is: a person, the assignment it shows, or a vacant position."""
    return (
        row.person.id if row.person else None,
        row.held.assignment_id if row.held else None,
        row.vacant.position_id if row.vacant else None,
    )


class PeopleModel(QAbstractTableModel):
    def __init__(
        self,
        parent: QObject | None = None,
        on_rename: Callable[[int, str], bool] | None = None,
    ):
        super().__init__(parent)
        self.rows: list[_Row] = []
        self.on_rename = on_rename  # a person's name typed in place (F2): (employee id, name)

    def set_people(self, people: People) -> None:
        rows: list[_Row] = []
        for person in people.persons:
            if person.current:
                rows.extend(_Row(person, held) for held in person.current)
            else:
                rows.append(_Row(person, None))
        rows.extend(_Row(None, None, vacant) for vacant in people.vacant)
        if [_key(row) for row in rows] == [_key(row) for row in self.rows] and rows:
            # The same rows (a name changed): repaint them, so an editor open on the table (the
            # name just typed) is not taken away under the view by a reset.
            self.rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, COLUMNS - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _("Employee no."),
            _("Name"),
            _("Current position"),
            pgettext_unit(),
            _("Since"),
            _("Contract this year"),
        )[section]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 1 and self.rows[index.row()].person is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: object,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        person = self.rows[index.row()].person if index.isValid() else None
        if person is None or index.column() != 1 or role != Qt.ItemDataRole.EditRole:
            return False
        name = str(value or "").strip()
        if name == person.name or self.on_rename is None:
            return False
        return self.on_rename(person.id, name)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole:
            return row.person.name if row.person is not None and column == 1 else None
        if role == PERSON_ROLE:
            return row.person.id if row.person else None
        if role == POSITION_ROLE:
            if row.held:
                return row.held.position_id
            return row.vacant.position_id if row.vacant else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.vacant is not None and column == 1:
                return QBrush(ATTENTION)
            if row.person is not None and row.person.archived:
                return QBrush(ARCHIVED)
            if column == 5 and row.person is not None and row.person.contract_this_year is False:
                return QBrush(ATTENTION)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.person is not None:
                return history_text(row.person)
            if row.vacant is not None:
                return _("Nobody holds {position}: assign a person.").format(
                    position=row.vacant.position
                )
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if row.vacant is not None:
            return ("", vacant_badge(), row.vacant.position, row.vacant.unit, "", "")[column]
        person, held = row.person, row.held
        if person is None:
            return None
        if column == 0:
            return person.code
        if column == 1:
            if person.archived:
                return _("{name} (left the firm)").format(name=person.name)
            return person.name
        if held is None:
            return _("no position") if column == 2 else ""
        if column == 2:
            return held.position
        if column == 3:
            return held.unit
        if column == 4:
            return held.start.isoformat()
        if person.contract_this_year is None:
            return _("not a key position")
        return _("yes") if person.contract_this_year else no_contract_badge()


def pgettext_unit() -> str:
    return pgettext("organisation unit", "Unit")


class PeoplePage(QWidget):
    def __init__(self, org: OrgActions):
        super().__init__()
        self.setObjectName("peoplePage")
        self.org = org  # not ``actions``: QWidget.actions() is Qt's
        self._refreshing = False
        self.model = PeopleModel(self, on_rename=org.rename_person)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setObjectName("peopleFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("peopleTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)  # F2: a name
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_history)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addPerson")
        self.add_button.clicked.connect(self.add_person)
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("assignPerson")
        self.assign_button.clicked.connect(self.assign)
        self.left_button = QPushButton()
        self.left_button.setObjectName("personLeft")
        self.left_button.clicked.connect(self.left_the_firm)
        self.history = QLabel()
        self.history.setObjectName("personHistory")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.assign_button)
        buttons.addWidget(self.left_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.history)
        self._named = False  # by the window's retranslate, once it is built
        # Read when the page is first shown (a tab the window does not open on: reading 5,000
        # people was a sixth of opening a large firm's window), then kept up to date.
        self._loaded = False

    def retranslate(self) -> None:
        window = self.org.window
        window.centre.setTabText(window.centre.indexOf(self), _("People"))
        self.filter.setPlaceholderText(_("Filter people, positions, units…"))
        self.add_button.setText(_("Add a person…"))
        self.assign_button.setText(_("Assign…"))
        self.left_button.setText(_("Left the firm…"))
        # The cells' words are made as they are painted: repainted, not read again nor
        # re-sorted (reading 5,000 people twice was a tenth of opening a large firm's window).
        # The window's first call only names the page: its columns are not measured yet.
        if self._named:
            self.model.retranslate()
            self.table.viewport().update()
            # The current person's history in the new words; no row is chosen again (that
            # would take the tree, and the contract shown, back to this person's position).
            current = self.table.currentIndex()
            words = current.data(Qt.ItemDataRole.ToolTipRole) if current.isValid() else None
            self.history.setText(words or "")
        self._named = True

    def showEvent(self, event) -> None:
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._loaded = True
        current = self.current_person()
        self._refreshing = True  # the row found again is not the user choosing it
        try:
            self.model.set_people(self.org.edits.people())
            if current is not None:
                self.select_person(current)
            else:
                self.history.setText("")
        finally:
            self._refreshing = False

    def on_changed(self, changes, _source=None) -> None:
        if changes.organisation and self._loaded:
            self.refresh()

    def current_person(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(PERSON_ROLE) if index.isValid() else None

    def select_person(self, employee_id: int) -> bool:
        if not self._loaded:
            self.refresh()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 1)
            if index.data(PERSON_ROLE) == employee_id:
                self.table.setCurrentIndex(index)
                return True
        return False

    def _show_history(self, current: QModelIndex, _previous=None) -> None:
        text = current.data(Qt.ItemDataRole.ToolTipRole) if current.isValid() else ""
        self.history.setText(text or "")
        # A row chosen by the user: the centre shows that position's contract, as the
        # organisation tree would (the tree selects it too).
        position = current.data(POSITION_ROLE) if current.isValid() else None
        if position is not None and not self._refreshing:
            self.org.select("position", position)

    def add_person(self) -> None:
        employee_id = self.org.add_person()
        if employee_id is not None:
            self.select_person(employee_id)

    def assign(self) -> None:
        """Assign the chosen person (or a vacant row's position) from a date."""
        index = self.table.currentIndex()
        person = index.data(PERSON_ROLE) if index.isValid() else None
        position = index.data(POSITION_ROLE) if index.isValid() and person is None else None
        self.org.assign(person=person, position=position)
        if person is not None:
            self.select_person(person)

    def left_the_firm(self) -> None:
        """The chosen person left: asks the day, their positions end then."""
        index = self.table.currentIndex()
        person = index.data(PERSON_ROLE) if index.isValid() else None
        if person is None:
            self.org.window.show_error(_("Choose a person in the table first."))
            return
        self.org.person_left(person, index.siblingAtColumn(1).data())
        self.select_person(person)
