"""Importing 600,000 actual rows (50,000 contract lines × 12 months) and printing a firm's
contracts (issue 5 goals: import under 10 s; 1,000 contracts printed under 60 s).

    .venv/bin/python -m benchmarks.bench_exchange --skip-print       # 600,000 rows
    .venv/bin/python -m benchmarks.bench_exchange --lines 10000 --skip-openpyxl   # 1,000 contracts
"""

from __future__ import annotations

import argparse
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


def write_actuals(path: Path, lines: int) -> int:
    # Shared strings, as Excel and WPS save a workbook (a streaming writer's inline strings make
    # a sheet half again as large to parse, and no spreadsheet program writes them).
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("实际完成值")
    for column, title in enumerate(
        ("岗位代码", "指标代码", "行号", "考核期间", "实际完成值", "数据提供方")
    ):
        sheet.write(0, column, title)
    row = 1
    for month in range(1, 13):
        for line in range(lines):
            contract, k = divmod(line, LINES_PER_CONTRACT)
            sheet.write_string(row, 0, f"P{contract}")
            sheet.write_string(row, 1, f"K{k}")
            sheet.write_number(row, 2, k + 1)
            sheet.write_string(row, 3, f"2003-{month:02d}")
            sheet.write_number(row, 4, 90 + (row % 30))
            sheet.write_string(row, 5, "计划财务部")
            row += 1
    book.close()
    return row - 1


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:8.2f} s")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--skip-openpyxl", action="store_true")
    parser.add_argument("--skip-print", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    firm, workbook = folder / "large.kpidesk", folder / "actuals.xlsx"
    build(firm, args.lines)
    rows = write_actuals(workbook, args.lines)
    print(f"{rows:,} actual rows in {workbook.stat().st_size / 1e6:.1f} MB (setup, not measured)")
    _, calamine = timed(
        "read the workbook (python-calamine, direct)", lambda: read_workbook(workbook, "calamine")
    )
    if not args.skip_openpyxl:
        _, openpyxl = timed(
            "read the workbook (pandas + openpyxl)", lambda: read_workbook(workbook, "openpyxl")
        )
        print(f"{'calamine is faster by':<44} {openpyxl / calamine:8.1f} ×")
    with open_document(firm) as document:
        report, elapsed = timed(
            "import: check every row and write (calamine)",
            lambda: ExchangeService(document).import_workbook(workbook),
        )
        print(f"{'  rows inserted':<44} {report.actuals_inserted:8,}   goal: < 10 s")
        again, _ = timed(
            "import the same file again (all unchanged)",
            lambda: ExchangeService(document).import_workbook(workbook),
        )
        assert again.actuals_unchanged == rows
        if args.skip_print:
            return
        printer = PrintService(document)
        count = len(printer.contracts_of_unit(None))
        _, elapsed = timed(f"print {count:,} contracts to PDF (every core)",
                           lambda: printer.print_contracts(folder / "pdf"))
        print(f"{'  per contract':<44} {elapsed / count * 1000:8.1f} ms   goal: 1,000 in < 60 s")


if __name__ == "__main__":
    main()
