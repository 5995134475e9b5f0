"""The meeting's commands in the Review menu (section "meeting"): Meeting calendar…, Run the
meeting…, End the meeting. Composed into the window as ``window.meeting_actions``; it owns its
QActions (tests/ui/test_menus.py names them by attribute)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog

from kpidesk.core.periods import period_label
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_, _
from kpidesk.services.meetings import MeetingService
from kpidesk.services.meetings import MeetingRow
from kpidesk.ui.review.meeting_calendar import MeetingCalendarDialog, kind_text

if TYPE_CHECKING:
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.review.meeting_window import MeetingWindow


def meeting_text(meeting: MeetingRow) -> str:
    return _("{day}  {kind}  {period}").format(
        day=meeting.held_on.isoformat(),
        kind=kind_text(meeting.kind),
        period=period_label(meeting.period) if meeting.period else "",
    )


class MeetingActions:
    def __init__(self, window: MainWindow):
        self.window = window
        self.service = MeetingService(window.firm)
        self.running: MeetingWindow | None = None
        self.calendar_action = QAction(window)
        self.calendar_action.triggered.connect(lambda: self.open_calendar())
        self.run_action = QAction(window)
        self.run_action.triggered.connect(lambda: self.run_meeting())
        self.end_action = QAction(window)
        self.end_action.triggered.connect(lambda: self.end_running())
        for action in (self.calendar_action, self.run_action, self.end_action):
            window.review_menu.add("meeting", action)
        window.retranslators.append(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.calendar_action.setText(_("Meeting &calendar…"))
        self.run_action.setText(_("R&un the meeting…"))
        self.end_action.setText(_("&End the meeting"))

    # the calendar ------------------------------------------------------------------------------
    def open_calendar(self) -> None:
        MeetingCalendarDialog(self.window, self.service).exec()

    # choosing and running ----------------------------------------------------------------------
    def default_meeting(self, planned: list[MeetingRow], today: date) -> MeetingRow:
        """The next planned meeting from today; in a year gone by (a firm's past year, the
        demo), the one reviewing the latest period with actuals."""
        upcoming = [m for m in planned if m.held_on >= today]
        if upcoming and upcoming[0].held_on.year <= today.year:
            return upcoming[0]
        latest = self.window.firm.latest_period_with_actuals()
        return next((m for m in planned if m.period == latest), upcoming[0] if upcoming else planned[0])

    def choose_meeting(self) -> MeetingRow | None:
        planned = [m for m in self.service.meetings(self.window.firm.current_year)
                   if m.status == "planned"]  # fmt: skip
        if not planned:
            self.window.show_error(
                _("No meeting is planned for this year: make the meeting calendar first "
                  "(Review › Meeting calendar…).")  # fmt: skip
            )
            return None
        default = self.default_meeting(planned, date.today())
        names = [meeting_text(m) for m in planned]
        dialog = QInputDialog(self.window)
        dialog.setObjectName("chooseMeeting")
        dialog.setWindowTitle(_("Run the meeting"))
        dialog.setLabelText(_("Meeting:"))
        dialog.setComboBoxItems(names)
        dialog.setTextValue(names[planned.index(default)])
        if not dialog.exec():
            return None
        return planned[names.index(dialog.textValue())]

    def run_meeting(self, meeting: MeetingRow | None = None) -> MeetingWindow | None:
        """The meeting's agenda prepared if it is not yet (in the background: an agenda of a
        large firm reads the whole period), then the laptop window and the projector."""
        if self.running is not None:
            self.running.raise_()
            self.running.activateWindow()
            return self.running
        meeting = meeting or self.choose_meeting()
        if meeting is None:
            return None
        if meeting.items:
            return self._open(meeting.id)
        meeting_id = meeting.id

        def prepared(result) -> None:
            if self.window.operations.run(Problem(N_("Prepare the agenda")), lambda: result):
                self._open(meeting_id)

        self.window.background.run(
            _("Preparing the agenda…"), lambda: self.service.prepare(meeting_id), prepared
        )
        return None

    def _open(self, meeting_id: int) -> MeetingWindow:
        from kpidesk.ui.review.meeting_window import MeetingWindow

        if self.service.started_at(meeting_id) is None:
            self.window.operations.run(
                Problem(N_("Start the meeting")), lambda: self.service.start(meeting_id)
            )
        self.running = MeetingWindow(self.window, self.service, meeting_id)
        self.running.resize(self.window.size())
        self.running.presenter.show_on_projector()
        self.running.show()
        self.running.activateWindow()
        self.running.agenda_view.setFocus()
        return self.running

    # the end ------------------------------------------------------------------------------------
    def end_running(self) -> None:
        if self.running is None:
            self.window.show_error(_("No meeting is running."))
            return
        self.running.end_meeting()

    def end(self, meeting_id: int) -> None:
        """The meeting held; then its period's results made official by the results feature
        when it is composed into the window (it may not be: it is built on its own)."""
        meeting = self.service.meeting(meeting_id)
        if self.window.operations.run(
            Problem(N_("End the meeting")), lambda: self.service.end(meeting_id)
        ) is None:
            return
        results = getattr(self.window, "results_actions", None)
        make_official = getattr(results, "make_official", None)
        if make_official is not None and meeting.period is not None:
            make_official(meeting.period, meeting_id)
        self.window.statusBar().showMessage(_("The meeting is held."), 5000)
