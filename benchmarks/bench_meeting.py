"""The review meeting on the 5,000-position firm (issue 12 goal: moving to the next item under
100 ms): preparing the agenda of 5,000 contracts, and moving to the next item in the running
meeting (the item saved as discussed, the agenda's rows read again, the next item's contract
read and drawn on the projector). Each is printed with a reference measured in the same run:
for preparing, the period's results alone (PeriodService, what the agenda starts from); for
moving, the bare read of one contract's lines and actuals with sqlite3.

    .venv/bin/python -m benchmarks.bench_meeting [--positions N] [--moves N]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bare_read(path: Path, contract_id: int) -> float:
    """One contract's lines and June actuals with sqlite3: the least a move could cost."""
    connection = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        lines = connection.execute(
            "SELECT id, rule, weight FROM contract_lines WHERE contract_id = ?", (contract_id,)
        ).fetchall()
        connection.execute(
            "SELECT a.line_id, a.value FROM actuals a JOIN periods p ON p.id = a.period_id "
            f"WHERE p.code = '2003-06' AND a.line_id IN ({','.join('?' * len(lines))})",
            [l[0] for l in lines],
        ).fetchall()
        return time.perf_counter() - start
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=5000)
    parser.add_argument("--moves", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks.review_firm import review_firm
    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService
    from kpidesk.services.meetings import MeetingService
    from kpidesk.services.period import PeriodService
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.review.meeting_window import MeetingWindow

    folder = Path(tempfile.mkdtemp())
    path = review_firm(folder, positions=args.positions)
    app = QApplication.instance() or QApplication(["bench"])
    with open_document(path) as document:
        firm = FirmService(document)
        service = MeetingService(firm)
        service.make_calendar(2003)
        june = next(m for m in service.meetings(2003) if m.period == "2003-06")

        start = time.perf_counter()
        PeriodService(document, firm.policy).results("2003-06")
        reference = time.perf_counter() - start
        start = time.perf_counter()
        prepared = service.prepare(june.id)
        took = time.perf_counter() - start
        print(f"prepare the agenda of {prepared.value} contracts: {took * 1000:.0f} ms "
              f"(the period's results alone: {reference * 1000:.0f} ms; "
              f"ratio {took / reference:.2f})")  # fmt: skip

        window = MainWindow(firm, EditService(document))
        running = MeetingWindow(window, service, june.id)
        running.resize(1366, 768)
        running.presenter.resize(1024, 768)
        running.show()
        running.presenter.show()
        app.processEvents()
        moves, views, bare = [], [], []
        for _ in range(args.moves):
            start = time.perf_counter()
            running.advance()
            app.processEvents()
            moves.append(time.perf_counter() - start)
            start = time.perf_counter()
            service.item_view(running.current().item.id)  # type: ignore[union-attr]
            views.append(time.perf_counter() - start)
            bare.append(bare_read(path, running.current().item.contract_id))  # type: ignore[union-attr]
        move, view, ref = _median_ms(moves), _median_ms(views), _median_ms(bare)
        print(f"move to the next item (median of {args.moves}, agenda of {len(running.agenda.items)}):"
              f" {move:.1f} ms, goal 100 ms (the item's data alone {view:.1f} ms; "
              f"bare sqlite3 read of one contract {ref:.2f} ms; ratio {move / ref:.0f})")  # fmt: skip
        running.close()
        window.close()


if __name__ == "__main__":
    main()
