"""Calibrating the whole 5,000-position firm (issue 12 goal: under 300 ms), with a reference
measured in the same run on the same machine: a bare ``sorted()`` of the same 5,000 totals and a
``Counter`` of five grades. Printed, never asserted.

    python -m benchmarks --only calibrate,grade_change

What is timed, each the best of three runs, after 2003-Q2's totals are read (setup):
- calibrate: from the totals, the proposed grades (``forced_distribution``), the strip and the
  grade columns' and nine-box's models filled for everyone — what the window does on screen;
- change: one grade changed (the operation with its log row) and the window's refresh (grades
  read again, strip and models filled again).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

from kpidesk.core.calibration import GRADES, forced_distribution, strip
from kpidesk.services import FirmService, open_document
from kpidesk.services.calibration import Calibration, CalibrationService

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds


def fill(calibration: Calibration, policy, columns, nine_box) -> None:
    shown = [p for p in calibration.people if p.score is not None]
    grades = [p.grade or p.proposed or "" for p in shown]
    strip(grades, policy.review.guide)
    by_grade: dict[str, list] = {g: [] for g in GRADES}
    for person, grade in zip(shown, grades, strict=True):
        by_grade.setdefault(grade, []).append(person)
    for column in columns:
        column.set_people(by_grade[column.grade])
    nine_box.set_people(shown, True)


@measurement("calibrate", "grade_change", qt=True)
def calibration_figures(bench: Bench) -> dict[str, Figure]:
    from PySide6.QtWidgets import QApplication

    from kpidesk.ui.review.grade_columns import GradeColumn
    from kpidesk.ui.review.nine_box import NineBoxView

    repeat = 3
    app = QApplication.instance() or QApplication(["bench"])
    path = bench.copy(bench.review_firm(), "calibration.kpidesk")
    with open_document(path) as document:
        policy = FirmService(document).policy
        service = CalibrationService(document, policy)
        calibration = service.calibration("2003-Q2")
        people = calibration.people
        scores = {p.employee_id: p.score for p in people if p.score is not None}
        columns = [GradeColumn(g) for g in GRADES]
        nine_box = NineBoxView()

        def calibrate() -> None:
            proposal = forced_distribution(scores, policy.quotas)
            proposed = Calibration(
                calibration.period,
                [replace(p, proposed=str(proposal.get(p.employee_id))) for p in people],
                None,
            )
            fill(proposed, policy, columns, nine_box)

        calibrated = seconds(calibrate, repeat)
        values = list(scores.values())

        def reference() -> None:
            ranked = sorted(values, reverse=True)
            Counter(GRADES[min(4, i * 5 // len(ranked))] for i in range(len(ranked)))

        floor = seconds(reference, repeat)
        service.start(calibration)
        started = service.refreshed(calibration)
        queue = iter(random.Random(7).sample([p for p in started.people if p.grade], repeat))

        def change_once() -> None:
            who = next(queue)
            new = "outstanding" if who.grade != "outstanding" else "excellent"
            service.change_grade("2003-Q2", who.employee_id, new, "bench", "bench")
            fill(service.refreshed(started), policy, columns, nine_box)

        changed = seconds(change_once, repeat)
        app.processEvents()
    ms = 1000
    what = f"{len(scores):,} people; ref: sorted() + Counter"
    return {
        "calibrate": Figure(calibrated * ms, "ms", 300.0, floor * ms, what),
        "grade_change": Figure(changed * ms, "ms", None, floor * ms, "one change + refresh"),
    }


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "calibrate,grade_change"]))
