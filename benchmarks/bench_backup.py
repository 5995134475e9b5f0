"""What the backup on opening costs (issue 13), on the suite's review firm (5,000 positions,
300,000 actuals): the backup (SQLite's online backup API, then ``quick_check`` of the copy) —
which the window takes on a thread of its own after it shows, so it is not added to opening —
against a bare ``sqlite3`` backup of the same file; and the check that skips it when the newest
backup is up to date, against opening the document.

    python -m benchmarks --only backup_on_opening,backup_skipped
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds


def bare_backup(source: Path, target: Path) -> None:
    """The file copied by SQLite's online backup API and nothing else: the floor."""
    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as old, closing(sqlite3.connect(target)) as new:
        old.backup(new)


@measurement("backup_on_opening", "backup_skipped")
def backup_figures(bench: Bench) -> dict[str, Figure]:
    from kpidesk.storage import backups
    from kpidesk.storage.document import open_document

    firm = bench.copy(bench.review_firm(), "backup.kpidesk")
    size = f"{firm.stat().st_size / 1e6:.1f} MB"
    floor = seconds(lambda: bare_backup(firm, bench.scratch / "bare.kpidesk"), repeat=3)

    def fresh_backup() -> None:
        shutil.rmtree(backups.backup_folder(firm), ignore_errors=True)
        backups.create_if_changed(firm)

    backup = seconds(fresh_backup, repeat=3)
    opening = seconds(lambda: open_document(firm).close(), repeat=3)
    skipped = seconds(lambda: backups.create_if_changed(firm), repeat=3)  # the newest is new
    return {
        "backup_on_opening": Figure(
            backup, "s", None, floor, f"{size}, copy and quick_check; ref: sqlite3 backup"
        ),
        "backup_skipped": Figure(
            skipped * 1000, "ms", None, opening * 1000, "up to date; ref: opening"
        ),
    }


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "backup_on_opening,backup_skipped"]))
