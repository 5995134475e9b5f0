"""A lower-is-better polyline at its minimum earns nothing — 0, not -0 (shown as "-0.00")."""

import math

from kpidesk.core.rules import score_line

# 营销成本: lower is better, minimum 36500, base 34750, challenge 33000, weight 10.
COST = {"kind": "polyline", "challenge": 33000, "base": 34750, "minimum": 36500}


def test_the_minimum_of_a_lower_is_better_line_scores_plus_zero():
    points = score_line(COST, 36500, 10)
    assert points == 0 and math.copysign(1, points) == 1
    assert f"{points:.2f}" == "0.00"
