"""Finding rows changed behind kpidesk's back (issue 13, ``storage.tamper``) on a firm of
50,000 contract lines with 600,000 actuals: imported in bulk (no audit row each), 50,000 of them
changed by a second import (an audit row each) and 5,000 typed one by one (audited at flush);
then 100 of the typed ones changed with raw SQL. Printed against reading the actuals once.

    .venv/bin/python -m benchmarks.bench_tamper [--lines N]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path

from sqlalchemy import select

from kpidesk.services import open_document
from kpidesk.services.checks import opening_check
from kpidesk.storage.bulk_actuals import ActualColumns, Origin, upsert_actuals
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.records import ActualRecord, ContractLineRecord, PeriodRecord
from kpidesk.storage.tamper import tampered_rows

from .bench_exchange import build


def timed(label: str, work, reference: float | None = None):
    start = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - start
    ratio = f"  ({seconds / reference:.1f}× reading the actuals)" if reference else ""
    print(f"{label:<56} {seconds * 1000:8.0f} ms{ratio}")
    return value, seconds


def setup(lines: int) -> Path:
    """The firm, written once per size and kept (setup, not measured)."""
    folder = Path(tempfile.gettempdir()) / f"kpidesk-bench-tamper-{lines}"
    firm = folder / "firm.kpidesk"
    if (folder / "done").exists():
        return firm
    folder.mkdir(exist_ok=True)
    for name in ("firm.kpidesk", "firm.kpidesk-wal", "firm.kpidesk-shm"):
        (folder / name).unlink(missing_ok=True)
    build(firm, lines)
    with open_document(firm, actor="benchmark") as document:
        with document.transaction() as session:
            line_ids = list(session.scalars(select(ContractLineRecord.id)))
            periods = dict(session.execute(select(PeriodRecord.code, PeriodRecord.id)).all())
            months = [periods[f"2003-{m:02d}"] for m in range(1, 13)]
            keys = [(line, month) for month in months for line in line_ids]
            origin = Origin("benchmark", "bench.xlsx", "0" * 64)

            def columns(rows, offset):
                return ActualColumns(
                    [r[0] for r in rows],
                    [r[1] for r in rows],
                    [50.0 + (i * 7919 % 1000) / 10 + offset for i in range(len(rows))],
                    [None] * len(rows),
                    [""] * len(rows),
                )

            upsert_actuals(session, columns(keys, 0), origin)
            upsert_actuals(session, columns(keys[:50_000], 1), origin)
        with document.transaction() as session:
            repo = ContractRepository(session)
            for line in line_ids[:5_000]:
                repo.record_actual(line, "2003-12", 77.5)
    (folder / "done").touch()
    return firm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50_000)
    args = parser.parse_args()
    master = setup(args.lines)
    firm = master.with_name("measured.kpidesk")
    shutil.copy(master, firm)
    with closing(sqlite3.connect(firm)) as db:
        # bench_exchange's firm is "signed" without a hash: given one, so that the opening
        # check measures its grouped queries, not 5,000 cleared seals put into words
        db.execute("UPDATE contracts SET content_hash = 'benchmark'")
        db.commit()
    with open_document(firm) as document, document.reading() as session:
        count = len(session.execute(select(ActualRecord.id)).all())
        print(f"{count:,} actuals")
        _rows, read = timed(
            "reading every actual once (id, line, period, value, import)",
            lambda: session.execute(
                select(
                    ActualRecord.id,
                    ActualRecord.line_id,
                    ActualRecord.period_id,
                    ActualRecord.value,
                    ActualRecord.import_id,
                )
            ).all(),
        )
        found, _s = timed(
            "tampered_rows, as kpidesk wrote it", lambda: tampered_rows(session), read
        )
        print(f"    {len(found)} findings")
    with open_document(firm) as document:
        report, _s = timed(
            "opening_check (integrity, audit chain, tampered rows)",
            lambda: opening_check(document),
            read,
        )
        print(f"    {len(report.findings)} findings")
    with closing(sqlite3.connect(firm)) as db:
        # 100 values the log vouches for (typed ones), and 100 it cannot: imported, never
        # changed since (an import writes no audit row per new value; see storage/tamper.py)
        db.execute(
            "UPDATE actuals SET value = value + 1 WHERE id IN (SELECT entity_id FROM audit_log "
            "WHERE entity = 'actuals' ORDER BY id DESC LIMIT 100)"
        )
        db.execute(
            "UPDATE actuals SET value = value + 1 WHERE id IN (SELECT id FROM actuals a WHERE "
            "NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.entity = 'actuals' AND "
            "l.entity_id = a.id) LIMIT 100)"
        )
        db.commit()
    with open_document(firm) as document, document.reading() as session:
        found, _s = timed(
            "tampered_rows, 200 values changed with raw SQL", lambda: tampered_rows(session), read
        )
        print(f"    {len(found)} findings (the 100 typed values; imported ones are not judged)")


if __name__ == "__main__":
    main()
