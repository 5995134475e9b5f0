"""Issue 11's acceptance: a firm starts in kpidesk. From ``kpidesk new``, a small firm is built by
hand through the window as a user does — two units, three positions, three people, five KPI
dictionary entries, a value tree of seven nodes, a contract for one position — and then Ctrl+Z,
pressed step by step, takes every change back to the empty firm ``kpidesk new`` wrote."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import inspect, select, text

from kpidesk.cli.main import main
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService
from kpidesk.storage.audit import AuditRecord
from kpidesk.ui.main_window import MainWindow
from kpidesk.ui.org.org_tree_model import KIND_ROLE

pytestmark = pytest.mark.gui

# The audit trail and the import log grow with every step and every undo: they are the
# record of the work, not the firm's content.
RECORDS_OF_WORK = {"audit_log", "imports", "alembic_version"}


def ime_type(widget, text_: str) -> None:
    """Chinese arrives as an input method commits it (QTest types ASCII keys only)."""
    event = QInputMethodEvent()
    event.setCommitString(text_)
    QApplication.sendEvent(widget, event)


def content(document) -> dict[str, list[tuple]]:
    """Every row of every table of the firm's content, in id order."""
    with document.reading() as session:
        tables = inspect(session.get_bind()).get_table_names()
        return {
            table: [tuple(row) for row in session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            for table in sorted(set(tables) - RECORDS_OF_WORK)
        }


@pytest.fixture
def new_firm(tmp_path, settings, qtbot, capsys):
    path = tmp_path / "东区分公司.kpidesk"
    assert main(["new", str(path), "--name", "东区分公司", "--year", "2026"]) == 0
    capsys.readouterr()
    document = open_document(path)
    window = MainWindow(FirmService(document), EditService(document), settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close()
    document.close()


def focus(qtbot, view) -> None:
    view.window().activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def type_into_editor(qtbot, text_: str) -> None:
    """Type over the name editor a view opened for a new row, and press Enter."""
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    editor.selectAll()
    ime_type(editor, text_)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def select_in_org(window, name: str, kind: str) -> None:
    proxy = window.tree_proxy
    (index,) = [
        i
        for i in proxy.match(
            proxy.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            name,
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if i.data(KIND_ROLE) == kind
    ]
    window.tree.setCurrentIndex(index)


def names(window, kind: str) -> list[str]:
    model = window.tree_model
    found = model.match(
        model.index(0, 0), KIND_ROLE, kind, -1, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
    )
    return sorted(i.data() for i in found)


def build_organisation(window, qtbot) -> None:
    window.left.setCurrentIndex(0)
    focus(qtbot, window.tree)
    # An empty firm: Ctrl+Insert adds its first unit, the company.
    qtbot.keyClick(window.tree, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    type_into_editor(qtbot, "东区分公司")
    qtbot.waitUntil(lambda: names(window, "unit") == ["东区分公司"])
    select_in_org(window, "东区分公司", "unit")
    focus(qtbot, window.tree)
    qtbot.keyClick(window.tree, Qt.Key.Key_Insert)  # a position in the current unit
    type_into_editor(qtbot, "总经理")
    qtbot.waitUntil(lambda: names(window, "position") == ["总经理"])
    select_in_org(window, "东区分公司", "unit")
    focus(qtbot, window.tree)
    qtbot.keyClick(window.tree, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    type_into_editor(qtbot, "市场部")
    qtbot.waitUntil(lambda: names(window, "unit") == ["东区分公司", "市场部"])
    for position in ("市场部经理", "客户经理"):
        select_in_org(window, "市场部", "unit")
        focus(qtbot, window.tree)
        qtbot.keyClick(window.tree, Qt.Key.Key_Insert)
        type_into_editor(qtbot, position)
        qtbot.waitUntil(lambda position=position: position in names(window, "position"))
    assert names(window, "position") == ["客户经理", "市场部经理", "总经理"]


def build_people(window, qtbot, answer_dialog) -> None:
    page = window.org_actions.people_page
    window.centre.setCurrentWidget(page)
    qtbot.waitUntil(page.isVisible)
    for person, position in (
        ("林一", "东区分公司 / 总经理"),
        ("陈二", "市场部 / 市场部经理"),
        ("张三", "市场部 / 客户经理"),
    ):

        def add(dialog, person=person):
            ime_type(dialog.name, person)
            dialog.accept()

        answer_dialog(add)
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)

        def assign(dialog, position=position):
            combo = dialog.position
            assert combo.findText(position) >= 0, [combo.itemText(i) for i in range(combo.count())]
            combo.setCurrentIndex(combo.findText(position))
            dialog.start.setDate(QDate(2026, 1, 1))
            dialog.accept()

        answer_dialog(assign)
        qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    holders = {
        (index.data(), index.siblingAtColumn(1).data())
        for index in window.tree_model.match(
            window.tree_model.index(0, 0),
            KIND_ROLE,
            "position",
            -1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
    }
    assert holders == {("总经理", "林一"), ("市场部经理", "陈二"), ("客户经理", "张三")}


KPIS = ("营业收入", "客户数", "ARPU值", "营销成本", "网络成本")


def build_dictionary(window, qtbot, answer_dialog) -> None:
    for kpi in KPIS:

        def fill(dialog, kpi=kpi):
            editor = dialog.form.editors["name"]
            qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
            ime_type(editor, kpi)
            qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter: the dialog's OK

        answer_dialog(fill)
        window.dictionary_new_action.trigger()
    entries = window.dictionary.browser.model.entries()
    assert sorted(e.name for e in entries) == sorted(KPIS)
    assert sorted(e.code for e in entries) == ["K001", "K002", "K003", "K004", "K005"]


# The seven nodes: 利润 = 收入 − 成本; 收入 = 客户数 × ARPU值; 成本 = 营销成本 + 网络成本.
TREE = (
    ("利润", None),
    ("收入", "利润"),
    ("成本", "利润"),
    ("客户数", "收入"),
    ("ARPU值", "收入"),
    ("营销成本", "成本"),
    ("网络成本", "成本"),
)


def build_value_tree(window, qtbot) -> None:
    window.left.setCurrentIndex(1)
    assert window.centre.currentWidget() is window.centre.widget(1)  # the diagram beside it
    focus(qtbot, window.value_tree)
    for label, parent in TREE:
        if parent is not None:
            window.tree_actions.select(
                next(n.id for n in window.value_model.nodes() if n.label == parent)
            )
        focus(qtbot, window.value_tree)
        qtbot.keyClick(window.value_tree, Qt.Key.Key_Insert)  # a child of the current node
        type_into_editor(qtbot, label)
        qtbot.waitUntil(lambda label=label: label in {n.label for n in window.value_model.nodes()})
    nodes = {n.label: n for n in window.value_model.nodes()}
    assert len(nodes) == 7
    assert {label: nodes[parent].id if parent else None for label, parent in TREE} == {
        label: nodes[label].parent_id for label, _parent in TREE
    }
    window.tree_actions.select(nodes["成本"].id)
    focus(qtbot, window.value_tree)
    qtbot.keyClick(window.value_tree, Qt.Key.Key_Minus)  # 利润 = 收入 − 成本
    window.tree_actions.select(nodes["ARPU值"].id)
    focus(qtbot, window.value_tree)
    qtbot.keyClicks(window.value_tree, "*")  # 收入 = 客户数 × ARPU值
    operators = {n.label: n.operator for n in window.value_model.nodes()}
    assert (operators["成本"], operators["ARPU值"]) == ("-", "*")
    assert len(window.diagram.nodes) == 7


def write_contract(window, qtbot, answer_dialog) -> None:
    window.left.setCurrentIndex(0)
    select_in_org(window, "市场部经理", "position")
    assert window.editor.contract is None
    answer_dialog(lambda dialog: dialog.accept())  # a new contract, starting empty
    qtbot.mouseClick(window.editor.buttons["new"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.editor.contract is not None)
    for kpi in ("营业收入", "营销成本"):

        def pick(picker, kpi=kpi):
            qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter)
            ime_type(picker.filter, kpi)
            qtbot.keyClick(picker.filter, Qt.Key.Key_Return)  # the one match

        answer_dialog(pick)
        qtbot.mouseClick(window.editor.buttons["add_line"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda kpi=kpi: kpi in [l.indicator for l in window.editor.contract.lines])
    contract = window.editor.contract
    assert (contract.position, contract.year, contract.status) == ("市场部经理", 2026, "draft")
    assert [l.indicator for l in contract.lines] == ["营业收入", "营销成本"]


def test_a_firm_built_by_hand_from_kpidesk_new_and_undone_to_the_empty_firm(
    new_firm, qtbot, answer_dialog, qtmodeltester
):
    window = new_firm
    empty = content(window.firm.document)
    # What `kpidesk new` wrote: the firm's name and year, its periods, the §4 categories, the
    # default policy, one empty value tree; no unit, person, KPI or contract.
    assert len(empty["periods"]) == 19 and len(empty["categories"]) == 4
    assert len(empty["value_trees"]) == 1
    for table in ("units", "positions", "employees", "indicators", "value_tree_nodes", "contracts"):
        assert empty[table] == [], table
    assert window.windowTitle() == "东区分公司.kpidesk — 东区分公司 — kpidesk"

    build_organisation(window, qtbot)
    build_people(window, qtbot, answer_dialog)
    build_dictionary(window, qtbot, answer_dialog)
    build_value_tree(window, qtbot)
    write_contract(window, qtbot, answer_dialog)
    for model in (window.tree_model, window.value_model, window.dictionary.browser.model):
        qtmodeltester.check(model)

    built = content(window.firm.document)
    counts = {t: len(built[t]) for t in ("units", "positions", "employees", "assignments")}
    assert counts == {"units": 2, "positions": 3, "employees": 3, "assignments": 3}
    assert (len(built["indicators"]), len(built["value_tree_nodes"])) == (5, 7)
    assert (len(built["contracts"]), len(built["contract_lines"])) == (1, 2)
    with window.firm.document.reading() as session:
        audited = set(session.scalars(select(AuditRecord.entity)))
    assert {"units", "positions", "employees", "assignments", "indicators"} <= audited
    assert {"value_tree_nodes", "contracts", "contract_lines"} <= audited

    # Every step undone with Ctrl+Z, as the user presses it, back to the empty firm.
    steps = window.undo_stack.count()
    assert steps >= 2 + 3 + 3 * 2 + 5 + 7 + 2 + 3  # adds (renames too), people, KPIs, nodes…
    window.left.setCurrentIndex(0)
    for _step in range(steps):
        focus(qtbot, window.tree)
        qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.undo_stack.canUndo()
    assert content(window.firm.document) == empty
    assert window.tree_model.rowCount() == 0 and window.value_model.rowCount() == 0
    assert window.dictionary.browser.model.rowCount() == 0
    assert window.editor.contract is None
    for model in (window.tree_model, window.value_model, window.dictionary.browser.model):
        qtmodeltester.check(model)
