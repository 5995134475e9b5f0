"""The meeting calendar edited through its table's own delegate (F2, a date, Enter) and undone;
a self-report recorded through its dialog; attendance for the whole meeting and for one item."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QLineEdit

from kpidesk.ui.review.meeting_calendar import DAY, PLACE, MeetingCalendarDialog
from kpidesk.ui.review.meeting_window import MeetingWindow, SelfReportDialog

pytestmark = pytest.mark.gui


def _june(service):
    return next(m for m in service.meetings(2003) if m.period == "2003-06" and m.kind == "M")


def test_the_calendar_made_and_a_day_edited_by_keys_then_undone(window, qtbot):
    service = window.meeting_actions.service
    dialog = MeetingCalendarDialog(window, service)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.model.rowCount() == 0
    dialog.make_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 17)
    june = _june(service)
    row = next(r for r, m in enumerate(dialog.model.rows) if m.id == june.id)
    table = dialog.table
    table.setFocus()
    table.setCurrentIndex(dialog.model.index(row, DAY))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QDateEdit)
    editor.setDate(QDate(2003, 7, 17))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Return from the event loop (Qt 6 queues it).
    qtbot.waitUntil(lambda: service.meeting(june.id).held_on == date(2003, 7, 17))
    # The calendar keeps the order of the sitting: June's meeting now follows Q2's (the 15th).
    qtbot.waitUntil(lambda: dialog.model.rows[6].id != june.id)
    row = next(r for r, m in enumerate(dialog.model.rows) if m.id == june.id)
    assert dialog.model.data(dialog.model.index(row, DAY)) == "2003-07-17"
    assert dialog.model.rows[row - 1].period == "2003-Q2"
    table.setFocus()
    table.setCurrentIndex(dialog.model.index(row, PLACE))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    place = QApplication.focusWidget()
    assert isinstance(place, QLineEdit) and not isinstance(place.parent(), QDateEdit)
    place.setText("三楼会议室")
    qtbot.keyClick(place, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: service.meeting(june.id).place == "三楼会议室")
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert service.meeting(june.id).held_on == date(2003, 7, 15)
    qtbot.waitUntil(lambda: dialog.model.rows[6].id == june.id)
    row = next(r for r, m in enumerate(dialog.model.rows) if m.id == june.id)
    assert dialog.model.data(dialog.model.index(row, DAY)) == "2003-07-15"


def test_attendance_for_the_meeting_and_for_one_item(window, qtbot):
    service = window.meeting_actions.service
    service.make_calendar(2003)
    june = _june(service)
    service.prepare(june.id)
    running = MeetingWindow(window, service, june.id)
    qtbot.addWidget(running)
    running.attendee.setText("郑国华")
    qtbot.keyClick(running.attendee, Qt.Key.Key_Return)
    running.item_only.setChecked(True)
    running.attendee.setText("周明杰")
    qtbot.keyClick(running.attendee, Qt.Key.Key_Return)
    rows = service.attendance(june.id)
    assert [(r.name, r.item_id) for r in rows] == [
        ("郑国华", None),
        ("周明杰", running.agenda.items[0].item.id),
    ]
    assert running.attendance.count() == 2
    running.attendance.item(0).setCheckState(Qt.CheckState.Unchecked)  # left the room
    assert service.attendance(june.id)[0].present is False
    running.go_to(1)
    assert running.attendance.count() == 1  # the item's own attendee is not at this one
    running.close()


def test_a_self_report_through_its_dialog(window, qtbot, answer_dialog):
    service = window.meeting_actions.service
    service.make_calendar(2003)
    q2 = next(m for m in service.meetings(2003) if m.period == "2003-Q2" and m.kind == "R")
    service.prepare(q2.id)
    running = MeetingWindow(window, service, q2.id)
    qtbot.addWidget(running)
    assert running.self_report_button.isEnabled()  # a quarterly meeting, a person

    def fill(dialog):
        assert isinstance(dialog, SelfReportDialog)
        dialog.text.setPlainText("完成全年收入目标的52%")
        dialog.filed_on.setDate(QDate(2003, 7, 10))
        dialog.accept()

    answer_dialog(fill)
    running.self_report_button.click()
    entry = running.agenda.items[0]
    assert service.self_report(entry.employee_id, "2003") == (date(2003, 7, 10), "完成全年收入目标的52%")
    assert "完成全年收入目标的52%" in running.presenter.below.text()
    window.undo_stack.undo()
    assert service.self_report(entry.employee_id, "2003") is None
    running.close()
