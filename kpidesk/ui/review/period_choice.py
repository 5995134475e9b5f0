"""A period chooser for the review views: the year's months, quarters, halves and the year,
named in the UI's language ("2003年7月", "July 2003"), keyed by period code."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from kpidesk.core.periods import Period, period_label, periods_of_year


class PeriodChoice(QComboBox):
    period_chosen = Signal(str)  # the period code

    def __init__(self, year: int, current: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("periodChoice")
        self._year = year
        self._fill(current)
        self.currentIndexChanged.connect(lambda _i: self.period_chosen.emit(self.code()))

    def _fill(self, current: str | None) -> None:
        self.blockSignals(True)
        self.clear()
        for period in periods_of_year(self._year):
            self.addItem(period_label(period), period.code)
        if current is not None:
            self.set_code(current)
        self.blockSignals(False)

    def code(self) -> str:
        return str(self.currentData())

    def period(self) -> Period:
        return Period.parse(self.code())

    def set_code(self, code: str) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)

    def retranslate(self) -> None:
        """Re-word the periods in the new language, keeping the choice (no signal)."""
        self._fill(self.code())
