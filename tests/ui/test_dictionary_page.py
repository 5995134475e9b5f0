"""The KPI dictionary tab as a user works it: found from the menu and Ctrl+F, searched by
pinyin initials and data source, an entry made from the menu by typing into its form, edited
and saved as one undo entry, refused deletion of an entry in use, and merging two entries
through the dialog, undone with Ctrl+Z (METHOD.md §4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from kpidesk.services.dictionary import DictionaryService
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.records import ContractLineRecord
from kpidesk.ui.dictionary.dictionary_actions import MergeDialog
from kpidesk.ui.dictionary.entry_form import EntryDialog

pytestmark = pytest.mark.gui


def ime_type(widget, text: str) -> None:
    """Chinese arrives from the input method as committed text, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def listed(window) -> list[str]:
    proxy = window.dictionary.browser.proxy
    return [proxy.index(row, 1).data() for row in range(proxy.rowCount())]


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def ctrl_z(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.dictionary.page.view.setFocus()
    press(qtbot, window.dictionary.page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def shown(window, qtbot):
    """The dictionary tab, shown from its menu."""
    window.dictionary.show_action.trigger()
    assert window.left.currentWidget() is window.dictionary.page
    assert window.centre.currentWidget() is window.dictionary.form
    return window


def test_the_menu_sits_after_edit_and_names_its_commands(shown):
    titles = [a.text() for a in shown.menuBar().actions()]
    # The menus in the order of the work: the dictionary after the organisation it serves.
    assert titles == [
        "&File", "&Edit", "&Organisation", "&KPI dictionary", "&Value tree", "&Review", "&View",
        "&Help",
    ]
    commands = [a.text() for a in shown.dictionary.menu.actions() if a.text()]
    assert "&New entry…" in commands and "&Merge into…" in commands
    assert shown.dictionary.new_action.shortcut().toString() == "Ctrl+Shift+K"


def test_ctrl_f_focuses_the_search(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tree.setFocus()
    press(qtbot, window.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.left.currentWidget() is window.dictionary.page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.dictionary.page.search)


def test_typing_finds_by_pinyin_initials_and_by_data_source(shown, qtbot):
    search = shown.dictionary.page.search
    qtbot.keyClicks(search, "khmyd")
    assert listed(shown) == ["CSAT"]
    assert shown.dictionary.form.editors["name"].text() == "客户满意度"  # the match is shown
    search.clear()
    ime_type(search, "监察审计室")  # the seed's data source of CSAT, MCOMP and SAFE
    assert listed(shown) == ["CSAT", "MCOMP", "SAFE"]
    assert shown.dictionary.page.count.text() == "3 of 47 KPIs"


def test_a_filter_chosen_by_keyboard_narrows_the_list(shown, qtbot):
    combo = shown.dictionary.page.filters["unit"]
    combo.setFocus()
    while combo.currentText() != "亿元":  # ↓ through the units, as a keyboard user does
        index = combo.currentIndex()
        press(qtbot, combo, Qt.Key.Key_Down)
        assert combo.currentIndex() == index + 1
    # The seed's KPIs counted in 亿元, in dictionary order.
    assert listed(shown) == ["REV", "CONTR", "NOA", "DMC", "NMC", "ALLOC", "FIXA", "WCAP", "INTA"]
    qtbot.keyClicks(shown.dictionary.page.search, "gdzc")  # 固定资产 within the filter
    assert listed(shown) == ["FIXA"]
    shown.dictionary.page.search.clear()
    combo.setCurrentIndex(0)  # All units
    assert len(listed(shown)) == 47


def test_new_entry_from_the_menu_is_typed_saved_audited_and_undone(shown, qtbot, answer_dialog):
    seen = {}

    def fill(dialog):
        seen["dialog"] = type(dialog)
        form = dialog.form
        qtbot.waitUntil(lambda: QApplication.focusWidget() is form.editors["name"])
        ime_type(form.editors["name"], "网点覆盖率")
        press(qtbot, form.editors["name"], Qt.Key.Key_Tab)  # to the English name
        qtbot.keyClicks(QApplication.focusWidget(), "Outlet coverage")
        unit = form.editors["unit"]
        unit.setFocus()
        qtbot.keyClicks(unit, "%")
        data_source = form.editors["data_source"]
        data_source.setFocus()
        ime_type(data_source, "渠道管理部")
        press(qtbot, data_source, Qt.Key.Key_Return)  # Enter: the dialog's OK

    answer_dialog(fill)
    press(
        qtbot,
        shown.dictionary.page.view,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: "K001" in listed(shown))
    assert seen["dialog"] is EntryDialog
    entry = next(e for e in DictionaryService(shown.firm.document).entries() if e.code == "K001")
    assert (entry.name, entry.name_en, entry.unit, entry.data_source) == (
        "网点覆盖率",
        "Outlet coverage",
        "%",
        "渠道管理部",
    )
    assert shown.dictionary.form.editors["name"].text() == "网点覆盖率"  # the new entry shown
    with shown.firm.document.reading() as session:
        audited = session.scalars(
            select(AuditRecord.field).where(
                AuditRecord.entity == "indicators",
                AuditRecord.entity_id == entry.id,
                AuditRecord.action == "insert",
            )
        ).all()
    assert "name" in audited and "data_source" in audited
    ctrl_z(qtbot, shown)
    assert "K001" not in listed(shown)
    assert shown.dictionary.browser.model.rowCount() == 47


def test_editing_the_form_and_saving_is_one_undo_entry(shown, qtbot, qtmodeltester):
    qtbot.keyClicks(shown.dictionary.page.search, "khmyd")
    form = shown.dictionary.form
    doubt = form.editors["doubt_points"]
    doubt.setFocus()
    ime_type(doubt, "月度是否含神秘客户抽查")
    reading = form.editors["agreed_reading"]
    reading.setFocus()
    ime_type(reading, "月度以神秘客户抽查得分代替")
    assert form.save_button.isEnabled()
    form.save_button.setFocus()
    press(qtbot, form.save_button, Qt.Key.Key_Space)
    service = DictionaryService(shown.firm.document)
    csat = next(e for e in service.entries() if e.code == "CSAT")
    assert (csat.doubt_points, csat.agreed_reading) == (
        "月度是否含神秘客户抽查",
        "月度以神秘客户抽查得分代替",
    )
    assert shown.undo_stack.count() == 1
    assert not form.is_dirty() and not form.save_button.isEnabled()
    qtmodeltester.check(shown.dictionary.browser.model)
    qtmodeltester.check(shown.dictionary.browser.proxy)
    ctrl_z(qtbot, shown)
    csat = next(e for e in service.entries() if e.code == "CSAT")
    assert (csat.doubt_points, csat.agreed_reading) == ("", "")
    assert form.editors["agreed_reading"].toPlainText() == ""
    qtmodeltester.check(shown.dictionary.browser.model)


def test_renaming_a_kpi_signed_contracts_show_is_refused(shown, qtbot, answer_dialog):
    qtbot.keyClicks(shown.dictionary.page.search, "khmyd")
    name = shown.dictionary.form.editors["name"]
    name.setFocus()
    name.selectAll()
    ime_type(name, "顾客满意度")
    said = {}

    def read_and_close(box):
        said["text"] = box.text()
        box.accept()

    answer_dialog(read_and_close)
    shown.dictionary.form.save_button.click()
    qtbot.waitUntil(lambda: "text" in said)
    assert "营销部门总经理" in said["text"] and "signed" in said["text"]
    assert shown.undo_stack.count() == 0
    assert name.text() == "顾客满意度"  # the form keeps what was typed, to correct it


def test_delete_of_an_entry_in_use_is_refused_naming_the_contracts(shown, qtbot, answer_dialog):
    qtbot.keyClicks(shown.dictionary.page.search, "khmyd")
    said = {}

    def read_and_close(box):
        said["box"] = isinstance(box, QMessageBox)
        said["text"] = box.text()
        box.accept()

    answer_dialog(read_and_close)
    shown.dictionary.delete_action.trigger()
    qtbot.waitUntil(lambda: "text" in said)
    for position in ("公众客户部经理", "营业厅营业员", "营销部门总经理"):
        assert position in said["text"]
    assert listed(shown) == ["CSAT"]
    assert shown.undo_stack.count() == 0


def _line_indicators(window, contract_id):
    with window.firm.document.reading() as session:
        return {
            line.id: (line.indicator_id, line.weight, line.minimum, line.base, line.challenge)
            for line in session.scalars(
                select(ContractLineRecord).where(ContractLineRecord.contract_id == contract_id)
            )
        }


@pytest.fixture
def two_alike(draft, qtbot):
    """Two entries meaning the same, each on a line of the draft with weight and targets."""
    service = DictionaryService(draft.firm.document)
    edits = draft.edits
    contract_id = draft.editor.contract.id
    first = service.create({"name": "宽带新增用户", "category": "service", "unit": "户"}).value
    second = service.create({"name": "宽带新装户数", "category": "service", "unit": "户"}).value
    codes = {e.id: e.code for e in service.entries()}
    edits.add_line(contract_id, codes[first], weight=10, minimum=80, base=100, challenge=120)
    edits.add_line(contract_id, codes[second], weight=15, minimum=50, base=60, challenge=75)
    draft.dictionary.browser.reload()
    draft.dictionary.show_action.trigger()
    return draft, contract_id, first, second


def test_merging_two_entries_keeps_every_line_and_undo_restores_each(
    two_alike, qtbot, answer_dialog, qtmodeltester
):
    window, contract_id, survivor, merged = two_alike
    before = _line_indicators(window, contract_id)
    moved = [i for i, line in before.items() if line[0] == merged]
    assert len(moved) == 1
    ime_type(window.dictionary.page.search, "宽带新装")
    assert window.dictionary.browser.current_id() == merged
    said = {}

    def choose_survivor(dialog):
        said["dialog"] = type(dialog)
        said["moves"] = dialog.moves.text()
        ime_type(dialog.filter, "宽带新增")
        press(qtbot, dialog.filter, Qt.Key.Key_Return)

    answer_dialog(choose_survivor)
    window.dictionary.merge_action.trigger()
    qtbot.waitUntil(lambda: merged not in [e.id for e in window.dictionary.browser.model.entries()])
    assert said["dialog"] is MergeDialog
    assert said["moves"].startswith("1 contract line moves")
    after = _line_indicators(window, contract_id)
    assert set(after) == set(before)  # every line still there
    for line_id, (indicator, *rest) in before.items():
        expected = survivor if indicator == merged else indicator
        assert after[line_id] == (expected, *rest)  # weight and targets as they were
    assert window.dictionary.browser.current_id() == survivor
    qtmodeltester.check(window.dictionary.browser.proxy)
    ctrl_z(qtbot, window)
    assert _line_indicators(window, contract_id) == before
    assert DictionaryService(window.firm.document).entry(merged).name == "宽带新装户数"
    assert merged in [e.id for e in window.dictionary.browser.model.entries()]
    qtmodeltester.check(window.dictionary.browser.model)


def test_delete_key_on_the_list_deletes_an_unused_entry_and_ctrl_z_brings_it_back(
    shown, qtbot
):
    created = DictionaryService(shown.firm.document).create(
        {"name": "临时指标", "category": "learning"}
    ).value
    shown.dictionary.browser.reload(select_id=created)
    view = shown.dictionary.page.view
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    view.setFocus()
    press(qtbot, view, Qt.Key.Key_Delete)
    assert created not in [e.id for e in shown.dictionary.browser.model.entries()]
    ctrl_z(qtbot, shown)
    assert created in [e.id for e in shown.dictionary.browser.model.entries()]
    assert DictionaryService(shown.firm.document).entry(created).name == "临时指标"
    # The list's context menu (Shift+F10, the Menu key) holds the dictionary's commands.
    assert [a.text() for a in view.actions()] == ["&New entry…", "&Delete entry", "&Merge into…"]


def test_moving_to_another_entry_saves_what_was_typed(shown, qtbot):
    view = shown.dictionary.page.view  # the first entry (REV) is current
    formula = shown.dictionary.form.editors["formula"]
    formula.setFocus()
    formula.selectAll()
    ime_type(formula, "本月各营业厅收入之和")
    view.setFocus()
    press(qtbot, view, Qt.Key.Key_Down)  # on to the next entry, as in a grid
    service = DictionaryService(shown.firm.document)
    first = next(e for e in service.entries() if e.code == "REV")
    assert first.formula == "本月各营业厅收入之和"
    assert shown.dictionary.browser.current_entry().code == "NOAC"
    assert shown.undo_stack.count() == 1


def test_where_used_enter_goes_to_the_contract_in_the_organisation(shown, qtbot):
    qtbot.keyClicks(shown.dictionary.page.search, "khmyd")
    usage = shown.dictionary.form.usage
    usage.setFocus()
    usage.setCurrentRow(0)
    first = usage.item(0).text()
    assert first.startswith("Contract of ")
    press(qtbot, usage, Qt.Key.Key_Return)
    assert shown.left.currentIndex() == 0
    assert shown.editor.contract is not None
    assert shown.editor.contract.position in first


# review of issue 11 ------------------------------------------------------------------------------
def _stored(window, code):
    return next(e for e in DictionaryService(window.firm.document).entries() if e.code == code)


def _type_definition_and_a_taken_code(shown, qtbot, definition):
    """On ART: a definition typed, and the code changed to REV (another entry's)."""
    browser = shown.dictionary.browser
    browser.select(_stored(shown, "ART").id)
    form = shown.dictionary.form
    editor = form.editors["definition"]
    editor.setFocus()
    editor.selectAll()
    ime_type(editor, definition)
    code = form.editors["code"]
    code.setFocus()
    code.selectAll()
    qtbot.keyClicks(code, "REV")


def test_a_refused_save_on_moving_on_keeps_the_entry_and_what_was_typed(
    shown, qtbot, answer_dialog
):
    _type_definition_and_a_taken_code(shown, qtbot, "用户花十分钟写的定义")
    said = {}

    def read_and_close(box):
        said["text"] = box.text()
        box.accept()

    answer_dialog(read_and_close)
    view = shown.dictionary.page.view
    view.setFocus()
    press(qtbot, view, Qt.Key.Key_Down)  # on to the next entry: the save is refused
    qtbot.waitUntil(lambda: "text" in said)
    assert "REV" in said["text"]
    form = shown.dictionary.form
    assert shown.dictionary.browser.current_entry().code == "ART"  # still on the entry
    assert form.entry.code == "ART"
    assert form.editors["definition"].toPlainText() == "用户花十分钟写的定义"
    assert form.editors["code"].text() == "REV"
    assert shown.undo_stack.count() == 0
    # Corrected, moving on saves it.
    form.editors["code"].selectAll()
    qtbot.keyClicks(form.editors["code"], "ART")
    view.setFocus()
    press(qtbot, view, Qt.Key.Key_Down)
    assert _stored(shown, "ART").definition == "用户花十分钟写的定义"
    assert shown.dictionary.browser.current_entry().code != "ART"


def test_closing_the_window_saves_the_pending_edit(shown, qtbot):
    shown.dictionary.browser.select(_stored(shown, "ART").id)
    editor = shown.dictionary.form.editors["definition"]
    editor.setFocus()
    editor.selectAll()
    ime_type(editor, "关窗前写的定义")
    shown.left.setCurrentIndex(0)  # another tab: the form is out of sight, not forgotten
    assert shown.close()
    assert _stored(shown, "ART").definition == "关窗前写的定义"
    assert shown.undo_stack.count() == 1


def test_closing_with_a_refused_edit_stays_open_on_it(shown, qtbot, answer_dialog):
    _type_definition_and_a_taken_code(shown, qtbot, "不能丢的定义")
    shown.left.setCurrentIndex(0)
    said = {}

    def read_and_close(box):
        said["text"] = box.text()
        box.accept()

    answer_dialog(read_and_close)
    assert not shown.close()
    qtbot.waitUntil(lambda: "text" in said)
    assert shown.isVisible()
    assert shown.left.currentWidget() is shown.dictionary.page  # the entry shown again
    assert shown.dictionary.form.editors["definition"].toPlainText() == "不能丢的定义"
    shown.dictionary.form.revert_button.click()  # Revert discards it: now the window closes
    assert shown.close()


def test_where_used_names_a_node_by_its_tree_once_and_chinese_brackets(shown, qtbot):
    shown.language_actions["zh_CN"].trigger()
    form = shown.dictionary.form
    assert form.entry.code == "REV"
    texts = [form.usage.item(row).text() for row in range(form.usage.count())]
    assert "价值树：实际收入" in texts
    assert all("价值树 价值树" not in text for text in texts)
    assert form.labels["agreed_reading"].text() == "共识（约定解释）"


def test_a_second_kpi_of_a_name_is_refused_in_the_new_entry_dialog(shown, qtbot, answer_dialog):
    said = {}

    def type_a_taken_name(dialog):
        said["dialog"] = type(dialog)
        ime_type(dialog.form.editors["name"], "客户满意度")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: shown.last_message is not None and "客户满意度" in shown.last_message)
        said["open"] = dialog.isVisible()
        dialog.reject()

    answer_dialog(type_a_taken_name)
    shown.dictionary.new_action.trigger()
    assert said == {"dialog": EntryDialog, "open": True}
    assert [e.name for e in DictionaryService(shown.firm.document).entries()].count("客户满意度") == 1


def test_opening_another_firm_with_a_refused_edit_keeps_the_firm_and_the_edit(
    shown, qtbot, answer_dialog, tmp_path, monkeypatch
):
    """File › Open (or a recent file) replaces the firm only once the entry being edited is
    saved; a refused one stays on screen, and nothing is opened."""
    from PySide6.QtWidgets import QFileDialog

    opened = []
    shown.opener = lambda path: opened.append(path) or True
    other = str(tmp_path / "other.kpidesk")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (other, ""))
    _type_definition_and_a_taken_code(shown, qtbot, "不能丢的定义")
    shown.left.setCurrentIndex(0)
    answer_dialog(lambda box: box.accept())  # the reason, read
    shown.open_action.trigger()  # File › Open…, the file chosen
    assert opened == []
    assert shown.left.currentWidget() is shown.dictionary.page
    assert shown.dictionary.form.editors["definition"].toPlainText() == "不能丢的定义"
