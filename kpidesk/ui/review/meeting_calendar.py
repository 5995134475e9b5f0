"""Review › Meeting calendar…: the year's meetings in a table — the day, the kind, the period
it reviews, the place, planned or held, how many agenda items — made from the settings with one
command (Make from the settings) and then edited in place (F2: the day, the kind, the place).
Every change is an undoable operation."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from kpidesk.core.changes import Changes
from kpidesk.core.periods import period_label
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_, _
from kpidesk.services.meetings import MeetingService
from kpidesk.services.meetings import MeetingRow

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

Index = QModelIndex | QPersistentModelIndex
DAY, KIND, PERIOD, PLACE, STATUS, ITEMS = range(6)
KIND_CODES = {"M": "M", "R": "R", "annual": "annual"}


def kind_text(kind: str) -> str:
    return {"M": _("monthly (M)"), "R": _("quarterly (R)"), "annual": _("annual")}.get(kind, kind)


def kind_code(text: str) -> str | None:
    """What a user typed for a kind: M, R, annual (or the words shown, any case)."""
    typed = text.strip().lower()
    for code in ("M", "R", "annual"):
        if typed in (code.lower(), kind_text(code).lower()):
            return code
    return None


class CalendarModel(QAbstractTableModel):
    def __init__(self, window: MainWindow, service: MeetingService, parent=None):
        super().__init__(parent)
        self.window, self.service = window, service
        self.rows: list[MeetingRow] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.service.meetings(self.window.firm.current_year)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Day"), _("Kind"), _("Reviews"), _("Place"), _("Status"), _("Items"))[
                section
            ]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (DAY, KIND, PLACE) and self.rows[index.row()].status == "planned":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole:
            if column == DAY:
                return QDate(row.held_on.year, row.held_on.month, row.held_on.day)
            if column == KIND:
                return row.kind
            if column == PLACE:
                return row.place
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.held_on.isoformat(),
                kind_text(row.kind),
                period_label(row.period) if row.period else "",
                row.place,
                _("held") if row.status == "held" else _("planned"),
                str(row.items),
            )[column]
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = self.rows[index.row()], index.column()
        values: dict[str, object]
        if column == DAY:
            day = value.toPython() if isinstance(value, QDate) else value
            if not isinstance(day, date):
                return False
            values = {"held_on": day}
        elif column == KIND:
            code = kind_code(str(value))
            if code is None:
                self.window.show_error(
                    _("A meeting is monthly (M), quarterly (R) or annual, not {kind}.").format(
                        kind=value
                    )
                )
                return False
            values = {"kind": code}
        elif column == PLACE:
            values = {"place": str(value).strip()}
        else:
            return False
        done = self.window.operations.run(
            Problem(N_("Edit meeting")), lambda: self.service.edit_meeting(row.id, **values)
        )
        return done is not None


class MeetingCalendarDialog(QDialog):
    def __init__(self, window: MainWindow, service: MeetingService):
        super().__init__(window)
        self.setObjectName("meetingCalendar")
        self.main, self.service = window, service
        year = window.firm.current_year
        self.setWindowTitle(_("Meeting calendar {year}").format(year=year))
        self.model = CalendarModel(window, service, self)
        self.table = QTableView()
        self.table.setObjectName("meetingCalendarTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.make_button = QPushButton(_("&Make from the settings"))
        self.make_button.setObjectName("makeCalendar")
        self.make_button.clicked.connect(self.make)
        self.hint = QLabel(
            _("Monthly meetings on day {day} of the month after; the quarter's (R) in the same "
              "sitting as its last month's; the annual one in January with December's. "
              "{key} edits the day, the kind or the place.").format(
                day=window.firm.policy.review.meeting_day, key="F2")  # fmt: skip
        )
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table)
        layout.addWidget(self.make_button)
        layout.addWidget(buttons)
        self.resize(760, 560)
        window.operations.changed.connect(self._changed)
        self.finished.connect(lambda _r: window.operations.changed.disconnect(self._changed))
        self.model.reload()

    def make(self) -> None:
        year = self.main.firm.current_year
        self.main.operations.run(
            Problem(N_("Make the meeting calendar")), lambda: self.service.make_calendar(year)
        )

    def _changed(self, changes: Changes, _source: object) -> None:
        if changes.review or changes.settings:
            # After the editor that made the change has closed: a reset under an editor that is
            # still committing makes Qt warn and lose the current cell.
            QTimer.singleShot(0, self._reload)

    def _reload(self) -> None:
        current = self.table.currentIndex()
        meeting = self.model.rows[current.row()].id if current.isValid() else None
        self.model.reload()
        row = next((r for r, m in enumerate(self.model.rows) if m.id == meeting), None)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, current.column()))
