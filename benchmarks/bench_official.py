"""Official results on the 5,000-position firm (benchmarks/review_firm.py: 50,000 lines,
actuals January–June): the check the Make results official… dialog shows, making a month and
a quarter official (the snapshot written), the workbook and the minutes; each against reading
the period once (``PeriodService.results``), measured in the same run.

    .venv/bin/python -m benchmarks.bench_official [--positions N]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused
from kpidesk.services.period import PeriodService
from kpidesk.services.results import ResultsFiles, ResultsService

from .review_firm import review_firm


def timed(label: str, work, reference: float | None = None):
    start = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - start
    ratio = f"  ({seconds / reference:.1f}× reading the period)" if reference else ""
    print(f"{label:<52} {seconds * 1000:8.0f} ms{ratio}")
    return value, seconds


def fill_missing(document, read) -> None:
    """Setup, not measured: the lines still missing in the period get an actual, in bulk."""
    from datetime import datetime

    from sqlalchemy import insert, select

    from kpidesk.storage.records import ActualRecord, PeriodRecord

    with document.transaction() as session:
        period_id = session.scalar(
            select(PeriodRecord.id).where(PeriodRecord.code == read.period.code)
        )
        rows = [
            {
                "line_id": line.id,
                "period_id": period_id,
                "value": 100.0,
                "entered_at": datetime.now(),
            }
            for contract in read.contracts
            for line in contract.missing
        ]
        if rows:
            session.execute(insert(ActualRecord), rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        master = review_firm(Path(folder), args.positions)
        path = Path(folder) / "bench.kpidesk"
        shutil.copy2(master, path)
        with open_document(path, actor="benchmark") as document:
            policy = FirmService(document).policy
            results, files = ResultsService(document, policy), ResultsFiles(document, policy)
            _r, reference = timed(
                "reference: PeriodService.results(2003-06)",
                lambda: PeriodService(document, policy).results("2003-06"),
            )
            checked, _s = timed(
                "check 2003-06 (the dialog)", lambda: results.check("2003-06"), reference
            )
            print(f"  {len(checked.rows)} contracts, {len(checked.missing)} missing actuals")
            timed(
                "check 2003-Q2 (from its three months)", lambda: results.check("2003-Q2"), reference
            )
            timed("check 2003 (the year, §7 shares)", lambda: results.check("2003"), reference)
            fill_missing(
                document, checked_read := PeriodService(document, policy).results("2003-06")
            )
            print(
                f"  (setup: the missing actuals of 2003-06 filled, {len(checked_read.contracts)} contracts)"
            )
            for period in ("2003-06", "2003-Q2"):
                try:
                    timed(
                        f"make {period} official (check + snapshot)",
                        lambda p=period: results.make_official(p, "总经理"),
                        reference,
                    )
                except EditRefused as refused:
                    print(f"  {period} refused: {str(refused)[:100]}…")
            official = next(iter(results.official_periods()), None)
            if official:
                timed(
                    f"official({official}) read back", lambda: results.official(official), reference
                )
                timed(
                    f"export {official} to Excel",
                    lambda: files.export(official, Path(folder) / "o.xlsx", "zh_CN"),
                    reference,
                )
                timed(
                    f"minutes of {official} (PDF)",
                    lambda: files.print_minutes(official, Path(folder) / "m.pdf", "zh_CN"),
                    reference,
                )


if __name__ == "__main__":
    main()
