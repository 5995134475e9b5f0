"""The centre page of the period overview: the due lines of the group chosen on the left (a data
provider, a unit, or every line), filterable by state — where each sits, its targets, the
actual and last period's, the state and why. A table model over the group's lines only: the
firm's 50,000 lines are never all laid out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.readiness import LineState
from kpidesk.i18n import _, pgettext
from kpidesk.services.period_overview import OverviewLine

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("unit", "position", "person", "kpi", "targets", "actual", "previous", "state", "why")
STATE_COLOURS = {
    LineState.MISSING: "#f8d7d3",
    LineState.SUSPICIOUS: "#fff0c2",
    LineState.TO_RATE: "#dde4ee",
}


def state_label(state: LineState) -> str:
    return {
        LineState.DELIVERED: pgettext("line state", "Delivered"),
        LineState.MISSING: pgettext("line state", "Missing"),
        LineState.SUSPICIOUS: pgettext("line state", "Suspicious"),
        LineState.TO_RATE: _("To be rated in the meeting"),
        LineState.NOT_DUE: pgettext("line state", "Not due"),
    }[state]


def shown(value: object) -> str:
    """An actual or a target as people read it: 22.73, 良好, 延期天数=2; 缺少渠道数=1."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else str(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={shown(v)}" for k, v in value.items())
    return str(value)


def targets(item: OverviewLine) -> str:
    line = item.line
    levels = [shown(v) for v in (line.minimum, line.base, line.challenge)]
    if not any(levels):
        target = item.line.rule.get("target")
        return shown(target) if target is not None else ""
    return " / ".join(level or "–" for level in levels)


class PeriodLinesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[OverviewLine] = []

    def set_rows(self, rows: list[OverviewLine]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> OverviewLine:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section] == "targets":
            return _("Minimum / base / challenge")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "unit": pgettext("organisation unit", "Unit"),
            "position": _("Position"),
            "person": _("Contractee"),  # METHOD §2: 受约人, the contract's party
            "kpi": _("KPI"),
            "targets": _("Targets"),
            "actual": _("Actual"),
            "previous": _("Last period"),
            "state": _("State"),
            "why": _("Why"),
        }[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        key = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, key)
        if role == Qt.ItemDataRole.BackgroundRole and key == "state":
            colour = STATE_COLOURS.get(item.state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("actual", "previous"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(item: OverviewLine, key: str) -> str:
        row = item.contract.row
        if key == "unit":
            return row.unit
        if key == "position":
            return row.position
        if key == "person":
            return row.person or _("(vacant)")
        if key == "kpi":
            return item.line.indicator
        if key == "targets":
            return targets(item)
        if key == "actual":
            return shown(item.actual)
        if key == "previous":
            return shown(item.previous)
        if key == "state":
            return state_label(item.state)
        why = item.readiness.why
        return why.message() if why is not None else ""


FILTERS: tuple[tuple[LineState, ...] | None, ...] = (
    None,
    (LineState.MISSING,),
    (LineState.SUSPICIOUS,),
    (LineState.MISSING, LineState.SUSPICIOUS),
    (LineState.DELIVERED,),
    (LineState.TO_RATE,),
)

DEFAULT = (LineState.MISSING, LineState.SUSPICIOUS)


class PeriodLinesPage(QWidget):
    """The lines of the chosen group; ``refill(states)`` is called back when the state filter
    changes (the owner lists the group's lines in those states)."""

    def __init__(self, refill: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("periodLines")
        self.title = QLabel()
        self.title.setObjectName("periodLinesTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.filter = QComboBox()
        self.filter.setObjectName("periodStateFilter")
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter)
        self.model = PeriodLinesModel(self)
        self.view = QTableView()
        self.view.setObjectName("periodLinesView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Columns fit what they show (judged on the first rows: a group may have thousands),
        # in presentation mode's large type too.
        header.setResizeContentsPrecision(100)
        self.model.modelReset.connect(self._fit_columns)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.retranslate()
        self.filter.currentIndexChanged.connect(lambda _i: refill())

    def _fit_columns(self) -> None:
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for column in range(len(COLUMNS) - 1):  # one long name must not push the rest away
            header.resizeSection(column, min(header.sectionSize(column), 260))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:  # presentation mode's type: fit again
            self._fit_columns()

    def states(self) -> tuple[LineState, ...] | None:
        return FILTERS[max(0, self.filter.currentIndex())]

    def set_states(self, states: tuple[LineState, ...] | None) -> None:
        self.filter.setCurrentIndex(FILTERS.index(states))

    def retranslate(self) -> None:
        # What HR looks for first: what is missing or odd (a firm's delivered lines are many).
        index = FILTERS.index(DEFAULT) if self.filter.currentIndex() < 0 else self.filter.currentIndex()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItems(
            [
                _("Every state"),
                pgettext("line state", "Missing"),
                pgettext("line state", "Suspicious"),
                _("Missing or suspicious"),
                pgettext("line state", "Delivered"),
                _("To be rated in the meeting"),
            ]
        )
        self.filter.setCurrentIndex(index)
        self.filter.blockSignals(False)
        self.filter_label.setText(_("&Show:"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
