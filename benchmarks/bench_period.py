"""A period on the 5,000-position firm (benchmarks/review_firm.py). Scoring June end to end from
the file (issue 14 goal: under 0.5 s), against June's actuals read with sqlite3 and scored in
numpy. Opening the period overview (issue 12: under 300 ms): the whole period read and its
readiness counted by provider and unit (service), and Review › Period overview as the user opens
it in a window shown offscreen, against a bare sqlite3 count of the same lines and actuals
grouped by provider — the least any overview could cost.

    python -m benchmarks --only score_period,period_overview,period_overview_window
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds

PERIOD = "2003-06"


def reference(path: Path) -> None:
    """Lines and June's actuals counted per provider in SQL alone."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "SELECT l.data_source, count(*), count(a.id) FROM contract_lines l "
            "LEFT JOIN actuals a ON a.line_id = l.id AND a.period_id = "
            "(SELECT id FROM periods WHERE code = ?) GROUP BY l.data_source",
            (PERIOD,),
        ).fetchall()


def bare_scores(path: Path) -> int:
    """June's actuals read with sqlite3 and every line scored by the polyline in numpy, summed
    per contract: the least scoring a period from the file could cost."""
    import numpy as np

    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT l.contract_id, l.weight, l.minimum, l.base, l.challenge, a.value "
            "FROM contract_lines l JOIN actuals a ON a.line_id = l.id "
            "WHERE a.period_id = (SELECT id FROM periods WHERE code = ?)",
            (PERIOD,),
        ).fetchall()
    contract, weight, c, b, a, actual = np.array(rows, dtype=float).T
    base = 0.8 * weight
    above = np.minimum(weight, base + (actual - b) / (a - b) * (weight - base))
    between = base * (actual - c) / (b - c)
    points = np.where(actual >= b, above, np.where(actual >= c, between, 0.0))
    return len(np.bincount(contract.astype(int), weights=points))


@measurement("score_period")
def score_period(bench: Bench) -> Figure:
    """June scored end to end from the file: the document opened, the period read
    (``PeriodService.results``) and every contract's total computed — 50,000 lines."""
    from kpidesk.services import FirmService, open_document
    from kpidesk.services.period import PeriodService

    path = bench.review_firm()
    floor = seconds(lambda: bare_scores(path), repeat=3)

    def scored() -> None:
        with open_document(path) as document:
            results = PeriodService(document, FirmService(document).policy).results(PERIOD)
            [contract.total for contract in results.contracts]

    return Figure(seconds(scored, repeat=3), "s", 0.5, floor, f"{bench.lines:,} lines")


@measurement("period_overview", "period_overview_window", qt=True)
def period_overview(bench: Bench) -> dict[str, Figure]:
    """The overview service, and Review › Period overview opened in the window (read anew in
    the background, painted), against a bare sqlite3 count grouped by provider."""
    from PySide6.QtWidgets import QApplication

    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService
    from kpidesk.services.period_overview import overview
    from kpidesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    path = bench.review_firm()
    floor = seconds(lambda: reference(path), repeat=5, best=False)
    with open_document(path) as document:
        FirmService(document).policy  # noqa: B018 -- read once, as the open window has
        service = seconds(lambda: overview(document, PERIOD), repeat=5, best=False)
        window = MainWindow(FirmService(document), EditService(document))
        window.resize(1600, 900)
        window.show()
        app.processEvents()
        actions = window.period_actions

        def opened() -> None:  # read anew (in the background), as after an import; painted
            actions.show_action.trigger()
            while not window.background.idle():  # an idle event loop, not one that spins:
                app.processEvents()  # spinning would hold the GIL the reading needs
                time.sleep(0.002)
            app.processEvents()

        actions.set_period(PERIOD)
        opened()
        shown = seconds(opened, repeat=5, best=False)
        window.close()
    return {
        "period_overview": Figure(service, "s", 0.3, floor, "the service"),
        "period_overview_window": Figure(shown, "s", 0.3, floor, "Review › Period overview"),
    }


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "score_period,period_overview,period_overview_window"]))
