"""The projector side of the meeting: ONE agenda item, large — the contract's lines with their
target levels (minimum / base / challenge), the period's actual, completion and points, the
total against last period and the same period last year, the year's month totals, deduction
events, and what is missing or suspicious in words and colour. Before the meeting moves on it
shows the item's decision and action items, large, for the room to hear them read back.

It goes to the second screen when there is one, else full screen; its keys (Space, Page Down,
Page Up, 1–9) are handed to the meeting window, so the projector can be driven from it too.
Esc leaves full screen."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kpidesk.core.periods import Period
from kpidesk.core.readiness import LineState
from kpidesk.core.rule_kinds import rated_in_meeting
from kpidesk.core.rules import line_completion
from kpidesk.i18n import _
from kpidesk.services.meetings import ActionRow, ItemView
from kpidesk.ui.scoring.charts import TrendChart
from kpidesk.ui.widgets.presentation import presentation_point_size, presentation_style

STATE_COLOURS = {
    LineState.MISSING: "#b71c1c",  # red: the data is not in
    LineState.SUSPICIOUS: "#e65100",  # orange: in, but worth a second look
    LineState.TO_RATE: "#0d47a1",  # blue: the committee rates it now
}


def state_words(state: LineState) -> str:
    return {
        LineState.MISSING: _("missing"),
        LineState.SUSPICIOUS: _("suspicious"),
        LineState.TO_RATE: _("to be rated in the meeting"),
        LineState.DELIVERED: _("delivered"),
        LineState.NOT_DUE: _("not due"),
    }[state]


def aggregate_words(period: str | None) -> str:
    """The quarter's, half-year's or year's result in the room's words (no § signs)."""
    kind = Period.parse(period).kind if period else "year"
    if kind == "half":
        return _("Half-year result: {total}")
    if kind == "quarter":
        return _("Quarterly result: {total}")
    return _("Annual result: {total}")


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def number_text(value: float) -> str:
    """A target or an actual with thousands separators (36,500), as the period overview and
    the results show them; no float noise, no exponent for a large figure."""
    return f"{value:,.15g}"


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


class PresenterView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("presenterView")
        self.setWindowTitle(_("Review meeting"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.keys: Callable[[QKeyEvent], bool] = lambda _event: False
        self.view: ItemView | None = None
        self.title = QLabel()
        self.title.setObjectName("presenterTitle")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("presenterSummary")
        self.summary.setWordWrap(True)
        self.flags = QLabel()
        self.flags.setObjectName("presenterFlags")
        self.flags.setWordWrap(True)
        self.lines = QTableWidget(0, 7)
        self.lines.setObjectName("presenterLines")
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lines.verticalHeader().hide()
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A KPI name wraps onto a second line rather than being cut to "净营…" in a narrow
        # window (the projector not full screen); the rows grow to hold it.
        self.lines.setWordWrap(True)
        self.lines.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.setMinimumSectionSize(40)
        self.lines.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.trend = TrendChart()
        self.trend.setMinimumHeight(120)
        self.below = QLabel()  # deduction events, the aggregate, the self-report
        self.below.setObjectName("presenterBelow")
        self.below.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        for widget in (self.title, self.summary, self.flags):
            layout.addWidget(widget)
        layout.addWidget(self.lines, 3)
        layout.addWidget(self.trend, 1)
        layout.addWidget(self.below)
        self.readback = QLabel()
        self.readback.setObjectName("presenterReadback")
        self.readback.setWordWrap(True)
        self.readback.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.end_prompt = QLabel()  # the last item's first "next": the end is asked for again
        self.end_prompt.setObjectName("presenterEndPrompt")
        self.end_prompt.setWordWrap(True)
        self.end_prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(page)
        self.pages.addWidget(self.readback)
        self.pages.addWidget(self.end_prompt)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)
        self._style()

    def _style(self) -> None:
        """Large type always: the projector is read from the back of the room."""
        points = presentation_point_size(self.screen())
        self.setStyleSheet(
            presentation_style(points)
            + f"QLabel#presenterTitle {{ font-size: {points * 1.5:.1f}pt; font-weight: bold; }}"
            + f"QLabel#presenterSummary {{ font-size: {points * 1.2:.1f}pt; }}"
            + f"QLabel#presenterReadback {{ font-size: {points * 1.6:.1f}pt; }}"
            + f"QLabel#presenterEndPrompt {{ font-size: {points * 1.6:.1f}pt; }}"
        )

    # placing it -------------------------------------------------------------------------------
    def show_on_projector(self) -> None:
        """The second screen when there is one (the laptop keeps the first), else full screen."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            other = next((s for s in screens if s != QGuiApplication.primaryScreen()), screens[1])
            self.setGeometry(other.geometry())
        self._style()
        self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc leaves full screen (a normal window, to be moved or closed), as slide shows do;
        # it never ends the meeting.
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            if self.isFullScreen():
                self.showNormal()
            return
        if not self.keys(event):
            super().keyPressEvent(event)

    # what it shows ----------------------------------------------------------------------------
    @property
    def reading_back(self) -> bool:
        return self.pages.currentWidget() is self.readback

    @property
    def asking_to_end(self) -> bool:
        return self.pages.currentWidget() is self.end_prompt

    def show_end_prompt(self, text: str) -> None:
        """The end of the agenda: the meeting ends only when "next" is pressed again, so one
        stray key cannot end it and make the results official."""
        self.end_prompt.setText(text)
        self.pages.setCurrentWidget(self.end_prompt)

    def show_item(self, view: ItemView, title: str, number: int, count: int) -> None:
        self.view = view
        self.pages.setCurrentIndex(0)
        self.title.setText(_("{number}/{count}  {title}").format(
            number=number, count=count, title=title))  # fmt: skip
        scored = view.score
        if scored is None:
            self.summary.setText(_("No signed contract for this item."))
            self.flags.clear()
            self.lines.setRowCount(0)
            self.below.clear()
            return
        summary = _("Total {total}   last period {previous}   same period last year {year_ago}")
        text = summary.format(
            total=score_text(view.total),
            previous=score_text(view.previous_total),
            year_ago=score_text(view.year_ago_total),
        )
        if view.built_total is not None:
            text += "   " + _("(from its complete months)")
        if view.total is None:
            text += "   " + _("(not complete: {points} points so far)").format(
                points=score_text(scored.score.total))
        if scored.score.vetoed:
            text += "   " + _("VETO: the total is 0")
        self.summary.setText(text)
        self._fill_lines(view)
        self.trend.set_series([(p.period, p.total, p.complete) for p in view.trend],
                              _("Total by month"))  # fmt: skip
        self._fill_flags(view)
        self._fill_below(view)

    def _fill_lines(self, view: ItemView) -> None:
        assert view.score is not None
        scored = view.score
        points = {p.key: p.points for p in scored.score.lines}
        built = view.built_total is not None  # §7: the period stands on its complete months
        if built:
            points = dict(view.month_points)
        heads = (_("KPI"), _("Weight"), _("Minimum / base / challenge"), _("Actual"),
                 _("Completion"), _("Points"), _("State"))  # fmt: skip
        self.lines.setHorizontalHeaderLabels(list(heads))
        lines = scored.contract.lines
        self.lines.setRowCount(len(lines))
        events: dict[int, int] = {}
        for _id, line_id, _day, count, _note in view.events:
            events[line_id] = events.get(line_id, 0) + count
        for row, line in enumerate(lines):
            actual = scored.actuals.get(line.id)
            state = view.readiness.get(line.id)
            level = state.state if state is not None else LineState.NOT_DUE
            levels = " / ".join(
                "—" if v is None else number_text(v)
                for v in (line.minimum, line.base, line.challenge)
            )
            value = _number(actual)
            # The rule's own completion, as the scoring panel shows it: a cost or a loss rate
            # (lower is better) completes at base / actual, not actual / base.
            target = line.base if line.base is not None else line.rule.get("target")
            rate = None if actual is None else line_completion(line.rule, actual, target)
            completion = "" if rate is None else f"{rate * 100:.1f}%"
            got = points.get(line.id)
            if line.deduction:
                shown_actual = _("{count} events").format(count=events.get(line.id, 0))
            else:
                shown_actual = "" if actual is None else (
                    number_text(value) if value is not None else str(actual))  # fmt: skip
            cells = (
                line.indicator + ("  ★" if rated_in_meeting(line.rule) else ""),
                "—" if line.deduction else f"{line.weight:g}",
                "" if line.deduction else levels,
                shown_actual,
                completion,
                "" if got is None else f"{got:.1f}",
                _("months' mean") if built and actual is None and got is not None
                and level not in STATE_COLOURS
                else "" if level in (LineState.NOT_DUE, LineState.DELIVERED) else state_words(level),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column > 0:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                colour = STATE_COLOURS.get(level)
                if colour and column in (3, 6):
                    cell.setForeground(QBrush(QColor(colour)))
                self.lines.setItem(row, column, cell)

    def _fill_flags(self, view: ItemView) -> None:
        assert view.score is not None
        said = []
        names = {l.id: l.indicator for l in view.score.contract.lines}
        for line_id, state in view.readiness.items():
            if state.state in STATE_COLOURS:
                why = f" ({state.why.text()})" if state.why is not None else ""
                flag = _("{indicator}: {state}").format(
                    indicator=names.get(line_id, ""), state=state_words(state.state) + why
                )
                said.append(f'<span style="color:{STATE_COLOURS[state.state]}">{escape(flag)}</span>')
        # One flowing paragraph: a dozen missing lines must not push the table off the screen.
        self.flags.setText(escape(_("; ")).join(said) if said else _("All data is in."))

    def _fill_below(self, view: ItemView) -> None:
        said = []
        if view.events:
            said.append(_("Deduction events: {events}").format(
                events="; ".join(f"{day:%m-%d} ×{count} {note}".strip()
                                 for _i, _l, day, count, note in view.events)))  # fmt: skip
        if view.meeting.kind in ("R", "annual"):
            said.append(aggregate_words(view.meeting.period).format(
                total=score_text(view.aggregate)))  # fmt: skip
            if view.self_report is not None:
                filed, text = view.self_report
                said.append(_("Self-report of {date}: {text}").format(date=filed.isoformat(),
                                                                     text=text))  # fmt: skip
            else:
                said.append(_("No self-report recorded."))
        self.below.setText("\n".join(said))
        self.below.setVisible(bool(said))

    def show_readback(
        self, title: str, decision: str, actions: list[ActionRow], key: str = "Space"
    ) -> None:
        """The item's decision and action items, large, before the meeting moves on; ``key``
        names the key to press again (the one the facilitator just used)."""
        lines = [f"<b>{escape(_('Read back: {title}').format(title=title))}</b>", ""]
        said = _("Decision: {decision}").format(decision=decision or _("(none)"))
        lines.append(escape(said))
        lines.append(f"<b>{escape(_('Action items:'))}</b>")
        for action in actions:
            due = action.due.isoformat() if action.due else _("no due date")
            owner = escape(action.owner) or _("(no owner)")
            lines.append(f"• {escape(action.what)} — {owner} · {due}")
        if not actions:
            lines.append(_("(none)"))
        lines += ["", _("Press {key} again to move on.").format(key=key)]
        self.readback.setText("<br>".join(lines))
        self.pages.setCurrentWidget(self.readback)

