"""Two people's contracts side by side (issue 12): each one's lines with weight, actual and
points, and the total, for the period chosen — its own actuals, or for a quarter, half or year
without them the last month of it that has actuals (named above the table)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kpidesk.core.entry import number_text
from kpidesk.core.periods import Period, period_label
from kpidesk.i18n import _
from kpidesk.services.calibration import Person
from kpidesk.services.firm import FirmService, PeriodScore


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float | int):
        return number_text(round(float(value), 2))
    return str(value)


class SideBySide(QWidget):
    def __init__(self, firm: FirmService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sideBySide")
        self.firm = firm
        self.period: Period | None = None
        self.people: list[Person] = []
        grid = QGridLayout(self)
        self.choices: list[QComboBox] = []
        self.headers: list[QLabel] = []
        self.tables: list[QTableWidget] = []
        for side in range(2):
            choice = QComboBox()
            choice.setObjectName(f"sideChoice{side}")
            choice.currentIndexChanged.connect(lambda _i, s=side: self._show(s))
            header = QLabel()
            header.setWordWrap(True)
            header.setObjectName("sideTotal")
            table = QTableWidget(0, 4)
            table.setObjectName(f"sideTable{side}")
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in (1, 2, 3):
                table.horizontalHeader().setSectionResizeMode(
                    column, QHeaderView.ResizeMode.ResizeToContents
                )
            grid.addWidget(choice, 0, side)
            grid.addWidget(header, 1, side)
            grid.addWidget(table, 2, side)
            self.choices.append(choice)
            self.headers.append(header)
            self.tables.append(table)
        grid.setRowStretch(2, 1)

    def set_people(self, period: Period, people: Sequence[Person]) -> None:
        self.period = period
        self.people = [p for p in people if p.score is not None]
        for side, choice in enumerate(self.choices):
            kept = choice.currentData()
            choice.blockSignals(True)
            choice.clear()
            for person in self.people:
                choice.addItem(f"{person.name} · {person.position}", person.employee_id)
            index = choice.findData(kept)
            choice.setCurrentIndex(index if index >= 0 else min(side, choice.count() - 1))
            choice.blockSignals(False)
            self._show(side)

    def choose(self, side: int, employee_id: int) -> None:
        index = self.choices[side].findData(employee_id)
        if index >= 0:
            self.choices[side].setCurrentIndex(index)

    def _scored(self, contract_id: int) -> PeriodScore | None:
        """The period's own score when it has actuals, else its last month that has some."""
        assert self.period is not None
        own = self.firm.score(contract_id, self.period.code)
        if own.actuals or self.period.kind == "month":
            return own
        first, last = self.period.months
        for month in range(last, first - 1, -1):
            scored = self.firm.score(contract_id, f"{self.period.year}-{month:02d}")
            if scored.actuals:
                return scored
        return None

    def _show(self, side: int) -> None:
        table, header = self.tables[side], self.headers[side]
        table.setHorizontalHeaderLabels([_("Indicator"), _("Weight"), _("Actual"), _("Points")])
        employee_id = self.choices[side].currentData()
        person = next((p for p in self.people if p.employee_id == employee_id), None)
        table.setRowCount(0)
        if person is None or self.period is None:
            header.setText("")
            return
        scored = self._scored(person.contract_id)
        if scored is None:
            header.setText(_("No actuals in {period}.").format(period=period_label(self.period)))
            return
        points = {line.key: line.points for line in scored.score.lines}
        lines = scored.contract.lines
        table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            values = [line.indicator, line.weight, scored.actuals.get(line.id), points.get(line.id)]
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(_text(value)))
        header.setText(
            _("{person} · {unit}\n{period}: total {total}").format(
                person=person.name,
                unit=person.unit,
                period=period_label(Period.parse(scored.period)),
                total=_text(scored.score.total),
            )
        )
