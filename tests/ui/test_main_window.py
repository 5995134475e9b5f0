"""The main window opens the demo firm offscreen: tree, contract, scoring, language, presentation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kpidesk.services import FirmService
from kpidesk.ui.contract.contract_lines_model import ContractLinesModel
from kpidesk.ui.org.org_tree_model import KIND_ROLE, OrgTreeModel
from kpidesk.ui.scoring.scoring_model import ScoringModel
from kpidesk.ui.org.value_tree_model import ValueTreeModel

pytestmark = pytest.mark.gui


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
    for expected in (
        "营销部门",
        "公众客户部",
        "营业厅",
        "人力资源部",
        "总经理",
        "营业厅营业员",
        "员工发展和绩效管理",
    ):
        assert expected in names
    gm = model.match(
        top,
        Qt.ItemDataRole.DisplayRole,
        "营销部门总经理",
        1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )[0]
    assert gm.siblingAtColumn(1).data() == "周明杰"
    assert gm.siblingAtColumn(2).data() == "● signed"
    assert model.index(0, 0, top).data() == "总经理"  # a unit's own positions come first


def test_filter_keeps_matches_and_their_parents(window):
    window.tree_filter.setText("营业员")
    proxy = window.tree_proxy
    assert _names(proxy) == ["分公司", "营销部门", "公众客户部", "营业厅", "营业厅营业员"]
    window.tree_filter.setText("")
    assert len(_names(proxy)) == 12


def test_selecting_a_position_shows_contract_and_scores(window):
    assert window.select_position("营销部门总经理")
    editor = window.editor
    model = editor.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Financial / benefit",
        "Service / operation",
        "Learning & growth",
        "Deduction",
    ]
    financial = model.index(0, 0)
    assert model.rowCount(financial) == 5 and model.index(0, 2).data() == "70"
    assert model.index(0, 0, financial).data() == "通信业务收入"
    assert "Total 100%" in editor.totals.text()
    assert "周明杰" in editor.parties.text() and "signed 2003-01-08" in editor.parties.text()
    scoring = window.scoring
    assert scoring.period.currentData() == "2003-06"
    assert scoring.model.rowCount() == 11
    assert "Total" in scoring.summary.text() and "Appraisal coefficient" in scoring.summary.text()
    window.select_position("总经理")
    assert model.rowCount() == 0 and "No contract for 2003" in editor.parties.text()
    assert editor.buttons["new"].isEnabled()


def test_keyboard_moves_through_the_tree(window, qtbot):
    window.tree.setFocus()
    window.tree.setCurrentIndex(window.tree_proxy.index(0, 0))
    for _ in range(2):
        qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    assert window.tree.currentIndex().data() == "营销部门"
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    assert window.current_position()[1] == "营销部门总经理"
    assert window.editor.model.rowCount() == 4


def test_switching_language_at_runtime(window):
    window.select_position("营销部门总经理")
    window.language_actions["zh_CN"].trigger()
    assert window.left.tabText(1) == "价值树"
    assert window.file_menu.title() == "文件(&F)"
    assert window.editor.model.headerData(0, Qt.Orientation.Horizontal) == "关键绩效指标"
    assert window.editor.model.index(0, 0).data() == "财务/效益类"
    assert "合计 100%" in window.editor.totals.text()
    assert (
        "已签订"
        in window.tree_model.index(0, 0)
        .model()
        .match(
            window.tree_model.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            "营销部门总经理",
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )[0]
        .siblingAtColumn(2)
        .data()
    )
    assert "考核系数" in window.scoring.summary.text()
    assert window.settings.value("language") == "zh_CN"
    window.language_actions["en"].trigger()
    assert window.left.tabText(1) == "Value tree"
    assert window.editor.model.index(0, 0).data() == "Financial / benefit"


def test_presentation_mode_hides_chrome_and_enlarges_text(window, qtbot):
    normal = window.editor.title.fontInfo().pointSizeF()
    window.present_action.trigger()
    assert window.presenting and window.isFullScreen()
    assert not window.menuBar().isVisible() and not window.toolbar.isVisible()
    assert window.editor.title.fontInfo().pointSizeF() >= 2 * normal
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presenting and not window.isFullScreen()
    assert window.menuBar().isVisible()


def test_layout_is_remembered(qtbot, document, settings):
    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow

    first = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(1300, 820)
    first.splitter.setSizes([250, 600, 420])
    size, sizes = first.size(), first.splitter.sizes()
    first.close()
    second = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == size
    assert all(abs(a - b) <= 3 for a, b in zip(second.splitter.sizes(), sizes))


def test_models_pass_the_model_tester(qtmodeltester, document):
    firm = FirmService(document)
    qtmodeltester.check(OrgTreeModel(firm.units(), firm.all_positions()))
    qtmodeltester.check(ValueTreeModel(firm.value_tree()))
    lines = ContractLinesModel()
    qtmodeltester.check(lines)
    categories = {c.code: (c.name_zh, c.name_en) for c in firm.categories()}
    lines.set_contract(firm.contracts()[0], categories)
    qtmodeltester.check(lines)
    scoring = ScoringModel()
    scoring.set_score(firm.score(firm.contracts()[3].id, "2003-02"))
    qtmodeltester.check(scoring)


def test_a_bad_file_shows_one_clear_dialog(qtbot, tmp_path):
    from kpidesk.app import run_gui

    path = tmp_path / "bad.kpidesk"
    path.write_text("hello")
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
        assert run_gui(str(path)) == 2
    finally:
        watch.stop()  # no watch outlives the test, dialog or not
    assert len(seen) == 1 and "not a kpidesk document" in seen[0]
    # The refusal ends its own event loop only: a later one still runs (a stray Quit from the
    # box, the last window, once ended every event loop of the tests after this one).
    QApplication.processEvents()  # what was left posted (the stray Quit) is handled now
    fired = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=3000)


def test_qt_standard_buttons_follow_the_language(window):
    from PySide6.QtWidgets import QDialogButtonBox

    window.set_language("zh_CN")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    window.set_language("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_the_value_tree_is_drawn_and_follows_changes(window, qtbot):
    diagram = window.diagram
    assert len(diagram.boxes) == len(window.firm.value_tree()) == 12
    root = next(n for n in diagram.nodes.values() if n.parent_id is None)
    leaves = [n for n in diagram.nodes.values() if n.weight is not None]
    assert all(diagram.boxes[root.id].left() < diagram.boxes[n.id].left() for n in leaves)
    window.left.setCurrentIndex(1)
    assert window.centre.currentIndex() == 1  # the centre shows the diagram with the value tree
    revenue = next(n for n in leaves if n.label == "实际收入")
    gm = next(
        p for ps in window.firm.all_positions().values() for p in ps if p.name == "营销部门总经理"
    )
    window.contract_edits.drop("tree", revenue.id, "position", gm.id)
    assert window.diagram.nodes[revenue.id].owner == "营销部门总经理"
    assert diagram.grab().width() >= diagram.sizeHint().width()


def test_the_window_can_open_on_the_first_contract(window):
    window.select_first_contract()
    assert window.current_position()[1] == "营销部门总经理"
    assert window.editor.contract is not None
