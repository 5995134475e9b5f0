"""A line's targets are held once: the rule scores with the levels the line shows; amendments
take effect from a period; the base-score add/deduct rule (加减计分, METHOD §7)."""

from __future__ import annotations

from datetime import datetime

import pytest

from kpidesk.core.amendments import (
    Amendment,
    amendment_applies,
    line_as_of,
    months_governed,
    note_following,
    stale_note_numbers,
)
from kpidesk.core.errors import RuleError
from kpidesk.core.model import ContractLine
from kpidesk.core.rule_text import describe_rule, explain_rule, rule_kind_name
from kpidesk.core.rules import (
    RULE_KINDS,
    line_rule,
    rule_targets,
    score_line,
    target_disagreements,
    validate_rule,
)

# Seed 004 slide 53: w = 20, base score 16, base 100; each unit above adds 1, below deducts 2.
BASE_SCORE = {
    "kind": "base_score",
    "base": 100,
    "step": 1,
    "add_points": 1,
    "deduct_points": 2,
    "base_points": 16,
}


@pytest.mark.parametrize(
    ("actual", "points"),
    [(100, 16), (103, 19), (105, 20), (130, 20), (97, 10), (92, 0), (90, 0), (100.5, 16)],
)
def test_base_score_adds_up_to_the_weight_and_deducts_down_to_zero(actual, points):
    assert score_line(BASE_SCORE, actual, 20) == points


def test_base_score_lower_is_better_and_default_base_score():
    lower = dict(BASE_SCORE, direction="lower")
    assert score_line(lower, 97, 20) == 19  # 3 below base is 3 steps better
    assert score_line(lower, 101, 20) == 14
    default = {k: v for k, v in BASE_SCORE.items() if k != "base_points"}
    assert score_line(default, 100, 20) == 16  # 80 % of 20


def test_base_score_is_a_kind_and_is_validated():
    assert "base_score" in RULE_KINDS
    with pytest.raises(RuleError, match="step must be above zero"):
        validate_rule(dict(BASE_SCORE, step=0), 20)
    with pytest.raises(RuleError, match="'deduct_points' is missing"):
        validate_rule({k: v for k, v in BASE_SCORE.items() if k != "deduct_points"}, 20)
    with pytest.raises(RuleError, match="base_points 25 must lie between 0 and the weight 20"):
        validate_rule(dict(BASE_SCORE, base_points=25), 20)


def test_base_score_steps_above_and_below_base():
    assert [score_line(BASE_SCORE, actual, 20) for actual in (103, 105, 97, 90)] == [19, 20, 10, 0]


def test_base_score_in_words_in_both_languages():
    assert rule_kind_name("base_score", "en") == "Base-score add/deduct"
    assert rule_kind_name("base_score", "zh_CN") == "加减计分"
    assert describe_rule(BASE_SCORE, 20, "en") == (
        "Base-score add/deduct: base earns 16, each 1 more adds 1, each 1 less deducts 2"
    )
    assert explain_rule(BASE_SCORE, 20, "zh_CN") == (
        "达到基准目标 100 得基准达标分 16 分；每超过 1 加 1 分，加至 20 分为止；"
        "每低于 1 扣 2 分，扣完为止。"
    )


POLYLINE_DEFAULTS = {
    "kind": "polyline",
    "challenge": 120,
    "base": 100,
    "minimum": 80,
    "base_ratio": 0.8,
}


def test_the_line_scores_with_the_targets_it_shows():
    """Issue 9: a line showing 250 / 270 / 290 kept a rule of 120 / 100 / 80."""
    rule = line_rule(POLYLINE_DEFAULTS, 250, 270, 290)
    assert (rule["minimum"], rule["base"], rule["challenge"]) == (250, 270, 290)
    assert rule["base_ratio"] == 0.8
    assert score_line(rule, 270, 30) == 24  # the base score, not the full weight
    assert line_rule({"kind": "proportional", "target": 1}, None, 270, None)["target"] == 270
    linear = {"kind": "linear", "base": 20, "step": 2, "points": 0.5}
    assert line_rule(linear, 5, 18, 30) == dict(linear, base=18)  # linear has base only
    grade = {"kind": "grade", "levels": [{"label": "A", "points": 5}], "base": 0}
    assert line_rule(grade, 1, 2, 3) == grade  # a grade's base is a level index, not a target
    assert line_rule(POLYLINE_DEFAULTS, None, 90, None)["minimum"] == 80  # empty keeps the rule's


def test_disagreements_name_the_level_and_both_values():
    assert target_disagreements(POLYLINE_DEFAULTS, 250, 270, 290) == [
        ("minimum", 250, 80),
        ("base", 270, 100),
        ("challenge", 290, 120),
    ]
    assert target_disagreements(POLYLINE_DEFAULTS, 80.0, 100.0, 120.0) == []
    assert target_disagreements({"kind": "proportional", "target": 5}, None, None, None) == [
        ("base", None, 5)
    ]
    assert rule_targets({"kind": "proportional", "target": 5, "cap": 1}) == {"base": 5}


LINE = ContractLine(
    1, "K1", "通信业务收入", "financial", 25, "亿元", 21.5, 24.0, 25.0, "24（力争25）",
    {"kind": "polyline", "minimum": 21.5, "base": 24.0, "challenge": 25.0, "base_ratio": 0.8},
)
FROM_JULY = [
    Amendment("base", 22.73, 24.0, "2003-07"),
    Amendment("challenge", 23.2, 25.0, "2003-07"),
    Amendment("target_note", "22.73（力争23.2）", "24（力争25）", "2003-07"),
    Amendment(
        "rule",
        {"kind": "polyline", "minimum": 21.5, "base": 22.73, "challenge": 23.2, "base_ratio": 0.8},
        LINE.rule,
        "2003-07",
    ),
]


@pytest.mark.parametrize(
    ("period", "base"),
    [
        ("2003-01", 22.73),
        ("2003-06", 22.73),
        ("2003-Q2", 22.73),
        ("2003-H1", 22.73),
        ("2003-07", 24.0),
        ("2003-12", 24.0),
        ("2003-Q3", 24.0),
        ("2003-H2", 24.0),
        ("2003", 24.0),
    ],
)
def test_an_amendment_governs_from_its_period(period, base):
    line = line_as_of(LINE, FROM_JULY, period)
    assert line.base == base and line.rule["base"] == base
    if base == 22.73:
        assert (line.challenge, line.target_note) == (23.2, "22.73（力争23.2）")
        assert score_line(line.rule, 23.0, 25) == pytest.approx(20 + 0.27 / 0.47 * 5)
    else:
        assert line is LINE
        assert score_line(line.rule, 24.0, 25) == 20


def test_amendments_without_a_period_govern_from_the_first():
    assert amendment_applies(None, "2003-01")
    assert line_as_of(LINE, [Amendment("base", 22.73, 24.0, None)], "2003-01") is LINE


def test_months_each_value_governed():
    assert months_governed(FROM_JULY[:1], 2003) == [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]
    twice = [Amendment("base", 1, 2, "2003-04"), Amendment("base", 2, 3, "2003-10")]
    assert months_governed(twice, 2003) == [[1, 2, 3], [4, 5, 6, 7, 8, 9], [10, 11, 12]]
    assert months_governed([Amendment("base", 1, 2, None)], 2003) == [[], list(range(1, 13))]


def test_the_target_note_follows_an_amended_level():
    assert note_following("22.73（力争23.2）", 23.2, 25.0) == "22.73（力争25）"
    assert note_following("22.73（力争23.2）", 22.73, 24.0) == "24（力争23.2）"
    assert note_following("22.73（力争23.2）", 21.5, 21.0) is None  # not quoted
    assert note_following("", 1.0, 2.0) is None
    assert stale_note_numbers("22.73（力争23.2）", (21.5, 24.0, 23.2), [22.73]) == [22.73]
    assert stale_note_numbers("24（力争23.2）", (21.5, 24.0, 23.2), [22.73]) == []
    assert stale_note_numbers("同比增长10%", (21.5, 24.0, 23.2), [22.73]) == []


def test_amendment_record_fields_default():
    made = Amendment("base", 1, 2)
    assert made.effective_from is None and made.reason == "" and made.at is None
    assert Amendment("base", 1, 2, "2003-07", "r", "a", datetime(2003, 7, 1)).at.month == 7
