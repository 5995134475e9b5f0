"""``kpidesk screenshot --view calibration|nine-box``: the calibration window on the demo's
2003-Q2 as a session shows it — grades agreed, one moved up (its proposed grade struck
through), some potentials set and the rest in the nine-box's holding area. What the picture
shows beyond the stored grades is made in memory only: a screenshot must not change the
document (a grade change would stay in the append-only log for ever)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from kpidesk.services.calibration import Calibration
from kpidesk.ui.review.calibration_window import NINE_BOX_TAB, CalibrationWindow

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow


def in_session(calibration: Calibration) -> Calibration:
    """``calibration`` as if started, the lowest total moved up a grade, potentials of the
    first three set (when nothing is stored yet)."""
    if calibration.started:
        return calibration
    people = [
        replace(p, grade=p.proposed) if p.score is not None else p for p in calibration.people
    ]
    graded = [i for i, p in enumerate(people) if p.grade is not None]
    if graded:
        last = graded[-1]
        if people[last].grade != "competent":
            people[last] = replace(people[last], grade="competent")
        for index, level in zip(graded, ("high", "mid", "high"), strict=False):
            people[index] = replace(people[index], potential=level)
    return Calibration(calibration.period, people, calibration.locked)


def _prepared(window: MainWindow, logical: tuple[int, int]) -> CalibrationWindow:
    view = window.calibration_actions.open("2003-Q2")
    view.showNormal()
    view.resize(*logical)
    app = QApplication.instance()
    while view.calibration is None or not window.background.idle():
        app.processEvents()  # type: ignore[union-attr]
    assert view.calibration is not None
    view.calibration = in_session(view.calibration)
    view._fill()
    app.processEvents()  # type: ignore[union-attr]
    return view


def show_calibration(window: MainWindow, logical: tuple[int, int]) -> QWidget:
    return _prepared(window, logical)


def show_nine_box(window: MainWindow, logical: tuple[int, int]) -> QWidget:
    view = _prepared(window, logical)
    view.tabs.setCurrentIndex(NINE_BOX_TAB)
    QApplication.processEvents()
    return view
