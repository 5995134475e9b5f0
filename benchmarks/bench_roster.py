"""Importing HR's roster of 2,000 people on 211 units into a new firm (issue 11 goal: under 3 s),
with its reference measured in the same run on the same machine: a bare calamine read of the
same file. ``bare_write``, a bare sqlite3 ``executemany`` of the same rows (units, positions,
people, assignments) into a scratch table of each shape, is the reference of ``create_firm``.

    python -m benchmarks --only roster_import,roster_preview

The roster: 总公司 › 10 事业部 › 20 部门 each (1 + 10 + 200 = 211 units); in each 部门 ten people:
one 经理 (key, 管理类), one 主管 (管理类), eight 专员 sharing one position (销售服务类) — so 600
positions, 2,000 people, 2,000 assignments.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from datetime import datetime
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds

HEADERS = ("组织单元路径", "岗位", "员工代码", "员工姓名", "任职日期", "关键岗位", "员工类别")
DIVISIONS, DEPARTMENTS, PEOPLE_PER_DEPARTMENT = 10, 20, 10


def roster_rows(people: int = 2000) -> list[tuple]:
    """(unit path, position, employee code, name, start, key flag, class), one per person."""
    rows = []
    for n in range(people):
        department, seat = divmod(n, PEOPLE_PER_DEPARTMENT)
        division, dept = divmod(department % (DIVISIONS * DEPARTMENTS), DEPARTMENTS)
        path = f"总公司/事业部{division + 1:02d}/部门{dept + 1:02d}"
        position, key, cls = (
            ("经理", "是", "管理类")
            if seat == 0
            else ("主管", "否", "管理类")
            if seat == 1
            else ("专员", "否", "销售服务类")
        )
        rows.append((path, position, f"E{n + 1:05d}", f"员工{n + 1}", "2024-01-01", key, cls))
    return rows


def write_roster(path: Path, rows: list[tuple]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("花名册")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row[:4])
        sheet.write_datetime(number, 4, datetime.fromisoformat(row[4]), day)
        sheet.write_row(number, 5, row[5:])
    book.close()
    return path


def bare_read(path: Path) -> int:
    book = CalamineWorkbook.from_path(str(path))
    return len(book.get_sheet_by_name("花名册").to_python(skip_empty_area=False))


def bare_write(rows: list[tuple]) -> None:
    """The same rows as plain inserts: the floor any import of them stands on."""
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        "create table units (id integer primary key, code text, name text, parent text);"
        "create table positions (id integer primary key, code text, unit text, name text,"
        " key integer, class text);"
        "create table employees (id integer primary key, code text, name text);"
        "create table assignments (id integer primary key, employee text, position text,"
        " start text);"
    )
    units = sorted({row[0] for row in rows})
    positions = sorted({(row[0], row[1], row[5], row[6]) for row in rows})
    connection.executemany(
        "insert into units (code, name, parent) values (?, ?, ?)",
        [(f"U{i}", path.rsplit("/", 1)[-1], path) for i, path in enumerate(units)],
    )
    connection.executemany(
        "insert into positions (code, unit, name, key, class) values (?, ?, ?, ?, ?)",
        [(f"P{i}", p[0], p[1], p[2] == "是", p[3]) for i, p in enumerate(positions)],
    )
    connection.executemany(
        "insert into employees (code, name) values (?, ?)", [(r[2], r[3]) for r in rows]
    )
    connection.executemany(
        "insert into assignments (employee, position, start) values (?, ?, ?)",
        [(r[2], r[0] + r[1], r[4]) for r in rows],
    )
    connection.commit()
    connection.close()


@measurement("roster_import", "roster_preview")
def roster_import(bench: Bench) -> dict[str, Figure]:
    """HR's roster of 2,000 people (a fifth of that in the quick run) into a new firm, and its
    preview, each the best of three; against a bare calamine read of the same file."""
    from kpidesk.services import create_document
    from kpidesk.services.exchange import ExchangeService

    people = max(10, 2000 * bench.positions // 5000)
    rows = roster_rows(people)
    roster = bench.kept(f"roster-{people}.xlsx", write_roster, rows)
    imports, previews = [], []
    for attempt in range(3):
        with create_document(
            bench.scratch / f"roster{attempt}.kpidesk", actor="benchmark"
        ) as document:
            service = ExchangeService(document)
            previews.append(seconds(partial(service.import_workbook, roster, dry_run=True)))
            service._previewed = None  # the import reads the file again, as from the CLI
            imports.append(seconds(partial(service.import_workbook, roster)))
    floor = seconds(lambda: bare_read(roster), repeat=3)
    goal = 3.0 * people / 2000
    return {
        "roster_import": Figure(min(imports), "s", goal, floor, f"{people:,} people"),
        "roster_preview": Figure(min(previews), "s", goal, floor, "dry run"),
    }


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "roster_import,roster_preview"]))
