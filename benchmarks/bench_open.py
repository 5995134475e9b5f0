"""Opening a large firm: 5,000 positions in 500 units, 1,000 contracts of 10 lines (issue 4
goal: the main window opens instantly).

    .venv/bin/python -m benchmarks.bench_open [--positions N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

from kpidesk.services import FirmService, create_document, open_document
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.firm_repo import FirmRepository

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = Path(tempfile.mkdtemp()) / "large.kpidesk"
    start = time.perf_counter()
    build(path, args.positions)
    print(
        f"build {args.positions:,} positions       {time.perf_counter() - start:8.2f} s (setup, not measured)"
    )

    from PySide6.QtWidgets import QApplication

    from kpidesk.services.editing import EditService
    from kpidesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    document = open_document(path)
    opened = time.perf_counter()
    firm = FirmService(document)
    units, positions = firm.units(), firm.all_positions()
    loaded = time.perf_counter()
    window = MainWindow(firm, EditService(document))
    window.show()
    app.processEvents()
    shown = time.perf_counter()
    print(f"open and check the file         {(opened - start) * 1000:8.1f} ms")
    print(
        f"load units and positions        {(loaded - opened) * 1000:8.1f} ms "
        f"({len(units):,} units, {sum(map(len, positions.values())):,} positions)"
    )
    print(f"build and show the main window  {(shown - loaded) * 1000:8.1f} ms")
    print(
        f"total to a usable window        {(shown - start) * 1000:8.1f} ms   goal: instant (< 1,000 ms)"
    )
    window.close()
    document.close()


if __name__ == "__main__":
    main()
