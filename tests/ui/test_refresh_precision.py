"""Each panel refreshes itself from the one ``changed`` signal, just what the change names and
once per operation (issue 10 §2): a weight edit repaints one row of the contract and of the
scoring table and leaves the trees alone; a status change repaints the position's badge and
reloads the contract's panels once; a position dragged onto another unit moves its row (no
reset of the tree, which keeps its open branches and its selection) and its undo moves it back;
a value-tree node dropped on a position repaints its owner; an import announces on the signal.
The tree models and their filter proxies keep Qt's model contract through all of it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from kpidesk.storage.statements import counting_statements
from kpidesk.ui.org.org_tree_model import KIND_ROLE

from .contract_cells import line_cell, type_and_enter

pytestmark = pytest.mark.gui


class Watch:
    """What a model announced: resets, moves, and the rows of each dataChanged."""

    def __init__(self, model):
        self.resets = self.moves = self.headers = 0
        self.rows: list[tuple[object, int, int]] = []  # (first row's text, first, last)
        model.modelReset.connect(self._reset)
        model.rowsMoved.connect(self._moved)
        model.headerDataChanged.connect(self._header)
        model.dataChanged.connect(
            lambda first, last, _roles=(): self.rows.append(
                (first.siblingAtColumn(0).data(), first.row(), last.row())
            )
        )

    def _reset(self) -> None:
        self.resets += 1

    def _moved(self, *_args) -> None:
        self.moves += 1

    def _header(self, *_args) -> None:
        self.headers += 1

    @property
    def refreshes(self) -> int:
        """Whole refreshes: a reset, or a refresh in place (which says its headers changed)."""
        return self.resets + self.headers


def find(model, name: str, kind: str | None = None) -> QModelIndex:
    found = model.match(
        model.index(0, 0),
        Qt.ItemDataRole.DisplayRole,
        name,
        -1,
        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
    )
    found = [i for i in found if kind is None or i.data(KIND_ROLE) == kind]
    assert found, name
    return found[0]


def drop_on(view, target: QModelIndex, mime, action: Qt.DropAction) -> None:
    """What the mouse does at the end of a drag: enter the view, move over the target row,
    release on it (the view asks its model, the filter proxy, to take the drop)."""
    view.scrollTo(target)
    point = view.visualRect(target).center()
    viewport = view.viewport()
    button, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, action, mime, button, none)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(point, action, mime, button, none)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted(), "the view refused the drop"
    QApplication.sendEvent(viewport, QDropEvent(QPointF(point), action, mime, button, none))


def undo_by_keys(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.editor.view.setFocus()
    qtbot.keyClick(window.editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_a_weight_edit_repaints_one_row_of_each_panel_and_leaves_the_trees_alone(draft, qtbot):
    window = draft
    model = window.editor.model
    cell = line_cell(model, "客户满意度", "weight")
    watches = {
        "org": Watch(window.tree_model),
        "value": Watch(window.value_model),
        "editor": Watch(model),
        "scoring": Watch(window.scoring.model),
    }
    seen = []
    window.operations.changed.connect(lambda changes, source: seen.append(changes))
    with counting_statements(window.firm.document) as counted:
        type_and_enter(qtbot, window.editor.view, cell, "15")
        qtbot.waitUntil(lambda: line_cell(model, "客户满意度", "weight").data() == "15")
    assert len(seen) == 1
    # No panel reloads the contract: the changed line is read once, for the editor and the
    # scoring panel both.
    assert not [s for s in counted.statements if "FROM contracts LEFT OUTER JOIN positions" in s]
    assert len([s for s in counted.statements if "WHERE contract_lines.id IN" in s]) == 1
    assert watches["org"].rows == [] and watches["org"].refreshes == 0
    assert watches["value"].rows == [] and watches["value"].refreshes == 0
    assert watches["editor"].refreshes == 0
    assert [text for text, *_rows in watches["editor"].rows].count("客户满意度") == 1
    assert watches["scoring"].resets == 0
    assert [text for text, *_rows in watches["scoring"].rows] == ["客户满意度"]
    # The scoring panel scored the new weight on the contract it held.
    scored = window.scoring.model.scored
    assert next(l for l in scored.contract.lines if l.indicator == "客户满意度").weight == 15


def test_a_status_change_repaints_the_badge_and_reloads_each_panel_once(draft, qtbot):
    window = draft
    org = Watch(window.tree_model)
    value = Watch(window.value_model)
    editor = Watch(window.editor.model)
    scoring = Watch(window.scoring.model)
    seen = []
    window.operations.changed.connect(lambda changes, source: seen.append(changes))
    qtbot.mouseClick(window.editor.buttons["agreed"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.contract.status == "agreed")
    assert len(seen) == 1
    assert org.resets == 0 and org.moves == 0
    assert org.rows == [("营业厅经理", org.rows[0][1], org.rows[0][1])]  # its badge alone
    assert find(window.tree_model, "营业厅经理", "position").siblingAtColumn(2).data() == (
        "◐ agreed"
    )
    assert value.rows == [] and value.refreshes == 0
    assert editor.refreshes == 1 and scoring.refreshes == 1
    assert window.current_position()[1] == "营业厅经理"


def test_a_position_dragged_onto_a_unit_moves_its_row_and_undo_moves_it_back(
    window, qtbot, qtmodeltester
):
    model, proxy, view = window.tree_model, window.tree_proxy, window.tree
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    assert window.select_position("营业厅营业员")
    hall = find(proxy, "营业厅", "unit")
    assert view.isExpanded(hall)
    watch, editor = Watch(model), Watch(window.editor.model)
    clerk = find(proxy, "营业厅营业员", "position")
    drop_on(
        view, find(proxy, "人力资源部", "unit"), proxy.mimeData([clerk]), Qt.DropAction.MoveAction
    )
    qtbot.waitUntil(lambda: find(proxy, "营业厅营业员", "position").parent().data() == "人力资源部")
    assert watch.resets == 0 and watch.moves == 1
    assert window.current_position()[1] == "营业厅营业员"  # the selection moved with it
    assert view.isExpanded(find(proxy, "营业厅", "unit"))  # the open branches stay open
    assert editor.refreshes == 1  # the contract's panels once (its unit changed)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)

    undo_by_keys(window, qtbot)
    qtbot.waitUntil(lambda: find(proxy, "营业厅营业员", "position").parent().data() == "营业厅")
    assert watch.resets == 0 and watch.moves == 2
    assert window.current_position()[1] == "营业厅营业员"
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)

    window.tree_filter.insert("营业厅营业员")  # the filter still finds it where it is
    qtbot.waitUntil(lambda: proxy.rowCount() >= 1)
    assert find(proxy, "营业厅营业员", "position").parent().data() == "营业厅"
    qtmodeltester.check(proxy)


def test_a_value_tree_node_dropped_on_a_position_repaints_its_owner_alone(
    window, qtbot, qtmodeltester
):
    values, value_proxy = window.value_model, window.value_proxy
    qtmodeltester.check(values)
    qtmodeltester.check(value_proxy)
    org, value = Watch(window.tree_model), Watch(values)
    revenue = find(value_proxy, "实际收入")
    assert revenue.siblingAtColumn(2).data() == "营销部门"
    mime = value_proxy.mimeData([revenue])
    drop_on(
        window.tree,
        find(window.tree_proxy, "营销部门总经理", "position"),
        mime,
        Qt.DropAction.LinkAction,
    )
    qtbot.waitUntil(lambda: find(value_proxy, "实际收入").siblingAtColumn(2).data() != "营销部门")
    assert find(value_proxy, "实际收入").siblingAtColumn(2).data() == "营销部门总经理"
    assert value.refreshes == 0 and value.rows == [("实际收入", revenue.row(), revenue.row())]
    assert org.rows == [] and org.refreshes == 0
    assert window.diagram.nodes[revenue.data(256 + 2)].owner == "营销部门总经理"
    qtmodeltester.check(values)
    qtmodeltester.check(value_proxy)

    undo_by_keys(window, qtbot)
    qtbot.waitUntil(lambda: find(value_proxy, "实际收入").siblingAtColumn(2).data() == "营销部门")
    assert value.refreshes == 0 and len(value.rows) == 2
    qtmodeltester.check(values)
    qtmodeltester.check(value_proxy)


def test_an_import_announces_on_the_changed_signal(window, qtbot, tmp_path, answer_dialog):
    workbook = tmp_path / "firm.xlsx"
    window.files.export_workbook(str(workbook))
    qtbot.waitUntil(window.background.idle, timeout=30000)
    seen = []
    window.operations.changed.connect(lambda changes, source: seen.append(changes))
    answer_dialog(lambda dialog: dialog.import_button.click())
    window.files.import_workbook(str(workbook))
    qtbot.waitUntil(lambda: bool(seen) and window.background.idle(), timeout=30000)
    assert len(seen) == 1 and seen[0].organisation and seen[0].value_tree
