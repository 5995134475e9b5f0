"""Where the time goes when the app scores more than one period or contract. On the demo firm:
the whole ``FirmService.trend`` and the export's scores, with the share spent scoring lines
and in SQL, and the lines of every trend scored alone (``score_line``). Issue 10 measured
a vectorised scorer (``core.batch``, removed) here: reading dominates (55–66 % SQL) and scoring
lines is 1–10 %, and at the app's mix of kinds the vectorised path was slower than the loop.

    .venv/bin/python -m benchmarks.bench_app_scoring
"""

from __future__ import annotations

import cProfile
import math
import pstats
import tempfile
import time
from pathlib import Path

from kpidesk.core.rules import score_line
from kpidesk.services import FirmService, open_document
from kpidesk.services.demo import write_demo


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def share(fn, names: tuple[str, ...]) -> dict[str, float]:
    profile = cProfile.Profile()
    profile.enable()
    fn()
    profile.disable()
    stats = pstats.Stats(profile)
    return {
        name: sum(v[3] for k, v in stats.stats.items() if k[2] == name) / stats.total_tt
        for name in names
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        write_demo(Path(folder) / "demo.kpidesk").close()
        with open_document(Path(folder) / "demo.kpidesk") as document:
            firm = FirmService(document)
            contracts = firm.contracts()
            periods = firm.periods(contracts[0].year)
            months = [p for p in periods if len(p) == 7]

            def trends():
                for c in contracts:
                    firm.trend(c.id)

            def export_scores():
                for c in contracts:
                    for p in periods:
                        firm.score(c.id, p)

            names = ("score_contract", "execute")
            for label, fn in (
                ("trend, every contract", trends),
                ("export's scores", export_scores),
            ):
                seconds = best_of(3, fn)
                parts = share(fn, names)
                print(
                    f"{label:24} {seconds * 1000:7.0f} ms   scoring {parts['score_contract']:5.1%}"
                    f"   SQL {parts['execute']:5.1%}"
                )

            per_contract = []
            for c in contracts:
                scores = [firm.score(c.id, m) for m in months]
                lines = scores[-1].contract.lines
                actuals = [
                    [
                        s.actuals.get(l.id) if s.actuals.get(l.id) is not None else math.nan
                        for s in scores
                    ]
                    for l in lines
                ]
                per_contract.append(([l.rule for l in lines], [l.weight for l in lines], actuals))

            def by_line():
                for rules, weights, actuals in per_contract:
                    for rule, weight, row in zip(rules, weights, actuals):
                        for actual in row:
                            if not (isinstance(actual, float) and math.isnan(actual)):
                                score_line(rule, actual, weight)

            print(f"trend points, score_line       {best_of(7, by_line) * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
