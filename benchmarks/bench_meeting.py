"""The review meeting on the 5,000-position firm (issue 12 goal: moving to the next item under
100 ms): preparing the agenda of 5,000 contracts, and moving to the next item in the running
meeting (the item saved as discussed, the agenda's rows read again, the next item's contract
read and drawn on the projector). Each is printed with a reference measured in the same run:
for preparing, the period's results alone (PeriodService, what the agenda starts from); for
moving, the bare read of one contract's lines and actuals with sqlite3.

    python -m benchmarks --only meeting_prepare,meeting_next_item
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds


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


@measurement("meeting_prepare", "meeting_next_item", qt=True)
def meeting(bench: Bench) -> dict[str, Figure]:
    from PySide6.QtWidgets import QApplication

    from kpidesk.services import FirmService, open_document
    from kpidesk.services.editing import EditService
    from kpidesk.services.meetings import MeetingService
    from kpidesk.services.period import PeriodService
    from kpidesk.ui.main_window import MainWindow
    from kpidesk.ui.review.meeting_window import MeetingWindow

    moves = 30
    path = bench.copy(bench.review_firm(), "meeting.kpidesk")
    app = QApplication.instance() or QApplication(["bench"])
    with open_document(path) as document:
        firm = FirmService(document)
        service = MeetingService(firm)
        service.make_calendar(2003)
        june = next(m for m in service.meetings(2003) if m.period == "2003-06")
        reference = seconds(lambda: PeriodService(document, firm.policy).results("2003-06"))
        prepared: list = []
        took = seconds(lambda: prepared.append(service.prepare(june.id)))
        window = MainWindow(firm, EditService(document))
        running = MeetingWindow(window, service, june.id)
        running.resize(1366, 768)
        running.presenter.resize(1024, 768)
        running.show()
        running.presenter.show()
        app.processEvents()
        moves = min(moves, len(running.agenda.items) - 1)  # past the last item it asks
        times, bare = [], []
        for _ in range(moves):
            start = time.perf_counter()
            running.advance()
            app.processEvents()
            times.append(time.perf_counter() - start)
            bare.append(bare_read(path, running.current().item.contract_id))  # type: ignore[union-attr]
        running.close()
        window.close()
    move, floor = statistics.median(times) * 1000, statistics.median(bare) * 1000
    return {
        "meeting_prepare": Figure(
            took, "s", None, reference, f"{prepared[0].value} contracts; ref: the period's results"
        ),
        "meeting_next_item": Figure(move, "ms", 100.0, floor, f"median of {moves} moves"),
    }


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "meeting_prepare,meeting_next_item"]))
