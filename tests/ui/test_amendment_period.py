"""Issue 9 (review): an amendment of a signed contract takes effect by default after the last
month with actuals, never silently rescores months already scored, shows a rule change as the
rule texts, and offers periods by their labels. Driven as the user does: double-click a cell of
a signed line, type, Enter; the amendment dialog is answered by what it shows."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QFormLayout, QLabel

from kpidesk.ui.contract.dialogs import AmendmentDialog
from kpidesk.ui.contract.rule_editor import RuleEditor

from .contract_cells import line_cell

pytestmark = pytest.mark.gui

KPI = "通信业务收入"  # 营销部门总经理's first line: 21.5 / 22.73 / 23.2, polyline, weight 25
POSITION = "营销部门总经理"


@pytest.fixture
def answer(qtbot):
    """Answer the next modal dialog of ``kind`` with ``fill(dialog)``; whatever ``fill``
    raises is kept (``answer.raised()`` re-raises it) and the dialog is closed, so a failure
    cannot hang the test."""
    errors: list[BaseException] = []
    answered: list[type] = []
    timers: list[QTimer] = []

    def arm(kind, fill):
        timer = QTimer()
        deadline = time.monotonic() + 10  # a dialog that never comes: the test's asserts say so

        def attempt():
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, kind):
                if time.monotonic() > deadline:
                    timer.stop()
                return
            timer.stop()
            try:
                fill(dialog)
            except BaseException as exc:  # re-raised in the test, not lost in the event loop
                errors.append(exc)
            finally:
                answered.append(kind)
                if dialog.isVisible():
                    dialog.reject()

        timer.setInterval(10)
        timer.timeout.connect(attempt)
        timer.start()
        timers.append(timer)

    def raised():
        if errors:
            raise errors[0]

    arm.raised = raised
    arm.answered = answered
    yield arm
    for timer in timers:  # never left watching for the next test's dialogs
        timer.stop()
    raised()



def _double_click(qtbot, view, index) -> None:
    view.window().activateWindow()
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def _type_into_editor(qtbot, text: str) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    editor = QApplication.focusWidget()
    if hasattr(editor, "selectAll"):
        editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _enter_actual(window, period: str, value: str) -> None:
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData(period))
    model = scoring.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == KPI)
    assert model.setData(model.index(row, 3), value)


def _rows(dialog) -> dict[str, str]:
    """The amendment dialog's form as the user reads it: label → shown text."""
    form = dialog.findChild(QFormLayout)
    rows = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is not None and field is not None and isinstance(field.widget(), QLabel):
            rows[label.widget().text()] = field.widget().text()
    return rows


def _shown(dialog) -> str:
    """Every text the dialog shows, as the user reads it."""
    return "\n".join(l.text() for l in dialog.findChildren(QLabel) if l.isVisible())


def _amend_challenge(window, qtbot, answer, value: str, fill) -> None:
    answer(AmendmentDialog, fill)
    _double_click(qtbot, window.editor.view, line_cell(window.editor.model, KPI, "challenge"))
    _type_into_editor(qtbot, value)
    qtbot.waitUntil(lambda: AmendmentDialog in answer.answered)
    answer.raised()


def test_after_a_december_actual_the_default_is_not_january(window, qtbot, answer):
    assert window.select_position(POSITION)
    _enter_actual(window, "2003-12", "24")
    seen = {}

    def look(dialog):
        seen["period"] = dialog.effective.currentData()
        seen["label"] = dialog.effective.currentText()
        seen["shown"] = _shown(dialog)

    _amend_challenge(window, qtbot, answer, "24", look)
    # Every month up to December has actuals (January to June in the demo, December now):
    # the default is December, said so, never January.
    assert seen["period"] == "2003-12"
    assert seen["label"] == "Dec 2003"
    assert "Every month of the year already has actuals" in seen["shown"]
    assert "Dec 2003 is already scored and will be rescored" in seen["shown"]
    assert window.editor.contract.lines[0].challenge == 23.2  # cancelled: nothing changed


def test_choosing_a_scored_month_warns_and_asks_to_rescore(window, qtbot, answer):
    assert window.select_position(POSITION)
    assert f"{window.firm.score(1, '2003-03').score.total:.2f}" == "79.80"
    seen = {}

    def rescore_from_march(dialog):
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        # The default, July, has no actuals: nothing is rescored, nothing to confirm.
        seen["default"] = dialog.effective.currentData()
        seen["shown at default"] = _shown(dialog)
        dialog.effective.setCurrentIndex(dialog.effective.findData("2003-03"))
        qtbot.keyClicks(dialog.reason, "Agreed at the March review")
        qtbot.keyClicks(dialog.approver, "Lin Zhiyuan, HR")
        seen["warning"] = _shown(dialog)
        seen["ok before"] = ok.isEnabled()
        confirm = next((b for b in dialog.findChildren(QCheckBox) if b.isVisible()), None)
        seen["confirm"] = confirm and confirm.text()
        if confirm is None:
            return  # nothing to tick: the assertions below say what is missing
        tick = QPoint(8, confirm.height() // 2)  # on the box, not past its text
        qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton, pos=tick)
        seen["ok after"] = ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    _amend_challenge(window, qtbot, answer, "24", rescore_from_march)
    assert seen["default"] == "2003-07" and "rescored" not in seen["shown at default"]
    warning = seen["warning"]
    # March's actual 23.5 was over the challenge 23.2 (full 25 points); under 24 it earns
    # 20 + (23.5 − 22.73) / (24 − 22.73) × 5 ≈ 23.03, so 79.80 − 1.97 = 77.83. April's 22.5 is
    # under the base: the challenge does not touch it (78.15 as the scoring panel shows).
    assert "4 months already scored (Mar 2003 to Jun 2003)" in warning
    assert "Mar 2003: total 79.80 → 77.83" in warning
    assert "Apr 2003: total 78.15 (unchanged)" in warning
    assert seen["confirm"] == "Rescore these months"
    assert not seen["ok before"] and seen["ok after"]
    assert window.editor.contract.lines[0].challenge == 24
    assert f"{window.firm.score(1, '2003-03').score.total:.2f}" == "77.83"
    assert f"{window.firm.score(1, '2003-02').score.total:.2f}" != "77.83"


def test_a_rule_amendment_shows_both_rule_texts(window, qtbot, answer):
    assert window.select_position(POSITION)
    seen = {}

    def lower_the_base_share(editor):
        editor.spins["base_ratio"].setValue(0.6)
        answer(AmendmentDialog, look)
        ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    def look(dialog):
        seen["rows"] = _rows(dialog)

    answer(RuleEditor, lower_the_base_share)
    _double_click(qtbot, window.editor.view, line_cell(window.editor.model, KPI, "rule"))
    qtbot.waitUntil(lambda: AmendmentDialog in answer.answered)
    answer.raised()
    assert seen["rows"]["Scoring rule"] == (
        "Difficulty polyline: base earns 80% of the weight → "
        "Difficulty polyline: base earns 60% of the weight"
    )
    assert "Target" not in seen["rows"]


def test_a_target_the_rule_cannot_take_is_refused_in_the_dialog(window, qtbot, answer):
    assert window.select_position(POSITION)
    seen = {}

    def look(dialog):
        qtbot.keyClicks(dialog.reason, "Typo")
        qtbot.keyClicks(dialog.approver, "Lin Zhiyuan, HR")
        dialog.effective.setCurrentIndex(dialog.effective.findData("2003-03"))
        seen["shown"] = _shown(dialog)
        seen["ok"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()

    # A challenge of 20 under the base 22.73: no rule scores with it, so nothing is previewed
    # and the amendment cannot be approved; the dialog says why instead of failing.
    _amend_challenge(window, qtbot, answer, "20", look)
    assert "This amendment cannot be made:" in seen["shown"] and not seen["ok"]
    assert window.editor.contract.lines[0].challenge == 23.2
