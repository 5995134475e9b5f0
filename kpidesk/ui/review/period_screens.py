"""The screenshot view ``period``: the period overview of the demo's first quarter-end without
actuals (2003-09: every provider owes its lines, the committee's line waits for the meeting),
every due line listed in the centre."""

from __future__ import annotations


def show_period(window, logical):
    from PySide6.QtWidgets import QApplication

    actions = window.period_actions
    actions.show()
    actions.set_period("2003-09")
    while not window.background.idle():  # the period is read in the background
        QApplication.processEvents()
    actions.lines.set_states(None)
    actions.page.select(("all",))
    return window
