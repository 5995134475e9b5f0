"""A cost-type line ("lower is better") scores the right way round whatever its rule kind:
the direction follows the targets the line shows (issue 9 review)."""

import pytest

from kpidesk.core.rules import (
    levels_unused,
    levels_used,
    line_direction,
    line_rule,
    score_line,
    targets_direction,
)

# 营销成本 of the demo: minimum 36500, base 34750, challenge 33000 (lower is better).
COST_TARGETS = (36500, 34750, 33000)
BASE_SCORE = {
    "kind": "base_score",
    "base": 34750,
    "step": 500,
    "add_points": 1,
    "deduct_points": 1,
    "base_points": 8,
}


@pytest.mark.parametrize(
    "actual, points",
    [
        (33000, 10),  # 3.5 steps better: 8 + 3 = 11, held at the weight 10
        (34250, 9),  # one step better
        (34750, 8),  # at base: the base score
        (35750, 6),  # two steps worse
        (36500, 5),  # 3.5 steps worse: three full steps deducted
    ],
)
def test_base_score_on_a_cost_line_rewards_spending_less(actual, points):
    rule = line_rule(BASE_SCORE, *COST_TARGETS)
    assert rule["direction"] == "lower"
    assert score_line(rule, actual, 10) == pytest.approx(points)


def test_linear_on_a_cost_line_rewards_spending_less():
    linear = {"kind": "linear", "base": 34750, "step": 500, "points": 1, "base_points": 8}
    rule = line_rule(linear, *COST_TARGETS)
    assert score_line(rule, 33750, 10) == pytest.approx(10)  # two steps better: 8 + 2
    assert score_line(rule, 35750, 10) == pytest.approx(6)  # two steps worse: 8 − 2


@pytest.mark.parametrize("actual, points", [(2, 10), (3, 10), (5, 6)])
def test_proportional_lower_is_better_is_target_over_actual(actual, points):
    # 关键人才流失率: minimum 5, base 3, challenge 2. Actual 2 → 3/2 capped at 1 → 10;
    # actual 5 → 3/5 of the weight 10 = 6.
    rule = line_rule({"kind": "proportional", "target": 3}, 5, 3, 2)
    assert score_line(rule, actual, 10) == pytest.approx(points)


def test_a_higher_is_better_line_keeps_its_rule_as_written():
    rule = {"kind": "linear", "base": 20, "step": 2, "points": 0.5}
    assert line_rule(rule, 18, 20, 24) == rule  # no direction key added: exports round-trip


def test_direction_comes_from_targets_then_from_the_kpi():
    assert targets_direction(36500, 34750, 33000) == "lower"
    assert targets_direction(None, 20, 24) == "higher"
    assert targets_direction(None, 20, None) is None
    assert line_direction(None, 20, None, "lower") == "lower"
    assert line_direction(None, 20, None, None) == "higher"
    # the targets win over the dictionary: they are what the contract shows
    assert line_direction(5, 3, 2, "higher") == "lower"


def test_levels_each_kind_scores_with():
    assert levels_used("polyline") == ("minimum", "base", "challenge")
    for kind in ("linear", "base_score", "proportional"):
        assert levels_used(kind) == ("base",)
    for kind in ("grade", "task", "deduction"):
        assert levels_used(kind) == ()
    assert levels_unused("base_score", 36500, 34750, 33000) == ("minimum", "challenge")
    assert levels_unused("polyline", 36500, 34750, 33000) == ()
    assert levels_unused("linear", None, 20, None) == ()


def test_a_lower_is_better_rule_is_worded_the_way_it_scores():
    from kpidesk.core.rule_text import describe_rule, explain_rule

    rule = line_rule(BASE_SCORE, *COST_TARGETS)
    assert explain_rule(rule, 10, "en") == (
        "Reaching base 34750 earns the base score 8; each full 500 less adds 1 up to 10, "
        "each full 500 more deducts 1 down to 0."
    )
    assert explain_rule(rule, 10, "zh_CN").startswith(
        "达到基准目标 34750 得基准达标分 8 分；每低于 500 加 1 分"
    )
    assert describe_rule(line_rule({"kind": "proportional", "target": 3}, 5, 3, 2), 5, "en") == (
        "Proportional to target 3 (target ÷ actual, lower is better)"
    )
