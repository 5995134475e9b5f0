"""The main window on a firm another program wrote values of the wrong type into (issue 13):
it opens, shows the rest of the firm, and the contract holding the value says what is wrong
and where — never a traceback or the crash dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from kpidesk.services import open_document
from tests.wrong_types_data import CORRUPTIONS, UNKNOWN_KIND, corrupt

pytestmark = pytest.mark.gui

CASES = {**CORRUPTIONS, "unknown rule kind": UNKNOWN_KIND}
# Each corrupts the marketing general manager's contract (contract 1) only.
ON_CONTRACT_1 = ["text weight", "infinite actual", "garbage signing date", "unknown rule kind"]


@pytest.fixture
def document(demo_path, request):
    statement, _message = CASES[request.node.callspec.params["name"]]
    corrupt(demo_path, statement)
    with open_document(demo_path) as document:
        yield document


@pytest.mark.parametrize("name", ON_CONTRACT_1)
def test_the_contract_says_which_value_is_wrong_and_the_rest_of_the_firm_is_shown(
    window, qtbot, monkeypatch, name
):
    bugs = []
    monkeypatch.setattr("sys.excepthook", lambda *exc: bugs.append(exc))
    message = CASES[name][1]
    assert window.select_position("营业厅营业员")  # another contract reads as ever
    assert window.editor.contract is not None and window.editor.contract.id == 3
    assert window.select_position("营销部门总经理")
    qtbot.waitUntil(lambda: message in window.statusBar().currentMessage(), timeout=5000)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and message in boxes[0].text()
    boxes[0].accept()
    assert window.editor.contract is None  # nothing shown to edit from a contract not read
    for tab in range(window.centre.count()):  # the scoring panel, the year grid …
        window.centre.setCurrentIndex(tab)
        QApplication.processEvents()  # each panel paints what it holds
    assert window.select_position("营业厅营业员")
    assert window.editor.contract.id == 3 and window.editor.contract.lines
    assert bugs == []


@pytest.mark.parametrize("name", ["impossible assignment start", "huge event count"])
def test_the_window_opens_and_says_the_firm_holds_unreadable_values(
    window, qtbot, monkeypatch, name
):
    """Values no contract read stumbles on (a person's assignment, an event count) still stop
    nothing: the window opens on its first contract and the status bar names them."""
    bugs = []
    monkeypatch.setattr("sys.excepthook", lambda *exc: bugs.append(exc))
    window.select_first_contract()
    message = window.statusBar().currentMessage()
    assert CORRUPTIONS[name][1] in message and "'kpidesk check' lists every one" in message
    assert window.editor.contract is not None
    people = window.org_actions.people_page  # read when its tab is first opened
    window.centre.setCurrentWidget(people)
    qtbot.waitUntil(people.isVisible)
    assert people.model.rowCount() > 0
    assert bugs == []
