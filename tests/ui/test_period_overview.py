"""The period overview as HR uses it on days 1–8 (issue 12, "Before the meeting"): July on the
demo firm is all missing; the templates of the providers missing are written; the finance
department's, filled, comes back through File › Import and the overview shows it delivered —
a far-off value suspicious, with why — without being opened again. A refused workbook's
problems are saved for the provider from the import dialog."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kpidesk.core.readiness import LineState

FINANCE = "计划财务部"


def _group_counts(page) -> dict[str, tuple[str, str, str]]:
    """Each group's row as shown: name → (missing, suspicious, delivered) cells."""
    return {
        item.text(0): (item.text(1), item.text(2), item.text(3))
        for item in page._items()
        if item.data(0, Qt.ItemDataRole.UserRole + 1) is not None
    }


def _fill(template, far_off: str | None = None) -> None:
    """A provider fills every Actual with the base target (column H), as a data provider
    would in Excel; ``far_off``'s KPI gets 2273 (typed for 22.73)."""
    book = openpyxl.load_workbook(template)
    sheet = book[FINANCE]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 10).value = sheet.cell(row, 8).value
        if sheet.cell(row, 2).value == "营销部门总经理" and sheet.cell(row, 5).value == far_off:
            sheet.cell(row, 10).value = 2273
    book.save(template)


def _import_through_the_menu(window, qtbot, monkeypatch, answer_dialog, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    imported = []

    def import_it(dialog):
        qtbot.waitUntil(dialog.import_button.isEnabled)  # the preview found it clean
        dialog.finished.connect(imported.append)
        dialog.import_button.click()

    answer_dialog(import_it)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(imported) and window.background.idle(), timeout=30000)


def test_july_filled_by_the_finance_department_shows_delivered_without_reopening(
    window, qtbot, qtmodeltester, monkeypatch, answer_dialog, tmp_path
):
    actions = window.period_actions
    actions.show_action.trigger()
    qtbot.waitUntil(window.background.idle)  # a period is read in the background
    page = actions.page
    assert page.choice.code() == "2003-07"
    counts = _group_counts(page)
    assert counts["Every due line"] == ("25", "", "")
    assert counts[FINANCE] == ("13", "", "")
    assert counts["营销部门"] == ("7", "", "")
    qtmodeltester.check(actions.lines.model)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    actions.templates_action.trigger()
    qtbot.waitUntil(window.background.idle)
    template = tmp_path / f"{FINANCE}-2003-07.xlsx"
    _fill(template, far_off="通信业务收入")  # targets 21.5 / 22.73 / 23.2
    _import_through_the_menu(window, qtbot, monkeypatch, answer_dialog, template)

    assert window.left.currentWidget() is page  # never left the overview
    counts = _group_counts(page)
    assert counts[FINANCE] == ("", "1", "12")
    assert counts["Every due line"] == ("12", "1", "12")
    assert page.summary.text() == (
        "25 lines due: 12 missing, 1 suspicious, 12 delivered. 4 providers still owe actuals."
    )
    assert page.select(("provider", FINANCE))
    actions.lines.set_states((LineState.SUSPICIOUS,))
    model = actions.lines.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == [
        "营销部门",
        "营销部门总经理",
        "周明杰",
        "通信业务收入",
        "21.5 / 22.73 / 23.2",
        "2,273",
        "23.97",
        "Suspicious",
        "2273 lies far outside the targets 21.5–23.2",
    ]
    qtmodeltester.check(model)
    # Writing the templates again leaves the finance department out: it has delivered.
    again = tmp_path / "again"
    again.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(again))
    actions.templates_action.trigger()
    qtbot.waitUntil(window.background.idle)
    assert f"{FINANCE}-2003-07.xlsx" not in {p.name for p in again.iterdir()}
    assert len(list(again.iterdir())) == 4


def test_typing_an_actual_elsewhere_updates_the_overview_when_shown_again(window, qtbot):
    actions = window.period_actions
    actions.show_action.trigger()
    qtbot.waitUntil(window.background.idle)  # a period is read in the background
    actions.set_period("2003-06")
    qtbot.waitUntil(window.background.idle)
    assert _group_counts(actions.page)["Every due line"] == ("", "", "45")
    window.left.setCurrentIndex(0)  # the Org tab: the overview is hidden
    gm = next(c for c in window.firm.contracts() if c.position == "营销部门总经理")
    line = next(l for l in gm.lines if l.indicator == "通信业务收入")
    window.operations.run("actual", lambda: window.edits.record_actual(line.id, "2003-06", 2273.0))
    assert _group_counts(actions.page)["Every due line"] == ("", "", "45")  # not read hidden
    window.left.setCurrentWidget(actions.page)
    qtbot.waitUntil(window.background.idle)
    assert _group_counts(actions.page)["Every due line"] == ("", "1", "44")


def test_the_groups_and_the_state_filter_answer_the_keyboard(window, qtbot):
    actions = window.period_actions
    actions.show_action.trigger()
    qtbot.waitUntil(window.background.idle)  # a period is read in the background
    groups = actions.page.groups
    assert actions.page.current_group() == ("all",)
    qtbot.keyClick(groups, Qt.Key.Key_Down)  # "By data provider": a heading, skipped
    qtbot.keyClick(groups, Qt.Key.Key_Down)
    key = actions.page.current_group()
    assert key == ("provider", "人力资源部")  # the first provider by name
    assert actions.lines.title.text().startswith("Jul 2003 · ")
    filter_ = actions.lines.filter
    assert filter_.currentText() == "Missing or suspicious"  # what HR looks for first
    filter_.setFocus()
    qtbot.keyClick(filter_, Qt.Key.Key_Home)  # Every state
    assert actions.lines.states() is None and actions.lines.model.rowCount() == 1
    qtbot.keyClick(filter_, Qt.Key.Key_Down)  # Every state → Missing
    assert actions.lines.states() == (LineState.MISSING,)
    assert all(
        actions.lines.model.row_at(r).state is LineState.MISSING
        for r in range(actions.lines.model.rowCount())
    )


def test_a_refused_import_saves_its_problems_for_the_provider(
    window, qtbot, monkeypatch, answer_dialog, tmp_path
):
    actions = window.period_actions
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    actions.templates_action.trigger()
    qtbot.waitUntil(window.background.idle)
    template = tmp_path / f"{FINANCE}-2003-07.xlsx"
    book = openpyxl.load_workbook(template)
    book[FINANCE].cell(3, 10).value = "n/a"
    book.save(template)
    back = tmp_path / "back.xlsx"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(template), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(back), ""))
    seen = {}

    def save_problems(dialog):
        seen["button"] = dialog.problems_button.isVisible()
        seen["import"] = dialog.import_button.isEnabled()
        dialog.problems_button.click()
        seen["summary"] = dialog.summary.text()
        dialog.reject()

    answer_dialog(save_problems)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(seen) and window.background.idle(), timeout=30000)
    assert seen == {
        "button": True,
        "import": False,
        "summary": "Saved back.xlsx: 1 row marked with what is wrong in it.",
    }
    sheet = openpyxl.load_workbook(back)[FINANCE]
    assert sheet.cell(3, 12).value == "J (Actual): 'n/a' is not a number"


def test_a_clean_workbook_offers_no_problems_to_save(window, qtbot, monkeypatch, tmp_path):
    from kpidesk.services.exchange import ExchangeService
    from kpidesk.ui.files.import_dialog import ImportDialog

    ((template, _n),) = ExchangeService(window.firm.document).provider_templates(
        "2003-07", tmp_path, "en", [FINANCE]
    )
    _fill(template)
    dialog = ImportDialog(ExchangeService(window.firm.document), template, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=30000):
        pass
    assert dialog.import_button.isEnabled() and not dialog.problems_button.isVisibleTo(dialog)


def test_the_overview_in_chinese_says_not_yet_delivered_throughout(window, qtbot):
    """未报送 / 已报送 in the group heads, the filter and the summary alike; the centre tab is
    数据报送 and the lines name the contract's party 受约人 (METHOD §2)."""
    from kpidesk.ui.qt_i18n import apply_language

    actions = window.period_actions
    actions.show_action.trigger()
    qtbot.waitUntil(window.background.idle)
    apply_language("zh_CN")
    window.retranslate()
    qtbot.waitUntil(window.background.idle)
    page, lines = actions.page, actions.lines
    head = page.groups.headerItem()
    assert [head.text(c) for c in range(4)] == ["分组", "未报送", "存疑", "已报送"]
    assert head.toolTip(1) == "未报送"
    # July on the demo: 25 lines due, none in
    assert page.summary.text().startswith("应报 25 项指标：未报送 25 项")
    assert "缺失" not in page.summary.text() and "已报送 0 项" in page.summary.text()
    assert lines.filter.currentText() == "未报送或存疑"
    assert [lines.filter.itemText(i) for i in range(lines.filter.count())][1] == "未报送"
    assert window.centre.tabText(window.centre.indexOf(lines)) == "数据报送"
    model = lines.model
    heads = [
        model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
    ]
    assert "受约人" in heads and "任职者" not in heads
    states = {model.data(model.index(r, heads.index("状态"))) for r in range(model.rowCount())}
    assert states == {"未报送"}
