"""Reading hostile workbooks (issue 13): the peak memory of ``read_workbook`` on a workbook with
a stray cell at XFD1048576, one at A1000000 and one whose <dimension> claims A1:XFD1048576, each
read in a child process of its own (its own peak), against the reader imported with
nothing read; what calamine alone (the reader until issue 13) does with them is in the note.
And what the scan costs an ordinary workbook: ``sheet_scan`` on the suite's sheet of actuals
against a bare calamine read of it.

    python -m benchmarks --only hostile_sheets,sheet_scan
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds

HEADER = ["岗位代码", "指标代码", "行号", "考核周期", "实际完成值"]

# The child's own peak: VmHWM where Linux has it (ru_maxrss survives the exec, so a child of a
# large process would report its parent's size), else ru_maxrss.
PEAK = """
def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""
BEFORE = PEAK + """
import sys, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
book = CalamineWorkbook.from_path(sys.argv[1])
rows = sum(len(book.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in book.sheet_names)
print(f"{peak():.0f} {time.perf_counter() - start:.2f}")
"""
AFTER = PEAK + """
import sys, time
from kpidesk.exchange.reader import read_workbook
start = time.perf_counter()
sheets, problems = read_workbook(sys.argv[1])
print(f"{peak():.0f} {time.perf_counter() - start:.2f}")
"""
IMPORTED = PEAK + """
from kpidesk.exchange.reader import read_workbook
print(f"{peak():.0f}")
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


def _child(code: str, path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["?"])[0]
        return f"failed (exit {done.returncode}: {first[:60]})"
    return done.stdout.strip()


@measurement("hostile_sheets", "sheet_scan")
def hostile_figures(bench: Bench) -> dict[str, Figure]:
    from benchmarks.bench_exchange import _bare_read_apart, write_actuals
    from kpidesk.exchange.sheet_scan import scan

    folder = bench.scratch
    cases = {
        "XFD1048576": _stray(folder / "corner.xlsx", "XFD1048576"),
        "A1000000": _stray(folder / "far.xlsx", "A1000000"),
        "claimed": _claimed(_stray(folder / "plain.xlsx", "A2"), folder / "claimed.xlsx"),
    }
    imported = float(_child(IMPORTED, cases["XFD1048576"]))
    after, before = {}, {}
    for name, path in cases.items():
        answer = _child(AFTER, path)
        if answer.startswith("failed"):
            raise SystemExit(f"read_workbook failed on the {name} workbook: {answer}")
        after[name] = float(answer.split()[0])
        before[name] = _child(BEFORE, path)
    ordinary = bench.kept("actuals.xlsx", write_actuals, bench.lines)
    floor = _bare_read_apart(ordinary)
    scanned = seconds(lambda: scan(ordinary), repeat=2)
    said = "; ".join(f"{n} {after[n]:.0f} MB (calamine alone: {before[n]})" for n in cases)
    return {
        "hostile_sheets": Figure(max(after.values()), "MB", None, imported, said),
        "sheet_scan": Figure(scanned, "s", None, floor, "the suite's actuals; ref: bare read"),
    }


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "hostile_sheets,sheet_scan"]))
