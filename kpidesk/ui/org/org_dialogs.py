"""The small dialogs of the organisation editor: whom a position reports to, a new person, and
assigning a person to a position from a date. Each only asks; the caller runs the operation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kpidesk.i18n import _

Choice = tuple[int | None, str]  # (id, what the list shows)


def _searchable_combo(choices: list[Choice], current: int | None) -> QComboBox:
    """A list one can type into: a part of a name or number finds the entry (no mouse needed,
    and a long list of people stays usable)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for item_id, text in choices:
        combo.addItem(text, item_id)
    completer = combo.completer()
    assert completer is not None  # an editable combo box has one
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ReportsToDialog(QDialog):
    """Whom ``position`` reports to: another position, or nobody (the top)."""

    def __init__(
        self, parent: QWidget | None, position: str, choices: list[Choice], current: int | None
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Reports to"))
        self.combo = _searchable_combo([(None, _("— nobody (the top) —")), *choices], current)
        self.combo.setObjectName("reportsTo")
        form = QFormLayout(self)
        form.addRow(_("{position} reports to:").format(position=position), self.combo)
        form.addRow(_buttons(self))

    def chosen(self) -> int | None:
        return self.combo.currentData()


class PersonDialog(QDialog):
    """A new person: the name, and the employee number if HR has one (else one is given)."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(_("Add a person"))
        self.name = QLineEdit()
        self.name.setObjectName("personName")
        self.code = QLineEdit()
        self.code.setObjectName("personCode")
        self.code.setPlaceholderText(_("leave empty: a number is given"))
        form = QFormLayout(self)
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Employee no.:"), self.code)
        buttons = _buttons(self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        form.addRow(buttons)

    def values(self) -> tuple[str | None, str]:
        return (self.code.text().strip() or None, self.name.text().strip())


class AssignDialog(QDialog):
    """A person holds a position from a date; what they held before ends the day before."""

    def __init__(
        self,
        parent: QWidget | None,
        people: list[Choice],
        positions: list[Choice],
        start: date,
        person: int | None = None,
        position: int | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Assign a person"))
        self.person = _searchable_combo(people, person)
        self.person.setObjectName("assignPerson")
        self.position = _searchable_combo(positions, position)
        self.position.setObjectName("assignPosition")
        self.start = QDateEdit(QDate(start.year, start.month, start.day))
        self.start.setObjectName("assignStart")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(self)
        form.addRow(_("&Person:"), self.person)
        form.addRow(_("P&osition:"), self.position)
        form.addRow(_("&From:"), self.start)
        form.addRow(
            "",
            _note(
                _(
                    "What the person held before ends the day before, and so does a key position's previous holder; a position that is not key keeps its other holders."
                )
            ),
        )
        form.addRow(_buttons(self))

    def values(self) -> tuple[int | None, int | None, date]:
        start = self.start.date()
        return (
            self.person.currentData(),
            self.position.currentData(),
            date(start.year(), start.month(), start.day()),
        )


def _note(text: str) -> QWidget:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class LeftDialog(QDialog):
    """The day a person left the firm: every position they still hold ends that day."""

    def __init__(self, parent: QWidget | None, name: str, day: date):
        super().__init__(parent)
        self.setWindowTitle(_("Left the firm"))
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setObjectName("leftOn")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(self)
        form.addRow(_("{name} left on:").format(name=name), self.day)
        form.addRow("", _note(_("The positions they hold end that day; their history stays.")))
        form.addRow(_buttons(self))

    def value(self) -> date:
        day = self.day.date()
        return date(day.year(), day.month(), day.day())
