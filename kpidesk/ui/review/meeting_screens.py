"""The meeting for ``kpidesk screenshot`` (views ``meeting``: the projector, and
``meeting-presenter``: the laptop side) on the demo firm: June 2003's monthly meeting prepared,
its first item with a note, a decision and an action item. It writes them into the document it
is given (as a user would): take pictures of a demo file, not of a firm's own."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from kpidesk.i18n import _
from kpidesk.ui.review.meeting_window import MeetingWindow

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow

PERIOD = "2003-06"


def _meeting(window: MainWindow) -> MeetingWindow:
    service = window.meeting_actions.service
    year = window.firm.current_year
    if not service.meetings(year):
        service.make_calendar(year)
    meeting = next(
        (m for m in service.meetings(year) if m.period == PERIOD and m.kind == "M"),
        service.meetings(year)[0],
    )
    if not meeting.items:
        service.prepare(meeting.id)
    first = service.agenda(meeting.id)[0].item
    if not first.notes:
        service.set_item(
            first.id,
            notes=_("Revenue fell against May: two large accounts paid late."),
            decision=_("Keep the target; review the two accounts in July."),
            seconds_spent=200,
        )
        service.add_action(first.id, _("Call the two accounts about payment"), "周明杰",
                           date(2003, 7, 31))  # fmt: skip
        service.add_attendee(meeting.id, None, "郑国华", _("chair"))
        service.add_attendee(meeting.id, None, "刘思源", _("HR"))
    running = MeetingWindow(window, service, meeting.id)
    window.meeting_actions.running = running
    return running


def show_projector(window: MainWindow, logical: tuple[int, int]) -> QWidget:
    running = _meeting(window)
    presenter = running.presenter
    if window.presenting:
        presenter.setStyleSheet(presenter.styleSheet())  # already large type
    presenter.resize(*logical)
    presenter.show()
    QApplication.processEvents()
    return presenter


def show_presenter(window: MainWindow, logical: tuple[int, int]) -> QWidget:
    running = _meeting(window)
    if window.presenting:
        running.setStyleSheet(window.styleSheet())
    running.resize(*logical)
    running.show()
    QApplication.processEvents()
    return running
