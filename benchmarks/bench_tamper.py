"""Finding rows changed behind kpidesk's back (issue 13, ``storage.tamper``) on the suite's firm
(5,000 positions: 50,000 contract lines) with a year of actuals: 600,000 imported in bulk (no
audit row each: the import's witness row holds them), 50,000 of them changed by a second import
(an audit row each) and 5,000 typed one by one (audited at flush). ``tamper_replay`` is the
replay of the audit log against the tables, ``opening_check`` what opening a document checks
(on a thread of its own since issue 13), each beside reading the actuals once; then 100 typed
and 100 imported values are changed with raw SQL and all 200 must be found.

    .venv/bin/python -m benchmarks --only tamper_replay
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import select

from benchmarks.suite import Bench, Figure, main, measurement, seconds
from kpidesk.services import open_document
from kpidesk.services.checks import opening_check
from kpidesk.storage.bulk_actuals import ActualColumns, Origin, upsert_actuals
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.records import ActualRecord, ContractLineRecord, PeriodRecord
from kpidesk.storage.tamper import tampered_rows


def populate(firm: Path) -> None:
    """The year's actuals: imported, partly imported again with new values, partly typed."""
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
            upsert_actuals(session, columns(keys[: len(keys) // 12], 1), origin)
        with document.transaction() as session:
            repo = ContractRepository(session)
            for line in line_ids[: max(1, len(line_ids) // 10)]:
                repo.record_actual(line, "2003-12", 77.5)
    with closing(sqlite3.connect(firm)) as db:
        # the benchmark firm is "signed" without a hash: given one, so that the opening check
        # measures its grouped queries, not thousands of cleared seals put into words
        db.execute("UPDATE contracts SET content_hash = 'benchmark'")
        db.commit()


def _read_actuals(session) -> list:
    return session.execute(
        select(
            ActualRecord.id,
            ActualRecord.line_id,
            ActualRecord.period_id,
            ActualRecord.value,
            ActualRecord.import_id,
        )
    ).all()


def _tamper(firm: Path, each: int) -> None:
    """``each`` typed values (vouched by their own audit rows) and ``each`` imported ones
    (vouched by their import's witness) changed with raw SQL."""
    with closing(sqlite3.connect(firm)) as db:
        db.execute(
            "UPDATE actuals SET value = value + 1 WHERE id IN (SELECT DISTINCT entity_id FROM "
            "audit_log WHERE entity = 'actuals' ORDER BY entity_id LIMIT ?)",
            (each,),
        )
        db.execute(
            "UPDATE actuals SET value = value + 1 WHERE id IN (SELECT id FROM actuals a WHERE "
            "NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.entity = 'actuals' AND "
            "l.entity_id = a.id) ORDER BY id LIMIT ?)",
            (each,),
        )
        db.commit()


def populated(path: Path, master: Path) -> None:
    """A copy of ``master`` with its year of actuals (``populate``): a setup the suite keeps,
    made in a process of its own, so that neither its time nor its memory is measured."""
    shutil.copy(master, path)
    populate(path)


@measurement("tamper_replay", "opening_check")
def tamper_figures(bench: Bench) -> dict[str, Figure]:
    kept = bench.kept("tamper_firm.kpidesk", populated, bench.review_firm(months=0))
    firm = bench.copy(kept, "tamper.kpidesk")
    with open_document(firm) as document, document.reading() as session:
        count = len(_read_actuals(session))
        read = seconds(lambda: _read_actuals(session))
        found: list = []
        replay = seconds(lambda: found.extend(tampered_rows(session)))
    with open_document(firm) as document:
        opening = seconds(lambda: opening_check(document))
    each = min(100, bench.lines // 10)
    _tamper(firm, each)
    with open_document(firm) as document, document.reading() as session:
        caught = len(tampered_rows(session))
    said = f"{count:,} actuals, {len(found)} findings as written, {caught}/{2 * each} raw edits found"
    return {
        "tamper_replay": Figure(replay, "s", None, read, f"{said}; ref: reading them once"),
        "opening_check": Figure(opening, "s", None, read, "integrity, chain, tampered rows"),
    }


if __name__ == "__main__":
    raise SystemExit(main(["--only", "tamper_replay", "--one-process"]))
