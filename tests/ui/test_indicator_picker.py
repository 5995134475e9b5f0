"""Adding a contract line: the KPI is found by typing part of its name (or its pinyin), code or
category, and picked with Enter, from the keyboard alone. The dictionary is the demo firm's
(47 KPIs)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from kpidesk.ui.contract.indicator_picker import IndicatorPicker

pytestmark = pytest.mark.gui


@pytest.fixture
def answer(answer_dialog):
    """answer_dialog, closing the dialog when a check inside fails (else the test would hang
    on a modal dialog nobody closes); the failure is then reported."""

    def arm(fill):
        def safely(dialog):
            try:
                fill(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()

        answer_dialog(safely)

    return arm


@pytest.fixture
def draft(window):
    """总经理 has no contract in the demo: give it an empty draft and show it."""
    window.select_position("总经理")
    position_id = window.current_position()[0]
    window.contract_edits.create_contract(position_id, "empty")
    assert window.editor.contract is not None and window.editor.contract.lines == ()
    return window


def ime_type(widget, text: str) -> None:
    """Chinese arrives from the input method as committed text, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def shown(picker) -> list[str]:
    return [picker.proxy.index(row, 0).data() for row in range(picker.proxy.rowCount())]


def open_picker_by_keyboard(qtbot, window):
    """Tab to the editor's Add line button and press Space, as a keyboard user does."""
    button = window.editor.buttons["add_line"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_type_part_of_a_name_and_enter_adds_the_line(qtbot, draft, answer):
    seen = {}

    def type_and_enter(picker):
        assert isinstance(picker, IndicatorPicker), picker
        qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter)  # typing goes there
        ime_type(picker.filter, "客户满")
        seen["rows"] = shown(picker)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    answer(type_and_enter)
    open_picker_by_keyboard(qtbot, draft)
    assert seen["rows"] == ["客户满意度"]
    assert [line.indicator for line in draft.editor.contract.lines] == ["客户满意度"]


def test_a_code_typed_on_the_keyboard_works_alike(qtbot, draft, answer):
    def type_and_enter(picker):
        qtbot.keyClicks(picker.filter, "csat")
        qtbot.keyClick(picker.filter, Qt.Key.Key_Enter)  # the keypad's Enter too

    answer(type_and_enter)
    open_picker_by_keyboard(qtbot, draft)
    assert [line.indicator for line in draft.editor.contract.lines] == ["客户满意度"]


def test_arrow_down_then_enter_picks_the_second_match(qtbot, draft, answer):
    seen = {}

    def type_move_enter(picker):
        ime_type(picker.filter, "重大")
        seen["rows"] = shown(picker)
        qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
        qtbot.keyClick(picker.filter, Qt.Key.Key_Return)

    answer(type_move_enter)
    open_picker_by_keyboard(qtbot, draft)
    assert seen["rows"] == ["重大投诉", "重大错误"]
    assert [line.indicator for line in draft.editor.contract.lines] == ["重大错误"]


def test_escape_cancels_and_adds_nothing(qtbot, draft, answer):
    def type_and_escape(picker):
        qtbot.keyClicks(picker.filter, "csat")
        qtbot.keyClick(picker.filter, Qt.Key.Key_Escape)

    answer(type_and_escape)
    open_picker_by_keyboard(qtbot, draft)
    assert draft.editor.contract.lines == ()
    assert draft.undo_stack.count() == 1  # only the new contract: no line was added


@pytest.fixture
def picker(qtbot, window):
    names = {"financial": "Financial", "service": "Service", "learning": "Learning",
             "deduction": "Deduction"}
    picker = IndicatorPicker(window.firm.indicators(), names, window)
    qtbot.addWidget(picker)
    picker.show()
    return picker


def test_every_kpi_is_listed_with_code_category_and_unit(picker):
    assert picker.proxy.rowCount() == 47 and picker.count.text() == "47 of 47 KPIs"
    row = [picker.proxy.index(6, column).data() for column in range(4)]
    assert row == ["客户满意度", "CSAT", "Service", "评分"]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("csat", ["客户满意度"]),  # the code, any case
        ("deduction", ["重大投诉", "安全生产", "重大错误"]),  # the category
        ("亿元 成本", ["直接营销成本", "网络和维修成本", "分摊成本"]),  # every word: unit and name
        ("satisfaction", ["客户满意度", "员工满意度"]),  # the English name
        ("khmyd", ["客户满意度"]),  # the pinyin initials, typed without the input method
        ("zdts", ["重大投诉"]),  # 重 read zhòng in 重大 (not chóng), as a Chinese reader says it
        ("manyi", ["客户满意度", "员工满意度"]),  # whole pinyin syllables
    ],
)
def test_typing_filters_by_name_code_category_and_unit(qtbot, picker, typed, expected):
    ime_type(picker.filter, typed)
    assert shown(picker) == expected
    assert picker.current_code() is not None  # the first match is ready for Enter


def test_nothing_matching_keeps_the_picker_open(qtbot, picker):
    qtbot.keyClicks(picker.filter, "xyzzy")
    assert shown(picker) == [] and not picker.ok_button.isEnabled()
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.chosen is None


def test_the_filtered_list_is_a_sound_model(qtbot, picker, qtmodeltester):
    ime_type(picker.filter, "客户")
    qtmodeltester.check(picker.proxy)
