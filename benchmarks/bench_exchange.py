"""Importing a year of actuals — 600,000 rows, 50,000 contract lines × 12 months, on one sheet
— into the benchmark firm's empty year (issue 14 goal: within 1.5× a bare calamine read of the
same sheet, measured in the same run), the same file imported again (nothing changes), and
printing contracts to PDF (issue 5 goal: 1,000 contracts under 60 s; the reference is a bare
reportlab canvas writing one page of the same count of lines per contract, in one process).

    python -m benchmarks --only import_actuals,import_again,print_contracts
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import xlsxwriter

from benchmarks.review_firm import LINES as LINES_PER_CONTRACT
from benchmarks.review_firm import PROVIDERS
from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds


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


def bare_read(workbook: Path) -> int:
    """The sheet read by python-calamine into Python rows, nothing else: the floor."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(workbook))
    return len(book.get_sheet_by_name("实际完成值").to_python(skip_empty_area=False))


def _timed_bare_read(workbook: Path) -> float:
    import gc

    gc.disable()  # as the import reads (services/collector.py, collector_paused)
    return seconds(lambda: bare_read(workbook), repeat=2)


def _bare_read_apart(workbook: Path) -> float:
    """The bare read's best time, measured in a process of its own: its 600,000 rows as
    Python lists take more memory than the whole import, and would be this measurement's
    peak memory otherwise."""
    return _apart(_timed_bare_read, workbook)


def bare_insert(firm: Path) -> float:
    """Twelve months of actuals for every line of ``firm`` (a copy, with none) inserted by
    sqlite3's executemany in (line, period) order with foreign keys enforced, as the app has
    them, and committed: the least any import writing them could cost. Seconds."""
    import sqlite3
    import time
    from contextlib import closing

    with closing(sqlite3.connect(firm, isolation_level=None)) as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        lines = [row[0] for row in db.execute("SELECT id FROM contract_lines ORDER BY id")]
        months = [row[0] for row in db.execute("SELECT id FROM periods WHERE kind = 'month'")]
        rows = [(l, p, 50.0 + (l * 7 + p) % 1000 / 10, "source") for l in lines for p in months]
        start = time.perf_counter()
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO actuals (line_id, period_id, value, value_text, source, entered_by, "
            "entered_at) VALUES (?, ?, ?, 'null', ?, 'benchmark', '2003-07-01 00:00:00.000000')",
            rows,
        )
        db.execute("COMMIT")
        return time.perf_counter() - start


def _apart(work, *args) -> float:
    """``work(*args)`` in a process of its own, so that its memory is not counted as the
    measurement's."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(work, args)


@measurement("import_actuals", "import_again")
def import_actuals(bench: Bench) -> dict[str, Figure]:
    """The year imported into a copy of the firm with no actuals (a fresh interpreter, as a
    user's first import after opening the app), then the same file again."""
    from kpidesk.services import open_document
    from kpidesk.services.exchange import ExchangeService

    workbook = bench.kept("actuals.xlsx", write_actuals, bench.lines)
    firm = bench.copy(bench.review_firm(months=0), "import.kpidesk")
    floor = _bare_read_apart(workbook)
    with open_document(firm) as document:
        service = ExchangeService(document)
        reports = []
        first = seconds(lambda: reports.append(service.import_workbook(workbook)))
        again = seconds(lambda: reports.append(service.import_workbook(workbook)))
    rows = f"{reports[0].actuals_inserted:,} rows"
    steps = ", ".join(f"{k} {v:.2f}" for k, v in reports[0].seconds.items())
    # What reading and writing alone cost, with no check, no audit: the goal's own floor.
    # its rows as tuples, made apart, would otherwise be this measurement's peak memory
    insert = _apart(bare_insert, bench.copy(bench.review_firm(months=0), "bare.kpidesk"))
    least = f"bare read + bare insert {floor + insert:.2f} = {(floor + insert) / floor:.2f}×"
    return {
        "import_actuals": Figure(first, "s", 1.5 * floor, floor, f"{rows}; {steps}; {least}"),
        "import_again": Figure(again, "s", 1.5 * floor, floor, "nothing changes"),
    }


def bare_pdfs(folder: Path, contracts: int) -> None:
    """One page a contract, its ten lines drawn as plain text: what any printing stands on."""
    from reportlab.pdfgen.canvas import Canvas

    for number in range(contracts):
        canvas = Canvas(str(folder / f"{number}.pdf"))
        for line in range(LINES_PER_CONTRACT):
            canvas.drawString(72, 720 - 20 * line, f"K{line} 80 100 120 10 {number}")
        canvas.showPage()
        canvas.save()


@measurement("print_contracts")
def print_contracts(bench: Bench) -> Figure:
    """A fifth of the firm's contracts (1,000 in the full run) with June's scores, on every
    core, from a firm of that many positions."""
    from kpidesk.services import open_document
    from kpidesk.services.printing import PrintService

    count = max(1, bench.positions // 5)
    firm = bench.review_firm(positions=count)
    with open_document(firm) as document, tempfile.TemporaryDirectory(dir=bench.scratch) as out:
        printer = PrintService(document)
        took = seconds(lambda: printer.print_contracts(Path(out), period="2003-06"))
    with tempfile.TemporaryDirectory(dir=bench.scratch) as out:
        floor = seconds(lambda: bare_pdfs(Path(out), count))
    return Figure(took, "s", 60.0 * count / 1000, floor, f"{count:,} contracts")


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "import_actuals,import_again,print_contracts"]))
