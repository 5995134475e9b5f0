"""Where the time goes when the app scores more than one period or contract. On the demo firm:
the whole ``FirmService.trend`` and the export's scores, with the share spent scoring lines
and in SQL, and the lines of every trend scored alone (``score_line``). Issue 10 measured
a vectorised scorer (``core.batch``, removed) here: reading dominates (55–66 % SQL) and scoring
lines is 1–10 %, and at the app's mix of kinds the vectorised path was slower than the loop.

    python -m benchmarks --only trend_all,export_scores
"""

from __future__ import annotations

import cProfile
import math
import pstats
from pathlib import Path

from kpidesk.core.rules import score_line
from kpidesk.services import FirmService, open_document
from kpidesk.services.demo import write_demo

from benchmarks.suite import Bench, Figure, main as suite_main, measurement, seconds


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


def demo_firm(path: Path) -> None:
    write_demo(path).close()


@measurement("trend_all", "export_scores")
def app_scoring(bench: Bench) -> dict[str, Figure]:
    """On the demo firm: every contract's trend, and every contract scored for every period
    (the export's scores), each with the share spent scoring lines and in SQL; the reference
    is every trend point's lines scored alone (``score_line``), with no reading."""
    demo = bench.copy(bench.kept("demo.kpidesk", demo_firm), "demo.kpidesk")
    with open_document(demo) as document:
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

        floor = seconds(by_line, 7) * 1000
        found = {}
        for name, work in (("trend_all", trends), ("export_scores", export_scores)):
            parts = share(work, ("score_contract", "execute"))
            found[name] = Figure(
                seconds(work, 3) * 1000,
                "ms",
                None,
                floor,
                f"scoring {parts['score_contract']:.0%}, SQL {parts['execute']:.0%}",
            )
    return found


if __name__ == "__main__":
    raise SystemExit(suite_main(["--only", "trend_all,export_scores"]))
