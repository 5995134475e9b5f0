"""Opening the benchmark firm (issue 4 goal: the main window opens instantly, under 1 s),
against a bare sqlite3 read of its units and positions.

    python -m benchmarks --only open_window
"""

from __future__ import annotations

import time
from pathlib import Path

from kpidesk.services import FirmService, open_document

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds


def bare_read(path: Path) -> int:
    """Units and positions fetched with sqlite3: the least an open window shows."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        units = connection.execute("SELECT id, parent_id, code, name FROM units").fetchall()
        positions = connection.execute(
            "SELECT id, unit_id, code, name, key_position FROM positions"
        ).fetchall()
    return len(units) + len(positions)


@measurement("open_window", qt=True)
def open_window(bench: Bench) -> Figure:
    """The benchmark firm (5,000 positions, each with a signed contract) opened to a usable
    main window: the file opened and checked, units and positions loaded, the window shown."""
    from PySide6.QtWidgets import QApplication

    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    path = bench.review_firm()
    floor = seconds(lambda: bare_read(path), repeat=3)
    start = time.perf_counter()
    document = open_document(path)
    firm = FirmService(document)
    firm.units(), firm.all_positions()
    window = MainWindow(firm, EditService(document))
    window.show()
    app.processEvents()
    took = time.perf_counter() - start
    window.close()
    document.close()
    return Figure(took, "s", 1.0, floor, "goal: instant")


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "open_window"]))
