"""The scoring table of a period: actual per line (editable), points, completion."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from kpidesk.core.entry import EntryError, entry_hint, parse_actual
from kpidesk.core.locks import actual_lock, is_provisional, score_column_lock
from kpidesk.core.rules import line_completion
from kpidesk.i18n import _
from kpidesk.services.firm import PeriodScore

LINE_ROLE = Qt.ItemDataRole.UserRole + 20


def provisional_note() -> str:
    return _(
        "Provisional: the contract is still a draft. The actual is kept and scored, but the "
        "score counts only once the contract is agreed."
    )


def _target(line) -> float | None:
    if line.base is not None:
        return line.base
    return line.rule.get("target")


class ScoringModel(QAbstractTableModel):
    def __init__(
        self,
        parent: QObject | None = None,
        on_actual: Callable[[int, object], bool] | None = None,
        on_error: Callable[[str], None] | None = None,
    ):
        super().__init__(parent)
        self.on_actual = on_actual
        self.on_error = on_error
        # Why the period's actuals take no entry: its results are official (who, when, where
        # a correction is made). Set by the panel with each period it shows; None: open.
        self.official_lock: str | None = None
        self.scored: PeriodScore | None = None
        self.events: dict[int, int] = {}

    def set_score(
        self,
        scored: PeriodScore | None,
        events: dict[int, int] | None = None,
        lines: frozenset[int] | None = None,
    ) -> None:
        """Show a period's scores. With ``lines`` (the lines an edit changed) only their rows
        repaint; a line's points depend on nothing else."""
        same_rows = (
            scored is not None
            and self.scored is not None
            and scored.contract.id == self.scored.contract.id
            and [l.id for l in scored.contract.lines] == [l.id for l in self.lines]
        )
        if same_rows:  # new values in the same rows: the view keeps its current cell
            self.scored, self.events = scored, events or {}
            last = self.columnCount() - 1
            if lines is not None:
                for row, line in enumerate(self.lines):
                    if line.id in lines:
                        self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            elif self.lines:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, last))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            return
        self.beginResetModel()
        self.scored = scored
        self.events = events or {}
        self.endResetModel()

    @property
    def lines(self):
        return self.scored.contract.lines if self.scored else ()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("KPI"), _("Weight"), _("Target"), _("Actual"), _("Points"), _("Completion"))[
                section
            ]
        return None

    def _points(self, line_id: int) -> float | None:
        return next((p.points for p in self.scored.score.lines if p.key == line_id), None)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == LINE_ROLE:
            return line.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if index.column() in (3, 4) and is_provisional(self.scored.contract.status):
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return provisional_note()
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return entry_hint(line.rule)  # the levels a rating or grade line takes
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        actual = self.scored.actuals.get(line.id)
        column = index.column()
        if column == 0:
            return line.indicator
        if column == 1:
            return "—" if line.deduction else f"{line.weight:g}"
        if column == 2:
            target = _target(line)
            return "" if target is None or line.deduction else f"{target:g}"
        if column == 3:
            if line.deduction:
                return _("{count} events").format(count=self.events.get(line.id, 0))
            if isinstance(actual, dict):
                return "; ".join(f"{k}={v:g}" for k, v in actual.items() if v)
            return (
                ""
                if actual is None
                else (f"{actual:g}" if isinstance(actual, float) else str(actual))
            )
        if column == 4:
            if line.deduction:
                count = self.events.get(line.id, 0)
                return f"−{line.rule['points'] * count:g}" if count else ""
            points = self._points(line.id)
            return "" if points is None else f"{points:.2f}"
        target = _target(line)
        rate = line_completion(line.rule, actual, target)
        return "" if rate is None else f"{rate * 100:.1f}%"

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (
            index.isValid()
            and index.column() == 3
            and self.scored
            and actual_lock(self.scored.contract.status, self.lines[index.row()].deduction) is None
            and self.official_lock is None
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def lock_reason(self, index: QModelIndex, typed: bool = True) -> str | None:
        """Why a cell takes no typed value, in words."""
        if not index.isValid() or self.scored is None:
            return None
        if index.column() == 3:
            line = self.lines[index.row()]
            return self.official_lock or actual_lock(self.scored.contract.status, line.deduction)
        return score_column_lock("points" if index.column() in (4, 5) else "contract")

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        line = self.lines[index.row()]
        try:
            parsed = parse_actual(line.rule, value)
        except EntryError as exc:
            if self.on_error:
                self.on_error(_("{kpi}: {error}").format(kpi=line.indicator, error=exc))
            return False
        if parsed == self.scored.actuals.get(line.id) or self.on_actual is None:
            return False
        return bool(self.on_actual(line.id, parsed))
