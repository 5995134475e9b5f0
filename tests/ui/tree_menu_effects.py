"""What each command of the Value tree menu visibly does (issue 11 §3), for
``tests/ui/test_menus.py``, which triggers every menu command as a user does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from kpidesk.services.tree_edits import TreeEdits

REVENUE, MARKETING, NETWORK, CONTRIBUTION = 6, 7, 8, 4
TREE_EFFECTS: dict[str, Callable] = {}


def effect(name: str):
    def register(check):
        TREE_EFFECTS[f"tree_actions.{name}"] = check
        return check

    return register


def _actions(env):
    env.window.left.setCurrentIndex(1)
    return env.window.tree_actions


def _on(env, node_id: int):
    actions = _actions(env)
    actions.select(node_id)
    env.window.value_tree.setFocus()
    env.qtbot.waitUntil(env.window.value_tree.hasFocus)
    return actions


def _under(env, parent_id: int) -> list[str]:
    return [n.label for n in env.window.value_model.nodes() if n.parent_id == parent_id]


def _name_it(text: str):
    def answer(dialog):
        dialog.setTextValue(text)
        dialog.accept()

    return answer


@effect("new_tree_action")
def _new_tree(env) -> None:
    actions = _actions(env)
    env.answer_dialog(_name_it("营销部门价值树"))
    actions.new_tree_action.trigger()
    assert actions.chooser.currentText() == "营销部门价值树"
    assert [t.name for t in env.window.firm.value_trees()] == ["价值树", "营销部门价值树"]


@effect("tree_unit_action")
def _tree_unit(env) -> None:
    """The tree serves 营销部门: the chooser says so, and Ctrl+Z gives it back to the firm."""
    actions = _actions(env)
    env.answer_dialog(_name_it("营销部门"))
    actions.tree_unit_action.trigger()
    (tree,) = env.window.firm.value_trees()
    marketing = next(u.id for u in env.window.firm.units() if u.name == "营销部门")
    assert tree.unit_id == marketing
    assert actions.chooser.currentText() == "价值树 · 营销部门"
    env.window.undo_action.trigger()
    assert env.window.firm.value_trees()[0].unit_id is None
    assert actions.chooser.currentText() == "价值树"


@effect("rename_tree_action")
def _rename_tree(env) -> None:
    actions = _actions(env)
    env.answer_dialog(_name_it("分公司价值树"))
    actions.rename_tree_action.trigger()
    assert env.window.firm.value_trees()[0].name == "分公司价值树"
    assert actions.chooser.currentText() == "分公司价值树"


@effect("delete_tree_action")
def _delete_tree(env) -> None:
    actions = _actions(env)
    code = TreeEdits(env.window.firm.document).add_tree("空树").value
    actions._fill_chooser()
    actions.show_tree(code)
    actions.delete_tree_action.trigger()
    assert [t.code for t in env.window.firm.value_trees()] == ["main"]
    assert actions.chooser.currentText() == "价值树"


@effect("add_child_action")
def _add_child(env) -> None:
    _on(env, REVENUE).add_child_action.trigger()
    assert _under(env, REVENUE) == ["New node"]


@effect("add_sibling_action")
def _add_sibling(env) -> None:
    _on(env, MARKETING).add_sibling_action.trigger()
    assert _under(env, CONTRIBUTION)[2] == "New node"


@effect("rename_node_action")
def _rename_node(env) -> None:
    _on(env, REVENUE).rename_node_action.trigger()
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "实际收入"


@effect("indicator_action")
def _indicator(env) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kpidesk.ui.contract.indicator_picker import IndicatorPicker

    entry = next(e for e in env.window.firm.indicators() if e.code == "CSAT")
    seen = {}

    def pick(picker):  # the contract editor's picker: typed, then Enter on the one match
        seen["dialog"] = type(picker)
        QTest.keyClicks(picker.filter, "CSAT")
        QTest.keyClick(picker.filter, Qt.Key.Key_Return)

    env.answer_dialog(pick)
    _on(env, REVENUE).indicator_action.trigger()
    assert seen["dialog"] is IndicatorPicker
    node = env.window.value_model.node(REVENUE)
    assert (node.label, node.indicator) == (entry.name, entry.code)


@effect("delete_node_action")
def _delete_node(env) -> None:
    _on(env, MARKETING).delete_node_action.trigger()
    assert "直接营销成本" not in _under(env, CONTRIBUTION)


def _operator(name: str, op: str):
    @effect(name)
    def check(env) -> None:
        actions = _on(env, REVENUE)
        getattr(actions, name).trigger()
        assert env.window.value_model.node(REVENUE).operator == op

    return check


for _name, _op in (
    ("plus_action", "+"),
    ("minus_action", "-"),
    ("times_action", "*"),
    ("divide_action", "/"),
):
    _operator(_name, _op)


@effect("owner_action")
def _owner(env) -> None:
    _on(env, REVENUE).owner_action.trigger()
    editor = QApplication.focusWidget()
    assert isinstance(editor, QComboBox) and editor.currentText() == "营销部门"


@effect("baseline_action")
def _baseline(env) -> None:
    _on(env, REVENUE).baseline_action.trigger()
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "22.73"


@effect("move_up_action")
def _move_up(env) -> None:
    _on(env, NETWORK).move_up_action.trigger()
    assert _under(env, CONTRIBUTION)[1] == "网络和维修成本"


@effect("move_down_action")
def _move_down(env) -> None:
    _on(env, MARKETING).move_down_action.trigger()
    assert _under(env, CONTRIBUTION)[2] == "直接营销成本"


@effect("zoom_in_action")
def _zoom_in(env) -> None:
    _actions(env).zoom_in_action.trigger()
    assert env.window.diagram.zoom > 1.0


@effect("zoom_out_action")
def _zoom_out(env) -> None:
    _actions(env).zoom_out_action.trigger()
    assert env.window.diagram.zoom < 1.0


@effect("fit_action")
def _fit(env) -> None:
    actions = _actions(env)
    env.window.centre.setCurrentIndex(1)
    actions.zoom_in_action.trigger()
    actions.fit_action.trigger()
    room = actions.diagram_scroll.viewport().size()
    diagram = env.window.diagram
    assert diagram.width() <= room.width() and diagram.height() <= room.height()


@effect("export_picture_action")
def _export_picture(env) -> None:
    out = env.tmp_path / "tree.png"
    env.save_file_dialog_returns(out)
    _actions(env).export_picture_action.trigger()
    assert out.read_bytes().startswith(b"\x89PNG")


@effect("print_pdf_action")
def _print_pdf(env) -> None:
    out = env.tmp_path / "tree.pdf"
    env.save_file_dialog_returns(out)
    _actions(env).print_pdf_action.trigger()
    env.wait_idle()
    assert out.read_bytes().startswith(b"%PDF")


