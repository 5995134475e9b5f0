"""Building a value tree of 200 nodes on a projector (issue 11 §3: "a tree of 200 nodes stays
readable and responds at once"): the diagram's relayout and repaint, and a whole edit as the
user makes it (an operator typed on a leaf: the service call, the sensitivity weights of 189
leaves, the tree and the diagram redrawn). The reference, measured in the same run, is the same
relayout and repaint of the demo's 12-node tree.

    .venv/bin/python -m benchmarks.bench_tree [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.bench_open import build
from kpidesk.services import FirmService, open_document
from kpidesk.storage.tree_repo import TreeRepository

BRANCHES, LEAVES = 10, 19  # a root, 10 drivers, 189 leaves: 200 nodes


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


def timed(action, repeat: int) -> float:
    """Median milliseconds of ``action`` over ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = Path(tempfile.mkdtemp()) / "tree.kpidesk"
    build(path, 20)
    leaf = add_tree(path)

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow

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

        # The reference: the same for a tree of 12 nodes (the root, a driver and 10 leaves).
        first = firm.value_tree("big")
        reference_nodes = first[:2] + [n for n in first if n.parent_id == first[1].id][:10]
        reference = timed(redraw(reference_nodes), args.repeat)
        actions.show_tree("big")
        app.processEvents()
        big = firm.value_tree("big")
        relayout = timed(redraw(big), args.repeat)
        read = timed(lambda: firm.value_tree("big"), args.repeat)

        actions.select(leaf)
        window.value_tree.setFocus()
        signs = iter("*+" * args.repeat)

        def type_operator():
            QTest.keyClicks(window.value_tree, next(signs))
            diagram.repaint()

        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            cProfile.runctx("type_operator()", globals(), locals(), "/tmp/bench_tree.prof")
            pstats.Stats("/tmp/bench_tree.prof").sort_stats("tottime").print_stats(15)
        edit = timed(type_operator, args.repeat)
        diagram.fit()
        font = diagram.text_font().pointSizeF()
        print(f"value tree of {len(big)} nodes ({sum(1 for n in big if n.weight is not None)} leaves weighted)")
        print(f"reference: relayout + repaint, 12 nodes   {reference:8.1f} ms")
        print(f"relayout + repaint, 200 nodes             {relayout:8.1f} ms  ({relayout / reference:.1f}× the reference)")
        print(f"read the tree with sensitivity weights    {read:8.1f} ms")
        print(f"an operator typed on a leaf, end to end   {edit:8.1f} ms  goal: at once (< 100 ms)")
        print(f"type at fit (Ctrl+0)                      {font:8.1f} pt  (never below 8 pt: the diagram scrolls)")
        window.close()


if __name__ == "__main__":
    main()
