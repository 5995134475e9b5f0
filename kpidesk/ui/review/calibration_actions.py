"""Review › Calibration… (the "calibration" section): opens the calibration window, one per
main window, on the latest quarter with actuals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

from kpidesk.core.periods import Period
from kpidesk.i18n import _

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.review.calibration_window import CalibrationWindow


class CalibrationActions:
    def __init__(self, window: MainWindow):
        self.window = window
        self.view: CalibrationWindow | None = None
        self.open_action = QAction(window)
        self.open_action.setObjectName("calibrationAction")
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.open_action.triggered.connect(lambda: self.open())
        window.review_menu.add("calibration", self.open_action)
        window.retranslators.append(self.retranslate)
        self.retranslate()

    def default_period(self) -> str:
        """The quarter of the latest month with actuals (the demo: 2003-Q2)."""
        latest = self.window.firm.latest_period_with_actuals()
        year = self.window.firm.current_year
        if latest is None:
            return f"{year}-Q1"
        period = Period.parse(latest)
        if period.kind == "month":
            return f"{period.year}-Q{(period.index - 1) // 3 + 1}"
        return period.code

    def open(self, period: str | None = None) -> CalibrationWindow:
        from kpidesk.ui.review.calibration_window import CalibrationWindow

        if self.view is None:
            self.view = CalibrationWindow(self.window, period or self.default_period())
        elif period is not None:
            self.view.choose(period)
        self.view.follow_presentation()
        if self.view.isVisible() and QGuiApplication.platformName() != "offscreen":
            self.view.raise_()  # already open behind the main window: bring it forward
        if self.window.presenting:
            self.view.showFullScreen()
        else:
            self.view.show()
        self.view.activateWindow()
        if self.view.calibration is None:
            self.view.load()
        return self.view

    def retranslate(self) -> None:
        self.open_action.setText(_("&Calibration…"))
        self.open_action.setStatusTip(
            _(
                "Grades against the forced distribution guide, the nine-box, two contracts side by side"
            )
        )
