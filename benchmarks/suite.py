"""The benchmark suite (issue 14): every speed figure of the app by name, each printed beside a
reference measured in the same run on the same machine (a bare sqlite3 ``executemany``, bare
numpy, a bare calamine read …) and the ratio of the two. Printed and written, never asserted.

    python -m benchmarks [--quick] [--json FILE] [--only NAME[,NAME]]

A *measurement* is a function registered with ``@measurement(name, …)`` in one of the
``bench_*`` modules; it receives the run's ``Bench`` (the deterministic firm and workbooks, made
once per size and kept in a folder of the temporary directory) and returns its ``Figure`` — or a
dict of named figures when one setup yields several. In the full run each measurement runs in a
new interpreter of its own, so the Qt ones get a fresh application and the peak resident memory
is measured per measurement (``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of that child at its
end; worker processes it starts itself, as printing's pool, are not included); ``peak_rss`` is
the largest of them, against the same figure of a child that only imports the app and its
window. ``--quick`` (or ``--one-process``) runs them all in this process, as a minute allows:
``peak_rss`` is then the whole run's, against this process's after importing the app.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

FULL, QUICK = 5000, 500  # positions; each holds a contract of 10 monthly KPIs
MODULES = (
    "benchmarks.bench_firm",
    "benchmarks.bench_exchange",
    "benchmarks.bench_open",
    "benchmarks.bench_tree",
    "benchmarks.bench_period",
    "benchmarks.bench_meeting",
    "benchmarks.bench_official",
    "benchmarks.bench_calibration",
    "benchmarks.bench_roster",
    "benchmarks.bench_app_scoring",
    "benchmarks.bench_tamper",
    "benchmarks.bench_stored_values",
    "benchmarks.bench_backup",
    "benchmarks.bench_hostile_sheets",
)


@dataclass
class Figure:
    """One measured figure. ``goal`` is in the figure's unit (a goal stated as a multiple of the
    reference is already multiplied out); ``reference`` is the bare floor in the same unit."""

    value: float
    unit: str
    goal: float | None = None
    reference: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.reference is None or not self.reference:
            return None
        return self.value / self.reference

    def as_json(self) -> dict:
        return {
            "value": _rounded(self.value),
            "unit": self.unit,
            "goal": _rounded(self.goal),
            "reference": _rounded(self.reference),
            "ratio": _rounded(self.ratio),
        }


def _rounded(number: float | None) -> float | None:
    return None if number is None else float(f"{number:.4g}")


@dataclass
class Measurement:
    group: str  # the function's registered name
    names: tuple[str, ...]  # the figures it yields
    run: Callable[[Bench], Figure | dict[str, Figure]]
    qt: bool = False


REGISTRY: dict[str, Measurement] = {}


def measurement(*names: str, qt: bool = False):
    """Register a measurement yielding the figures ``names`` (the first is its group's name)."""

    def register(run):
        REGISTRY[names[0]] = Measurement(names[0], names, run, qt)
        return run

    return register


def load() -> dict[str, Measurement]:
    for module in MODULES:
        importlib.import_module(module)
    return REGISTRY


@dataclass
class Bench:
    """What the measurements share: the size, the folder where its firm and workbooks are kept,
    and timing helpers. Everything it makes is deterministic (fixed seeds)."""

    positions: int
    folder: Path
    scratch: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="kpidesk-bench-")))

    @property
    def lines(self) -> int:
        return self.positions * 10

    def review_firm(self, months: int = 6, positions: int | None = None) -> Path:
        """The review firm of ``positions`` (the run's size by default), kept."""
        from benchmarks.review_firm import firm_file, review_firm

        positions = positions or self.positions
        path = firm_file(self.folder, positions, months)
        return self.kept(path.name, _in_folder(review_firm), positions, months)

    def copy(self, master: Path, name: str) -> Path:
        """A fresh copy of ``master`` to measure on (the kept firm is never changed)."""
        target = self.scratch / name
        shutil.copy(master, target)
        return target

    def kept(self, name: str, make: Callable[..., object], *args) -> Path:
        """``folder/name``, made by ``make(path, *args)`` once per size (setup, never measured)
        in a process of its own, so that neither its time nor its memory counts."""
        path = self.folder / name
        done = self.folder / (name + ".done")
        if not done.exists():
            path.unlink(missing_ok=True)
            context = multiprocessing.get_context("spawn")
            process = context.Process(target=make, args=(path, *args))
            process.start()
            process.join()
            if process.exitcode != 0:
                raise SystemExit(f"setting up {name} failed (exit {process.exitcode})")
            done.touch()
        return path


@dataclass(frozen=True)
class _in_folder:  # noqa: N801 -- used as a function: make(path, *args) for review_firm(folder, …)
    make: Callable[..., object]

    def __call__(self, path: Path, *args) -> None:
        self.make(path.parent, *args)


def seconds(work: Callable[[], object], repeat: int = 1, best: bool = True) -> float:
    """The best (or median) wall time of ``work`` over ``repeat`` runs, in seconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    runs.sort()
    return runs[0] if best else runs[len(runs) // 2]


def _child(group: str, positions: int, folder: Path) -> dict:
    """Run one measurement (in the child process): its figures and the child's peak RSS (MB).
    ``_floor`` is the reference for peak memory: the app, its window and numpy imported."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if group == "_floor":
        import numpy  # noqa: F401
        from PySide6.QtWidgets import QApplication

        import kpidesk.services  # noqa: F401
        import kpidesk.ui.main_window  # noqa: F401

        QApplication.instance() or QApplication([])
        return {"figures": {}, "peak": _peak_mb()}
    bench = Bench(positions, folder)
    try:
        found = load()[group].run(bench)
        _settle_qt()
    finally:
        shutil.rmtree(bench.scratch, ignore_errors=True)  # the copies measured on
    figures = found if isinstance(found, dict) else {group: found}
    return {"figures": {name: asdict(f) for name, f in figures.items()}, "peak": _peak_mb()}


def _settle_qt() -> None:
    """After a measurement that showed windows: its background work finished and every window
    deleted, so that in one process the next measurement's events reach none of them (a closed
    window of the last one would otherwise answer the next one's changes, and ask)."""
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone()
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _spawn(group: str, positions: int, folder: Path) -> dict:
    """``_child`` in a new interpreter (not a pool's daemon: printing starts a pool of its own)."""
    with tempfile.TemporaryDirectory() as out:
        answer = Path(out) / "answer.json"
        command = [sys.executable, "-m", "benchmarks", "--child", group]
        command += ["--size", str(positions), "--folder", str(folder), "--json", str(answer)]
        done = subprocess.run(command, check=False)
        if done.returncode != 0:
            raise SystemExit(f"the measurement {group} failed (exit {done.returncode})")
        return json.loads(answer.read_text(encoding="utf-8"))


def _peak_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def run(
    names: list[str] | None, positions: int, folder: Path, one_process: bool = False, log=print
) -> dict[str, Figure]:
    """The selected measurements (all when ``peak_rss`` alone is asked for) and ``peak_rss``:
    each measurement in a child process of its own, or all in this one (``one_process``: the
    peak is then the whole run's, against this process's after importing the app)."""
    registry = load()
    wanted = set(names) if names else None
    everything = wanted is None or wanted == {"peak_rss"}
    groups = [m for m in registry.values() if everything or wanted & set(m.names)]
    figures: dict[str, Figure] = {}
    peaks: dict[str, float] = {}
    floor = _child("_floor", positions, folder)["peak"] if one_process else None
    for group in groups:
        started = time.perf_counter()
        if one_process:
            answer = _child(group.group, positions, folder)
        else:
            answer = _spawn(group.group, positions, folder)
        peaks[group.group] = peak = answer["peak"]
        for name, values in answer["figures"].items():
            figures[name] = Figure(**values)
        log(f"  {group.group}: {time.perf_counter() - started:.1f} s, peak {peak:.0f} MB")
    if wanted is None or "peak_rss" in wanted:
        if one_process:
            figures["peak_rss"] = Figure(_peak_mb(), "MB", 500.0, floor, "the whole run")
        else:
            floor = _spawn("_floor", positions, folder)["peak"]
            top = max(peaks, key=peaks.__getitem__)
            figures["peak_rss"] = Figure(peaks[top], "MB", 500.0, floor, f"in {top}")
    if wanted is not None:
        figures = {name: f for name, f in figures.items() if name in wanted}
    return figures


def table(figures: dict[str, Figure]) -> str:
    """name, value, unit, goal, reference, ratio, ok/over — one row a figure."""

    def number(value: float | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"

    head = f"{'name':<22} {'value':>10} {'unit':<5} {'goal':>10} {'reference':>10} {'ratio':>8}  "
    rows = [head + "ok/over", "-" * (len(head) + 7)]
    for name, f in figures.items():
        verdict = "—" if f.goal is None else ("ok" if f.value <= f.goal else "over")
        ratio = "—" if f.ratio is None else f"{f.ratio:.2f}×"
        rows.append(
            f"{name:<22} {number(f.value):>10} {f.unit:<5} {number(f.goal):>10} "
            f"{number(f.reference):>10} {ratio:>8}  {verdict}" + (f"  ({f.note})" if f.note else "")
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"a tenth of the size ({QUICK} positions)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--only", metavar="NAME[,NAME]", help="only these figures")
    parser.add_argument("--list", action="store_true", help="the figures' names, then stop")
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="run every measurement in this process (the default with --quick): no interpreter "
        "started per measurement; peak memory is then the whole run's",
    )
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)  # positions (tests)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)  # where setups are kept
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one measurement, in this process
    args = parser.parse_args(argv)
    if args.child:
        answer = _child(args.child, args.size, args.folder)
        args.json.write_text(json.dumps(answer), encoding="utf-8")
        return 0
    registry = load()
    known = [name for m in registry.values() for name in m.names] + ["peak_rss"]
    if args.list:
        print("\n".join(known))
        return 0
    names = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    unknown = sorted(set(names or ()) - set(known))
    if unknown:
        parser.error(f"no figure named {', '.join(unknown)}; known: {', '.join(known)}")
    positions = args.size or (QUICK if args.quick else FULL)
    folder = args.folder or Path(tempfile.gettempdir()) / f"kpidesk-bench-{positions}-v1"
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"kpidesk benchmarks: {positions:,} positions × 10 KPIs × 12 months "
        f"({positions * 120:,} actuals); setups kept in {folder}"
    )
    started = time.perf_counter()
    figures = run(names, positions, folder, args.one_process or args.quick)
    print()
    print(table(figures))
    print(f"\n{len(figures)} figures in {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps({name: f.as_json() for name, f in figures.items()}, indent=2) + "\n",
            encoding="utf-8",
        )
    return 0
