"""A pseudo-locale run: every catalogue text is wrapped in 〖…〗, then the main window, the
command line and a printed contract are read; any word outside the brackets reached the user
without the catalogue (an f-string, a raw code, Chinese typed into the code). Numbers, the
firm's own data (names, codes of the demo) and Qt's own texts are not ours to translate."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import polib
import pytest

from kpidesk import i18n
from kpidesk.resources import asset

OPEN, CLOSE = "〖", "〗"


@pytest.fixture
def pseudo(monkeypatch):
    """zh_CN whose every text (translated or not) comes back wrapped in 〖…〗."""
    real = i18n._entry

    def wrapped(context, message, lang):
        if (lang or i18n.language()) != "zh_CN":
            return real(context, message, lang)
        entry = real(context, message, lang)
        text = entry.msgstr if entry is not None and entry.msgstr else message
        fake = polib.POEntry(msgctxt=context, msgid=message, msgstr=f"{OPEN}{text}{CLOSE}")
        if entry is not None and entry.msgstr_plural:
            fake.msgstr_plural = {k: f"{OPEN}{v}{CLOSE}" for k, v in entry.msgstr_plural.items()}
        return fake

    monkeypatch.setattr(i18n, "_entry", wrapped)
    before = i18n.language()
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(before)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# The demo firm's own data: names of units, positions, people, KPIs, categories, codes.
DATA = sorted(
    {s for s in _strings(json.loads(asset("demo", "branch_2003.json").read_text("utf-8"))) if s}
    | {"kpidesk", "firm"},
    key=len,
    reverse=True,
)


def unwrapped(text: str, data: tuple[str, ...] = ()) -> list[str]:
    """The words of ``text`` outside every 〖…〗 that are not the firm's data."""
    outside, depth = [], 0
    for char in text:
        if char == OPEN:
            depth += 1
        elif char == CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            outside.append(char)
    rest = "".join(outside)
    for datum in sorted({*DATA, *data}, key=len, reverse=True):
        rest = rest.replace(datum, " ")
    return re.findall(r"[A-Za-z]{2,}|[\u4e00-\u9fff]+", rest)


def category_names(document) -> tuple[str, ...]:
    from kpidesk.services import FirmService

    return tuple(n for c in FirmService(document).categories() for n in (c.name_zh, c.name_en))


def test_the_check_finds_text_that_bypassed_the_catalogue():
    assert unwrapped(f"{OPEN}合计{CLOSE} 95% 营业厅营业员 VETO 否决") == ["VETO", "否决"]
    assert unwrapped(f"{OPEN}{OPEN}岗位{CLOSE}：营业厅营业员{CLOSE} · 12.5") == []


def test_the_command_line_speaks_only_through_the_catalogue(pseudo, demo_path, capsys):
    from kpidesk.cli import main as cli

    assert cli.main(["info", str(demo_path)]) == 0
    shown = capsys.readouterr().out
    assert OPEN in shown and unwrapped(shown) == []
    assert cli.main(["print", str(demo_path), "--period", "2003-13", "--out", "x"]) == 2
    refused = capsys.readouterr().err
    assert OPEN in refused and unwrapped(refused.replace("kpidesk:", "")) == []


def _printed_for_the_gm(demo_path, out, print_it, data=()) -> tuple[str, tuple[str, ...]]:
    """What ``print_it(printer, contract_id, out)`` printed for the marketing GM, as pdftotext
    reads it, and the firm's own words that may stand in it unwrapped."""
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils is not installed; packaging/dev.sh test installs it")
    from kpidesk.services import open_document
    from kpidesk.services.printing import PrintService

    with open_document(demo_path) as document:
        printer = PrintService(document)
        contract = next(c for c in printer.firm.contracts() if c.position == "营销部门总经理")
        print_it(printer, contract.id, out)
        data = category_names(document) + tuple(data)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text, data


def test_a_printed_contract_speaks_only_through_the_catalogue(pseudo, demo_path, tmp_path):
    text, data = _printed_for_the_gm(
        demo_path,
        tmp_path / "gm.pdf",
        lambda printer, contract_id, out: printer.contract(contract_id, out, "zh_CN"),
    )
    assert OPEN in text
    assert not (found := unwrapped(text, data)), found


def _column_count(model) -> int:
    try:
        return model.columnCount()
    except TypeError:  # a list model's columnCount is private in PySide6: one column
        return 1


def widget_texts(root) -> dict[str, str]:
    """What ``root`` shows: labels, buttons, group titles, placeholders, tabs, menus, the
    window title, and every header and cell of its item views. Qt's own standard buttons
    (确定/取消) are Qt's catalogue, not ours."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QDialogButtonBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMainWindow,
        QTabWidget,
    )

    shown: dict[str, str] = {"title": root.windowTitle()}

    def menu_texts(actions, where):
        for action in actions:
            if action.text():
                shown[f"{where} › {action.text()}"] = action.text()
            if action.menu():
                menu_texts(action.menu().actions(), action.text())

    if isinstance(root, QMainWindow):
        menu_texts(root.menuBar().actions(), "menu")
    # numbered: widgets without an object name must not hide each other's texts
    for i, widget in enumerate(root.findChildren(QLabel)):
        if widget.isVisibleTo(root):
            shown[f"label {widget.objectName()} #{i}"] = re.sub("<[^>]+>", "", widget.text())
    for i, widget in enumerate(root.findChildren(QAbstractButton)):
        box = widget.parent()
        standard = isinstance(box, QDialogButtonBox) and box.standardButton(widget)
        if widget.isVisibleTo(root) and not standard:
            shown[f"button {widget.objectName()} #{i}"] = widget.text()
    for i, widget in enumerate(root.findChildren(QGroupBox)):
        shown[f"group {widget.objectName()} #{i}"] = widget.title()
    for i, widget in enumerate(root.findChildren(QLineEdit)):
        shown[f"placeholder {widget.objectName()} #{i}"] = widget.placeholderText()
    for widget in root.findChildren(QTabWidget):
        for i in range(widget.count()):
            shown[f"tab {i}"] = widget.tabText(i)
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisibleTo(root):
            continue
        columns = _column_count(model)
        for column in range(columns):
            header = model.headerData(column, Qt.Orientation.Horizontal)
            shown[f"{type(model).__name__} header {column}"] = str(header or "")
        rows = [model.index(r, 0) for r in range(model.rowCount())]
        while rows:
            parent = rows.pop()
            for column in range(columns):
                text = parent.siblingAtColumn(column).data(Qt.ItemDataRole.DisplayRole)
                if isinstance(text, str):
                    shown[f"{type(model).__name__} {parent.row()},{column}"] = text
            rows += [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
    return shown


@pytest.fixture
def pseudo_window(pseudo, qtbot, demo_path, tmp_path):
    from PySide6.QtCore import QSettings

    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.qt_i18n import apply_language

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    with open_document(demo_path) as document:
        apply_language("zh_CN")
        try:
            window = MainWindow(FirmService(document), EditService(document), settings)
            qtbot.addWidget(window)
            window.resize(1600, 900)
            window.show()
            window.select_first_contract()
            # the firm's categories are its data; a language is named in its own language
            window.data_shown = category_names(document) + tuple(i18n.LANGUAGES.values())
            yield window
        finally:
            apply_language("en")


def bypassed(shown: dict[str, str], data: tuple[str, ...]) -> dict[str, str]:
    return {where: text for where, text in shown.items() if unwrapped(text, data)}


@pytest.mark.gui
def test_the_main_window_speaks_only_through_the_catalogue(pseudo_window, demo_path):
    shown = widget_texts(pseudo_window)
    shown["title"] = shown["title"].replace(demo_path.name, "")
    assert any(OPEN in text for text in shown.values())
    assert bypassed(shown, pseudo_window.data_shown) == {}


@pytest.mark.gui
def test_the_dialogs_speak_only_through_the_catalogue(pseudo_window, qtbot):
    """The contract's history and the print preview, opened as a user opens them."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: dict[str, dict[str, str]] = {}

    def read_next(name):
        def attempt():
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, attempt)
                return
            seen[name] = widget_texts(dialog)
            dialog.reject()

        QTimer.singleShot(10, attempt)

    read_next("history")
    pseudo_window.editor.history.click()
    qtbot.waitUntil(lambda: "history" in seen, timeout=10000)
    read_next("preview")
    pseudo_window.preview_action.trigger()
    qtbot.waitUntil(lambda: "preview" in seen, timeout=20000)
    for name, shown in seen.items():
        assert any(OPEN in text for text in shown.values()), name
        assert bypassed(shown, pseudo_window.data_shown) == {}, name


def _double_click(qtbot, view, index) -> None:
    from PySide6.QtCore import Qt

    view.window().activateWindow()
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def _read_modal(qtbot, seen: dict[str, dict[str, str]], name: str, open_it) -> None:
    """Open a modal dialog as the user does (``open_it``), read what it shows, close it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def attempt():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, attempt)
            return
        seen[name] = widget_texts(dialog)
        dialog.reject()

    QTimer.singleShot(10, attempt)
    open_it()
    qtbot.waitUntil(lambda: name in seen, timeout=10000)


@pytest.mark.gui
def test_the_rule_amendment_and_signing_dialogs_speak_only_through_the_catalogue(
    pseudo_window, qtbot
):
    """The rule editor (double-click a rule), the amendment dialog (type a new target on a
    signed line) and the signing dialog (Sign on an agreed contract), as a user opens them."""
    from PySide6.QtCore import Qt

    from tests.ui.contract_cells import line_cell

    window = pseudo_window
    seen: dict[str, dict[str, str]] = {}
    kpi = "通信业务收入"  # 营销部门总经理's first line, signed: polyline 21.5 / 22.73 / 23.2
    assert window.editor.contract.position == "营销部门总经理"
    window.editor.view.expandAll()
    model, view = window.editor.model, window.editor.view
    _read_modal(
        qtbot,
        seen,
        "rule editor",
        lambda: _double_click(qtbot, view, line_cell(model, kpi, "rule")),
    )

    def amend():
        _double_click(qtbot, view, line_cell(model, kpi, "challenge"))
        qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
        editor = view.focusWidget()  # the cell's editor (the app's focus may lag offscreen)
        editor.selectAll()
        qtbot.keyClicks(editor, "24")
        qtbot.keyClick(editor, Qt.Key.Key_Return)

    _read_modal(qtbot, seen, "amendment", amend)

    clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
    assert window.select_position("营业厅经理")
    window.contract_edits.create_contract(window.current_position()[0], clerk.id)
    window.editor.buttons["agreed"].click()
    _read_modal(qtbot, seen, "signing", window.editor.buttons["signed"].click)
    assert set(seen) == {"rule editor", "amendment", "signing"}
    # the line's target note (the firm's words) as the amendment would rewrite it: data too
    data = window.data_shown + ("22.73(力争24)",)
    for name, shown in seen.items():
        assert any(OPEN in text for text in shown.values()), (name, shown)
        assert bypassed(shown, data) == {}, name


def test_a_printed_score_sheet_speaks_only_through_the_catalogue(pseudo, demo_path, tmp_path):
    text, data = _printed_for_the_gm(
        demo_path,
        tmp_path / "sheet.pdf",
        lambda printer, contract_id, out: printer.print_score_sheet(
            contract_id, "2003-03", out, "zh_CN"
        ),
        # the demo's deduction event carries a note a user typed: data, not ours to translate
        data=("样例事件(sample)",),
    )
    assert OPEN in text
    assert not (found := unwrapped(text, data)), found
