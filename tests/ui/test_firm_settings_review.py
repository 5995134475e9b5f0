"""File › Firm settings…, the Review tab (考评): the meeting day, reviewer, agenda order, time
box, suspicion factors, the guide's ranges and enforcing them, saved as the one setting
"review" in one undoable, audited operation; invalid input named in the dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kpidesk.ui.firm.firm_settings_dialog import REVIEW
from tests.ui.test_firm_settings import _audit, _menu_action, _settings, _type_cell, _type_into


def test_review_settings_saved_as_one_setting_and_undone(window, qtbot, answer_dialog, press_ctrl_z):
    assert window.firm.policy.review.meeting_day == 15
    seen = {}

    def fill(dialog):
        dialog.tabs.setCurrentIndex(REVIEW)
        seen["tab"] = dialog.tabs.tabText(REVIEW)
        seen["enforce"] = dialog.enforce.isChecked()
        _type_into(qtbot, dialog.meeting_day, "20")
        dialog.reviewer.setText("林志远")  # Chinese set directly (keyClicks cannot)
        dialog.agenda_order.setCurrentIndex(dialog.agenda_order.findData("organisation"))
        _type_cell(qtbot, dialog.review_guide, 0, 2, "6")  # outstanding up to 6 %
        dialog.enforce.setFocus()
        qtbot.keyClick(dialog.enforce, Qt.Key.Key_Space)  # ticked by keyboard
        dialog.meeting_day.setFocus()
        qtbot.keyClick(dialog.meeting_day, Qt.Key.Key_Return)

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert seen == {"tab": "Review", "enforce": False}  # off by default
    review = window.firm.policy.review
    assert review.meeting_day == 20 and review.reviewer == "林志远"
    assert review.agenda_order == "organisation" and review.enforce_guide
    assert review.guide[0] == ("outstanding", 0.02, 0.06)
    assert review.guide[1] == ("excellent", 0.10, 0.20)  # untouched rows as they were
    stored = _settings(window)["review"]
    assert stored["meeting_day"] == 20 and stored["item_minutes"] == 5
    assert _audit(window, "review")[-1][0] in ("insert", "update")
    assert window.undo_stack.count() == 1
    press_ctrl_z()
    assert window.firm.policy.review.meeting_day == 15
    assert not window.firm.policy.review.enforce_guide


def test_a_meeting_day_every_month_lacks_is_refused_by_name(window, qtbot, answer_dialog):
    before = _settings(window)
    seen = {}

    def fill(dialog):
        dialog.tabs.setCurrentIndex(REVIEW)
        _type_into(qtbot, dialog.meeting_day, "30")
        dialog.tabs.setCurrentIndex(0)
        dialog.name_zh.setFocus()
        qtbot.keyClick(dialog.name_zh, Qt.Key.Key_Return)
        seen["visible"] = dialog.isVisible()
        seen["problem"] = dialog.problem.text()
        seen["tab"] = dialog.tabs.currentIndex()
        seen["focus"] = dialog.focusWidget() is dialog.meeting_day
        dialog.reject()

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert seen["visible"] and seen["tab"] == REVIEW and seen["focus"]
    assert seen["problem"] == (
        "Review: The meeting day 30 is not a day from 1 to 28 (every month has it)."
    )
    assert _settings(window) == before and window.undo_stack.count() == 0


def test_a_guide_that_cannot_hold_everyone_is_refused(window, qtbot, answer_dialog):
    seen = {}

    def fill(dialog):
        dialog.tabs.setCurrentIndex(REVIEW)
        _type_cell(qtbot, dialog.review_guide, 2, 2, "45")  # competent 40–45 %: uppers sum 93 %
        dialog.meeting_day.setFocus()
        qtbot.keyClick(dialog.meeting_day, Qt.Key.Key_Return)
        seen["problem"] = dialog.problem.text()
        seen["visible"] = dialog.isVisible()
        dialog.reject()

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert seen["visible"]
    assert seen["problem"].startswith("Review: The guide's ranges cannot hold everyone")
    assert "93%" in seen["problem"]


def test_a_quota_share_outside_its_guide_range_is_refused_naming_the_grade(
    window, qtbot, answer_dialog
):
    """The two §9 guides agree: 强制分布's point shares (the proposals) must lie within the
    考评 tab's ranges (the strip, the check at locking). Excellent 25 % (range 10–20 %) with
    competent 50 % still sums to 100 %, so only the ranges refuse it."""
    before = _settings(window)
    seen = {}

    def fill(dialog):
        from kpidesk.ui.firm.firm_settings_dialog import GUIDE

        dialog.tabs.setCurrentIndex(GUIDE)
        _type_cell(qtbot, dialog.guide, 1, 1, "25")  # excellent
        _type_cell(qtbot, dialog.guide, 2, 1, "50")  # competent
        dialog.tabs.setCurrentIndex(REVIEW)  # OK pressed elsewhere: the dialog shows where
        dialog.meeting_day.setFocus()
        qtbot.keyClick(dialog.meeting_day, Qt.Key.Key_Return)
        seen["visible"] = dialog.isVisible()
        seen["problem"] = dialog.problem.text()
        seen["tab"] = dialog.tabs.currentIndex()
        seen["row"] = dialog.guide.currentRow()
        dialog.reject()

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert seen["visible"]
    assert seen["problem"] == (
        "Forced distribution: Excellent: the share 25% lies outside the range 10–20% on the "
        "Review tab; change one or the other."
    )
    assert seen["tab"] == 3 and seen["row"] == 1
    assert _settings(window) == before and window.undo_stack.count() == 0


def test_each_distribution_tab_says_what_it_drives(window, qtbot, answer_dialog):
    seen = {}

    def fill(dialog):
        from PySide6.QtWidgets import QLabel

        for tab in (3, REVIEW):
            page = dialog.tabs.widget(tab)
            seen[tab] = " ".join(label.text() for label in page.findChildren(QLabel))
        dialog.reject()

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert "Drives the proposed grades" in seen[3] and "Review tab" in seen[3]
    assert "strip over the calibration" in seen[REVIEW] and "made official" in seen[REVIEW]
    assert "Forced distribution tab" in seen[REVIEW]
