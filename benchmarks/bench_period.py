"""Opening the period overview on the 5,000-position firm (issue 12: under 300 ms): the whole
period read, its readiness counted by provider and unit (service), the groups laid out and the
first group's lines listed (model), and Review › Period overview as the user opens it in a
window shown offscreen. The reference, measured in the same run, is a bare sqlite3 count of the
same lines and actuals grouped by provider — the least any overview could cost.

    .venv/bin/python -m benchmarks.bench_period [--positions N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.review_firm import review_firm

PERIOD = "2003-06"


def timed(action, repeat: int) -> float:
    """Median milliseconds of ``action`` over ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def reference(path: Path) -> None:
    """Lines and June's actuals counted per provider in SQL alone."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "SELECT l.data_source, count(*), count(a.id) FROM contract_lines l "
            "LEFT JOIN actuals a ON a.line_id = l.id AND a.period_id = "
            "(SELECT id FROM periods WHERE code = ?) GROUP BY l.data_source",
            (PERIOD,),
        ).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(os.environ.get("KPIDESK_BENCH_DIR") or tempfile.mkdtemp())
    started = time.perf_counter()
    path = review_firm(folder, args.positions)
    print(f"firm of {args.positions} positions ready in {time.perf_counter() - started:.1f} s")

    from PySide6.QtWidgets import QApplication

    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService
    from kpidesk.services.period_overview import overview
    from kpidesk.ui.review.period_lines import PeriodLinesPage
    from kpidesk.ui.review.period_page import PeriodPage

    app = QApplication.instance() or QApplication([])
    base = timed(lambda: reference(path), args.repeat)
    with open_document(path) as document:
        FirmService(document).policy  # noqa: B018 -- read once, as the open window has
        service = timed(lambda: overview(document, PERIOD), args.repeat)
        page = PeriodPage(2003, PERIOD)
        lines = PeriodLinesPage(lambda: None)

        def model() -> None:
            found = overview(document, PERIOD)
            page.show_overview(found)
            lines.model.set_rows(found.lines(provider=found.provider_names()[0]))

        laid_out = timed(model, args.repeat)

        from kpidesk.ui.main_window import MainWindow

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

        shown = timed(opened, args.repeat)
        due = sum(actions.overview.total.values()) if actions.overview else 0
        window.close()
    print(f"reference: sqlite3 count grouped by provider   {base:8.1f} ms")
    print(f"overview service ({due} due lines)          {service:8.1f} ms  ×{service / base:.1f}")
    print(f"service + groups + first provider's lines  {laid_out:8.1f} ms  ×{laid_out / base:.1f}")
    print(f"Review › Period overview in the window     {shown:8.1f} ms  ×{shown / base:.1f}")
    print("goal: under 300 ms to open the overview")


if __name__ == "__main__":
    main()
