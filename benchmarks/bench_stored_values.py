"""What finding stored values of the wrong type adds to ``kpidesk check`` (issue 13): one
grouped query per audited table on a clean firm (the common case: nothing found), against a
bare sqlite3 pass reading the same columns' ``typeof()`` — the least such a scan could cost —
and what the window's notice on opening costs (contracts, events and assignments only).

    .venv/bin/python -m benchmarks.bench_stored_values [--positions N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.bench_period import timed
from benchmarks.review_firm import review_firm


def reference(path: Path) -> None:
    """Every audited column's type counted in SQL alone."""
    from kpidesk.storage.stored_values import AUDITED

    with sqlite3.connect(path) as connection:
        for table, columns in AUDITED.items():
            kinds = ", ".join(f'typeof("{c.name}")' for c in columns)
            connection.execute(f"SELECT {kinds}, count(*) FROM {table} GROUP BY {kinds}").fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(os.environ.get("KPIDESK_BENCH_DIR") or tempfile.mkdtemp())
    started = time.perf_counter()
    path = review_firm(folder, args.positions)
    print(f"firm of {args.positions} positions ready in {time.perf_counter() - started:.1f} s")

    from kpidesk.services import open_document
    from kpidesk.services.stored_values import stored_value_findings, stored_values_notice

    with sqlite3.connect(path) as connection:
        lines, actuals = (
            connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("contract_lines", "actuals")
        )
    with open_document(path) as document:
        found = timed(lambda: stored_value_findings(document), args.repeat)
        count = len(stored_value_findings(document))
        opening = timed(lambda: stored_values_notice(document), args.repeat)
    bare = timed(lambda: reference(path), args.repeat)
    print(f"{lines:,} lines, {actuals:,} actuals; {count} values of the wrong type")
    print(f"stored_value_findings: {found:.0f} ms (bare sqlite3 typeof() pass: {bare:.0f} ms)")
    print(f"the window's notice on opening (small tables only): {opening:.0f} ms")


if __name__ == "__main__":
    main()
