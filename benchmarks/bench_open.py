"""Opening the benchmark firm (issue 4 goal: the main window opens instantly, under 1 s),
against a bare sqlite3 read of its units and positions; and ``build``, a small firm written
through the repositories one row at a time (the value-tree benchmark's).

    python -m benchmarks --only open_window
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from kpidesk.services import FirmService, create_document, open_document
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.firm_repo import FirmRepository

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds

RULE = {"kind": "polyline", "challenge": 120.0, "base": 100.0, "minimum": 80.0}


def build(path: Path, positions: int) -> None:
    with create_document(path, actor="benchmark") as document, document.transaction() as session:
        firm, contracts = FirmRepository(session), ContractRepository(session)
        firm.set_setting("current_year", 2003)
        firm.add_unit("U0", "集团公司", "company")
        for k in range(10):
            firm.add_indicator(f"K{k}", f"指标{k}", "financial")
        firm.add_year(2003)
        units = max(1, positions // 10)
        for u in range(1, units + 1):
            firm.add_unit(f"U{u}", f"部门{u}", parent=f"U{(u - 1) // 20}" if u > 20 else "U0")
        for p in range(positions):
            firm.add_position(f"P{p}", f"U{p % units + 1}", f"岗位{p}")
            firm.add_employee(f"E{p}", f"员工{p}")
            firm.assign(f"E{p}", f"P{p}", date(2003, 1, 1))
            if p % 5 == 0:
                contract = contracts.add_contract(f"P{p}", 2003, contractee=f"E{p}", issuer1=None)
                for k in range(10):
                    contracts.add_line(
                        contract,
                        f"K{k}",
                        category="financial",
                        weight=10,
                        rule=RULE,
                        minimum=80,
                        base=100,
                        challenge=120,
                    )


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
