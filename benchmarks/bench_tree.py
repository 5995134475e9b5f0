"""Building a value tree of 200 nodes on a projector (issue 11 §3: "a tree of 200 nodes stays
readable and responds at once"): the diagram's relayout and repaint, and a whole edit as the
user makes it (an operator typed on a leaf: the service call, the sensitivity weights of 189
leaves, the tree and the diagram redrawn). The reference, measured in the same run, is the same
relayout and repaint of the demo's 12-node tree.

    python -m benchmarks --only tree_select,tree_relayout,tree_edit
"""

from __future__ import annotations

from pathlib import Path

from kpidesk.services import FirmService, open_document
from kpidesk.services.firm_setup import create_firm
from kpidesk.storage.tree_repo import TreeRepository

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds

BRANCHES, LEAVES = 10, 19  # a root, 10 drivers, 189 leaves: 200 nodes


def tree_firm(path: Path) -> None:
    """A new firm holding the 200-node tree (setup, kept)."""
    create_firm(path, "基准集团", 2003, actor="benchmark").close()
    add_tree(path)


def _nodes(path: Path) -> list:
    with open_document(path) as document:
        return FirmService(document).value_tree("big")


def add_tree(path: Path) -> int:
    """A 200-node tree "big"; returns the id of one of its leaves."""
    with open_document(path) as document, document.transaction() as session:
        trees = TreeRepository(session)
        trees.add_tree("两百个节点", code="big")
        root = trees.add_node("big", None, "税前利润")
        leaf = 0
        for branch in range(BRANCHES):
            operator = "+" if branch % 3 else "-"
            node = trees.add_node("big", root, f"利润驱动因素{branch}", operator=operator)
            for number in range(LEAVES if branch < BRANCHES - 1 else LEAVES - 1):
                leaf = trees.add_node(
                    "big", node, f"末级指标{branch}-{number}", baseline=10.0 + number
                )
        return leaf


@measurement("tree_select", "tree_relayout", "tree_edit", qt=True)
def tree_figures(bench: Bench) -> dict[str, Figure]:
    """On the 200-node tree shown in the window: a node selected in the tree view (the diagram
    follows and repaints), the relayout and repaint, an operator typed on a leaf end to end.
    The reference, the same relayout and repaint of 12 nodes; medians of 20 runs."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow

    repeat = 20
    path = bench.copy(bench.kept("tree.kpidesk", tree_firm), "tree.kpidesk")
    leaf = max(n.id for n in _nodes(path) if n.weight is not None)
    app = QApplication.instance() or QApplication([])
    with open_document(path) as document:
        firm = FirmService(document)
        window = MainWindow(firm, EditService(document))
        window.resize(1600, 900)
        window.show()
        window.left.setCurrentIndex(1)
        window.centre.setCurrentIndex(1)
        app.processEvents()
        diagram, actions = window.diagram, window.tree_actions

        def redraw(nodes):
            def run():
                diagram.set_nodes(nodes)
                diagram.repaint()

            return run

        first = firm.value_tree("big")
        reference_nodes = first[:2] + [n for n in first if n.parent_id == first[1].id][:10]
        floor = seconds(redraw(reference_nodes), repeat, best=False)
        actions.show_tree("big")
        app.processEvents()
        big = firm.value_tree("big")
        relayout = seconds(redraw(big), repeat, best=False)
        leaves = iter([n.id for n in big if n.weight is not None] * repeat)

        def select_next():
            actions.select(next(leaves))
            diagram.repaint()

        selected = seconds(select_next, repeat, best=False)
        actions.select(leaf)
        window.value_tree.setFocus()
        signs = iter("*+" * repeat)

        def type_operator():
            QTest.keyClicks(window.value_tree, next(signs))
            diagram.repaint()

        edit = seconds(type_operator, repeat, best=False)
        window.close()
    ms = 1000
    return {
        "tree_select": Figure(selected * ms, "ms", 100.0, floor * ms, f"{len(big)} nodes"),
        "tree_relayout": Figure(relayout * ms, "ms", 100.0, floor * ms, f"{len(big)} nodes"),
        "tree_edit": Figure(edit * ms, "ms", 100.0, floor * ms, "an operator typed"),
    }


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "tree_select,tree_relayout,tree_edit"]))
