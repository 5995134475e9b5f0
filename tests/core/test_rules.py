"""Scoring rules of METHOD.md §7: worked examples, properties, and clear refusals."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kpidesk.method import RuleError, completion_rate, score_line, validate_rule

POLY = {"kind": "polyline", "challenge": 120, "base": 100, "minimum": 80, "base_ratio": 0.8}


@pytest.mark.parametrize(
    "actual, points",
    [
        (130, 20.0),  # beyond challenge: capped at w
        (120, 20.0),  # challenge reached: full weight
        (110, 16 + 0.5 * 4),  # S + (actual − B)/(A − B)·(w − S)
        (100, 16.0),  # base: S = 0.8·w
        (90, 16 * 0.5),  # S·(actual − C)/(B − C)
        (80, 0.0),  # minimum: nothing yet
        (79, 0.0),  # below minimum
    ],
)
def test_difficulty_polyline_follows_the_formula(actual, points):
    assert score_line(POLY, actual, 20) == pytest.approx(points)


def test_lower_is_better_polyline_mirrors_the_formula():
    rule = {"kind": "polyline", "challenge": 33000, "base": 34750, "minimum": 36500}
    assert score_line(rule, 34750, 10) == pytest.approx(8)
    assert score_line(rule, 33875, 10) == pytest.approx(9)  # halfway to challenge
    assert score_line(rule, 35625, 10) == pytest.approx(4)  # halfway to minimum
    assert score_line(rule, 32000, 10) == pytest.approx(10)
    assert score_line(rule, 37000, 10) == 0


def test_base_points_override_the_ratio():
    rule = dict(POLY, base_points=12)
    assert score_line(rule, 100, 20) == pytest.approx(12)


def test_linear_add_deduct_counts_full_steps_only():
    # Month output: base earns S = 8 of 10; each full 2 t more adds 0.5, each full 2 t less deducts 0.5.
    rule = {"kind": "linear", "base": 20, "step": 2, "points": 0.5, "base_ratio": 0.8}
    assert score_line(rule, 20, 10) == 8
    assert score_line(rule, 23.9, 10) == 8.5  # one full step
    assert score_line(rule, 24, 10) == 9
    assert score_line(rule, 16.5, 10) == 7.5  # one full step short
    assert score_line(rule, 100, 10) == 10  # clamped to w
    assert score_line(rule, -100, 10) == 0  # clamped to 0
    assert score_line(dict(rule, direction="lower"), 16, 10) == 9


def test_linear_ignores_float_noise_at_a_step():
    rule = {"kind": "linear", "base": 0.1, "step": 0.1, "points": 1, "base_points": 5}
    assert score_line(rule, 0.4, 10) == 8  # 0.3/0.1 is 2.9999999999999996 in floats


def test_proportional_with_cap_and_direction():
    rule = {"kind": "proportional", "target": 200, "cap": 1.2}
    assert score_line(rule, 100, 10) == 5
    assert score_line(rule, 300, 10) == 12
    assert score_line({"kind": "proportional", "target": 200}, 300, 10) == 10
    lower = {"kind": "proportional", "target": 4, "direction": "lower"}
    assert score_line(lower, 5, 10) == pytest.approx(8)
    assert score_line(lower, 0, 10) == 10


def test_grade_team_cohesion_example():
    # seed 004 slide 54: levels 1–4 of "team cohesion" score 30, 28, 24, 18.
    rule = {
        "kind": "grade",
        "challenge": 0,
        "base": 2,
        "levels": [
            {"label": str(i + 1), "points": p, "description": d}
            for i, (p, d) in enumerate(zip((30, 28, 24, 18), ("强", "较强", "一般", "较低")))
        ],
    }
    assert [score_line(rule, str(i), 30) for i in range(1, 5)] == [30, 28, 24, 18]
    with pytest.raises(RuleError, match="'5' is not a level"):
        score_line(rule, "5", 30)


def test_multi_dimension_recruitment_task():
    # seed 004 slides 34–35: −10 per day late, −20 per channel missing, −20 per channel the
    # leader rejects, −10 per 10 % over budget; floor 0.
    rule = {
        "kind": "task",
        "items": [
            {"name": "days late", "per": 1, "points": 10},
            {"name": "channels missing", "per": 1, "points": 20},
            {"name": "channels rejected", "per": 1, "points": 20},
            {"name": "% over budget", "per": 10, "points": 10},
        ],
    }
    assert score_line(rule, {}, 100) == 100
    assert score_line(rule, {"days late": 2, "channels missing": 1}, 100) == 60
    assert score_line(rule, {"% over budget": 19}, 100) == 90  # one full 10 %
    assert score_line(rule, {"days late": 30}, 100) == 0
    with pytest.raises(RuleError, match="'weather' is not an item"):
        score_line(rule, {"weather": 1}, 100)


def test_deduction_items_take_points_off():
    rule = {"kind": "deduction", "points": 5, "veto_at": 3}
    assert score_line(rule, 2, 0) == -10


@pytest.mark.parametrize(
    "rule, weight, field, words",
    [
        (
            {
                "kind": "polyline",
                "challenge": 90,
                "base": 100,
                "minimum": 80,
                "direction": "higher",
            },
            20,
            "challenge",
            "challenge 90 is below base 100 for a higher-is-better",
        ),
        (
            {"kind": "polyline", "challenge": 120, "base": 100, "minimum": 110},
            20,
            "minimum",
            "minimum 110 must be below base",
        ),
        (
            {"kind": "polyline", "challenge": 80, "base": 100, "minimum": 90},
            20,
            "minimum",
            "must be above base",
        ),
        (
            {"kind": "polyline", "challenge": 100, "base": 100, "minimum": 90},
            20,
            "challenge",
            "no slope",
        ),
        (
            {"kind": "polyline", "challenge": 120, "base": 130, "minimum": 80},
            20,
            "base",
            "base 130 is above challenge 120 for a higher-is-better",
        ),
        (
            {"kind": "polyline", "challenge": 120, "base": 100, "minimum": 120},
            20,
            "minimum",
            "must differ",
        ),
        (
            {"kind": "polyline", "challenge": 120, "base": 100},
            20,
            "minimum",
            "'minimum' is missing",
        ),
        (
            {"kind": "polyline", "challenge": "x", "base": 100, "minimum": 90},
            20,
            "challenge",
            "must be a number",
        ),
        (dict(POLY, base_ratio=1.5), 20, "base_ratio", "between 0 and 1"),
        (dict(POLY, base_points=25), 20, "base_points", "between 0 and the weight"),
        (
            {"kind": "linear", "base": 1, "step": 0, "points": 1},
            10,
            "step",
            "step must be above zero",
        ),
        (
            {"kind": "linear", "base": 1, "step": 1, "points": -1},
            10,
            "points",
            "must not be negative",
        ),
        ({"kind": "proportional", "target": 0}, 10, "target", "target must be above zero"),
        (
            {"kind": "grade", "levels": [{"label": "A", "points": 40}]},
            30,
            "levels[0].points",
            "worth 40 points, more than the weight 30",
        ),
        (
            {"kind": "grade", "levels": [{"label": "A", "points": 1}, {"label": "A", "points": 2}]},
            30,
            "levels[1].label",
            "appears twice",
        ),
        (
            {"kind": "grade", "levels": [{"label": "A", "points": 1}], "base": 3},
            30,
            "base",
            "level index",
        ),
        ({"kind": "grade", "levels": []}, 30, "levels", "non-empty"),
        (
            {"kind": "task", "items": [{"name": "late", "per": 0, "points": 1}]},
            10,
            "items[0].per",
            "above zero",
        ),
        ({"kind": "deduction", "points": 5}, 10, "weight", "carries no weight"),
        ({"kind": "deduction", "points": 0}, 0, "points", "more than zero"),
        ({"kind": "deduction", "points": 5, "veto_at": 0}, 0, "veto_at", "whole number"),
        ({"kind": "magic"}, 10, "kind", "unknown rule kind"),
        (POLY, 120, "weight", "between 0 and 100"),
    ],
)
def test_invalid_rules_name_the_field(rule, weight, field, words):
    with pytest.raises(RuleError, match=words) as caught:
        validate_rule(rule, weight)
    assert caught.value.field == field


def test_actual_of_the_wrong_type_is_refused():
    with pytest.raises(RuleError, match="must be a number"):
        score_line(POLY, "12", 20)
    with pytest.raises(RuleError, match="must be a number"):
        score_line(POLY, math.nan, 20)


def test_completion_rate_inverts_for_lower_is_better():
    assert completion_rate(110, 100) == pytest.approx(1.1)
    assert completion_rate(5, 4, "lower") == pytest.approx(0.8)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def polylines(draw):
    c, b, a = sorted(draw(st.lists(finite, min_size=3, max_size=3, unique=True)))
    assume(b - c > 1e-3 and a - b > 1e-3)
    lower = draw(st.booleans())
    rule = {
        "kind": "polyline",
        "challenge": c if lower else a,
        "base": b,
        "minimum": a if lower else c,
        "base_ratio": draw(st.floats(0, 1)),
    }
    return rule, draw(st.floats(0.5, 100))


@given(polylines(), finite, finite)
def test_polyline_is_monotone_and_bounded(rule_weight, x, y):
    rule, weight = rule_weight
    lo, hi = sorted((x, y))
    s_lo, s_hi = score_line(rule, lo, weight), score_line(rule, hi, weight)
    assert 0 <= s_lo <= weight and 0 <= s_hi <= weight
    if rule["challenge"] > rule["base"]:
        assert s_lo <= s_hi + 1e-9
    else:
        assert s_hi <= s_lo + 1e-9


@given(polylines())
def test_polyline_is_continuous_at_base_and_minimum(rule_weight):
    rule, weight = rule_weight
    for point in (rule["base"], rule["minimum"]):
        # A step a billionth of the shorter segment moves the score by at most w·1e-9.
        eps = min(abs(rule["challenge"] - rule["base"]), abs(rule["base"] - rule["minimum"])) * 1e-9
        below, at, above = (score_line(rule, point + d, weight) for d in (-eps, 0, eps))
        assert below == pytest.approx(at, abs=weight * 1e-6)
        assert above == pytest.approx(at, abs=weight * 1e-6)
