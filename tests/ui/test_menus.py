"""Every menu command, triggered as a user does (the QAction, or its shortcut), with file dialogs
answered by tmp paths and modal dialogs by ``answer_dialog``; each must show its effect.

A menu item connected to a handler with an optional first parameter once received
``triggered(checked=False)`` as that parameter, and File › Import / Export opened nothing: these
tests walk the real menu bar so such an item cannot hide."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

import openpyxl
import pypdfium2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from kpidesk import i18n
from kpidesk.services import FirmService
from kpidesk.services.editing import EditService
from kpidesk.ui.files.import_dialog import ImportDialog
from kpidesk.ui.main_window import MainWindow
from kpidesk.ui.files.print_preview import PrintPreview
from kpidesk.ui.qt_i18n import apply_language
from tests import fonts as fonts_installed
from tests.ui.tree_menu_effects import TREE_EFFECTS
from tests.ui.org_menu_effects import ORG_EFFECTS
from tests.ui.backup_menu_effects import EFFECTS as BACKUP_EFFECTS
from tests.ui.check_menu_effects import EFFECTS as CHECK_EFFECTS
from tests.ui.about_effects import EFFECTS as ABOUT_EFFECTS
from tests.ui import (
    review_calibration_effects,
    review_meeting_effects,
    review_period_effects,
    review_results_effects,
)

pytestmark = pytest.mark.gui

ZEN_HEI = fonts_installed.zen_hei()


def pdf_printer(path: Path) -> Callable:
    """What the print dialog hands back, for a machine with no printer: a PDF file, A4."""

    def choose(_parent):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        return printer

    return choose


def page_count(path: Path) -> int:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def menu_actions(menu_bar) -> list:
    """Every command in the menus, submenus walked (separators and submenu titles left out)."""
    found = []

    def walk(actions):
        for action in actions:
            if action.menu() is not None:
                walk(action.menu().actions())
            elif not action.isSeparator():
                found.append(action)

    walk(menu_bar.actions())
    return found


@dataclass
class Env:
    window: MainWindow
    tmp_path: Path
    demo_path: Path
    monkeypatch: pytest.MonkeyPatch
    answer_dialog: Callable
    qtbot: object
    opened: list[str] = field(default_factory=list)

    def open_file_dialog_returns(self, path) -> list:
        asked = []

        def answer(*args, **kwargs):
            asked.append(args[1] if len(args) > 1 else "")
            return str(path), ""

        self.monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
        return asked

    def save_file_dialog_returns(self, path) -> None:
        self.monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))

    def folder_dialog_returns(self, path) -> None:
        self.monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(path))

    def wait_until(self, condition: Callable[[], bool]) -> None:
        """Slow commands run in the background: wait for what they do (never for a time)."""
        self.qtbot.waitUntil(condition, timeout=30000)

    def wait_idle(self) -> None:
        self.wait_until(self.window.background.idle)

    def other_firm(self) -> Path:
        other = self.tmp_path / "other.kpidesk"
        shutil.copy2(self.demo_path, other)
        return other


@pytest.fixture
def env(qtbot, document, settings, demo_path, tmp_path, monkeypatch, answer_dialog):
    apply_language("en")
    settings.setValue("recent", [str(tmp_path / "other.kpidesk")])
    opened: list[str] = []
    window = MainWindow(
        FirmService(document),
        EditService(document),
        settings,
        opener=lambda path: opened.append(str(path)) or True,
        creator=lambda path, name, year, lang: opened.append(str(path)) or True,
    )
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    yield Env(window, tmp_path, demo_path, monkeypatch, answer_dialog, qtbot, opened)
    apply_language("en")


def click(button_of: Callable) -> Callable:
    """An answer for answer_dialog: click the button ``button_of(dialog)`` names."""
    return lambda dialog: button_of(dialog).click()


def yes(dialog):
    assert isinstance(dialog, QMessageBox), dialog
    dialog.button(QMessageBox.StandardButton.Yes).click()


# what each menu command visibly does ------------------------------------------------------------
EFFECTS: dict[str, Callable[[Env], None]] = {}


def effect(name: str):
    def register(check):
        EFFECTS[name] = check
        return check

    return register


@effect("new_firm_action")
def _new_firm(env: Env) -> None:
    target = env.tmp_path / "new.kpidesk"

    def fill(dialog):
        dialog.name.setText("New firm")
        dialog.path.setText(str(target))
        dialog.accept()

    env.answer_dialog(fill)
    env.window.new_firm_action.trigger()
    assert env.opened == [str(target)]


@effect("firm_settings_action")
def _firm_settings(env: Env) -> None:
    def fill(dialog):
        dialog.flex.setValue(10)
        dialog.accept()

    env.answer_dialog(fill)
    env.window.firm_settings_action.trigger()
    assert env.window.firm.policy.target_flex == 0.10


@effect("open_action")
def _open(env: Env) -> None:
    other = env.other_firm()
    env.open_file_dialog_returns(other)
    env.answer_dialog(yes)
    env.window.open_action.trigger()
    assert env.opened == [str(other)]


@effect("recent")
def _recent(env: Env) -> None:
    other = env.other_firm()
    (recent,) = env.window.recent_menu.actions()
    assert recent.text() == str(other)
    env.answer_dialog(yes)
    recent.trigger()
    assert env.opened == [str(other)]


@effect("import_action")
def _import(env: Env) -> None:
    from kpidesk.services.exchange import ExchangeService

    workbook = env.tmp_path / "firm.xlsx"
    ExchangeService(env.window.firm.document).export(workbook, "en")
    book = openpyxl.load_workbook(workbook)
    sheet = book["Actuals"]
    header = [cell.value for cell in sheet[1]]
    actual = sheet.cell(row=2, column=header.index("Actual") + 1)
    actual.value = 12345.5  # one reported value corrected in the workbook
    book.save(workbook)
    env.open_file_dialog_returns(workbook)
    shown = {}

    def run(dialog):
        assert isinstance(dialog, ImportDialog), dialog
        shown["summary"] = dialog.summary.text()
        dialog.import_button.click()

    env.answer_dialog(run)
    env.window.import_action.trigger()
    env.wait_until(lambda: env.window.last_message.startswith("Imported"))
    assert "1 changed, 269 unchanged" in shown["summary"]
    assert env.window.last_message == "Imported firm.xlsx: 0 new actuals, 1 changed."


@effect("export_action")
def _export(env: Env) -> None:
    out = env.tmp_path / "exported.xlsx"
    env.save_file_dialog_returns(out)
    env.window.export_action.trigger()
    env.wait_idle()
    assert "Actuals" in openpyxl.load_workbook(out, read_only=True).sheetnames
    assert env.window.statusBar().currentMessage() == f"wrote {out}"


@effect("print_action")
def _print(env: Env) -> None:
    out = env.tmp_path / "printed.pdf"
    env.window.files.choose_printer = pdf_printer(out)
    env.window.select_position("营销部门总经理")
    env.window.print_action.trigger()
    assert page_count(out) == 2  # the contract's two A4 pages


@effect("preview_action")
def _preview(env: Env) -> None:
    env.window.select_position("营销部门总经理")
    seen = []

    def close(dialog):
        assert isinstance(dialog, PrintPreview), dialog
        seen.append(len(dialog.pages))
        dialog.reject()

    env.answer_dialog(close)
    env.window.preview_action.trigger()
    assert seen == [2]


@effect("print_unit_action")
def _print_unit(env: Env) -> None:
    env.folder_dialog_returns(env.tmp_path)
    env.window.tree.setCurrentIndex(env.window.tree_proxy.index(0, 0))  # the branch
    env.window.print_unit_action.trigger()
    env.wait_idle()
    assert len(list(env.tmp_path.glob("*.pdf"))) == 5


@effect("meeting_pack_action")
def _meeting_pack(env: Env) -> None:
    out = env.tmp_path / "pack.pdf"
    env.save_file_dialog_returns(out)
    env.window.select_position("营销部门总经理")
    env.window.meeting_pack_action.trigger()
    env.wait_idle()
    assert out.read_bytes().startswith(b"%PDF") and page_count(out) >= 1


@effect("font_action")
def _font(env: Env) -> None:
    env.open_file_dialog_returns(ZEN_HEI)
    env.window.font_action.trigger()
    assert env.window.settings.value("pdf/font") == ZEN_HEI


@effect("system_font_action")
def _system_font(env: Env) -> None:
    env.window.settings.setValue("pdf/font", ZEN_HEI)
    env.window.system_font_action.trigger()
    assert env.window.files.pdf_font() is None


@effect("quit_action")
def _quit(env: Env) -> None:
    env.window.quit_action.trigger()
    assert not env.window.isVisible()


def _new_draft(env: Env) -> int:
    position_id = env.window.firm.all_positions()[1][0].id  # 总经理: no contract in 2003
    assert env.window.firm.contract_for(position_id) is None
    env.window.contract_edits.create_contract(position_id, "empty")
    return position_id


@effect("undo_action")
def _undo(env: Env) -> None:
    position_id = _new_draft(env)
    env.window.undo_action.trigger()
    assert env.window.firm.contract_for(position_id) is None


@effect("redo_action")
def _redo(env: Env) -> None:
    position_id = _new_draft(env)
    env.window.undo_action.trigger()
    env.window.redo_action.trigger()
    assert env.window.firm.contract_for(position_id) is not None


@effect("present_action")
def _present(env: Env) -> None:
    env.window.present_action.trigger()
    assert env.window.presenting and not env.window.menuBar().isVisible()
    env.window.present_action.trigger()
    assert not env.window.presenting and env.window.menuBar().isVisible()


@effect("language:zh_CN")
def _chinese(env: Env) -> None:
    env.window.language_actions["zh_CN"].trigger()
    assert i18n.language() == "zh_CN"
    assert env.window.settings.value("language") == "zh_CN"
    assert env.window.import_action.text() == "从 Excel 导入…"


@effect("language:en")
def _english(env: Env) -> None:
    apply_language("zh_CN")
    env.window.language_actions["en"].trigger()
    assert i18n.language() == "en" and env.window.import_action.text() == "Import from Excel…"


# the KPI dictionary (issue 11; tests/ui/test_dictionary_page.py tries each by its keys too)
def _dictionary_list(env: Env) -> list[str]:
    proxy = env.window.dictionary.browser.proxy
    return [proxy.index(row, 1).data() for row in range(proxy.rowCount())]


@effect("dictionary_show_action")
def _dictionary_show(env: Env) -> None:
    env.window.dictionary_show_action.trigger()
    assert env.window.left.currentWidget() is env.window.dictionary.page
    assert env.window.centre.currentWidget() is env.window.dictionary.form


@effect("dictionary_find_action")
def _dictionary_find(env: Env) -> None:
    env.window.activateWindow()
    env.window.dictionary_find_action.trigger()
    env.wait_until(lambda: env.window.dictionary.page.search.hasFocus())


def _new_entry(dialog) -> None:
    dialog.form.editors["name"].setText("网点覆盖率")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


@effect("dictionary_new_action")
def _dictionary_new(env: Env) -> None:
    env.answer_dialog(_new_entry)
    env.window.dictionary_new_action.trigger()
    assert "K001" in _dictionary_list(env)


@effect("dictionary_delete_action")
def _dictionary_delete(env: Env) -> None:
    env.answer_dialog(_new_entry)
    env.window.dictionary_new_action.trigger()  # the new entry, current and unused
    env.window.dictionary_delete_action.trigger()
    assert "K001" not in _dictionary_list(env) and len(_dictionary_list(env)) == 47


@effect("dictionary_merge_action")
def _dictionary_merge(env: Env) -> None:
    env.answer_dialog(_new_entry)
    env.window.dictionary_new_action.trigger()

    def into_csat(dialog):
        dialog.filter.setText("CSAT")
        dialog.ok_button.click()

    env.answer_dialog(into_csat)
    env.window.dictionary_merge_action.trigger()
    assert "K001" not in _dictionary_list(env)
    assert env.window.dictionary.browser.current_entry().code == "CSAT"


EFFECTS.update(TREE_EFFECTS)  # the Value tree menu (issue 11)
EFFECTS.update(ORG_EFFECTS)  # the Organisation menu (tests/ui/org_menu_effects.py)
EFFECTS.update(BACKUP_EFFECTS)  # File › Backups… (issue 13)
EFFECTS.update(CHECK_EFFECTS)  # File › Check document… (issue 13)
EFFECTS.update(ABOUT_EFFECTS)  # Help › About kpidesk (issue 14)
# The Review menu (issue 12), one file per feature: tests/ui/review_*_effects.py.
for _feature in (
    review_period_effects,
    review_meeting_effects,
    review_results_effects,
    review_calibration_effects,
):
    EFFECTS.update(_feature.EFFECTS)


def _effect_name(window: MainWindow, action) -> str:
    if action.parent() is window.recent_menu or action in window.recent_menu.actions():
        return "recent"
    for lang, language_action in window.language_actions.items():
        if action is language_action:
            return f"language:{lang}"
    for name, value in vars(window).items():
        if value is action:
            return name
    # A feature composed into the window (``window.org_actions``) owns its actions.
    for owner, feature in vars(window).items():
        if owner.endswith("_actions") and hasattr(feature, "__dict__"):
            for name, value in vars(feature).items():
                if value is action:
                    return f"{owner}.{name}"
                if isinstance(value, dict):
                    for key, each in value.items():
                        if each is action:
                            return f"{owner}.{name}:{key}"
    return f"unknown action {action.text()!r}"


def test_every_menu_command_has_a_checked_effect(env):
    """A command added to a menu without a test of what it does fails here."""
    names = [_effect_name(env.window, action) for action in menu_actions(env.window.menuBar())]
    assert sorted(names) == sorted(EFFECTS)


@pytest.mark.parametrize("name", sorted(EFFECTS))
def test_menu_command_does_what_it_says(env, name):
    EFFECTS[name](env)


def test_export_to_a_file_that_cannot_be_written_says_why(env):
    taken = env.tmp_path / "out.xlsx"
    taken.mkdir()  # the name is taken by a folder: no user (root neither) can write the file
    env.save_file_dialog_returns(taken)
    env.window.export_action.trigger()
    env.wait_idle()
    assert env.window.last_message.startswith("out.xlsx could not be written (Is a directory)")
    assert "Traceback" not in env.window.last_message


def test_import_cancelled_changes_nothing(env):
    from kpidesk.services.exchange import ExchangeService

    workbook = env.tmp_path / "firm.xlsx"
    ExchangeService(env.window.firm.document).export(workbook, "en")
    env.open_file_dialog_returns(workbook)
    answered = []
    env.answer_dialog(lambda dialog: answered.append(type(dialog)) or dialog.reject())
    env.window.import_action.trigger()
    env.wait_until(lambda: answered == [ImportDialog] and env.window.background.idle())
    assert env.window.last_message == ""


# the keyboard -------------------------------------------------------------------------------------
def _press(env: Env, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    window = env.window
    window.activateWindow()
    env.qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    env.qtbot.keyClick(window.tree, key, modifiers)


def test_ctrl_o_asks_for_a_firm(env):
    other = env.other_firm()
    asked = env.open_file_dialog_returns(other)
    env.answer_dialog(yes)
    _press(env, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Open a firm"] and env.opened == [str(other)]


def test_ctrl_p_prints_the_selected_contract(env):
    out = env.tmp_path / "printed.pdf"
    env.window.files.choose_printer = pdf_printer(out)
    env.window.select_position("营销部门总经理")
    _press(env, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert page_count(out) == 2


def test_ctrl_shift_p_previews(env):
    env.window.select_position("营销部门总经理")
    seen = []
    env.answer_dialog(lambda dialog: seen.append(type(dialog)) or dialog.reject())
    _press(
        env,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert seen == [PrintPreview]


def test_ctrl_z_and_ctrl_y_undo_and_redo(env):
    position_id = _new_draft(env)
    _press(env, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert env.window.firm.contract_for(position_id) is None
    _press(env, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert env.window.firm.contract_for(position_id) is not None


def test_f11_presents_and_ctrl_q_quits(env):
    _press(env, Qt.Key.Key_F11)
    assert env.window.presenting
    _press(env, Qt.Key.Key_F11)
    assert not env.window.presenting
    _press(env, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not env.window.isVisible()


def test_a_workbook_spoilt_after_its_preview_is_refused_in_the_dialog(env):
    """The file is saved again in Excel between the preview and Import: the import checks it
    anew, shows the problems and keeps nothing."""
    from kpidesk.services.exchange import ExchangeService

    workbook = env.tmp_path / "firm.xlsx"
    ExchangeService(env.window.firm.document).export(workbook, "en")
    env.open_file_dialog_returns(workbook)
    seen = {}

    def spoil_then_import(dialog):
        assert dialog.import_button.isEnabled()  # the preview was clean
        book = openpyxl.load_workbook(workbook)
        sheet = book["Actuals"]
        header = [cell.value for cell in sheet[1]]
        sheet.cell(row=2, column=header.index("Actual") + 1).value = "n/a"
        book.save(workbook)
        dialog.import_button.click()
        shown.append(dialog)

    shown: list = []
    env.answer_dialog(spoil_then_import)
    env.window.import_action.trigger()
    env.wait_until(lambda: bool(shown) and env.window.background.idle())
    (dialog,) = shown
    seen["summary"] = dialog.summary.text()
    seen["problems"] = dialog.problems.count()
    seen["enabled"] = dialog.import_button.isEnabled()
    dialog.reject()
    assert seen == {
        "summary": "1 problem. Nothing can be imported until it is fixed:",
        "problems": 1,
        "enabled": False,
    }
