"""Small charts painted by hand (QtCharts is deprecated and heavy): a rule's score curve,
points against weight per line, and a score trend over periods.

Every chart lays out its text from the widget's font metrics (``chart_layout``): the title and
the legend share the top row when both fit and stack otherwise (elided to the width, the whole
legend in the tooltip), the axis labels get the width their text needs, so nothing is painted
over anything else at any size or type size (presentation mode's stylesheet sets the font)."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kpidesk.core.policy import FirmPolicy
from kpidesk.i18n import _

INK = QColor("#1f2d3d")
ACCENT = QColor("#1565c0")
PALE = QColor("#cfd8e3")
GOOD = QColor("#2e7d32")
MISSING = QColor("#b34700")  # data not in yet: the findings' warning colour

MARGIN = 6.0  # between the widget's edge and any text
GAP = 12.0  # between the title and a legend on the same row
TICK_SCALE = 0.85  # month labels are a little smaller than the title
MARKER = 4.0  # radius of an incomplete month's marker on the month axis


def axis_text(value: float) -> str:
    """An axis label a reader takes in at a glance: whole numbers whole, else one decimal."""
    rounded = round(value, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ) not below ``value``: an
    axis top such as 30 for a largest weight of 29.702 (the bars keep their true heights)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value - 1e-9:
            return step * power
    return 10 * power


@dataclass
class ChartLayout:
    """Where a chart paints its text and its plot, in widget coordinates."""

    title: QRectF
    title_text: str
    legend: QRectF | None
    legend_text: str
    plot: QRectF
    axis_labels: list[tuple[QRectF, str]] = field(default_factory=list)
    tick_labels: list[tuple[QRectF, str]] = field(default_factory=list)
    tick_font: QFont | None = None

    def text_rects(self) -> dict[str, QRectF]:
        """Every painted text's rectangle by name (for checking that none overlap)."""
        rects = {"title": self.title}
        if self.legend is not None:
            rects["legend"] = self.legend
        rects.update({f"axis {text}": rect for rect, text in self.axis_labels})
        rects.update({f"tick {text}": rect for rect, text in self.tick_labels})
        return rects


class _Chart(QWidget):
    bottom_lines = 0  # lines of text a chart paints itself below its plot (the curve's marks)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = ""

    # what a chart labels: overridden ------------------------------------------------------------
    def legend_text(self) -> str:
        return ""

    def y_ticks(self) -> list[tuple[float, str]]:
        """(height as a share of the plot, label), most important first."""
        return []

    def x_ticks(self) -> list[tuple[float, str]]:
        """(position as a share of the plot's width, label), left to right."""
        return []

    def missing_ticks(self) -> set[str]:
        """Tick labels painted in the colour of missing data."""
        return set()

    def least_height(self) -> int:
        """The height below which the plot would be squeezed flat in this font: a two-row
        header, three lines of plot and the month labels (the panel hides a chart instead)."""
        line = QFontMetricsF(self.font()).height()
        return math.ceil(MARGIN + 6.5 * line + MARKER + 8)

    # layout --------------------------------------------------------------------------------------
    def chart_layout(self) -> ChartLayout:
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        width, height = float(self.width()), float(self.height())
        inner = max(1.0, width - 2 * MARGIN)
        top = MARGIN / 2

        def text_width(text: str) -> float:
            return min(inner, math.ceil(metrics.horizontalAdvance(text)) + 1.0)

        legend_full = self.legend_text()
        title_text = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, inner)
        title = QRectF(MARGIN, top, text_width(title_text), line)
        legend, legend_text = None, ""
        header = top + line
        if legend_full:
            legend_width = text_width(legend_full)
            if title.width() + GAP + legend_width <= inner:  # one row: title left, legend right
                legend_text = legend_full
                legend = QRectF(width - MARGIN - legend_width, top, legend_width, line)
            else:  # a row each, the legend elided when even its own row is short
                legend_text = metrics.elidedText(legend_full, Qt.TextElideMode.ElideRight, inner)
                legend = QRectF(MARGIN, header + 2, text_width(legend_text), line)
                header = legend.bottom()

        y_ticks = self.y_ticks()
        label_width = max((text_width(text) for _f, text in y_ticks), default=0.0)
        tick_font = QFont(self.font())
        if tick_font.pointSizeF() > 0:
            tick_font.setPointSizeF(max(6.0, tick_font.pointSizeF() * TICK_SCALE))
        else:
            tick_font.setPixelSize(max(8, round(tick_font.pixelSize() * TICK_SCALE)))
        tick_metrics = QFontMetricsF(tick_font)
        x_ticks = self.x_ticks()
        tick_width = max(
            (math.ceil(tick_metrics.horizontalAdvance(t)) + 1.0 for _f, t in x_ticks), default=0.0
        )
        left = MARGIN + (label_width + 4 if y_ticks else 0)
        right = width - MARGIN - tick_width / 2
        plot_top = header + 4 + line / 2  # a label on the top gridline stays below the header
        below = (tick_metrics.height() + MARKER + 1) if x_ticks else 0.0
        below = max(below + self.bottom_lines * line, line / 2 if y_ticks else 0.0)
        plot_bottom = height - top - below
        plot = QRectF(left, plot_top, max(1.0, right - left), max(1.0, plot_bottom - plot_top))

        axis_labels: list[tuple[QRectF, str]] = []
        for share, text in y_ticks:  # a label that would touch one already placed steps aside
            y = plot.bottom() - share * plot.height()
            rect = QRectF(MARGIN, y - line / 2, label_width, line)
            if not any(rect.intersects(kept) for kept, _t in axis_labels):
                axis_labels.append((rect, text))

        tick_labels: list[tuple[QRectF, str]] = []
        if x_ticks:
            shares = [share for share, _t in x_ticks]
            spacing = (
                min((b - a for a, b in itertools.pairwise(shares)), default=1.0) * plot.width()
            )
            every = max(1, math.ceil((tick_width + 4) / max(1.0, spacing)))
            for index, (share, text) in enumerate(x_ticks):
                if index % every:
                    continue
                w = math.ceil(tick_metrics.horizontalAdvance(text)) + 1.0
                x = plot.left() + share * plot.width()
                tick_labels.append(
                    (QRectF(x - w / 2, plot.bottom() + MARKER + 1, w, tick_metrics.height()), text)
                )
        return ChartLayout(
            title, title_text, legend, legend_text, plot, axis_labels, tick_labels, tick_font
        )

    def _paint_frame(self, painter: QPainter) -> ChartLayout:
        """White ground, title, legend and axis labels; the chart paints its data in ``plot``."""
        layout = self.chart_layout()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.setPen(INK)
        painter.drawText(layout.title, left, layout.title_text)
        if layout.legend is not None:
            painter.setPen(MISSING)
            painter.drawText(layout.legend, left, layout.legend_text)
        painter.setPen(INK)
        for rect, text in layout.axis_labels:
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )
        if layout.tick_labels:
            painter.save()
            painter.setFont(layout.tick_font)
            missing = self.missing_ticks()
            for rect, text in layout.tick_labels:
                painter.setPen(MISSING if text in missing else INK)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()
        return layout

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, pos) -> str:
        """The legend in full where it is painted (it may be elided)."""
        layout = self.chart_layout()
        if layout.legend is not None and layout.legend.contains(QPointF(pos)):
            return self.legend_text()
        return ""


class CurveChart(_Chart):
    """Points earned across a range of actual values: what a rule means, at a glance."""

    bottom_lines = 1  # the targets' labels under the plot

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[tuple[float, float]] = []
        self.weight = 0.0
        self.marks: list[tuple[float, str]] = []

    def set_curve(self, points, weight: float, marks=(), title: str = "") -> None:
        self.points, self.weight, self.marks, self.title = list(points), weight, list(marks), title
        self.update()

    def y_ticks(self) -> list[tuple[float, str]]:
        if len(self.points) < 2 or self.weight <= 0:
            return []
        return [(1.0, axis_text(self.weight)), (0.0, "0")]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        area = self._paint_frame(painter).plot
        if len(self.points) < 2 or self.weight <= 0:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("No curve to show"))
            return
        xs = [x for x, _y in self.points]
        lo, hi = min(xs), max(xs)
        span = (hi - lo) or 1.0
        to_x = lambda x: area.left() + (x - lo) / span * area.width()
        to_y = lambda y: area.bottom() - y / self.weight * area.height()
        painter.setPen(QPen(PALE, 1))
        painter.drawRect(area)
        for x, label in self.marks:
            painter.setPen(QPen(PALE, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(to_x(x), area.top()), QPointF(to_x(x), area.bottom()))
            painter.setPen(INK)
            painter.drawText(
                QPointF(to_x(x) + 2, area.bottom() + painter.fontMetrics().height()), label
            )
        path = QPainterPath(QPointF(to_x(xs[0]), to_y(self.points[0][1])))
        for x, y in self.points[1:]:
            path.lineTo(QPointF(to_x(x), to_y(y)))
        painter.setPen(QPen(ACCENT, 2.5))
        painter.drawPath(path)


class PointsChart(_Chart):
    """One bar pair per line: the weight (pale) and the points earned (dark). A line due this
    period without its actual shows a dashed outline and a question mark, not an empty bar that
    reads as zero points."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[str, float, float | None, str]] = []

    def set_rows(self, rows, title: str = "") -> None:
        """``rows``: (name, weight, points, state); state ``scored`` or ``missing``."""
        self.rows = [tuple(r) if len(r) == 4 else (*r, "scored") for r in rows]
        self.title = title
        self.update()

    @property
    def axis_top(self) -> float:
        """The points at the top of the plot: a round number at or above the largest weight."""
        return nice_ceiling(max((w for _n, w, _p, _s in self.rows), default=0.0))

    def legend_text(self) -> str:
        if any(state == "missing" for *_rest, state in self.rows):
            return _("? no actual yet")
        return ""

    def y_ticks(self) -> list[tuple[float, str]]:
        if not self.rows:
            return []
        return [(1.0, axis_text(self.axis_top)), (0.0, "0")]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        area = self._paint_frame(painter).plot
        if not self.rows:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("No lines"))
            return
        top = self.axis_top
        painter.setPen(QPen(PALE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(area.topLeft(), area.topRight())
        step = area.width() / len(self.rows)
        for i, (_name, weight, points, state) in enumerate(self.rows):
            x = area.left() + i * step
            h = weight / top * area.height()
            bar = QRectF(x + step * 0.15, area.bottom() - h, step * 0.7, h)
            if state == "missing":
                painter.setPen(QPen(MISSING, 1.2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(bar)
                painter.setPen(MISSING)
                mark = QRectF(bar)
                line = painter.fontMetrics().height()
                if mark.height() < line:  # a small weight's bar: the mark stands on top of it
                    mark = QRectF(
                        bar.left(), max(area.top(), bar.bottom() - line), bar.width(), line
                    )
                painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "?")
                continue
            painter.fillRect(bar, PALE)
            if points is not None:
                ph = points / top * area.height()
                painter.fillRect(
                    QRectF(x + step * 0.3, area.bottom() - ph, step * 0.4, ph),
                    GOOD if points >= weight * 0.8 else ACCENT,
                )


class TrendChart(_Chart):
    """Total score per month, with the pay breakpoints drawn in. The line joins complete months
    only. A month whose data is incomplete has no score, so it gets no point on the value scale
    (its total so far would read as a dip): its column is hatched and a hollow marker sits on
    its tick of the month axis; the legend and the tooltip say it is not in the trend."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.series: list[tuple[str, float | None, bool]] = []
        self.levels: tuple[float, ...] = FirmPolicy().coefficient_levels()

    def set_series(self, series, title: str = "", levels=None) -> None:
        """``series``: (period, total or None, complete); ``levels``: the score breakpoints of
        the firm's pay policy to draw (``FirmPolicy.coefficient_levels``; METHOD.md's by default)."""
        self.series = [tuple(s) if len(s) == 3 else (*s, True) for s in series]
        self.title = title
        if levels is not None:
            self.levels = tuple(levels)
        self.update()

    @property
    def trend(self) -> list[tuple[str, float]]:
        """The months the trend line is drawn through."""
        return [(p, v) for p, v, complete in self.series if v is not None and complete]

    @property
    def marked(self) -> list[tuple[str, float]]:
        """Months with some actuals but not all: marked on the month axis, off the line."""
        return [(p, v) for p, v, complete in self.series if v is not None and not complete]

    def legend_text(self) -> str:
        return _("○ incomplete month, not in the trend") if self.marked else ""

    def y_ticks(self) -> list[tuple[float, str]]:
        if not self.series:
            return []
        # the higher breakpoint first: when two would touch, the one kept is the bonus line
        return [(level / 100, axis_text(level)) for level in sorted(self.levels, reverse=True)]

    def _share(self, index: int) -> float:
        return index / max(1, len(self.series) - 1)

    def x_ticks(self) -> list[tuple[float, str]]:
        return [(self._share(i), period[-2:]) for i, (period, _v, _c) in enumerate(self.series)]

    def missing_ticks(self) -> set[str]:
        return {period[-2:] for period, _v in self.marked}

    def _x(self, plot: QRectF, period: str) -> float:
        index = [p for p, _v, _c in self.series].index(period)
        return plot.left() + self._share(index) * plot.width()

    def trend_points(self, layout: ChartLayout | None = None) -> dict[str, QPointF]:
        """Where each complete month's score is drawn."""
        plot = (layout or self.chart_layout()).plot
        return {
            period: QPointF(self._x(plot, period), plot.bottom() - value / 100 * plot.height())
            for period, value in self.trend
        }

    def incomplete_markers(self, layout: ChartLayout | None = None) -> dict[str, QPointF]:
        """Where each incomplete month is marked: on its tick of the month axis (the baseline),
        never on the value scale."""
        plot = (layout or self.chart_layout()).plot
        return {period: QPointF(self._x(plot, period), plot.bottom()) for period, _v in self.marked}

    def _column(self, plot: QRectF, x: float) -> QRectF:
        half = plot.width() / max(1, len(self.series) - 1) / 2
        return QRectF(x - half, plot.top(), 2 * half, plot.height()).intersected(plot)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        layout = self._paint_frame(painter)
        area = layout.plot
        if not self.trend and not self.marked:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("No scores yet"))
            return
        to_y = lambda v: area.bottom() - v / 100 * area.height()
        markers = self.incomplete_markers(layout)
        hatch = QColor(MISSING)
        hatch.setAlpha(140)
        for point in markers.values():
            painter.fillRect(
                self._column(area, point.x()), QBrush(hatch, Qt.BrushStyle.BDiagPattern)
            )
        painter.setPen(QPen(PALE, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        for level in self.levels:
            painter.setPen(QPen(PALE, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(area.left(), to_y(level)), QPointF(area.right(), to_y(level)))
        points = list(self.trend_points(layout).values())
        painter.setPen(QPen(ACCENT, 2.5))
        for p0, p1 in itertools.pairwise(points):
            painter.drawLine(p0, p1)
        painter.setBrush(ACCENT)
        for point in points:
            painter.drawEllipse(point, 3.5, 3.5)
        painter.setPen(QPen(MISSING, 1.5))
        painter.setBrush(Qt.GlobalColor.white)
        for point in markers.values():
            painter.drawEllipse(point, MARKER, MARKER)

    def tooltip_at(self, pos) -> str:
        legend = super().tooltip_at(pos)
        if legend or not self.series:
            return legend
        layout = self.chart_layout()
        periods = [p for p, _v, _c in self.series]
        nearest = min(periods, key=lambda p: abs(self._x(layout.plot, p) - pos.x()))
        value, complete = next((v, c) for p, v, c in self.series if p == nearest)
        if value is None:
            return ""
        if not complete:
            return _("{month}: data incomplete, not in the trend").format(month=nearest)
        return _("{month}: total {total}").format(month=nearest, total=f"{value:.2f}")
