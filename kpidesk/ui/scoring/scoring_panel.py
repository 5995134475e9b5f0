"""The scoring panel: actuals and deductions of a period, points, total, completion, the
appraisal coefficient, and two small charts."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.model import Contract
from kpidesk.core.period_text import incomplete_text, months_result_lines, year_result_lines
from kpidesk.core.periods import Period, period_label
from kpidesk.core.problems import KpideskError
from kpidesk.i18n import _
from kpidesk.services.firm import PeriodScore, YearScore

from kpidesk.ui.scoring.charts import PointsChart, TrendChart
from kpidesk.ui.widgets.grid_keys import GridTableView
from kpidesk.ui.scoring.scoring_model import LINE_ROLE, ScoringModel


def built_from_months_note() -> str:
    """Why a quarter, half or year shows a result over an empty table (built when shown, so it
    is in the language of the moment)."""
    return _(
        "The table is empty because no actuals were entered for this period itself: "
        "the result is built from the months; see each month, or the Year grid tab, line by line."
    )


def official_lock_of(firm, period: str) -> str | None:
    """Why ``period``'s actuals take no entry when its results are official (else None)."""
    from kpidesk.core.locks import covering_official, official_lock
    from kpidesk.services.results import ResultsService

    # an official quarter, half or year locks its months as well
    made = ResultsService(firm.document, firm.policy).official_periods()
    whole = covering_official(period, made)
    return None if whole is None else official_lock(whole, *made[whole])


def whole_actuals_changed(changes, contract_id: int) -> bool:
    """Actuals of the contract shown changed, not just some lines' (and the window, which
    reloads the selection on an organisation change or one of the contract as a whole, will
    not): the scoring panel and year grid read them again themselves."""
    return (
        changes.actuals == contract_id
        and not changes.only_lines
        and not changes.organisation
        and changes.contract != contract_id
    )


TABLE_ROWS = 6  # rows the scoring table keeps before the charts give up their room
COMPACT_HIDDEN_COLUMN = 2  # Target
NARROW_HIDDEN_COLUMNS = (2, 1)  # Target, then Weight
CHART_HEIGHT = 120  # the least height a chart is drawn in


class ScoringPanel(QWidget):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.contract_id: int | None = None
        self._contract: Contract | None = None  # as it stands (not as of the period shown)
        self._events: list = []  # the period's deduction events as read
        self.period = QComboBox()
        self.period.setObjectName("period")
        self.period.currentIndexChanged.connect(self._period_changed)
        self.model = ScoringModel(
            self, on_actual=controller.record_actual, on_error=controller.show_error
        )
        self.table = GridTableView()
        self.table.setObjectName("scoringTable")
        self.table.setModel(self.model)
        self.table.setup_grid(
            LINE_ROLE, self.model.lock_reason, controller.show_notice, clear_on_delete=True
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The KPI name takes the width left over and is elided when short; the figures stay whole.
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.summary = QLabel()
        self.summary.setObjectName("scoreSummary")
        self.summary.setWordWrap(True)
        self.events = QListWidget()
        self.events.setMaximumHeight(70)
        self.add_event, self.remove_event = QPushButton(), QPushButton()
        self.add_event.clicked.connect(self._add_event)
        self.remove_event.clicked.connect(self._remove_event)
        self.points_chart, self.trend_chart = PointsChart(), TrendChart()
        for chart in (self.points_chart, self.trend_chart):
            chart.setMinimumHeight(0)  # a short panel hides a chart (_fit_charts), never grows
        self.model.modelReset.connect(self._fit_columns)
        self.caption = QLabel()
        self.events_label = QLabel()
        head = QHBoxLayout()
        head.addWidget(self.caption)
        head.addWidget(self.period, 1)
        event_buttons = QHBoxLayout()
        event_buttons.addWidget(self.add_event)
        event_buttons.addWidget(self.remove_event)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.events_label)
        layout.addWidget(self.events)
        layout.addLayout(event_buttons)
        layout.addWidget(self.points_chart, 2)
        layout.addWidget(self.trend_chart, 2)
        self.retranslate()

    def set_compact(self, on: bool) -> None:
        """In presentation the room reads scores and charts; event editing steps aside, and so
        does the target column (the contract beside it shows the targets)."""
        for widget in (self.events_label, self.events, self.add_event, self.remove_event):
            widget.setVisible(not on)
        self._compact = on
        self._fit_columns()
        self._fit_charts()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()
        self._fit_charts()

    def _fit_columns(self) -> None:
        """Actual, points and completion are what this panel is for: when it is too narrow for
        every column, the target and then the weight give way (the contract beside shows both)."""
        compact = getattr(self, "_compact", False)
        widths = [
            max(self.table.horizontalHeader().sectionSizeHint(i), self.table.sizeHintForColumn(i))
            for i in range(self.model.columnCount())
        ]
        room = self.table.viewport().width() or self.width()
        for column in NARROW_HIDDEN_COLUMNS:
            hide = (compact and column == COMPACT_HIDDEN_COLUMN) or sum(widths) > room
            self.table.setColumnHidden(column, hide)
            if hide:
                widths[column] = 0

    def key_columns_width(self) -> int:
        """The width for a short KPI name, the actual, points and completion."""
        margins = self.layout().contentsMargins()
        figures = sum(
            max(self.table.horizontalHeader().sectionSizeHint(i), self.table.sizeHintForColumn(i))
            for i in range(3, self.model.columnCount())
        )
        name = 4 * self.table.fontMetrics().horizontalAdvance("国")  # a KPI's first characters
        chrome = margins.left() + margins.right() + 2 * self.table.frameWidth()
        return name + figures + chrome + self.table.verticalScrollBar().sizeHint().width()

    def _fit_charts(self) -> None:
        """The table is where actuals are typed: on a short screen (a laptop at 150 %) it keeps
        TABLE_ROWS rows and the charts step aside, the trend first, rather than squeeze it."""
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        layout = self.layout()
        spacing = max(layout.spacing(), 0)
        margins = layout.contentsMargins()
        fixed = margins.top() + margins.bottom()
        for item in (layout.itemAt(i) for i in range(layout.count())):
            widget = item.widget()
            if widget in (self.table, self.points_chart, self.trend_chart):
                continue
            if widget is not None and not widget.isVisibleTo(self):
                continue
            if widget is not None and widget.hasHeightForWidth():
                fixed += widget.heightForWidth(self.width() - margins.left() - margins.right())
            else:
                fixed += item.sizeHint().height()
            fixed += spacing
        table = self.table.horizontalHeader().sizeHint().height() + TABLE_ROWS * (
            rows.defaultSectionSize()
        )
        room = self.height() - fixed - table - 2 * self.table.frameWidth()
        chart = max(CHART_HEIGHT, self.points_chart.least_height()) + spacing  # in its font
        self.points_chart.setVisible(room >= chart)
        self.trend_chart.setVisible(room >= 2 * chart)

    def retranslate(self) -> None:
        self.caption.setText(_("Period"))
        self.events_label.setText(_("Deduction events"))
        self.add_event.setText(_("Add event…"))
        self.remove_event.setText(_("Remove event"))
        current = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        for code in self.controller.firm.periods():
            self.period.addItem(period_label(code), code)
        self.period.setCurrentIndex(
            max(0, self.period.findData(current or self.controller.default_period()))
        )
        self.period.blockSignals(False)
        self.refresh()

    def show_contract(self, contract_id: int | None) -> None:
        self.contract_id = contract_id
        self.refresh()

    def _months(self) -> list[str]:
        """The months of the trend: the period list's own (no statement to ask for them)."""
        codes = (self.period.itemData(i) for i in range(self.period.count()))
        return [code for code in codes if Period.parse(code).kind == "month"]

    def on_changed(self, changes, _source=None) -> None:
        """An operation changed some lines' values or actuals of the contract shown: rescore,
        repainting only those lines' rows, from what is already held (the window reloads the
        selection when rows come or go, or the status changes). A line edit reads just the
        changed lines (once for the editor and this panel) and the year's actuals, deductions
        and amendments, which score the period and the trend together; an actual reads the
        period's actuals, a deduction event the period's events."""
        if self.contract_id is None:
            return
        if changes.review and changes.actuals is None:  # results made official: cells lock
            self.model.official_lock = official_lock_of(
                self.controller.firm, self.period.currentData()
            )
        if not changes.only_lines:  # the window reloads the selection, unless only actuals
            if whole_actuals_changed(changes, self.contract_id):
                self.refresh()
            return
        if self.contract_id not in (changes.contract, changes.actuals):
            return
        held, scored = self._contract, self.model.scored
        if held is None or scored is None or held.id != self.contract_id:
            self.refresh(lines=changes.lines)
            return
        firm, code = self.controller.firm, self.period.currentData()
        deduction_lines = {line.id for line in held.lines if line.deduction}
        events_changed = changes.actuals is not None and (
            not changes.lines or bool(changes.lines & deduction_lines)
        )
        here = not changes.periods or code in changes.periods
        if events_changed and here:
            self._events = firm.deduction_events(self.contract_id, code)
        if changes.contract is not None:  # lines' values: the contract held, with them anew
            lines = self.controller.operations.changed_lines(firm, changes)
            if not set(lines) <= {line.id for line in held.lines}:
                self.refresh(lines=changes.lines)
                return
            self._contract = replace(
                held, lines=tuple(lines.get(line.id, line) for line in held.lines)
            )
            rescored, points = firm.contract_scores(self._contract, code, self._months())
            self._show(rescored, changes.lines, points)
            return
        # Only actuals or events changed; the contract shown is as it was.
        rescored = scored
        if here:
            actuals_changed = not changes.lines or bool(changes.lines - deduction_lines)
            rescored = firm.rescore(
                scored,
                actuals=None if actuals_changed else scored.actuals,
                events=self._event_counts(),
            )
        series = list(self.trend_chart.series)  # just the months that changed move
        for index, (period, *_point) in enumerate(series):
            if period in changes.periods:
                # another month: the contract held, scored on that month (no reload of it)
                other = rescored if period == code else firm.contract_scores(held, period, [])[0]
                point = other.point
                series[index] = (point.period, point.total, point.complete)
        if not changes.periods:  # every month may have moved
            series = [(p.period, p.total, p.complete) for p in firm.trend(self.contract_id)]
        self._show(rescored, changes.lines, None)
        self.trend_chart.set_series(series, _("Total score by month"))

    def _event_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for _id, line_id, _day, count, _note in self._events:
            counts[line_id] = counts.get(line_id, 0) + count
        return counts

    def refresh(self, lines: frozenset[int] | None = None) -> None:
        """Read the contract shown and show the period's scores and the year's trend.
        ``lines``: only these lines changed, so only their rows repaint."""
        code = self.period.currentData()
        if self.contract_id is None or code is None:
            self._contract, self._events = None, []
            self.model.set_score(None)
            self.summary.setText(_("No contract selected."))
            self.summary.setToolTip("")
            self.events.clear()
            self._event_buttons(has_deduction_lines=False)
            self.points_chart.set_rows([], _("Points against weight"))
            self.trend_chart.set_series([], _("Total score by month"))
            return
        firm = self.controller.firm
        self.model.official_lock = official_lock_of(firm, code)
        self._contract = firm.contract(self.contract_id)
        scored, points = firm.contract_scores(self._contract, code, self._months())
        self._events = firm.deduction_events(self.contract_id, code)
        self._show(scored, lines, points)

    def _show(self, scored: PeriodScore, lines: frozenset[int] | None, trend) -> None:
        """Show ``scored`` with the events held; ``trend``: the months' points anew (None: the
        trend as drawn)."""
        firm, code = self.controller.firm, scored.period
        self.model.set_score(scored, self._event_counts(), lines)
        names = {l.id: l.indicator for l in scored.contract.lines}
        self.events.clear()
        for event_id, line_id, day, count, note in self._events:
            item = QListWidgetItem(f"{day.isoformat()}  {names.get(line_id, '')} ×{count}  {note}")
            item.setData(256, event_id)
            self.events.addItem(item)
        self._event_buttons(any(line.deduction for line in scored.contract.lines))
        score = scored.score
        due_missing = {line.id for line in scored.missing}
        if Period.parse(code).kind == "year":
            try:
                self._show_year(firm.year_score(self.contract_id))
            except KpideskError as exc:  # period shares of the firm's policy that do not add up
                self.summary.setText(
                    _("The year's result cannot be computed: {reason}").format(reason=exc)
                )
                self.summary.setToolTip("")
        elif scored.complete:
            veto = "  " + _("VETO: the total is zero") if score.vetoed else ""
            self.summary.setText(
                _(
                    "Total {total} of 100 points (deductions {deductions}) · {status}{veto}\n"
                    "Appraisal coefficient {coefficient}%"
                ).format(
                    total=f"{score.total:.2f}",
                    deductions=f"{score.deduction_points:g}",
                    status=_("complete"),
                    veto=veto,
                    coefficient=f"{scored.coefficient * 100:.1f}",
                )
            )
            self.summary.setToolTip("")
        elif (built := firm.months_result(self.contract_id, code)) is not None:
            self.summary.setText(
                "\n".join(
                    [
                        *months_result_lines(
                            built.total, built.months, built.coefficient, built.own_missing
                        ),
                        built_from_months_note(),
                    ]
                )
            )
            self.summary.setToolTip("")
        else:
            self.summary.setText(incomplete_text(len(scored.missing)))
            self.summary.setToolTip(
                _("Without actuals: {lines}").format(
                    lines=_(", ").join(line.indicator for line in scored.missing)
                )
            )
        points = {p.key: p.points for p in score.lines}
        self.points_chart.set_rows(
            [
                (
                    l.indicator,
                    l.weight,
                    points.get(l.id),
                    "missing" if l.id in due_missing else "scored",
                )
                for l in scored.contract.lines
                if not l.deduction
            ],
            _("Points against weight"),
        )
        if trend is not None:
            self.trend_chart.set_series(
                [(t.period, t.total, t.complete) for t in trend],
                _("Total score by month"),
                levels=firm.policy.coefficient_levels(),
            )

    def _show_year(self, year: YearScore) -> None:
        """The year period: §7 aggregation of the periods, saying what it is built from."""
        lines = year_result_lines(year.result, year.coefficient)
        if not self.model.scored or not self.model.scored.actuals:  # an empty table: say why
            lines = [*lines, built_from_months_note()]
        self.summary.setText("\n".join(lines))
        self.summary.setToolTip("")

    def _period_changed(self, _index: int) -> None:
        self.refresh()

    def _event_buttons(self, has_deduction_lines: bool) -> None:
        """An event needs a deduction line to count against, and one to remove."""
        self.add_event.setEnabled(has_deduction_lines)
        self.remove_event.setEnabled(self.events.count() > 0)

    def _add_event(self) -> None:
        self.controller.add_deduction_event(self.period.currentData())

    def _remove_event(self) -> None:
        item = self.events.currentItem()
        if item is not None:
            self.controller.remove_deduction_event(item.data(256))
