"""Two people, two windows, one PostgreSQL database (issue 13): an edit typed on a stale view is
refused naming who changed the row and when, nothing of it is written, and the window shows the
other's value; a window follows what another window, or another process, changes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from kpidesk.services import FirmService, open_document
from kpidesk.services.demo import populate_demo
from kpidesk.services.editing import EditService
from kpidesk.ui.main_window import MainWindow
from kpidesk.ui.qt_i18n import apply_language

from .contract_cells import line_cell, type_and_enter

pytestmark = pytest.mark.postgres

_KPI = "客户满意度"


@pytest.fixture
def firm_url(pg_url):
    with open_document(pg_url, actor="kpidesk demo") as document:
        populate_demo(document)
    return pg_url


@pytest.fixture
def open_window(qtbot, tmp_path):
    """A window on the database as ``actor`` would open it, polling every 50 ms."""
    from PySide6.QtCore import QSettings

    apply_language("en")
    documents = []

    def make(url: str, actor: str) -> MainWindow:
        document = open_document(url, actor=actor)
        documents.append(document)
        settings = QSettings(str(tmp_path / f"{actor}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(FirmService(document), EditService(document), settings)
        qtbot.addWidget(window)
        window.resize(1600, 900)
        window.show()
        window.refresh.set_interval(50)
        return window

    yield make
    for document in documents:
        document.close()


def _stored_weight(url: str, contract_id: int) -> float:
    with open_document(url) as document:
        contract = FirmService(document).contract(contract_id)
    return next(line.weight for line in contract.lines if line.indicator == _KPI)


def _weight_cell(window: MainWindow):
    return line_cell(window.editor.view.model(), _KPI, "weight")


def _refusal(window: MainWindow) -> str:
    """The text of the message box the window shows (an edit refused), or ""."""
    from PySide6.QtWidgets import QMessageBox

    texts = [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]
    return texts[-1] if texts else ""


def _shows_draft(window: MainWindow) -> bool:
    contract = window.editor.contract
    return contract is not None and contract.status == "draft"


def test_a_stale_edit_is_refused_naming_the_other_and_the_window_shows_their_value(
    firm_url, open_window, qtbot
):
    a, b = open_window(firm_url, "张三"), open_window(firm_url, "王五")
    # A drafts the business-hall manager's contract; B, on the same position, sees it come.
    assert a.select_position("营业厅经理") and b.select_position("营业厅经理")
    clerk = next(c for c in a.firm.contracts() if c.position == "营业厅营业员")
    a.contract_edits.create_contract(a.current_position()[0], clerk.id)
    assert _shows_draft(a)
    qtbot.waitUntil(lambda: _shows_draft(b), timeout=5000)
    b.editor.view.expandAll()
    a.editor.view.expandAll()
    draft = a.editor.contract.id
    before = _weight_cell(b).data()

    b.refresh.timer.stop()  # B looks away: its view goes stale
    type_and_enter(qtbot, a.editor.view, _weight_cell(a), "15")
    qtbot.waitUntil(lambda: _weight_cell(a).data() == "15")
    assert _weight_cell(b).data() == before != "15"

    type_and_enter(qtbot, b.editor.view, _weight_cell(b), "30")
    qtbot.waitUntil(lambda: "张三" in _refusal(b))
    assert _refusal(b).startswith("张三 changed this line's Weight at ")
    assert "enter your change again" in _refusal(b)
    assert b.undo_stack.count() == 0  # refused: nothing to undo
    assert _stored_weight(firm_url, draft) == 15  # A's kept, B's 30 never written
    # Refreshed at once: B's grid shows A's value, and the status bar says who changed it.
    qtbot.waitUntil(lambda: _weight_cell(b).data() == "15", timeout=5000)
    assert b.refresh.last_notice == "张三 just changed the firm's data; the window shows it now."

    # Typed again on the fresh view, B's value goes in; A's window follows by its poll.
    type_and_enter(qtbot, b.editor.view, _weight_cell(b), "30")
    qtbot.waitUntil(lambda: _weight_cell(b).data() == "30")
    assert _stored_weight(firm_url, draft) == 30
    qtbot.waitUntil(lambda: _weight_cell(a).data() == "30", timeout=5000)
    assert a.refresh.last_notice.startswith("王五 just changed")


def test_an_undo_on_a_stale_view_is_refused_and_the_stack_stays(firm_url, open_window, qtbot):
    a, b = open_window(firm_url, "张三"), open_window(firm_url, "王五")
    assert a.select_position("营业厅经理") and b.select_position("营业厅经理")
    clerk = next(c for c in b.firm.contracts() if c.position == "营业厅营业员")
    b.contract_edits.create_contract(b.current_position()[0], clerk.id)
    b.editor.view.expandAll()
    type_and_enter(qtbot, b.editor.view, _weight_cell(b), "12")
    qtbot.waitUntil(lambda: _weight_cell(b).data() == "12")
    qtbot.waitUntil(lambda: _shows_draft(a), timeout=5000)
    a.editor.view.expandAll()
    qtbot.waitUntil(lambda: _weight_cell(a).data() == "12", timeout=5000)
    draft = b.editor.contract.id

    b.refresh.timer.stop()
    type_and_enter(qtbot, a.editor.view, _weight_cell(a), "40")
    qtbot.waitUntil(lambda: _weight_cell(a).data() == "40")
    assert b.undo_stack.canUndo()
    b.undo_action.trigger()  # Ctrl+Z on the stale view: would put back B's old weight over A's
    qtbot.waitUntil(lambda: "张三" in _refusal(b))
    assert _stored_weight(firm_url, draft) == 40
    qtbot.waitUntil(lambda: _weight_cell(b).data() == "40", timeout=5000)
    # A changed what B's history would put back: B's Undo starts afresh, and B is told why.
    assert not b.undo_stack.canUndo() and b.undo_stack.count() == 0
    assert b.refresh.last_notice == (
        "张三 just changed the firm's data, some of it what you had changed; the window shows "
        "it now and Undo starts afresh."
    )


def test_a_window_whose_rows_others_changed_loses_no_value_to_a_later_undo(
    firm_url, open_window, qtbot
):
    a, b = open_window(firm_url, "张三"), open_window(firm_url, "王五")
    assert a.select_position("营业厅经理") and b.select_position("营业厅经理")
    clerk = next(c for c in b.firm.contracts() if c.position == "营业厅营业员")
    b.contract_edits.create_contract(b.current_position()[0], clerk.id)
    b.editor.view.expandAll()
    type_and_enter(qtbot, b.editor.view, _weight_cell(b), "12")
    qtbot.waitUntil(lambda: _shows_draft(a), timeout=5000)
    a.editor.view.expandAll()
    qtbot.waitUntil(lambda: _weight_cell(a).data() == "12", timeout=5000)
    draft = b.editor.contract.id
    # A changes B's line while B's window keeps up: B sees 40, and Ctrl+Z has nothing to undo
    # (it would write 10, B's old value, over A's 40).
    type_and_enter(qtbot, a.editor.view, _weight_cell(a), "40")
    qtbot.waitUntil(lambda: _weight_cell(b).data() == "40", timeout=5000)
    assert not b.undo_stack.canUndo()
    b.undo_action.trigger()
    assert _stored_weight(firm_url, draft) == 40
    # A's own history is A's: nobody changed A's rows, so A may still undo.
    assert a.undo_stack.canUndo()


def test_a_window_follows_an_edit_made_by_another_process(firm_url, open_window, qtbot):
    window = open_window(firm_url, "张三")
    assert window.select_position("营业厅经理")
    clerk = next(c for c in window.firm.contracts() if c.position == "营业厅营业员")
    window.contract_edits.create_contract(window.current_position()[0], clerk.id)
    window.editor.view.expandAll()
    line = next(l.id for l in window.editor.contract.lines if l.indicator == _KPI)
    script = textwrap.dedent(
        f"""
        from kpidesk.services import open_document
        from kpidesk.services.editing import EditService
        with open_document({firm_url!r}, actor="李四") as document:
            EditService(document).edit_line({line}, "weight", 35)
        """
    )
    environment = {**os.environ, "PYTHONPATH": os.getcwd()}
    subprocess.run([sys.executable, "-c", script], check=True, env=environment, timeout=60)
    qtbot.waitUntil(lambda: _weight_cell(window).data() == "35", timeout=5000)
    assert window.refresh.last_notice.startswith("李四 just changed")


def test_a_kpidesk_file_is_not_polled(window):
    assert window.firm.document.watch is None
    assert not window.refresh.timer.isActive()


def test_a_wrong_password_on_the_command_line_is_one_dialog_and_exit_2(pg_password_server, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from kpidesk.app import run_gui

    url, _password = pg_password_server
    seen = []
    watch = QTimer()

    def read_and_close():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            watch.stop()
            seen.append(box.text())
            box.accept()

    watch.setInterval(20)
    watch.timeout.connect(read_and_close)
    watch.start()
    try:
        assert run_gui(url.replace("alice@", "alice:wrong@")) == 2
    finally:
        watch.stop()
    assert len(seen) == 1
    assert "did not accept the user name or password" in seen[0] and "wrong" not in seen[0]
    QApplication.processEvents()


def test_a_cell_being_typed_in_is_not_refreshed_away(firm_url, open_window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    a, b = open_window(firm_url, "张三"), open_window(firm_url, "王五")
    assert a.select_position("营业厅经理") and b.select_position("营业厅经理")
    clerk = next(c for c in a.firm.contracts() if c.position == "营业厅营业员")
    a.contract_edits.create_contract(a.current_position()[0], clerk.id)
    qtbot.waitUntil(lambda: _shows_draft(b), timeout=5000)
    b.editor.view.expandAll()
    b.refresh.timer.stop()  # polled by hand below
    view = b.editor.view
    b.activateWindow()
    view.setCurrentIndex(_weight_cell(b))
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    qtbot.keyClick(view, "7")  # B starts typing a weight
    assert view.state() == QAbstractItemView.State.EditingState
    # A's change, made elsewhere (typing in A's window here would take the focus from B's).
    revenue = next(l.id for l in a.editor.contract.lines if l.indicator == "营业收入")
    a.edits.edit_line(revenue, "weight", 9)
    assert not b.refresh.poll()  # A's change waits: the refresh would close B's editor
    assert view.state() == QAbstractItemView.State.EditingState
    assert QApplication.focusWidget().text() == "7"  # what B typed is still there
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert b.refresh.poll()
    assert line_cell(view.model(), "营业收入", "weight").data() == "9"


def test_no_refresh_under_a_dialog_that_runs_its_own_loop(firm_url, open_window, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    a, b = open_window(firm_url, "张三"), open_window(firm_url, "王五")
    b.refresh.timer.stop()
    a.firm.document.watch.poll()
    assert a.select_position("营业厅经理")
    clerk = next(c for c in a.firm.contracts() if c.position == "营业厅营业员")
    a.contract_edits.create_contract(a.current_position()[0], clerk.id)
    polled = []
    dialog = QDialog(b)  # an amendment asked for in the middle of a cell's edit, say

    def inside_the_dialog():
        polled.append(b.refresh.poll())
        dialog.reject()

    QTimer.singleShot(0, inside_the_dialog)
    dialog.exec()
    assert polled == [False]  # deferred while the dialog ran
    assert b.refresh.poll()  # and done once it closed


def test_a_window_follows_a_command_line_import_into_its_database(
    firm_url, open_window, qtbot, tmp_path
):
    import getpass

    import openpyxl

    window = open_window(firm_url, "张三")
    template = tmp_path / "actuals.xlsx"
    kpidesk = [sys.executable, "-m", "kpidesk"]
    environment = {**os.environ, "PYTHONPATH": os.getcwd()}
    made = subprocess.run(
        [*kpidesk, "template", "actuals", firm_url, str(template), "--period", "2003-07"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    book = openpyxl.load_workbook(template)
    book["计划财务部"].cell(2, 10).value = 123
    book.save(template)
    imported = subprocess.run(
        [*kpidesk, "import", firm_url, str(template)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr  # a server arbitrates: no lock file refuses
    qtbot.waitUntil(lambda: bool(window.refresh.last_notice), timeout=5000)
    assert window.refresh.last_notice.startswith(f"{getpass.getuser()} just changed")
