"""File › Firm settings…: OK writes the changed settings as one audited operation (one undo
entry, "Change firm settings"); Ctrl+Z writes the old values back, redo again; invalid input is
said in the dialog, which stays open, and nothing is written; the title and every panel reading
the policy follow the change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.ui.firm.firm_settings_dialog import FirmSettingsDialog


def _settings(window) -> dict:
    with window.firm.document.reading() as session:
        return FirmRepository(session).settings()


def _audit(window, key: str) -> list[tuple[str, object, object]]:
    with window.firm.document.reading() as session:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.entity == "settings", AuditRecord.field == key)
            .order_by(AuditRecord.id)
        )
        return [(row.action, row.old, row.new) for row in rows]


def _menu_action(window):
    """File › Firm settings…, as the menu shows it."""
    found = [a for a in window.file_menu.actions() if a.text() == "Firm &settings…"]
    assert len(found) == 1
    return found[0]


def _type_into(qtbot, spin, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def _type_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Type into a cell key by key, then Enter, as a keyboard does (the first key opens the
    cell's editor, which takes the rest)."""
    table.window().activateWindow()
    table.setCurrentCell(row, column)
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # The cell's editor commits and closes once events flow, as between a user's keys.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)


def test_a_new_flex_band_is_audited_undone_by_ctrl_z_and_redone(
    window, qtbot, answer_dialog, press_ctrl_z
):
    assert _settings(window)["target_flex"] == 0.15
    seen = {}

    def fill(dialog):
        seen["dialog"] = type(dialog)
        dialog.tabs.setCurrentIndex(1)
        _type_into(qtbot, dialog.flex, "10")
        qtbot.keyClick(dialog.flex, Qt.Key.Key_Return)  # OK is the default button

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert seen["dialog"] is FirmSettingsDialog
    assert _settings(window)["target_flex"] == 0.10
    assert window.firm.policy.target_flex == 0.10
    assert _audit(window, "target_flex")[-1] == ("update", 0.15, 0.10)
    assert window.undo_stack.count() == 1
    assert window.undo_action.text() == "Undo Change firm settings"
    press_ctrl_z()
    assert _settings(window)["target_flex"] == 0.15
    assert window.firm.policy.target_flex == 0.15
    assert _audit(window, "target_flex")[-1] == ("update", 0.10, 0.15)
    window.redo_action.trigger()  # Edit › Redo
    assert _settings(window)["target_flex"] == 0.10


def test_quotas_that_do_not_sum_to_100_are_refused_in_the_dialog_and_nothing_is_written(
    window, qtbot, answer_dialog
):
    before = _settings(window)
    seen = {}

    def fill(dialog):
        dialog.tabs.setCurrentIndex(3)
        guide = dialog.guide
        _type_cell(qtbot, guide, 0, 1, "30")  # outstanding 30 %: 125 % in all
        dialog.tabs.setCurrentIndex(0)  # OK pressed elsewhere: the dialog shows where
        dialog.name_zh.setFocus()
        qtbot.keyClick(dialog.name_zh, Qt.Key.Key_Return)
        seen["visible"] = dialog.isVisible()
        seen["problem"] = dialog.problem.text()
        seen["tab"] = dialog.tabs.tabText(dialog.tabs.currentIndex())
        seen["focus"] = dialog.focusWidget() is guide or guide.isAncestorOf(dialog.focusWidget())
        dialog.reject()

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert seen["visible"]
    assert seen["problem"] == "Forced distribution: The grade shares sum to 125%, not 100%."
    assert seen["tab"] == "Forced distribution" and seen["focus"]
    assert _settings(window) == before
    assert window.undo_stack.count() == 0


def test_cancel_changes_nothing(window, qtbot, answer_dialog):
    before = _settings(window)

    def fill(dialog):
        dialog.tabs.setCurrentIndex(1)
        _type_into(qtbot, dialog.flex, "12")
        qtbot.keyClick(dialog.flex, Qt.Key.Key_Escape)

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert _settings(window) == before and window.undo_stack.count() == 0


def test_the_title_follows_the_firm_name_and_its_undo(window, qtbot, answer_dialog, press_ctrl_z):
    assert "示例分公司(样例数据)" in window.windowTitle()

    def fill(dialog):
        dialog.name_zh.selectAll()
        qtbot.keyClicks(dialog.name_zh, "South branch")
        qtbot.keyClick(dialog.name_zh, Qt.Key.Key_Return)

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert window.windowTitle() == "firm.kpidesk — South branch — kpidesk"
    press_ctrl_z()
    assert window.windowTitle() == "firm.kpidesk — 示例分公司(样例数据) — kpidesk"


def test_the_coefficient_curve_moves_the_trend_chart_lines(window, qtbot, answer_dialog):
    assert window.select_position("营销部门总经理")
    assert window.scoring.trend_chart.levels == (60, 90)

    def fill(dialog):
        dialog.tabs.setCurrentIndex(2)
        _type_cell(qtbot, dialog.curve, 0, 0, "50")
        _type_cell(qtbot, dialog.curve, 1, 0, "80")
        dialog.curve.setFocus()
        dialog.accept()  # OK

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert _settings(window)["pay_breakpoints"] == [[50, 0.6], [80, 1.0], [100, 1.5]]
    assert window.scoring.trend_chart.levels == (50, 80)


def test_the_firm_weight_rules_show_in_the_contract_at_once(window, qtbot, answer_dialog):
    """A firm that allows each KPI at most 20 % sees the marketing GM's 25 % line flagged."""
    assert window.select_position("营销部门总经理")
    assert not [f for f in window.editor.model.findings if f.code == "weight_range"]

    def fill(dialog):
        dialog.tabs.setCurrentIndex(1)
        _type_into(qtbot, dialog.high, "20")
        qtbot.keyClick(dialog.high, Qt.Key.Key_Return)

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert _settings(window)["weight_rules"]["high"] == 20
    found = [f for f in window.editor.model.findings if f.code == "weight_range"]
    assert [f.message("en") for f in found] == [
        "'通信业务收入' weighs 25%; keep each KPI between 5% and 20%."
    ]


def test_a_new_current_year_brings_its_periods_in_the_same_operation(
    window, qtbot, answer_dialog, press_ctrl_z
):
    def fill(dialog):
        _type_into(qtbot, dialog.year, "2004")
        qtbot.keyClick(dialog.year, Qt.Key.Key_Return)

    answer_dialog(fill)
    _menu_action(window).trigger()
    assert window.firm.current_year == 2004
    assert len(window.firm.periods(2004)) == 19  # 12 months, 4 quarters, 2 halves, the year
    assert window.undo_stack.count() == 1
    press_ctrl_z()
    assert window.firm.current_year == 2003
    assert window.firm.periods(2004) == []


def test_the_dialog_reads_the_firm_as_stored(window):
    dialog = FirmSettingsDialog(
        window.firm_actions.settings_edits.settings(), window.firm.policy, window
    )
    assert dialog.name_zh.text() == "示例分公司(样例数据)"
    assert dialog.year.value() == 2003
    assert dialog.flex.value() == 15
    assert (dialog.min_count.value(), dialog.max_count.value()) == (5, 10)
    assert [dialog.guide.item(r, 1).text() for r in range(5)] == ["5", "20", "55", "18", "2"]
    assert dialog.result() == QDialog.DialogCode.Rejected
    dialog.deleteLater()


def test_the_screenshot_view_shows_the_dialog_over_the_window(demo_path, tmp_path):
    from PySide6.QtGui import QImage

    from kpidesk.ui.screenshot import render

    plain = QImage(str(render(str(demo_path), "main", tmp_path / "main.png", "en")))
    shown = QImage(str(render(str(demo_path), "firm-settings", tmp_path / "settings.png", "en")))
    assert (shown.width(), shown.height()) == (1600, 900)
    assert shown != plain  # the dialog is painted over the window
