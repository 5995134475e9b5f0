"""The year grid tab: the selected position's contract for its year, typed like a spreadsheet
(the view a department head keeps in Excel today)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kpidesk.i18n import _

from kpidesk.ui.widgets.grid_keys import GridTableView
from kpidesk.ui.scoring.year_grid_model import FIRST_MONTH_COLUMN, KEY_ROLE, YearGridModel
from kpidesk.ui.scoring.scoring_panel import whole_actuals_changed


class _FrozenPane(QTableView):
    """The KPI column over the grid's left edge; a double-click on it is explained by the grid."""

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().mouseDoubleClickEvent(event)
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.parent()._explain(index, typed=False)


class FrozenKpiTable(GridTableView):
    """A grid whose KPI column stays put while the months scroll by, as a frozen pane in a
    spreadsheet (Qt's frozen-column pattern: a second view over the left edge sharing the
    model and the selection)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.frozen = _FrozenPane(self)
        self.frozen.setObjectName("yearGridKpis")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setStyleSheet("QTableView { border: none; }")
        self.viewport().stackUnder(self.frozen)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)

    def setModel(self, model) -> None:  # noqa: N802 (Qt's name)
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self.freeze)

    def freeze(self) -> None:
        """Show only the KPI column in the frozen pane (again after a reset)."""
        for column in range(1, self.model().columnCount()):
            self.frozen.setColumnHidden(column, True)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        for row in range(self.model().rowCount()):
            self.frozen.setRowHeight(row, self.rowHeight(row))
        self._place()
        self.frozen.show()

    def _section_resized(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            self.frozen.setColumnWidth(0, size)
            self._place()

    def _place(self) -> None:
        frame = self.frameWidth()
        self.frozen.setGeometry(
            self.verticalHeader().width() + frame,
            frame,
            self.columnWidth(0),
            self.viewport().height() + self.horizontalHeader().height(),
        )

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._place()

    def scrollTo(  # noqa: N802 (Qt's name)
        self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible
    ) -> None:
        if index.column() > 0:  # the KPI column is always in view
            super().scrollTo(index, hint)
            rect = self.visualRect(index)
            hidden = self.columnWidth(0) - rect.left()
            if hidden > 0:  # under the frozen pane: scroll it out
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() - hidden)


class YearGrid(QWidget):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.contract_id: int | None = None
        self._stale = False
        self._changed_lines: frozenset[int] | None = frozenset()  # None: reload every row
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
        self.table = FrozenKpiTable()
        self.table.setObjectName("yearGrid")
        self.table.setModel(self.model)
        self.table.setup_grid(
            KEY_ROLE, self.model.lock_reason, controller.show_notice, clear_on_delete=True
        )
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
                "cells are missing actuals of a month already reported; grey cells are months "
                "a line is not due (reported quarterly, half-yearly or annually)."
            )
        )
        self.show_contract(self.contract_id)

    def show_contract(self, contract_id: int | None, lines: frozenset[int] | None = None) -> None:
        """Show a contract's year; ``lines``: only these lines changed since it was shown."""
        self.contract_id = contract_id
        pending = self._changed_lines
        self._changed_lines = None if lines is None or pending is None else pending | lines
        if self.isVisible():
            self.refresh()
        else:  # read the year when the tab is looked at, not on every selection
            self._stale = True

    def on_changed(self, changes, _source=None) -> None:
        """An operation changed some lines' values or actuals of the contract shown: their rows
        repaint (now if the tab is shown, else when it is looked at)."""
        if self.contract_id is None:
            return
        if changes.review and changes.actuals is None and self.model.year is not None:
            self._read_official_locks(self.model.year.contract.year)  # made official: lock
        if not changes.only_lines:  # the window reloads the selection, unless only actuals
            if whole_actuals_changed(changes, self.contract_id):
                self.show_contract(self.contract_id)
            return
        if self.contract_id not in (changes.contract, changes.actuals):
            return
        held = self.model.year
        if (
            self._stale
            or not self.isVisible()
            or held is None
            or held.contract.id != self.contract_id
        ):
            self.show_contract(self.contract_id, changes.lines)  # read when looked at
            return
        updated = self._rescored(held, changes)
        if updated is None:  # a line the grid does not hold: read the year again
            self.show_contract(self.contract_id, changes.lines)
            return
        self.model.set_year(updated, changes.lines)

    def _rescored(self, held, changes):
        """The year shown brought up to date from what ``changes`` names, reading only that:
        the changed lines (once for every panel) with the amendments, or the changed months'
        actuals or deduction events; None when the lines changed are not all on the grid."""
        firm = self.controller.firm
        contract = None
        if changes.contract == self.contract_id:
            lines = self.controller.operations.changed_lines(firm, changes)
            if not set(lines) <= {line.id for line in held.contract.lines}:
                return None
            contract = replace(
                held.contract,
                lines=tuple(lines.get(line.id, line) for line in held.contract.lines),
            )
        deductions = {line.id for line in held.contract.lines if line.deduction}
        actuals = changes.actuals == self.contract_id
        return firm.contract_year_rescored(
            held,
            contract,
            changes.periods or None,
            actuals=actuals and (not changes.lines or bool(changes.lines - deductions)),
            events=actuals and (not changes.lines or bool(changes.lines & deductions)),
        )

    def _read_official_locks(self, year: int) -> None:
        """The months of ``year`` whose results are official, each with why it is locked."""
        from kpidesk.core.locks import covering_official, official_lock
        from kpidesk.services.results import ResultsService

        firm = self.controller.firm
        made = ResultsService(firm.document, firm.policy).official_periods()
        # a month is locked by its own official results or by the quarter, half or year's
        self.model.official_locks = {
            month - 1: official_lock(whole, *made[whole])
            for month in range(1, 13)
            if (whole := covering_official(f"{year}-{month:02d}", made)) is not None
        }

    def refresh(self) -> None:
        self._stale = False
        lines, self._changed_lines = self._changed_lines, frozenset()
        if self.contract_id is None:
            self.model.set_year(None)
            self.caption.setText(_("Select a position with a contract to see its year."))
            return
        year = self.controller.firm.contract_year(self.contract_id)
        self._read_official_locks(year.contract.year)
        self.model.set_year(year, lines or None)
        contract = year.contract
        self.caption.setText(
            _("{unit} {position} — {year}, month by month").format(
                unit=contract.unit, position=contract.position, year=contract.year
            )
        )
        self._points_toggled(self.show_points.isChecked())
        self.table.freeze()

    def _points_toggled(self, on: bool) -> None:
        for column in range(FIRST_MONTH_COLUMN + 1, self.model.columnCount(), 2):
            self.table.setColumnHidden(column, not on)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.refresh()
