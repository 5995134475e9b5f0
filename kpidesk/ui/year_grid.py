"""The year grid tab: the selected position's contract for its year, typed like a spreadsheet
(the view a department head keeps in Excel today)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from kpidesk.i18n import _

from .grid_keys import GridTableView
from .year_grid_model import FIRST_MONTH_COLUMN, KEY_ROLE, YearGridModel


class YearGrid(QWidget):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.contract_id: int | None = None
        self._stale = False
        self.caption = QLabel()
        self.caption.setObjectName("yearGridCaption")
        self.show_points = QCheckBox()
        self.show_points.setChecked(True)
        self.show_points.toggled.connect(self._points_toggled)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.model = YearGridModel(
            self, on_actual=controller.record_actual_for, on_error=controller.show_error
        )
        self.table = GridTableView()
        self.table.setObjectName("yearGrid")
        self.table.setModel(self.model)
        self.table.setup_grid(KEY_ROLE, self.model.lock_reason, controller.show_notice)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 180)
        head = QHBoxLayout()
        head.addWidget(self.caption, 1)
        head.addWidget(self.show_points)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        self.retranslate()

    def retranslate(self) -> None:
        self.show_points.setText(_("Show points"))
        self.legend.setText(
            _(
                "Type actuals as in a spreadsheet: Enter moves down, Tab moves right. Hatched "
                "cells are missing actuals of a month already reported."
            )
        )
        self.refresh()

    def show_contract(self, contract_id: int | None) -> None:
        self.contract_id = contract_id
        if self.isVisible():
            self.refresh()
        else:  # read the year when the tab is looked at, not on every selection
            self._stale = True

    def refresh(self) -> None:
        self._stale = False
        if self.contract_id is None:
            self.model.set_year(None)
            self.caption.setText(_("Select a position with a contract to see its year."))
            return
        year = self.controller.firm.contract_year(self.contract_id)
        self.model.set_year(year)
        contract = year.contract
        self.caption.setText(
            _("{unit} {position} — {year}, month by month").format(
                unit=contract.unit, position=contract.position, year=contract.year
            )
        )
        self._points_toggled(self.show_points.isChecked())

    def _points_toggled(self, on: bool) -> None:
        for column in range(FIRST_MONTH_COLUMN + 1, self.model.columnCount(), 2):
            self.table.setColumnHidden(column, not on)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.refresh()
