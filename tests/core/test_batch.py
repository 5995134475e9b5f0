"""The vectorised scorer must agree with score_line on every line."""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kpidesk.method import score_batch, score_line

num = st.floats(-1000, 1000, allow_nan=False)


@st.composite
def rule_and_weight(draw):
    kind = draw(
        st.sampled_from(
            [
                "polyline",
                "linear",
                "base_score",
                "proportional",
                "deduction",
                "grade",
                "rating",
                "task",
            ]
        )
    )
    weight = draw(st.floats(1, 100))
    if kind == "polyline":
        c, b, a = sorted(draw(st.lists(num, min_size=3, max_size=3, unique=True)))
        if draw(st.booleans()):
            a, c = c, a
        rule = {
            "kind": kind,
            "challenge": a,
            "base": b,
            "minimum": c,
            "base_ratio": draw(st.floats(0, 1)),
        }
    elif kind == "linear":
        rule = {
            "kind": kind,
            "base": draw(num),
            "step": draw(st.floats(0.01, 50)),
            "points": draw(st.floats(0, 10)),
            "direction": draw(st.sampled_from(["higher", "lower"])),
        }
    elif kind == "base_score":
        rule = {
            "kind": kind,
            "base": draw(num),
            "step": draw(st.floats(0.01, 50)),
            "add_points": draw(st.floats(0, 10)),
            "deduct_points": draw(st.floats(0, 10)),
            "base_ratio": draw(st.floats(0, 1)),
            "direction": draw(st.sampled_from(["higher", "lower"])),
        }
    elif kind == "proportional":
        rule = {
            "kind": kind,
            "target": draw(st.floats(0.01, 1000)),
            "cap": draw(st.floats(0.5, 2)),
            "direction": draw(st.sampled_from(["higher", "lower"])),
        }
    elif kind == "deduction":
        rule, weight = {"kind": kind, "points": draw(st.floats(0.5, 20))}, 0
    elif kind == "grade":
        rule = {
            "kind": kind,
            "levels": [{"label": "A", "points": weight}, {"label": "B", "points": weight / 2}],
        }
    elif kind == "rating":
        rule = {
            "kind": kind,
            "levels": [
                {"label": "良好", "share": draw(st.floats(0.5, 1))},
                {"label": "需改进", "share": draw(st.floats(0, 0.49))},
            ],
        }
    else:
        rule = {"kind": kind, "items": [{"name": "late", "per": 1, "points": 2}]}
    return rule, weight


def _actual(draw, rule):
    if rule["kind"] == "grade":
        return draw(st.sampled_from(["A", "B"]))
    if rule["kind"] == "rating":
        return draw(st.sampled_from(["良好", "需改进"]))
    if rule["kind"] == "task":
        return {"late": draw(st.integers(0, 30))}
    if rule["kind"] == "deduction":
        return float(draw(st.integers(0, 5)))
    return draw(num)


@settings(max_examples=200)
@given(st.data())
def test_batch_agrees_with_score_line(data):
    lines = data.draw(st.lists(rule_and_weight(), min_size=1, max_size=20))
    periods = data.draw(st.integers(1, 4))
    actuals = np.empty((len(lines), periods), dtype=object)
    for i, (rule, _) in enumerate(lines):
        for j in range(periods):
            actuals[i, j] = _actual(data.draw, rule)
    result = score_batch([r for r, _ in lines], [w for _, w in lines], actuals)
    for i, (rule, weight) in enumerate(lines):
        for j in range(periods):
            expected = score_line(rule, actuals[i, j], weight)
            assert math.isclose(result[i, j], expected, rel_tol=1e-12, abs_tol=1e-9)


def test_missing_actuals_stay_missing():
    rule = {"kind": "polyline", "challenge": 120, "base": 100, "minimum": 80}
    result = score_batch([rule], [10], [[np.nan, 100.0]])
    assert math.isnan(result[0, 0]) and result[0, 1] == 8
