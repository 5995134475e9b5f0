"""The §9 guide strip and the nine-box: every expected figure worked out by hand from the
default guide (2–5 %, 10–20 %, 40–60 %, 10–20 %, 1–3 %): lower bound floor(share × n), upper
bound ceil(share × n)."""

import pytest

from kpidesk.core.calibration import nine_box_counts, performance_level, strip
from kpidesk.core.errors import RuleError
from kpidesk.core.review_policy import DEFAULT_GUIDE

O, E, C, B, U = "outstanding", "excellent", "competent", "basically_competent", "unsatisfactory"


def ranges(cells):
    return [(c.grade, c.low, c.high) for c in cells]


def test_seven_people_the_demo():
    # 0.02×7 = 0.14 → 0, 0.05×7 = 0.35 → 1; 0.1×7 = 0.7 → 0, 0.2×7 = 1.4 → 2;
    # 0.4×7 = 2.8 → 2, 0.6×7 = 4.2 → 5; 0.01×7 → 0, 0.03×7 = 0.21 → 1
    cells = strip([E, E, C, C, C, B, U], DEFAULT_GUIDE)
    assert ranges(cells) == [(O, 0, 1), (E, 0, 2), (C, 2, 5), (B, 0, 2), (U, 0, 1)]
    assert [c.count for c in cells] == [0, 2, 3, 1, 1]
    assert not any(c.out_of_range for c in cells)


def test_twenty_people():
    grades = [O] * 3 + [E] * 2 + [C] * 10 + [B] * 5
    cells = strip(grades, DEFAULT_GUIDE)
    assert ranges(cells) == [(O, 0, 1), (E, 2, 4), (C, 8, 12), (B, 2, 4), (U, 0, 1)]
    assert [c.needs for c in cells] == [-2, 0, 0, -1, 0]
    assert [c.out_of_range for c in cells] == [True, False, False, True, False]


def test_a_hundred_people_bounds_exact_at_whole_numbers():
    grades = [E] * 20 + [C] * 61 + [B] * 19
    cells = strip(grades, DEFAULT_GUIDE)
    # 5 % of 100 is 5, not 6: a share times n that is whole stays whole
    assert ranges(cells) == [(O, 2, 5), (E, 10, 20), (C, 40, 60), (B, 10, 20), (U, 1, 3)]
    assert [c.needs for c in cells] == [2, 0, -1, 0, 1]


def test_nobody():
    assert [c.count + c.low + c.high for c in strip([], DEFAULT_GUIDE)] == [0] * 5


def test_performance_level_by_grade():
    assert [performance_level(g) for g in (O, E, C, B, U)] == ["high", "high", "mid", "low", "low"]
    with pytest.raises(RuleError):
        performance_level("great")


def test_nine_box_counts_and_holding_area():
    counts, holding = nine_box_counts(
        [("high", "high"), ("high", "high"), ("low", "low"), ("mid", None), ("mid", "high")]
    )
    assert holding == 1
    assert counts[9] == 2 and counts[1] == 1 and counts[6] == 1  # mid/high is box 6
    assert sum(counts.values()) == 4
