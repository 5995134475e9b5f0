"""Small charts painted by hand (QtCharts is deprecated and heavy): a rule's score curve,
points against weight per line, and a score trend over periods."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kpidesk.i18n import _

INK = QColor("#1f2d3d")
ACCENT = QColor("#1565c0")
PALE = QColor("#cfd8e3")
GOOD = QColor("#2e7d32")
MISSING = QColor("#b34700")  # data not in yet: the findings' warning colour


class _Chart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = ""

    def _frame(self, painter: QPainter) -> QRectF:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        metrics = painter.fontMetrics()
        painter.setPen(INK)
        painter.drawText(
            QRectF(6, 2, self.width() - 12, metrics.height() + 2),
            Qt.AlignmentFlag.AlignLeft,
            self.title,
        )
        top = metrics.height() + 8
        left = metrics.horizontalAdvance("100") + 10  # room for axis labels at any font size
        return QRectF(
            left,
            top,
            max(10, self.width() - left - 12),
            max(10, self.height() - top - metrics.height() - 10),
        )

    def _axis_label(self, painter: QPainter, area: QRectF, y: float, text: str) -> None:
        height = painter.fontMetrics().height()
        painter.drawText(
            QRectF(0, y - height / 2, area.left() - 4, height),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            text,
        )

    def _legend(self, painter: QPainter, area: QRectF, text: str) -> None:
        metrics = painter.fontMetrics()
        painter.setPen(MISSING)
        painter.drawText(
            QRectF(area.left(), 2, area.width(), metrics.height() + 2),
            Qt.AlignmentFlag.AlignRight,
            text,
        )


class CurveChart(_Chart):
    """Points earned across a range of actual values: what a rule means, at a glance."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[tuple[float, float]] = []
        self.weight = 0.0
        self.marks: list[tuple[float, str]] = []

    def set_curve(self, points, weight: float, marks=(), title: str = "") -> None:
        self.points, self.weight, self.marks, self.title = list(points), weight, list(marks), title
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
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
        painter.setPen(INK)
        self._axis_label(painter, area, area.top(), f"{self.weight:g}")
        self._axis_label(painter, area, area.bottom(), "0")


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

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not self.rows:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("No lines"))
            return
        top = max(w for _n, w, _p, _s in self.rows) or 1.0
        step = area.width() / len(self.rows)
        for i, (name, weight, points, state) in enumerate(self.rows):
            x = area.left() + i * step
            h = weight / top * area.height()
            bar = QRectF(x + step * 0.15, area.bottom() - h, step * 0.7, h)
            if state == "missing":
                painter.setPen(QPen(MISSING, 1.2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(bar)
                painter.setPen(MISSING)
                painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, "?")
                continue
            painter.fillRect(bar, PALE)
            if points is not None:
                ph = points / top * area.height()
                painter.fillRect(
                    QRectF(x + step * 0.3, area.bottom() - ph, step * 0.4, ph),
                    GOOD if points >= weight * 0.8 else ACCENT,
                )
        painter.setPen(INK)
        self._axis_label(painter, area, area.top(), f"{top:g}")
        if any(state == "missing" for *_rest, state in self.rows):
            self._legend(painter, area, _("? no actual yet"))


class TrendChart(_Chart):
    """Total score per month, with the pay breakpoints drawn in. The line joins complete months
    only; a month whose data is incomplete is a hollow point off the line (its total so far is
    not a score, so it must not read as a dip)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.series: list[tuple[str, float | None, bool]] = []
        self.levels: tuple[float, ...] = (60, 90)

    def set_series(self, series, title: str = "", levels=None) -> None:
        """``series``: (period, total or None, complete); ``levels``: the score breakpoints of
        the firm's pay policy to draw (default 60 and 90)."""
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
        """Months with some actuals but not all: drawn hollow, off the line."""
        return [(p, v) for p, v, complete in self.series if v is not None and not complete]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        index = {p: i for i, (p, _v, _c) in enumerate(self.series)}
        known = [(index[p], v) for p, v in self.trend]
        hollow = [(index[p], v) for p, v in self.marked]
        if not known and not hollow:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("No scores yet"))
            return
        n = max(1, len(self.series) - 1)
        to_x = lambda i: area.left() + i / n * area.width()
        to_y = lambda v: area.bottom() - v / 100 * area.height()
        for level in self.levels:
            painter.setPen(QPen(PALE, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(area.left(), to_y(level)), QPointF(area.right(), to_y(level)))
            painter.setPen(INK)
            self._axis_label(painter, area, to_y(level), f"{level:g}")
        painter.setPen(QPen(ACCENT, 2.5))
        for (i0, v0), (i1, v1) in zip(known, known[1:]):
            painter.drawLine(QPointF(to_x(i0), to_y(v0)), QPointF(to_x(i1), to_y(v1)))
        painter.setBrush(ACCENT)
        for i, v in known:
            painter.drawEllipse(QPointF(to_x(i), to_y(v)), 3.5, 3.5)
        painter.setPen(QPen(MISSING, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for i, v in hollow:
            painter.drawEllipse(QPointF(to_x(i), to_y(v)), 4, 4)
        if hollow:
            self._legend(painter, area, _("○ incomplete month, not in the trend"))
        painter.setPen(INK)
        small = QFont(painter.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        label_width = painter.fontMetrics().horizontalAdvance("00") + 6
        every = max(1, int(label_width / max(1.0, area.width() / n)) + 1)
        for i, (period, _v, _c) in enumerate(self.series):
            if i % every == 0:
                painter.drawText(
                    QPointF(
                        to_x(i) - label_width / 2 + 3,
                        area.bottom() + painter.fontMetrics().height(),
                    ),
                    period[-2:],
                )
