"""Official results on the 5,000-position firm (benchmarks/review_firm.py: 50,000 lines,
actuals January–June): the check the Make results official… dialog shows, making June official
(the snapshot written) and its minutes; each against reading the period once
(``PeriodService.results``), measured in the same run.

    python -m benchmarks --only official_check,make_official,official_minutes
"""

from __future__ import annotations

from kpidesk.services import FirmService, open_document
from kpidesk.services.period import PeriodService
from kpidesk.services.results import ResultsFiles, ResultsService

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds


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


@measurement("official_check", "make_official", "official_minutes")
def official(bench: Bench) -> dict[str, Figure]:
    """June checked (the dialog), June made official (check + snapshot, after the missing
    actuals are filled as setup) and its minutes printed; each against reading the period once
    (``PeriodService.results``)."""
    path = bench.copy(bench.review_firm(), "official.kpidesk")
    with open_document(path, actor="benchmark") as document:
        policy = FirmService(document).policy
        results, files = ResultsService(document, policy), ResultsFiles(document, policy)
        reference = seconds(lambda: PeriodService(document, policy).results("2003-06"))
        checked = seconds(lambda: results.check("2003-06"))
        fill_missing(document, PeriodService(document, policy).results("2003-06"))
        made = seconds(lambda: results.make_official("2003-06", "总经理"))
        minutes = seconds(
            lambda: files.print_minutes("2003-06", bench.scratch / "minutes.pdf", "zh_CN")
        )
    return {
        "official_check": Figure(checked, "s", None, reference, "ref: the period read"),
        "make_official": Figure(made, "s", None, reference, "check + snapshot"),
        "official_minutes": Figure(minutes, "s", None, reference, "the minutes' PDF"),
    }


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "official_check,make_official,official_minutes"]))
