"""The meeting run as the facilitator runs it, by keys: Space / Page Down / Page Up through the
agenda (Space in the notes types a space; Ctrl+Enter moves on while typing), the read-back of a
decision and an action before moving on, a committee rating by its number key recorded as the
line's actual (undo removes it), action items carried to the next meeting, the end making the
period's results official through ``window.results_actions`` when that feature is there."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QSpinBox
from sqlalchemy import select

from kpidesk.core.changes import Changes
from kpidesk.storage.records import ActualRecord, PeriodRecord
from kpidesk.ui.review.meeting_calendar import CalendarModel
from kpidesk.ui.review.meeting_window import MeetingWindow

pytestmark = pytest.mark.gui


def _meeting(window, period: str, kind: str = "M"):
    service = window.meeting_actions.service
    if not service.meetings(2003):
        service.make_calendar(2003)
    return next(m for m in service.meetings(2003) if m.period == period and m.kind == kind)


def _run(window, qtbot, period: str, kind: str = "M") -> MeetingWindow:
    """Review › Run the meeting for ``period``: prepared in the background, then opened."""
    window.meeting_actions.run_meeting(_meeting(window, period, kind))
    qtbot.waitUntil(lambda: window.meeting_actions.running is not None, timeout=30000)
    running = window.meeting_actions.running
    qtbot.addWidget(running)
    running.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is running)
    running.agenda_view.setFocus()
    return running


def _key(qtbot, widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifiers)


def test_a_meeting_stepped_through_by_keys_with_read_back_and_end(window, qtbot, monkeypatch):
    official = []
    fake = SimpleNamespace(make_official=lambda period, meeting: official.append((period, meeting)))
    monkeypatch.setattr(window, "results_actions", fake, raising=False)
    running = _run(window, qtbot, "2003-06")
    presenter, agenda = running.presenter, running.agenda_view
    assert running.row == 0 and presenter.title.text().startswith("1/5")
    _key(qtbot, agenda, Qt.Key.Key_Space)  # nothing decided: straight on
    assert running.row == 1 and presenter.title.text().startswith("2/5")
    _key(qtbot, agenda, Qt.Key.Key_PageDown)
    assert running.row == 2
    _key(qtbot, agenda, Qt.Key.Key_PageUp)
    assert running.row == 1 and presenter.title.text().startswith("2/5")

    # Space in the notes types a space; Ctrl+Enter there moves on (after the read-back).
    running.notes.setFocus()
    running.notes.setPlainText("late")
    running.notes.moveCursor(running.notes.textCursor().MoveOperation.End)
    _key(qtbot, running.notes, Qt.Key.Key_Space)
    assert running.notes.toPlainText() == "late " and running.row == 1
    running.decision.setPlainText("维持目标，七月复核")
    running.action_what.setText("催收两笔欠款")
    running.action_owner.setText("陈晓梅")
    _key(qtbot, running.action_what, Qt.Key.Key_Return)
    assert running.actions_list.count() == 1
    running.notes.setFocus()
    _key(qtbot, running.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert running.row == 1 and presenter.reading_back  # read back first
    shown = presenter.readback.text()
    assert "维持目标，七月复核" in shown and "催收两笔欠款" in shown and "陈晓梅" in shown
    assert "Ctrl+Enter" in shown and "Space" not in shown  # the key used (review finding 19)
    agenda.setFocus()
    _key(qtbot, agenda, Qt.Key.Key_Space)  # the second press moves on
    assert running.row == 2 and not presenter.reading_back
    item = running.service.item(running.agenda.items[1].item.id)
    assert (item.notes, item.decision, item.discussed) == ("late ", "维持目标，七月复核", True)

    meeting_id = running.meeting_id
    _key(qtbot, presenter, Qt.Key.Key_PageDown)  # the projector takes the keys too
    assert running.row == 3 and presenter.title.text().startswith("4/5")
    _key(qtbot, presenter, Qt.Key.Key_PageUp)
    assert running.row == 2
    for expected in (3, 4):
        _key(qtbot, agenda, Qt.Key.Key_PageDown)
        assert running.row == expected
    _key(qtbot, agenda, Qt.Key.Key_Space)  # the last item's next only asks (review finding 5)
    assert presenter.asking_to_end and running.row == 4 and official == []
    assert "Space" in presenter.end_prompt.text()
    assert window.meeting_actions.service.meeting(meeting_id).status != "held"
    assert window.meeting_actions.running is running
    _key(qtbot, agenda, Qt.Key.Key_PageUp)  # back: the end is not asked any more
    assert not presenter.asking_to_end and running.row == 4
    _key(qtbot, agenda, Qt.Key.Key_PageDown)
    assert presenter.asking_to_end and "Page Down" in running.statusBar().currentMessage()
    _key(qtbot, agenda, Qt.Key.Key_Space)  # the second press ends the meeting
    qtbot.waitUntil(lambda: window.meeting_actions.running is None)
    assert window.meeting_actions.service.meeting(meeting_id).status == "held"
    assert official == [("2003-06", meeting_id)]


def test_typing_notes_is_one_undo_entry(window, qtbot):
    running = _run(window, qtbot, "2003-06")
    before = window.undo_stack.count()
    running.notes.setFocus()
    for key in (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_Space, Qt.Key.Key_C):
        _key(qtbot, running.notes, key)
    assert window.undo_stack.count() == before  # nothing saved while typing
    running.agenda_view.setFocus()  # leaving the field saves it
    qtbot.waitUntil(lambda: window.undo_stack.count() == before + 1)
    assert running.service.item(running.agenda.items[0].item.id).notes == "ab c"
    window.undo_stack.undo()
    assert running.service.item(running.agenda.items[0].item.id).notes == ""
    assert running.notes.toPlainText() == ""


def _q2_actual(window, line_id: int):
    with window.firm.document.reading() as session:
        return session.scalar(
            select(ActualRecord)
            .join(PeriodRecord)
            .where(ActualRecord.line_id == line_id, PeriodRecord.code == "2003-Q2")
        )


def test_a_committee_rating_by_key_is_the_actual_and_undo_removes_it(window, qtbot):
    running = _run(window, qtbot, "2003-Q2", "R")
    # The HR-EDP contract (员工发展和绩效管理) has the committee-rated line, quarterly.
    row = next(i for i, p in enumerate(running.agenda.items) if p.position == "员工发展和绩效管理")
    running.go_to(row)
    (line,) = running.rated_lines()
    assert running.ratings.isVisible()
    second = line.rule["levels"][1]["label"]
    running.agenda_view.setFocus()
    _key(qtbot, running.agenda_view, Qt.Key.Key_2)
    actual = _q2_actual(window, line.id)
    assert (actual.value_text, actual.source) == (second, "考评会")
    assert second in running.ratings.item(0).text()
    window.undo_stack.undo()
    assert _q2_actual(window, line.id) is None
    assert running.row == row  # the key rated, it did not move


def test_action_items_are_carried_to_the_next_meeting(window, qtbot):
    service = window.meeting_actions.service
    may = _meeting(window, "2003-05")
    service.prepare(may.id)
    first = service.agenda(may.id)[0].item
    service.add_action(first.id, "复核营销成本", "陈晓梅")
    running = _run(window, qtbot, "2003-06")
    assert running.earlier.count() == 1
    assert "复核营销成本" in running.earlier.item(0).text()
    running.earlier.item(0).setCheckState(Qt.CheckState.Checked)  # done at this meeting
    assert service.open_actions(running.meeting_id) == []
    window.undo_stack.undo()
    assert [a.what for a in service.open_actions(running.meeting_id)] == ["复核营销成本"]


def test_the_clock_turns_red_over_the_time_box(window, qtbot):
    service = window.meeting_actions.service
    june = _meeting(window, "2003-06")
    service.prepare(june.id)
    now = [1000.0]
    running = MeetingWindow(window, service, june.id, clock=lambda: now[0])
    qtbot.addWidget(running)
    now[0] += 299
    running.show_clock()
    assert running.clock_label.text() == "4:59 / 5:00" and not running.over_time
    now[0] += 2
    running.show_clock()
    assert running.clock_label.text() == "5:01 / 5:00" and running.over_time
    assert "#c62828" in running.clock_label.styleSheet()
    running.close()


def test_agenda_and_calendar_models_pass_the_model_tester(window, qtbot, qtmodeltester):
    running = _run(window, qtbot, "2003-06")
    qtmodeltester.check(running.agenda)
    index = running.agenda.index(0, 3)
    assert running.agenda.setData(index, 8)  # the time box, an operation
    assert running.agenda.items[0].item.minutes == 8
    _key(qtbot, running.agenda_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert running.row == 1 and running.agenda.items[1].item.minutes == 8
    qtmodeltester.check(running.agenda)
    calendar = CalendarModel(window, window.meeting_actions.service)
    calendar.reload()
    qtmodeltester.check(calendar)
    assert calendar.rowCount() == 17
    window.operations.announce(Changes(review=True))
    qtmodeltester.check(calendar)


def test_the_time_box_editor_offers_1_to_240_minutes(window, qtbot):
    """F2 on a time box: the editor goes no lower than 1 (it offered 0, then refused it)."""
    running = _run(window, qtbot, "2003-06")
    view = running.agenda_view
    view.setCurrentIndex(running.agenda.index(0, 3))
    _key(qtbot, view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QSpinBox))
    editor = QApplication.focusWidget()
    assert (editor.minimum(), editor.maximum()) == (1, 240)
    editor.setValue(2)
    for _ in range(3):  # Down past the minimum stays at 1
        _key(qtbot, editor, Qt.Key.Key_Down)
    assert editor.value() == 1
    errors = []
    window.show_error = errors.append
    _key(qtbot, editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: running.agenda.items[0].item.minutes == 1)  # committed queued
    assert errors == []


def test_esc_leaves_the_projectors_full_screen_and_never_closes_the_meeting(window, qtbot):
    running = _run(window, qtbot, "2003-06")
    presenter = running.presenter
    presenter.show_on_projector()
    qtbot.waitUntil(presenter.isFullScreen)
    _key(qtbot, presenter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not presenter.isFullScreen())
    assert presenter.isVisible() and running.row == 0  # a normal window, the item kept
    _key(qtbot, presenter, Qt.Key.Key_PageDown)  # still drives the meeting
    assert running.row == 1
    # The laptop: Esc takes back the end-of-agenda question and closes nothing.
    running.go_to(len(running.agenda.items) - 1)
    _key(qtbot, running.agenda_view, Qt.Key.Key_Space)
    assert presenter.asking_to_end
    _key(qtbot, running.agenda_view, Qt.Key.Key_Escape)
    assert not presenter.asking_to_end
    _key(qtbot, running.agenda_view, Qt.Key.Key_Escape)
    assert running.isVisible() and window.meeting_actions.running is running
    running.close()


def test_the_quarters_projector_says_quarterly_result_in_chinese_without_section_signs(
    window, qtbot
):
    from kpidesk import i18n

    running = _run(window, qtbot, "2003-Q2", "R")
    before = i18n.language()
    i18n.set_language("zh_CN")
    try:
        running._show_item()
        below = running.presenter.below.text()
    finally:
        i18n.set_language(before)
    assert "季度汇总：" in below and "§" not in below
    running.close()


def test_the_action_owner_is_a_person_in_chinese(window, qtbot):
    from kpidesk import i18n

    before = i18n.language()
    i18n.set_language("zh_CN")
    try:
        running = _run(window, qtbot, "2003-06")
        assert running.action_owner.placeholderText() == "负责人"
    finally:
        i18n.set_language(before)
    running.close()


def test_the_agenda_headers_are_not_cut(window, qtbot):
    """Large type (presentation mode, a 1366×768 laptop): "Discussed" was cut at 64 px."""
    app = QApplication.instance()
    before = app.font()
    big = QFont(before)
    big.setPointSizeF(16)
    app.setFont(big)
    try:
        running = _run(window, qtbot, "2003-06")
        header = running.agenda_view.horizontalHeader()
        for column in (3, 4):  # Minutes, Discussed
            words = running.agenda.headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(words)
    finally:
        app.setFont(before)
    running.close()


def test_the_projector_groups_thousands(window, qtbot):
    running = _run(window, qtbot, "2003-06")
    lines = running.presenter.lines
    rows = {lines.item(r, 0).text(): r for r in range(lines.rowCount())}
    # 营销成本 of 营销部门总经理 (the seed): targets 36500 / 34750 / 33000, June 33264.
    cost = rows["营销成本"]
    assert lines.item(cost, 2).text() == "36,500 / 34,750 / 33,000"
    assert lines.item(cost, 3).text() == "33,264"
    running.close()
