"""Calibrating the whole 5,000-position firm (issue 12 goal: under 300 ms), with a reference
measured in the same run on the same machine: a bare ``sorted()`` of the same 5,000 totals and a
``Counter`` of five grades. Printed, never asserted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.bench_calibration [--positions 5000]

What is timed, each the best of ``--repeat`` runs:
- totals: reading 2003-Q2's totals (the mean of April–June, ``PeriodService`` three times and the
  quarter itself) — the slow part, run in the background by the window;
- calibrate: from the totals, the proposed grades (``forced_distribution``), the strip and the
  grade columns' and nine-box's models filled for everyone — what the window does on screen;
- start: storing 5,000 grade records (one operation);
- change: one grade changed (the operation with its log row) and the window's refresh (grades
  read again, strip and models filled again).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from benchmarks.review_firm import review_firm
from kpidesk.core.calibration import GRADES, forced_distribution, strip
from kpidesk.services import FirmService, open_document
from kpidesk.services.calibration import Calibration, CalibrationService
from kpidesk.ui.review.grade_columns import GradeColumn
from kpidesk.ui.review.nine_box import NineBoxView


def best(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, result


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--positions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(["bench"])
    folder = Path(tempfile.mkdtemp(prefix="bench_calibration_"))
    t0 = time.perf_counter()
    path = review_firm(folder, positions=args.positions)
    print(f"firm of {args.positions} positions written in {time.perf_counter() - t0:.1f} s")
    with open_document(path) as document:
        policy = FirmService(document).policy
        service = CalibrationService(document, policy)
        read_ms, calibration = best(1, lambda: service.calibration("2003-Q2"))
        assert isinstance(calibration, Calibration)
        people = calibration.people
        scores = {p.employee_id: p.score for p in people if p.score is not None}
        print(f"people: {len(people)}, with a Q2 total: {len(scores)}")
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

        calibrate_ms, _ = best(args.repeat, calibrate)
        values = list(scores.values())

        def reference() -> None:
            ranked = sorted(values, reverse=True)
            Counter(GRADES[min(4, i * 5 // len(ranked))] for i in range(len(ranked)))

        reference_ms, _ = best(args.repeat, reference)
        start_ms, _ = best(1, lambda: service.start(calibration))
        started = service.refreshed(calibration)
        rng = random.Random(7)
        targets = rng.sample([p for p in started.people if p.grade], args.repeat)

        queue = iter(targets)

        def change_once() -> None:
            who = next(queue)
            new = "outstanding" if who.grade != "outstanding" else "excellent"
            service.change_grade("2003-Q2", who.employee_id, new, "bench", "bench")
            fill(service.refreshed(started), policy, columns, nine_box)

        change_ms, _ = best(args.repeat, change_once)
        app.processEvents()
    print(f"reading the Q2 totals (background):  {read_ms:8.1f} ms")
    print(f"calibrate (propose, strip, models):  {calibrate_ms:8.1f} ms   goal 300 ms")
    print(f"start (store {len(scores)} grades):        {start_ms:8.1f} ms")
    print(f"one grade change + refresh:          {change_ms:8.1f} ms")
    print(f"reference sorted() + Counter:        {reference_ms:8.2f} ms")
    print(f"ratio calibrate / reference:         {calibrate_ms / reference_ms:8.0f}×")
    print(f"ratio change / reference:            {change_ms / reference_ms:8.0f}×")


if __name__ == "__main__":
    main()
