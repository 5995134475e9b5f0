"""A contract's year as a spreadsheet: lines down, January to December across, each month's
actual and points side by side, a totals row below. Months up to the last one the firm has
reported are due: a missing actual there is marked (hatched, with a tooltip).

Typing an actual asks ``on_actual(line_id, period, value)``; the window makes it an undoable,
audited edit of that month. The model itself never writes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kpidesk.core.entry import EntryError, entry_hint, parse_actual
from kpidesk.core.locks import actual_lock, is_provisional, score_column_lock
from kpidesk.core.period_results import is_due
from kpidesk.core.periods import Period, month_name
from kpidesk.i18n import _
from kpidesk.services.firm import ContractYear

from kpidesk.ui.scoring.scoring_model import provisional_note

KEY_ROLE = Qt.ItemDataRole.UserRole + 30  # the line id; "total" for the totals row
PERIOD_ROLE = Qt.ItemDataRole.UserRole + 31
FIRST_MONTH_COLUMN = 2  # KPI, weight, then (actual, points) per month
MISSING = QBrush(QColor("#d9534f"), Qt.BrushStyle.BDiagPattern)
INCOMPLETE_TOTAL = QBrush(QColor("#fbe3d6"))
NOT_DUE = QBrush(QColor("#eeeeee"))  # a line not reported this month: neither a gap nor a value



def cycle_note(cycle: str) -> str:
    """Why a line has no actual in a month: the cycle it is reported in."""
    return {
        "quarter": _("reported quarterly (Mar, Jun, Sep, Dec)."),
        "half": _("reported half-yearly (Jun, Dec)."),
        "year": _("reported annually (Dec)."),
    }.get(cycle, _("reported monthly."))


def show_actual(actual) -> str:
    if actual is None:
        return ""
    if isinstance(actual, dict):
        return "; ".join(f"{k}={v:g}" for k, v in actual.items() if v)
    return f"{actual:g}" if isinstance(actual, float) else str(actual)


def month_column(column: int) -> tuple[int, bool] | None:
    """(month index 0–11, is the points column) of a month column; None for KPI and weight."""
    if column < FIRST_MONTH_COLUMN:
        return None
    return divmod(column - FIRST_MONTH_COLUMN, 2)[0], (column - FIRST_MONTH_COLUMN) % 2 == 1


class YearGridModel(QAbstractTableModel):
    def __init__(
        self,
        parent: QObject | None = None,
        on_actual: Callable[[int, str, object], bool] | None = None,
        on_error: Callable[[str], None] | None = None,
    ):
        super().__init__(parent)
        self.on_actual = on_actual
        self.on_error = on_error
        self.year: ContractYear | None = None
        # month index (0–11) → why its actuals take no entry: its results are official.
        self.official_locks: dict[int, str] = {}

    # loading -------------------------------------------------------------------------------
    def set_year(self, year: ContractYear | None, lines: frozenset[int] | None = None) -> None:
        """Show a contract's year. With ``lines`` (the lines an edit changed) only their rows
        and the totals row repaint."""
        if (
            year is not None
            and self.year is not None
            and year.contract.id == self.year.contract.id
            and [l.id for l in year.contract.lines] == [l.id for l in self.lines]
            and len(year.months) == len(self.year.months)
        ):  # new values in the same cells: the view keeps its current cell and editor
            self.year = year
            last_column = self.columnCount() - 1
            if lines is None:
                last_row = self.rowCount() - 1
                self.dataChanged.emit(self.index(0, 0), self.index(last_row, last_column))
            else:
                rows = [r for r, line in enumerate(self.lines) if line.id in lines]
                for row in [*rows, self.rowCount() - 1]:  # the totals row follows the lines
                    self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            return
        self.beginResetModel()
        self.year = year
        self.endResetModel()

    @property
    def lines(self):
        return self.year.contract.lines if self.year else ()

    def months(self) -> int:
        return len(self.year.months) if self.year else 0

    def period(self, month: int) -> str:
        return self.year.months[month].period

    def is_reported(self, month: int) -> bool:
        """Whether the firm has reported the month (it is not the future)."""
        reported = self.year.reported_until
        return reported is not None and Period.parse(self.period(month)).end <= reported

    def line_due(self, line, month: int) -> bool:
        """Whether the line is reported in the month by its cycle (a quarterly line in Mar,
        Jun, Sep, Dec): the same rule as the scoring panel and the score sheets."""
        return is_due(line.cycle, Period.parse(self.period(month)))

    def missing(self, month: int):
        """Scored lines due in a month (by their cycle) without an actual."""
        return self.year.months[month].missing

    # structure -----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.year is None else len(self.lines) + 1

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else FIRST_MONTH_COLUMN + 2 * 12

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return _("KPI")
        if section == 1:
            return _("Weight")
        month, points = month_column(section)
        name = month_name(month + 1)
        return (
            _("{month} points").format(month=name)
            if points
            else _("{month} actual").format(month=name)
        )

    # content ---------------------------------------------------------------------------------
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.year is None:
            return None
        total_row = index.row() == len(self.lines)
        if role == KEY_ROLE:
            return "total" if total_row else self.lines[index.row()].id
        placed = month_column(index.column())
        if role == PERIOD_ROLE:
            return None if placed is None else self.period(placed[0])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if total_row:
            return self._total_data(index.column(), placed, role)
        line = self.lines[index.row()]
        if placed is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                if index.column() == 0:
                    return line.indicator
                return "—" if line.deduction else f"{line.weight:g}"
            return None
        month, points = placed
        scored, events = self.year.months[month], self.year.events[month]
        actual = scored.actuals.get(line.id)
        not_due = not line.deduction and actual is None and not self.line_due(line, month)
        gap = not line.deduction and actual is None and self.is_reported(month) and not not_due
        if role == Qt.ItemDataRole.BackgroundRole and (gap or not_due):
            return MISSING if gap else NOT_DUE
        if role == Qt.ItemDataRole.ToolTipRole:
            if gap:
                return _("Incomplete: the actual of {month} is missing.").format(
                    month=month_name(month + 1)
                )
            if not_due:
                return _("Not due in {month}: {cycle}").format(
                    month=month_name(month + 1), cycle=cycle_note(line.cycle)
                )
            if is_provisional(self.year.contract.status) and not line.deduction:
                return provisional_note()
            return None if points else entry_hint(line.rule)  # a level line's levels
        if role == Qt.ItemDataRole.FontRole and is_provisional(self.year.contract.status):
            font = QFont()
            font.setItalic(True)
            return font
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if line.deduction:
            count = events.get(line.id, 0)
            if not count:
                return ""
            return f"−{line.rule['points'] * count:g}" if points else f"×{count}"
        if points:
            value = next((p.points for p in scored.score.lines if p.key == line.id), None)
            return "" if value is None else f"{value:.2f}"
        return show_actual(actual)

    def _total_data(self, column: int, placed, role: int):
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if placed is None:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            if column == 0:
                return _("Total")
            return f"{sum(l.weight for l in self.lines if not l.deduction):g}"
        month, points = placed
        scored = self.year.months[month]
        incomplete = self.is_reported(month) and not scored.complete
        if role == Qt.ItemDataRole.BackgroundRole and incomplete:
            return INCOMPLETE_TOTAL
        if role == Qt.ItemDataRole.ToolTipRole and incomplete:
            missing = self.missing(month)
            return _("Incomplete: {count} actuals of {month} are missing: {lines}.").format(
                count=len(missing),
                month=month_name(month + 1),
                lines=_(", ").join(line.indicator for line in missing),
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if not scored.actuals:
            return ""
        if points:  # like the scoring panel: no total while due actuals are missing
            return "—" if incomplete else f"{scored.score.total:.2f}"
        return _("incomplete") if incomplete else ""

    # editing --------------------------------------------------------------------------------
    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.lock_reason(index) is None and index.isValid():
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def lock_reason(self, index: QModelIndex, typed: bool = True) -> str | None:
        """Why a cell takes no typed value (None: it takes an actual)."""
        if not index.isValid() or self.year is None:
            return None
        if index.row() == len(self.lines):
            return _("The totals row adds up the lines: type an actual on a line above it.")
        placed = month_column(index.column())
        if placed is None:
            return score_column_lock("contract")
        if placed[1]:
            return score_column_lock("points")
        if placed[0] in self.official_locks:
            return self.official_locks[placed[0]]
        return actual_lock(self.year.contract.status, self.lines[index.row()].deduction)

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        line, (month, _points) = self.lines[index.row()], month_column(index.column())
        scored = self.year.months[month]
        try:
            parsed = parse_actual(line.rule, value)
        except EntryError as exc:
            if self.on_error:
                self.on_error(
                    _("{kpi}, {month}: {error}").format(
                        kpi=line.indicator, month=month_name(month + 1), error=exc
                    )
                )
            return False
        if parsed == scored.actuals.get(line.id) or self.on_actual is None:
            return False
        return bool(self.on_actual(line.id, scored.period, parsed))
