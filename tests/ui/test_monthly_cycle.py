"""Issue 12's acceptance: a whole monthly cycle on the demo firm, through the window as HR, the
facilitator and the committee use it. September 2003 (a quarter's last month, so the
committee-rated quarterly line 绩效管理的有效性 is due): the overview shows everything missing;
the providers' templates are written, filled as providers fill them and imported through
File › Import; the overview shows them delivered and the one line left to the meeting; the
meeting steps through every item by keyboard, the committee rates its line, a decision and an
action item are recorded and read back; the last item ends the meeting and the period is made
official; a later edit of a locked actual is refused with the reason. Then a quarterly
calibration moves a person between grades with a reason, and the audit keeps both grades."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from sqlalchemy import select

from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.records import ActualRecord, PeriodRecord
from kpidesk.storage.review_records import (
    ActionItemRecord,
    GradeChangeRecord,
    MeetingItemRecord,
    OfficialResultRecord,
)
from kpidesk.ui.review.meeting_actions import meeting_text

from .test_locked_cells import actual_cell, focus, type_text

pytestmark = pytest.mark.gui

SEPTEMBER = "2003-09"
# The template rows of September by provider (every line due: monthly ones, and the quarterly
# ones in a quarter's last month), the committee's line left out: 43 in all.
TEMPLATES = {
    "计划财务部": 13,
    "营销中心": 10,
    "人力资源部": 7,
    "总经理": 5,
    "人力资源部总监": 4,
    "监察审计室": 3,
    "营业厅经理": 1,
}


def group_counts(page) -> dict[str, tuple[str, str, str]]:
    """Each group's row of the overview as shown: name → (missing, suspicious, delivered)."""
    return {
        item.text(0): (item.text(1), item.text(2), item.text(3))
        for item in page._items()
        if item.data(0, Qt.ItemDataRole.UserRole + 1) is not None
    }


def fill(template: Path) -> int:
    """What a provider does in Excel: the yellow Actual column (J) filled — the base target for
    a number, a level for a graded KPI, no shortfall for a task (its cell's note names the
    items); returns how many rows were filled."""
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[-1]  # the provider's sheet, after the instructions and lists
    filled = 0
    for row in range(2, sheet.max_row + 1):
        actual, base = sheet.cell(row, 10), sheet.cell(row, 8).value
        if isinstance(base, (int, float)):
            actual.value = base
        elif actual.comment is not None and "=" in actual.comment.text:
            # "Shortfalls of this task, as name=amount; …: 延期天数=0; 缺少渠道数=0; …"
            actual.value = actual.comment.text.rsplit(": ", 1)[-1].split(";")[0].strip()
        else:
            actual.value = "良好"
        filled += 1
    book.save(template)
    return filled


def import_through_the_menu(window, qtbot, monkeypatch, answer_dialog, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    imported = []

    def import_it(dialog):
        qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30000)  # the preview is clean
        dialog.finished.connect(imported.append)
        dialog.import_button.click()

    answer_dialog(import_it)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(imported) and window.background.idle(), timeout=30000)


def press(qtbot, widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifiers)


def test_a_whole_monthly_cycle_then_a_quarterly_calibration(
    window, qtbot, qtmodeltester, monkeypatch, answer_dialog, tmp_path
):
    document = window.firm.document

    # 1. Before the meeting: is the data in? --------------------------------------------------
    overview = window.period_actions
    overview.show_action.trigger()
    qtbot.waitUntil(window.background.idle, timeout=30000)
    overview.set_period(SEPTEMBER)
    qtbot.waitUntil(window.background.idle, timeout=30000)
    before = group_counts(overview.page)
    assert before["Every due line"] == ("43", "", "")
    assert before["计划财务部"] == ("13", "", "")
    assert "For the meeting to rate (1)" in before
    qtmodeltester.check(overview.lines.model)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    overview.templates_action.trigger()
    qtbot.waitUntil(window.background.idle, timeout=30000)
    written = sorted(tmp_path.glob(f"*-{SEPTEMBER}.xlsx"))
    assert {p.name.removesuffix(f"-{SEPTEMBER}.xlsx") for p in written} == set(TEMPLATES)
    for template in written:
        provider = template.name.removesuffix(f"-{SEPTEMBER}.xlsx")
        assert fill(template) == TEMPLATES[provider]
        import_through_the_menu(window, qtbot, monkeypatch, answer_dialog, template)
    assert window.left.currentWidget() is overview.page  # the overview followed the imports
    after = group_counts(overview.page)
    assert after["Every due line"] == ("", "", "43")
    assert "For the meeting to rate (1)" in after  # the committee's line waits for the meeting

    # 2. The meeting: the calendar, then September's meeting run by keyboard ---------------------
    meetings = window.meeting_actions
    answer_dialog(lambda dialog: (dialog.make_button.click(), dialog.reject()))
    meetings.calendar_action.trigger()
    september = next(
        m for m in meetings.service.meetings(2003) if m.period == SEPTEMBER and m.kind == "M"
    )

    def choose_september(dialog):
        dialog.setTextValue(meeting_text(september))
        dialog.accept()

    answer_dialog(choose_september)
    meetings.run_action.trigger()
    qtbot.waitUntil(lambda: meetings.running is not None, timeout=30000)
    running = meetings.running
    qtbot.addWidget(running)
    running.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is running)
    agenda, presenter = running.agenda_view, running.presenter
    agenda.setFocus()
    positions = [item.position for item in running.agenda.items]
    assert sorted(positions) == sorted(
        ["营销部门总经理", "公众客户部经理", "营业厅营业员", "人力资源部总监", "员工发展和绩效管理"]
    )
    qtmodeltester.check(running.agenda)

    # The first item: a decision and an action item, read back before moving on.
    running.decision.setPlainText("九月目标维持不变，十月复核营销成本")
    running.action_what.setText("提交营销成本分析")
    running.action_owner.setText("周明杰")
    press(qtbot, running.action_what, Qt.Key.Key_Return)
    assert running.actions_list.count() == 1
    agenda.setFocus()
    press(qtbot, agenda, Qt.Key.Key_Space)
    assert running.row == 0 and presenter.reading_back
    assert "提交营销成本分析" in presenter.readback.text()
    press(qtbot, agenda, Qt.Key.Key_Space)
    assert running.row == 1 and not presenter.reading_back
    first_item = running.agenda.items[0].item.id

    # Every other item by keyboard; at 员工发展和绩效管理 the committee rates its line (key 2).
    rated_line = None

    def rate_if_committee() -> None:
        nonlocal rated_line
        if positions[running.row] == "员工发展和绩效管理":
            (rated_line,) = running.rated_lines()
            press(qtbot, agenda, Qt.Key.Key_2)
            # The rating is an actual: the period overview behind reads the period again.
            qtbot.waitUntil(window.background.idle, timeout=30000)

    while running.row < len(positions) - 1:
        rate_if_committee()
        press(qtbot, agenda, Qt.Key.Key_PageDown)
    rate_if_committee()
    assert rated_line is not None
    press(qtbot, agenda, Qt.Key.Key_PageUp)  # back one, and on again
    assert running.row == len(positions) - 2
    press(qtbot, agenda, Qt.Key.Key_PageDown)

    # The last item's next asks; the second ends the meeting; the reviewer makes it official.
    press(qtbot, agenda, Qt.Key.Key_Space)
    assert presenter.asking_to_end and meetings.running is running

    def make_official(dialog):
        qtbot.waitUntil(lambda: dialog.checked is not None, timeout=30000)
        assert dialog.code() == SEPTEMBER
        dialog.reviewer.setText("林志远")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.isEnabled()
        ok.click()

    answer_dialog(make_official)
    press(qtbot, agenda, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: meetings.running is None, timeout=30000)
    qtbot.waitUntil(window.background.idle, timeout=30000)
    assert meetings.service.meeting(september.id).status == "held"

    with document.reading() as session:
        official = session.scalars(
            select(OfficialResultRecord).join(PeriodRecord).where(PeriodRecord.code == SEPTEMBER)
        ).one()
        assert (official.reviewer, official.meeting_id) == ("林志远", september.id)
        assert len(official.snapshot) == 5
        item = session.get(MeetingItemRecord, first_item)
        assert item.decision == "九月目标维持不变，十月复核营销成本" and item.discussed
        action = session.scalars(
            select(ActionItemRecord).where(ActionItemRecord.item_id == first_item)
        ).one()
        assert (action.what, action.owner, action.done_on) == ("提交营销成本分析", "周明杰", None)
        rating = session.scalars(
            select(ActualRecord)
            .join(PeriodRecord)
            .where(ActualRecord.line_id == rated_line.id, PeriodRecord.code == SEPTEMBER)
        ).one()
        second_level = rated_line.rule["levels"][1]["label"]
        assert (rating.value_text, rating.source) == (second_level, "考评会")

    # 3. After: a locked actual refuses an edit, saying why ---------------------------------
    window.activateWindow()  # back at the main window once the meeting window has closed
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.select_position("营销部门总经理")
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData(SEPTEMBER))
    qtbot.waitUntil(lambda: scoring.model.official_lock is not None)
    cell = actual_cell(scoring, "通信业务收入")
    shown = cell.data()
    focus(qtbot, scoring.table, cell)
    type_text(qtbot, "23.5")
    assert "林志远" in window.last_message and "Correct an official result" in window.last_message
    assert cell.data() == shown

    # 4. A quarterly calibration: a grade moved by key 3 with a reason; the audit keeps both ----
    window.calibration_actions.open_action.trigger()
    view = window.calibration_actions.view
    qtbot.waitUntil(
        lambda: view.calibration is not None and window.background.idle(), timeout=30000
    )
    view.period.set_code("2003-Q2")
    qtbot.waitUntil(
        lambda: (
            view.calibration is not None
            and view.calibration.period.code == "2003-Q2"
            and window.background.idle()
        ),
        timeout=30000,
    )
    view.start_button.click()
    qtbot.waitUntil(lambda: view.calibration.started)
    lowest = next(c for c in view.columns if c.grade == "basically_competent")
    person = lowest.model.people[0]
    lowest.view.select_person(person.employee_id)

    def reason(dialog):
        dialog.reason.setText("回款补录后达标")
        dialog.authorised.setText("林志远")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_dialog(reason)
    press(qtbot, lowest.view, Qt.Key.Key_3)
    competent = next(c for c in view.columns if c.grade == "competent")
    qtbot.waitUntil(lambda: person.name in [p.name for p in competent.model.people])
    with document.reading() as session:
        change = session.scalars(select(GradeChangeRecord)).one()
        assert (change.old_grade, change.new_grade, change.reason, change.authorised_by) == (
            "basically_competent",
            "competent",
            "回款补录后达标",
            "林志远",
        )
        audited = session.scalars(
            select(AuditRecord).where(
                AuditRecord.entity == "calibration_grades", AuditRecord.field == "grade"
            )
        ).all()
        assert ("basically_competent", "competent") in [(a.old, a.new) for a in audited]
