"""Which firm is open, and opening another: the title names the file before the firm (two copies
of one firm look alike but for it), and File › Open asks before it replaces the firm shown."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService
from kpidesk.ui.main_window import MainWindow
from kpidesk.ui.qt_i18n import apply_language

pytestmark = pytest.mark.gui

FIRM = "示例分公司(样例数据)"  # the demo firm's name


def make_window(qtbot, document, settings, opened=None) -> MainWindow:
    opener = None if opened is None else (lambda path: opened.append(str(path)) or True)
    window = MainWindow(FirmService(document), EditService(document), settings, opener=opener)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_title_names_the_file_then_the_firm(window):
    assert window.windowTitle() == f"firm.kpidesk — {FIRM} — kpidesk"


def test_two_copies_of_one_firm_have_different_titles(qtbot, demo_path, tmp_path, settings):
    apply_language("en")
    copies = []
    for name in ("2003-April.kpidesk", "2003-May.kpidesk"):
        shutil.copy2(demo_path, tmp_path / name)
        copies.append(open_document(tmp_path / name))
    try:
        titles = [make_window(qtbot, d, settings).windowTitle() for d in copies]
    finally:
        for document in copies:
            document.close()
    assert titles == [
        f"2003-April.kpidesk — {FIRM} — kpidesk",
        f"2003-May.kpidesk — {FIRM} — kpidesk",
    ]


def test_the_title_stays_in_chinese_too(window):
    window.language_actions["zh_CN"].trigger()
    assert window.windowTitle() == f"firm.kpidesk — {FIRM} — kpidesk"


def test_a_database_url_shows_its_name_without_the_password(qtbot, demo_path, settings):
    document = open_document(f"sqlite:///{demo_path}")  # a URL document, here on SQLite
    try:
        window = make_window(qtbot, document, settings)
        assert window.windowTitle() == f"firm.kpidesk — {FIRM} — kpidesk"
    finally:
        document.close()


@pytest.mark.postgres
def test_a_postgres_title_never_shows_the_password(qtbot, pg_url, settings):
    with_password = pg_url.replace("kpidesk@", "kpidesk:s3cret@")  # the test server trusts any
    database = pg_url.rsplit("/", 1)[-1]
    document = open_document(with_password)
    try:
        title = make_window(qtbot, document, settings).windowTitle()
    finally:
        document.close()
    assert title.startswith(f"{database} — ") and title.endswith(" — kpidesk")
    assert "s3cret" not in title


@pytest.fixture
def asking(qtbot, document, settings, demo_path, tmp_path, monkeypatch):
    """A window with an opener that records, and File › Open answered with another firm."""
    apply_language("en")
    other = tmp_path / "other.kpidesk"
    shutil.copy2(demo_path, other)
    opened: list[str] = []
    window = make_window(qtbot, document, settings, opened)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    return window, other, opened


def _question(answer_dialog, button, seen):
    def answer(dialog):
        assert isinstance(dialog, QMessageBox), dialog
        seen.append(dialog.text())
        dialog.button(button).click()

    answer_dialog(answer)


def test_ctrl_o_asks_before_replacing_the_open_firm(qtbot, asking, answer_dialog):
    window, other, opened = asking
    seen = []
    _question(answer_dialog, QMessageBox.StandardButton.Yes, seen)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.tree, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert seen == [
        f"Replace the open firm {FIRM} (firm.kpidesk) with other.kpidesk? "
        f"Every edit to {FIRM} is already saved."
    ]
    assert opened == [str(other)]


def test_no_keeps_the_open_firm(asking, answer_dialog):
    window, _other, opened = asking
    seen = []
    _question(answer_dialog, QMessageBox.StandardButton.No, seen)
    window.open_action.trigger()
    assert len(seen) == 1 and opened == []


def test_a_recent_file_asks_too(asking, answer_dialog, settings):
    window, other, opened = asking
    settings.setValue("recent", [str(other)])
    window.retranslate()  # the recent list is rebuilt with the menu's words
    seen = []
    _question(answer_dialog, QMessageBox.StandardButton.Yes, seen)
    window.recent_menu.actions()[0].trigger()
    assert len(seen) == 1 and opened == [str(other)]


def test_opening_the_file_already_shown_just_says_so(asking, monkeypatch, demo_path):
    window, _other, opened = asking
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(demo_path), ""))
    window.open_action.trigger()  # no question: nothing would be replaced
    assert opened == []
    assert window.statusBar().currentMessage() == "firm.kpidesk is already open in this window."
