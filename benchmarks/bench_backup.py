"""What the backup on opening costs (issue 13), on the demo firm and on the review firm (5,000
positions, 300,000 actuals): opening alone, the backup (the online backup API, then
``quick_check`` of the copy) — which the window takes on a thread of its own after it shows, so
it is not added to opening —, and the check that skips it when the newest backup is up to date.
Printed, never asserted.

    .venv/bin/python -m benchmarks.bench_backup [--positions N]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.review_firm import review_firm
from kpidesk.services.demo import write_demo
from kpidesk.storage import backups
from kpidesk.storage.document import open_document


def _best(work, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(name: str, path: Path) -> None:
    size = path.stat().st_size / 1_000_000
    opening = _best(lambda: open_document(path).close())

    def fresh_backup() -> None:
        shutil.rmtree(backups.backup_folder(path), ignore_errors=True)
        backups.create_if_changed(path)

    backup = _best(fresh_backup)
    skipped = _best(lambda: backups.create_if_changed(path))  # the newest is up to date
    print(
        f"{name} ({size:.1f} MB): open {opening * 1000:.0f} ms; backup on opening "
        f"{backup * 1000:.0f} ms (on its own thread); skipped when up to date "
        f"{skipped * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.kpidesk"
        write_demo(demo).close()
        measure("demo firm", demo)
        measure(
            f"review firm, {args.positions} positions", review_firm(Path(folder), args.positions)
        )


if __name__ == "__main__":
    main()
