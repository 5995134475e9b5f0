"""What finding stored values of the wrong type adds to ``kpidesk check`` (issue 13): one
grouped query per audited table on the suite's review firm (the common case: nothing found),
against a bare sqlite3 pass reading the same columns' ``typeof()`` — the least such a scan could
cost — and what the window's notice on opening costs (contracts, events and assignments only).

    .venv/bin/python -m benchmarks --only stored_values
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks.suite import Bench, Figure, main, measurement, seconds


def reference(path: Path) -> None:
    """Every audited column's type counted in SQL alone."""
    from kpidesk.storage.stored_values import AUDITED

    with sqlite3.connect(path) as connection:
        for table, columns in AUDITED.items():
            kinds = ", ".join(f'typeof("{c.name}")' for c in columns)
            connection.execute(f"SELECT {kinds}, count(*) FROM {table} GROUP BY {kinds}").fetchall()


@measurement("stored_values", "stored_values_notice")
def stored_values(bench: Bench) -> dict[str, Figure]:
    from kpidesk.services import open_document
    from kpidesk.services.stored_values import stored_value_findings, stored_values_notice

    path = bench.copy(bench.review_firm(), "stored_values.kpidesk")
    with open_document(path) as document:
        found: list = []
        scan = seconds(lambda: found.extend(stored_value_findings(document)), repeat=3)
        notice = seconds(lambda: stored_values_notice(document), repeat=3)
    bare = seconds(lambda: reference(path), repeat=3)
    said = f"{len(found)} values of the wrong type; ref: a bare sqlite3 typeof() pass"
    return {
        "stored_values": Figure(scan, "s", None, bare, said),
        "stored_values_notice": Figure(notice, "s", None, bare, "on opening: small tables only"),
    }


if __name__ == "__main__":
    raise SystemExit(main(["--only", "stored_values", "--one-process"]))
