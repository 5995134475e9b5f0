"""Importing 600,000 actual rows (50,000 contract lines × 12 months) and printing a firm's
contracts (issue 5 goals: import under 10 s; 1,000 contracts printed under 60 s).

    .venv/bin/python -m benchmarks.bench_exchange --skip-print       # 600,000 rows
    .venv/bin/python -m benchmarks.bench_exchange --lines 10000 --skip-openpyxl   # 1,000 contracts

The firm and workbooks are written once per size into the temporary folder and reused.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import xlsxwriter
from sqlalchemy import insert

from kpidesk.exchange.reader import read_workbook
from kpidesk.services import create_document, open_document
from kpidesk.services.exchange import ExchangeService
from kpidesk.services.printing import PrintService
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.records import (
    ContractLineRecord,
    ContractRecord,
    EmployeeRecord,
    IndicatorRecord,
    PositionRecord,
    UnitRecord,
)

RULE = {"kind": "polyline", "challenge": 120.0, "base": 100.0, "minimum": 80.0}
LINES_PER_CONTRACT = 10


def build(path: Path, lines: int) -> None:
    """A large firm written in bulk (setup, not what is measured)."""
    contracts = lines // LINES_PER_CONTRACT
    with create_document(path, actor="benchmark") as document, document.transaction() as session:
        firm = FirmRepository(session)
        firm.set_setting("current_year", 2003)
        firm.add_year(2003)
        session.execute(
            insert(UnitRecord), [dict(id=1, code="U0", name="集团", kind="company", sort=0)]
        )
        session.execute(
            insert(IndicatorRecord),
            [
                dict(id=k + 1, code=f"K{k}", name=f"指标{k}", category="financial")
                for k in range(LINES_PER_CONTRACT)
            ],
        )
        session.execute(
            insert(EmployeeRecord),
            [dict(id=p + 1, code=f"E{p}", name=f"员工{p}") for p in range(contracts)],
        )
        session.execute(
            insert(PositionRecord),
            [
                dict(id=p + 1, unit_id=1, code=f"P{p}", name=f"岗位{p}", sort=p)
                for p in range(contracts)
            ],
        )
        session.execute(
            insert(ContractRecord),
            [
                dict(
                    id=p + 1,
                    position_id=p + 1,
                    year_id=1,
                    contractee_id=p + 1,
                    valid_from=date(2003, 1, 1),
                    valid_to=date(2003, 12, 31),
                    status="signed",
                    signed_on=date(2003, 1, 8),
                )
                for p in range(contracts)
            ],
        )
        session.execute(
            insert(ContractLineRecord),
            [
                dict(
                    contract_id=p + 1,
                    sort=k,
                    indicator_id=k + 1,
                    category="financial",
                    weight=10.0,
                    rule=RULE,
                    minimum=80.0,
                    base=100.0,
                    challenge=120.0,
                )
                for p in range(contracts)
                for k in range(LINES_PER_CONTRACT)
            ],
        )


PROVIDERS = ("计划财务部", "人力资源部", "市场经营部", "网络运维部")


def write_actuals(path: Path, lines: int, per_provider: bool = False) -> int:
    """Twelve months of actuals for every line: on one sheet, or (as the template lays them
    out) on a sheet per data provider, each KPI reported by one of them."""
    # Shared strings, as Excel and WPS save a workbook (a streaming writer's inline strings make
    # a sheet half again as large to parse, and no spreadsheet program writes them).
    book = xlsxwriter.Workbook(str(path))
    titles = ("岗位代码", "指标代码", "行号", "考核期间", "实际完成值", "数据提供方")
    sheets = {}
    for provider in PROVIDERS if per_provider else PROVIDERS[:1]:
        sheet = sheets[provider] = [
            book.add_worksheet(provider if per_provider else "实际完成值"),
            1,
        ]
        for column, title in enumerate(titles):
            sheet[0].write(0, column, title)
    written = 0
    for month in range(1, 13):
        for line in range(lines):
            contract, k = divmod(line, LINES_PER_CONTRACT)
            provider = PROVIDERS[k % len(PROVIDERS)]
            sheet, row = sheets[provider if per_provider else PROVIDERS[0]]
            sheet.write_string(row, 0, f"P{contract}")
            sheet.write_string(row, 1, f"K{k}")
            sheet.write_number(row, 2, k + 1)
            sheet.write_string(row, 3, f"2003-{month:02d}")
            sheet.write_number(row, 4, 50 + (written * 7919 % 100_000) / 1000)  # many values
            sheet.write_string(row, 5, provider)
            sheets[provider if per_provider else PROVIDERS[0]][1] += 1
            written += 1
    book.close()
    return written


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<56} {elapsed:6.2f} s")
    return result, elapsed


def import_into(master: Path, workbook: Path, again: bool) -> list[tuple[float, dict, int]]:
    """Import into a fresh copy of the firm (and, if asked, once more): seconds, the report's
    steps and rows inserted of each run."""
    firm = master.with_name("measured.kpidesk")
    shutil.copy(master, firm)
    runs = []
    with open_document(firm) as document:
        for _run in range(2 if again else 1):
            start = time.perf_counter()
            report = ExchangeService(document).import_workbook(workbook)
            runs.append((time.perf_counter() - start, report.seconds, report.actuals_inserted))
    return runs


def measure_import(master: Path, workbook: Path, label: str, again: bool, repeats: int) -> None:
    """Each repeat in a new interpreter, as a user's first import after opening the app; the
    median is printed with the spread, and its steps."""
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(1, maxtasksperchild=1) as pool:
        results = [pool.apply(import_into, (master, workbook, again)) for _ in range(repeats)]
    for run, name in enumerate([label] + ([label + ", again (nothing changes)"] if again else [])):
        times = sorted(r[run][0] for r in results)
        middle = sorted(results, key=lambda r: r[run][0])[len(results) // 2][run]
        steps = ", ".join(f"{k} {v:.2f} s" for k, v in middle[1].items())
        print(
            f"{name:<56} {statistics.median(times):6.2f} s  "
            f"(min {times[0]:.2f}, max {times[-1]:.2f}; {repeats} runs)"
        )
        print(f"    median run: {steps}; {middle[2]:,} rows inserted")


def setup(lines: int) -> Path:
    """The firm and the workbooks, made once per size and kept (writing them is slow)."""
    folder = Path(tempfile.gettempdir()) / f"kpidesk-bench-exchange-{lines}-v2"
    if not (folder / "done").exists():
        folder.mkdir(exist_ok=True)
        for name in ("large.kpidesk", "large.kpidesk-wal", "large.kpidesk-shm"):
            (folder / name).unlink(missing_ok=True)
        build(folder / "large.kpidesk", lines)
        write_actuals(folder / "one-sheet.xlsx", lines)
        write_actuals(folder / "per-provider.xlsx", lines, per_provider=True)
        (folder / "done").touch()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--skip-openpyxl", action="store_true")
    parser.add_argument("--skip-print", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = setup(args.lines)
    master, one_sheet = folder / "large.kpidesk", folder / "one-sheet.xlsx"
    rows = args.lines * 12
    print(
        f"{rows:,} actual rows: one sheet {one_sheet.stat().st_size / 1e6:.1f} MB "
        f"(setup in {folder}, not measured)"
    )
    gc.disable()  # as an import reads: see services/exchange.py, _collector_paused
    _, calamine = timed(
        "read one sheet (python-calamine, direct)", lambda: read_workbook(one_sheet, "calamine")
    )
    if not args.skip_openpyxl:
        _, openpyxl = timed(
            "read one sheet (pandas + openpyxl)", lambda: read_workbook(one_sheet, "openpyxl")
        )
        print(f"{'  calamine is faster by':<56} {openpyxl / calamine:6.1f} ×")
    gc.enable()
    print(f"goal: {rows:,} rows imported in < 10 s")
    measure_import(master, one_sheet, "import one sheet into an empty year", True, args.repeats)
    measure_import(
        master,
        folder / "per-provider.xlsx",
        f"import a sheet per provider ({len(PROVIDERS)}) into an empty year",
        False,
        args.repeats,
    )
    if args.skip_print:
        return
    firm = folder / "measured.kpidesk"
    shutil.copy(master, firm)
    with open_document(firm) as document:
        ExchangeService(document).import_workbook(one_sheet)  # contracts print with actuals
        printer = PrintService(document)
        count = len(printer.contracts_of_unit(None))
        _, elapsed = timed(
            f"print {count:,} contracts to PDF (every core)",
            lambda: printer.print_contracts(Path(tempfile.mkdtemp())),
        )
        print(f"{'  per contract':<48} {elapsed / count * 1000:8.1f} ms   goal: 1,000 in < 60 s")


if __name__ == "__main__":
    main()
