"""Scoring a whole firm for a year: 50,000 contract lines × 12 periods (issue 3 goal: under
0.5 s and within 3× of a bare numpy polyline over the same arrays).

    .venv/bin/python -m benchmarks.bench_scoring [--lines N] [--periods P] [--repeat R]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from kpidesk.method import compile_rules, score_compiled


def firm(lines: int, periods: int, seed: int = 2003):
    """A firm's year: mostly polylines (the usual rule), some linear and proportional lines."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(10, 1000, lines)
    rules, weights = [], rng.choice([5.0, 10.0, 15.0, 20.0, 25.0], lines)
    kinds = rng.choice(["polyline", "linear", "proportional"], lines, p=[0.8, 0.1, 0.1])
    for i, kind in enumerate(kinds):
        b = float(base[i])
        if kind == "polyline":
            rules.append({"kind": "polyline", "challenge": b * 1.1, "base": b, "minimum": b * 0.85})
        elif kind == "linear":
            rules.append({"kind": "linear", "base": b, "step": b * 0.02, "points": 0.5})
        else:
            rules.append({"kind": "proportional", "target": b, "cap": 1.2})
    actuals = base[:, None] * rng.uniform(0.8, 1.2, (lines, periods))
    return rules, weights, actuals, base


def bare_polyline(x, a, b, c, s, w):
    """The §7 polyline in plain numpy with no rule handling: the floor we compare against."""
    upper = np.minimum(w, s + (x - b) / (a - b) * (w - s))
    middle = s * (x - c) / (b - c)
    return np.where(x >= b, upper, np.where(x >= c, middle, 0.0))


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rules, weights, actuals, base = firm(args.lines, args.periods)

    compile_time = best_of(args.repeat, lambda: compile_rules(rules, weights))
    compiled = compile_rules(rules, weights)
    score_time = best_of(args.repeat, lambda: score_compiled(compiled, actuals))

    a, b, c = (base * 1.1)[:, None], base[:, None], (base * 0.85)[:, None]
    w = weights[:, None]
    s = 0.8 * w
    bare_time = best_of(args.repeat, lambda: bare_polyline(actuals, a, b, c, s, w))

    cells = args.lines * args.periods
    print(f"lines × periods          {args.lines:,} × {args.periods} = {cells:,} scores")
    print(f"compile + validate rules {compile_time * 1000:8.1f} ms (once per firm)")
    print(f"score all periods        {score_time * 1000:8.1f} ms")
    print(f"total                    {(compile_time + score_time) * 1000:8.1f} ms   goal < 500 ms")
    print(f"bare numpy polyline      {bare_time * 1000:8.1f} ms")
    print(f"ratio score / bare       {score_time / bare_time:8.2f}×       goal ≤ 3×")
    print(f"ratio total / bare       {(compile_time + score_time) / bare_time:8.2f}×")


if __name__ == "__main__":
    main()
