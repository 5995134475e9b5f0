"""Memory and time of reading hostile workbooks (issue 13), before and after the scan.

    PYTHONPATH=$PWD .venv/bin/python -m benchmarks.bench_hostile_sheets [--rows 600000]

Each reading runs in a child process so its peak resident memory (ru_maxrss) is its own.
"before" is what the reader did until issue 13: calamine's dense ``to_python`` of every
sheet; "after" is ``read_workbook``. The last figure is what the scan costs an ordinary
workbook of ``--rows`` actual rows (scan alone, and the whole reading)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

HEADER = ["岗位代码", "指标代码", "行号", "考核周期", "实际完成值"]

BEFORE = """
import resource, sys, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
book = CalamineWorkbook.from_path(sys.argv[1])
rows = sum(len(book.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in book.sheet_names)
print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {time.perf_counter() - start:.2f}")
"""
AFTER = """
import resource, sys, time
from kpidesk.exchange.reader import read_workbook
start = time.perf_counter()
sheets, problems = read_workbook(sys.argv[1])
print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {time.perf_counter() - start:.2f}")
"""
IMPORTED = """
import resource
from kpidesk.exchange.reader import read_workbook
print(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""
SCAN = """
import sys, time
from kpidesk.exchange.sheet_scan import scan
start = time.perf_counter()
scan(sys.argv[1])
print(f"{time.perf_counter() - start:.2f}")
"""


def _stray(path: Path, cell: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "实际完成值"
    sheet.append(HEADER)
    sheet.append(["P001", "K001", 1, "2003-01", 5])
    sheet[cell] = "x"
    book.save(path)
    return path


def _claimed(source: Path, path: Path) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            new.writestr(item, data)
    return path


def _ordinary(path: Path, rows: int) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("实际完成值")
    sheet.write_row(0, 0, HEADER)
    for row in range(1, rows + 1):
        sheet.write_row(row, 0, [f"P{row % 5000:05d}", f"K{row % 10:03d}", row % 10, "2003-01"])
        sheet.write_number(row, 4, row * 0.5)
    book.close()
    return path


def _child(code: str, path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["?"])[0]
        return f"failed (exit {done.returncode}: {first[:60]})"
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=600_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kpidesk-hostile-"))
    corner = _stray(folder / "corner.xlsx", "XFD1048576")
    cases = {
        "stray cell at XFD1048576": corner,
        "stray cell at A1000000": _stray(folder / "far.xlsx", "A1000000"),
        "dimension A1:XFD1048576, 2 rows": _claimed(
            _stray(folder / "plain.xlsx", "A2"), folder / "claimed.xlsx"
        ),
    }
    print(f"kpidesk's reader imported, nothing read: {_child(IMPORTED, corner)} MB")
    print(f"{'workbook':34} {'before: MB  s':>40} {'after: MB  s':>16}")
    for name, path in cases.items():
        print(f"{name:34} {_child(BEFORE, path):>40} {_child(AFTER, path):>16}")
    ordinary = _ordinary(folder / "ordinary.xlsx", args.rows)
    print(
        f"ordinary, {args.rows} rows: calamine alone {_child(BEFORE, ordinary)}, "
        f"read_workbook {_child(AFTER, ordinary)}, of which the scan {_child(SCAN, ordinary)} s"
    )


if __name__ == "__main__":
    main()
