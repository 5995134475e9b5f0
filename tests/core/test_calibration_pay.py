"""Forced distribution, nine-box (§9) and performance pay (§10)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpidesk.method import (
    GRADES,
    RuleError,
    appraisal_coefficient,
    forced_distribution,
    nine_box,
    performance_pay,
)


def test_a_hundred_people_fill_the_guide_quotas():
    scores = {f"p{i}": 100 - i * 0.5 for i in range(100)}
    grades = forced_distribution(scores)
    counts = {g: list(grades.values()).count(g) for g in GRADES}
    assert counts == {
        "outstanding": 5,
        "excellent": 20,
        "competent": 55,
        "basically_competent": 18,
        "unsatisfactory": 2,
    }


def test_equal_scores_share_a_grade():
    scores = {f"p{i}": 90 for i in range(10)}
    assert len(set(forced_distribution(scores).values())) == 1


@given(st.dictionaries(st.integers(0, 500), st.floats(0, 100), min_size=1, max_size=60))
def test_a_higher_score_never_gets_a_lower_grade(scores):
    grades = forced_distribution(scores)
    rank = {g: i for i, g in enumerate(GRADES)}
    for a in scores:
        for b in scores:
            if scores[a] > scores[b]:
                assert rank[grades[a]] <= rank[grades[b]]
            if scores[a] == scores[b]:
                assert grades[a] == grades[b]


def test_custom_quotas_must_sum_to_one():
    with pytest.raises(RuleError, match="quotas sum to 0.5"):
        forced_distribution({"a": 1}, [("A", 0.5)])


def test_nine_box_actions():
    assert nine_box("high", "high").action == "fast track"
    assert nine_box("low", "low").action == "exit"
    assert nine_box("low", "mid").action == "warn"
    assert nine_box("mid", "high").box == 6
    with pytest.raises(RuleError, match="potential level"):
        nine_box("high", "huge")


@pytest.mark.parametrize(
    "score, coefficient",
    [
        (59.99, 0),
        (60, 0.6),
        (75, 0.8),
        (90, 1.0),
        (95, 1.25),
        (100, 1.5),
        (104, 1.5),
    ],
)
def test_appraisal_coefficient_breakpoints(score, coefficient):
    assert appraisal_coefficient(score) == pytest.approx(coefficient)


def test_performance_pay_in_cents():
    assert performance_pay(2000, 1.2, 95) == Decimal("3000.00")
    assert performance_pay("1234.56", "1.1", 75) == Decimal("1086.41")  # 1086.4128
    assert performance_pay(2000, 1, 50) == Decimal("0.00")
    with pytest.raises(RuleError, match="rise in score"):
        appraisal_coefficient(70, [(60, 0.6), (60, 1.0)])
