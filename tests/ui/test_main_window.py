"""The main window opens the demo firm offscreen and shows its tree and contracts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kpidesk.services import FirmService, open_document
from kpidesk.ui.contract_lines_model import ContractLinesModel
from kpidesk.ui.main_window import MainWindow
from kpidesk.ui.org_tree_model import ID_ROLE, KIND_ROLE, OrgTreeModel

pytestmark = pytest.mark.gui


@pytest.fixture
def firm(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document)


@pytest.fixture
def window(qtbot, firm):
    window = MainWindow(firm)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def _names(model, parent=QModelIndex()):
    names = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        names.append(index.data())
        names.extend(_names(model, index))
    return names


def test_tree_shows_units_positions_and_status(window):
    model = window.tree_model
    top = model.index(0, 0)
    assert top.data() == "分公司" and top.data(KIND_ROLE) == "unit"
    names = _names(model)
    for expected in ("营销部门", "公众客户部", "营业厅", "人力资源部", "总经理", "营业厅营业员",
                     "员工发展和绩效管理"):
        assert expected in names
    gm = model.match(top, Qt.ItemDataRole.DisplayRole, "营销部门总经理", 1,
                     Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    assert gm.siblingAtColumn(1).data() == "周明杰"
    assert gm.siblingAtColumn(2).data() == "● signed"
    assert model.index(0, 0, top).data() == "总经理"  # a unit's own positions come first


def test_selecting_a_position_shows_its_contract(window):
    assert window.select_position("营销部门总经理")
    model = window.lines_model
    assert model.rowCount() == 11
    assert model.index(0, 1).data() == "通信业务收入"
    assert model.index(0, 2).data() == "25"
    assert model.index(10, 2).data() == "—"  # the deduction item carries no weight
    assert "周明杰" in window.heading.text() and "signed 2003-01-08" in window.heading.text()
    window.select_position("总经理")
    assert model.rowCount() == 0 and "no contract" in window.heading.text()


def test_models_pass_the_model_tester(qtmodeltester, firm):
    units = firm.units()
    tree = OrgTreeModel(units, {u.id: firm.positions(u.id) for u in units})
    qtmodeltester.check(tree)
    lines = ContractLinesModel()
    qtmodeltester.check(lines)
    lines.set_contract(firm.contracts()[0])
    qtmodeltester.check(lines)


def test_a_bad_file_shows_one_clear_dialog(qtbot, tmp_path):
    from kpidesk.app import run_gui

    path = tmp_path / "bad.kpidesk"
    path.write_text("hello")
    seen = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, read_and_close)

    QTimer.singleShot(20, read_and_close)
    assert run_gui(str(path)) == 2
    assert len(seen) == 1 and "not a kpidesk document" in seen[0]
