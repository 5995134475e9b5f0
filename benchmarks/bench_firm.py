"""Creating the benchmark firm as a user does (issue 14 goal: under 15 s for 5,000 positions): a
new firm (``services.firm_setup.create_firm``: its year, periods, categories and policy) and
its organisation from HR's roster — 500 部门 in 10 事业部, ten key positions each, one person
holding each — imported through ``ExchangeService``, every unit, position, person and assignment
audited and the audit chain sealed. The reference, measured in the same run, is a bare sqlite3
``executemany`` of the same rows (``bench_roster.bare_write``).

    python -m benchmarks --only create_firm
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.bench_roster import bare_write, write_roster
from benchmarks.suite import Bench, Figure, measurement, seconds

CLASSES = ("管理类", "销售服务类", "研发类")
SEATS = 10  # positions per 部门


def firm_roster(positions: int) -> list[tuple]:
    """(unit path, position, employee code, name, start, key flag, class): one key position
    and its holder a row, ``SEATS`` to a 部门, the 部门 spread over ten 事业部."""
    rows = []
    for number in range(positions):
        department, seat = divmod(number, SEATS)
        path = f"总公司/事业部{department % 10 + 1:02d}/部门{department + 1:03d}"
        rows.append(
            (
                path,
                f"岗位{seat + 1:02d}",
                f"E{number + 1:05d}",
                f"员工{number + 1}",
                "2003-01-01",
                "是",
                CLASSES[number % 3],
            )
        )
    return rows


def create(folder: Path, roster: Path, name: str = "firm") -> dict:
    """The firm created and its roster imported: the import's counts."""
    from kpidesk.services.exchange import ExchangeService
    from kpidesk.services.firm_setup import create_firm

    with create_firm(folder / name, "基准集团", 2003, actor="benchmark") as document:
        report = ExchangeService(document).import_workbook(roster)
    return report.roster or {}


@measurement("create_firm")
def create_firm_figure(bench: Bench) -> Figure:
    rows = firm_roster(bench.positions)
    roster = bench.kept("roster.xlsx", write_roster, rows)
    with tempfile.TemporaryDirectory(dir=bench.scratch) as folder:
        counts: dict = {}
        took = seconds(lambda: counts.update(create(Path(folder), roster)))
    floor = seconds(lambda: bare_write(rows), repeat=3)
    what = f"{counts.get('units', 0)} units, {counts.get('positions', 0)} positions"
    return Figure(took, "s", 15.0 * bench.positions / 5000, floor, what)
