"""Review › Calibration… on the demo firm (2003-Q2, five people): the strip, the grade columns
moved by keys 1–5 and by drag and drop (through the model's drop, as the view delivers it),
each change asking for a reason, undo through the Edit menu, the nine-box by arrow keys and
drop, side by side, and the lock once the results are official."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from kpidesk.storage.records import PeriodRecord
from kpidesk.storage.review_records import GradeChangeRecord, OfficialResultRecord

pytestmark = pytest.mark.gui

# The demo's 2003-Q2 (mean of April–June totals), highest first, and the grades
# forced_distribution proposes for five people with quotas 5/20/55/18/2 %.
Q2 = ["周明杰", "吴佳怡", "郑国华", "刘思源", "陈晓梅"]
PROPOSED = {
    "excellent": ["周明杰"],
    "competent": ["吴佳怡", "郑国华", "刘思源"],
    "basically_competent": ["陈晓梅"],
}


def opened(window, qtbot):
    action = window.calibration_actions.open_action
    assert action in window.review_menu.menu.actions()
    action.trigger()
    view = window.calibration_actions.view
    qtbot.waitUntil(
        lambda: view.calibration is not None and window.background.idle(), timeout=30000
    )
    return view


def columns(view) -> dict[str, list[str]]:
    return {c.grade: [p.name for p in c.model.people] for c in view.columns if c.model.people}


def answer(reason: str, authorised: str):
    def fill(dialog):
        assert dialog.objectName() == "gradeChangeDialog"
        dialog.reason.setText(reason)  # Chinese text set directly (keyClicks cannot)
        dialog.authorised.setText(authorised)
        dialog.reason.setFocus()
        from PySide6.QtTest import QTest

        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter confirms

    return fill


def started(view, qtbot):
    view.start_button.click()
    qtbot.waitUntil(lambda: view.calibration.started)


def test_the_strip_and_proposed_grades(window, qtbot, qtmodeltester):
    view = opened(window, qtbot)
    assert view.period.code() == "2003-Q2"
    assert columns(view) == PROPOSED
    for column in view.columns:
        qtmodeltester.check(column.model)
    # five people: competent range floor(.4×5)=2 … ceil(.6×5)=3 holds 3 → in range
    texts = [label.text() for label in view.strip.cells]
    assert "guide 2–3 · in range" in texts[2] and "Competent: 3" in texts[2]
    assert "Outstanding: 0" in texts[0] and "guide 0–1" in texts[0]
    assert not view.strip.cells[2].property("outOfRange")
    # before the start a key only says why nothing moves
    view.columns[3].view.select_person(view.columns[3].model.people[0].employee_id)
    qtbot.keyClick(view.columns[3].view, Qt.Key.Key_3)
    assert "Start the calibration" in window.last_message
    assert columns(view) == PROPOSED


def test_key_3_moves_a_person_with_a_reason_and_undo_puts_them_back(
    window, qtbot, answer_dialog, qtmodeltester
):
    view = opened(window, qtbot)
    started(view, qtbot)
    chen_view = view.columns[3].view
    chen = view.columns[3].model.people[0]
    chen_view.select_person(chen.employee_id)
    answer_dialog(answer("回款补录后达标", "林志远"))
    qtbot.keyClick(chen_view, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: "陈晓梅" in columns(view).get("competent", []))
    moved = next(p for p in view.columns[2].model.people if p.name == "陈晓梅")
    assert moved.changed and moved.proposed == "basically_competent"  # drawn struck through
    qtmodeltester.check(view.columns[2].model)
    # four competent of five: ceil(.6×5)=3 → "needs −1", flagged in words
    assert "needs −1" in view.strip.cells[2].text()
    assert view.strip.cells[2].property("outOfRange")
    with window.firm.document.reading() as session:
        log = session.scalars(select(GradeChangeRecord)).all()
        assert [(c.old_grade, c.new_grade, c.reason, c.authorised_by) for c in log] == [
            ("basically_competent", "competent", "回款补录后达标", "林志远")
        ]
    window.window_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: columns(view).get("basically_competent") == ["陈晓梅"])
    with window.firm.document.reading() as session:
        assert len(session.scalars(select(GradeChangeRecord)).all()) == 2  # both kept


def test_a_drop_on_another_column_asks_and_cancel_changes_nothing(window, qtbot, answer_dialog):
    view = opened(window, qtbot)
    started(view, qtbot)
    source = view.columns[2]  # competent
    wu = source.model.people[0]
    assert wu.name == "吴佳怡"
    mime = source.model.mimeData([source.model.index(0, 0)])
    target = view.columns[1].model  # excellent
    answer_dialog(lambda dialog: dialog.reject())
    assert not target.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target.index(-1, 0))
    assert columns(view) == PROPOSED
    answer_dialog(answer("大客户续约", "林志远"))
    target.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target.index(-1, 0))
    qtbot.waitUntil(lambda: columns(view).get("excellent") == ["周明杰", "吴佳怡"])


def test_the_reason_dialog_needs_both_answers():
    from kpidesk.ui.review.grade_change_dialog import GradeChangeDialog

    dialog = GradeChangeDialog("陈晓梅", "competent", "excellent", "")
    ok = dialog.buttons.buttons()[0]
    dialog.reason.setText("理由")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.authorised.setText("林志远")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert ok is not None
    dialog.reason.setText("  ")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_the_nine_box_by_arrow_keys_and_drop(window, qtbot):
    view = opened(window, qtbot)
    started(view, qtbot)
    view.tabs.setCurrentIndex(1)
    box = view.nine_box
    assert sorted(p.name for p in box.holding.model.people) == sorted(Q2)
    assert box.holding.title.text() == "Not yet placed: 5"
    zhou = next(p for p in box.holding.model.people if p.name == "周明杰")
    box.holding.view.select_person(zhou.employee_id)
    qtbot.keyClick(box.holding.view, Qt.Key.Key_Right)  # → low potential
    qtbot.waitUntil(lambda: [p.name for p in box.boxes[("high", "low")].model.people] == ["周明杰"])
    high_low = box.boxes[("high", "low")].view
    assert high_low.hasFocus() and high_low.selected_person().name == "周明杰"
    qtbot.keyClick(high_low, Qt.Key.Key_Right)
    qtbot.keyClick(box.boxes[("high", "mid")].view, Qt.Key.Key_Right)
    star = box.boxes[("high", "high")]
    qtbot.waitUntil(lambda: [p.name for p in star.model.people] == ["周明杰"])
    assert star.title.text() == "Fast track · 1"
    # 陈晓梅 (basically competent → low performance) dropped on low/low: exit
    chen = box.holding.model
    row = next(i for i, p in enumerate(chen.people) if p.name == "陈晓梅")
    mime = chen.mimeData([chen.index(row, 0)])
    exit_box = box.boxes[("low", "low")]
    exit_box.model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, exit_box.model.index(-1, 0))
    qtbot.waitUntil(lambda: exit_box.title.text() == "Exit · 1")
    assert box.holding.title.text() == "Not yet placed: 3"
    window.window_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: box.holding.title.text() == "Not yet placed: 4")


def test_side_by_side_shows_two_contracts(window, qtbot):
    view = opened(window, qtbot)
    view.tabs.setCurrentIndex(2)
    side = view.side
    side.choose(0, next(p.employee_id for p in view.calibration.people if p.name == "周明杰"))
    side.choose(1, next(p.employee_id for p in view.calibration.people if p.name == "陈晓梅"))
    assert side.tables[0].rowCount() > 0 and side.tables[1].rowCount() > 0
    # Q2 has no actuals of its own: its last month, June, is shown and named (the demo's
    # June totals: 周明杰 84.21, 陈晓梅 74.09)
    assert side.headers[0].text() == "周明杰 · 营销部门\nJun 2003: total 84.21"
    assert side.headers[1].text() == "陈晓梅 · 公众客户部\nJun 2003: total 74.09"


def test_locked_once_official(window, qtbot):
    view = opened(window, qtbot)
    started(view, qtbot)
    with window.firm.document.transaction() as session:
        period_id = session.scalar(select(PeriodRecord.id).where(PeriodRecord.code == "2003-Q2"))
        session.add(
            OfficialResultRecord(
                period_id=period_id,
                reviewer="林志远",
                made_by="hr",
                made_at=datetime(2003, 7, 15, 16),
                snapshot=[],
                warnings=[],
            )
        )
    view.load()
    qtbot.waitUntil(lambda: view.calibration.locked is not None and window.background.idle())
    assert "made official by 林志远 on 2003-07-15" in view.status.text()
    column = view.columns[3]
    column.view.select_person(column.model.people[0].employee_id)
    qtbot.keyClick(column.view, Qt.Key.Key_3)  # refused without a dialog
    assert "calibration is locked" in window.last_message
    assert columns(view) == PROPOSED
    assert not view.start_button.isEnabled()


def test_presentation_mode_makes_the_window_big(window, qtbot):
    view = opened(window, qtbot)
    assert view.styleSheet() == ""
    window.set_presentation(True, full_screen=False)  # View › Presentation mode
    assert "font-size" in view.styleSheet()
    window.set_presentation(False)
    assert view.styleSheet() == ""


def test_the_change_log_keeps_the_change_and_its_undo(window, qtbot, answer_dialog):
    view = opened(window, qtbot)
    started(view, qtbot)
    column = view.columns[3]
    column.view.select_person(column.model.people[0].employee_id)
    answer_dialog(answer("回款补录后达标", "林志远"))
    qtbot.keyClick(column.view, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: "陈晓梅" in columns(view).get("competent", []))
    window.window_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: columns(view).get("basically_competent") == ["陈晓梅"])
    view.log_button.click()
    table = view.log_dialog.table
    rows = [[table.item(r, c).text() for c in range(1, 6)] for r in range(table.rowCount())]
    assert rows == [
        ["陈晓梅", "Basically competent", "Competent", "回款补录后达标", "林志远"],
        ["陈晓梅", "Competent", "Basically competent", "Undo of: 回款补录后达标", "林志远"],
    ]
    view.log_dialog.close()


def test_the_nine_box_by_keys_only_keeps_the_moved_person_in_hand(window, qtbot):
    """Ctrl+2, then keys to whatever has the keyboard, as the user types them: Down / Up walk
    the holding area, Right places the person and the next Right moves the same person on."""
    from PySide6.QtWidgets import QApplication

    view = opened(window, qtbot)
    started(view, qtbot)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    period = view.period.code()
    qtbot.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    holding = view.nine_box.holding.view
    qtbot.waitUntil(holding.hasFocus)
    first = holding.selected_person().name
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert view.period.code() == period  # the arrows never reached the period chooser
    moved = holding.selected_person().name
    assert moved != first and holding.currentIndex().row() == 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # → low potential
    placed = {k: [p.name for p in b.model.people] for k, b in view.nine_box.boxes.items()}
    where = next(k for k, names in placed.items() if names == [moved])
    assert where[1] == "low"
    target = view.nine_box.boxes[where].view
    qtbot.waitUntil(target.hasFocus)
    assert target.selected_person().name == moved
    assert [i.row() for i in target.selectionModel().selectedIndexes()] == [0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # the same person → mid
    mid = view.nine_box.boxes[(where[0], "mid")]
    qtbot.waitUntil(lambda: [p.name for p in mid.model.people] == [moved])
    qtbot.waitUntil(mid.view.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)  # back to the holding area
    qtbot.waitUntil(lambda: moved in [p.name for p in view.nine_box.holding.model.people])
    qtbot.waitUntil(holding.hasFocus)
    assert holding.selected_person().name == moved
    row = holding.currentIndex().row()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert holding.currentIndex().row() == row - 1


CALIBRATION_PERIOD_MESSAGES = [
    "{period} is not a period of this firm.",
    "The results of {period} were made official by {reviewer} on {date}: calibration is locked.",
    "Nobody here has a total for {period} to calibrate yet.",
    "Start the calibration of {period} before changing grades.",
    "Reading the totals of {period}…",
    "Start the calibration of {period}",
    "No actuals in {period}.",
]


@pytest.mark.parametrize("message", CALIBRATION_PERIOD_MESSAGES)
def test_chinese_calibration_messages_set_no_space_around_the_period(message):
    import re

    from kpidesk.i18n import gettext

    zh = gettext(message, "zh_CN")
    assert zh != message  # translated
    # Chinese sets no space between a Chinese character and the period (2003年第2季度)
    assert not re.search(r"[\u4e00-\u9fff，。] \{|\} [\u4e00-\u9fff，。]", zh), zh


def test_in_chinese_the_start_and_the_refusal_name_the_period_without_spaces(window, qtbot):
    from kpidesk.ui.qt_i18n import apply_language

    view = opened(window, qtbot)
    apply_language("zh_CN")
    column = view.columns[3]
    column.view.select_person(column.model.people[0].employee_id)
    qtbot.keyClick(column.view, Qt.Key.Key_3)  # not started yet: refused, naming the period
    assert window.last_message == "请先开始2003年第2季度的绩效校准，再调整考评等级。"
    started(view, qtbot)
    assert window.undo_stack.undoText() == "开始2003年第2季度的绩效校准"


def test_a_moved_card_keeps_the_agreed_grade_whole_in_a_narrow_column(window, qtbot):
    """At 1366×768 a grade column is ~250 px: "陈晓梅 ~~Basically competent~~ → Com…" was cut
    at the agreed grade. The struck proposal gives way (elided), the agreed grade stays whole."""
    from dataclasses import replace

    from kpidesk.ui.review.grade_columns import change_texts

    view = opened(window, qtbot)
    chen = next(p for p in view.calibration.people if p.name == "陈晓梅")
    moved = replace(chen, grade="competent")  # proposed basically competent
    metrics = view.columns[2].view.fontMetrics()
    # the width the name, the struck grade and "→ Com" took in the reported screenshot
    width = metrics.horizontalAdvance("陈晓梅  Basically competent → Com")
    name, was, now = change_texts(metrics, moved, width)
    assert name == "陈晓梅" and now == " → Competent"
    assert was.startswith("Basically") and was.endswith("…")
    assert metrics.horizontalAdvance(name + "  " + was + now) <= width
    # roomy: nothing elided
    wide = change_texts(metrics, moved, 1000)
    assert wide == ("陈晓梅", "Basically competent", " → Competent")
    # very narrow: the struck grade goes, the agreed grade still whole
    tight = sum(metrics.horizontalAdvance(t) for t in ("陈晓梅", "  ", " → Competent"))
    assert change_texts(metrics, moved, tight) == ("陈晓梅", "", " → Competent")


def test_presentation_mode_enlarges_the_tabs_too(window, qtbot):
    """The Ctrl+1/2/3 tabs follow presentation: each tab holds its name at the presentation
    size (the main window's 0.75× tab type left them small on the projector)."""
    from PySide6.QtGui import QFont, QFontMetrics

    from kpidesk.ui.widgets.presentation import presentation_point_size

    view = opened(window, qtbot)
    view.show()
    bar = view.tabs.tabBar()
    plain = [bar.tabRect(i).width() for i in range(bar.count())]
    window.set_presentation(True, full_screen=False)
    qtbot.waitUntil(lambda: "font-size" in view.styleSheet())
    font = QFont(bar.font())
    font.setPointSizeF(presentation_point_size(view.screen()))
    big = QFontMetrics(font)
    for index in range(bar.count()):
        needed = big.horizontalAdvance(bar.tabText(index).replace("&", ""))
        assert bar.tabRect(index).width() >= needed > plain[index]
    window.set_presentation(False)
    assert [bar.tabRect(i).width() for i in range(bar.count())] == plain
