"""METHOD.md §7's qualitative rating (seed 001 slide 26): a rater picks one level of a graded
scale; each level is a share of the line's weight. Numbers worked by hand."""

from __future__ import annotations

import pytest

from kpidesk.core.entry import EntryError, parse_actual
from kpidesk.core.errors import RuleError
from kpidesk.core.rule_kinds import kind_of
from kpidesk.core.rule_text import describe_rule, explain_rule, rule_kind_name
from kpidesk.core.rules import (
    levels_unused,
    levels_used,
    line_completion,
    line_rule,
    rule_direction,
    rule_targets,
    score_line,
    validate_rule,
)
from kpidesk.i18n import gettext

SCALE = {
    "kind": "rating",
    "rater": "committee",
    "base": 1,
    "challenge": 0,
    "levels": [
        {"label": "优秀", "share": 1.0, "description": "全年无差错"},
        {"label": "合格", "share": 0.75, "description": "差错不超过两次"},
        {"label": "不合格", "share": 0.25, "description": "差错三次以上"},
    ],
}


def zh_default_scale(weight: float = 20) -> dict:
    return kind_of({"kind": "rating"}).new_rule(weight, lambda m: gettext(m, "zh_CN"))


def test_the_default_scale_has_five_levels_best_first_and_its_base_earns_80_percent():
    rule = zh_default_scale()
    assert [level["label"] for level in rule["levels"]] == ["优秀", "良好", "合格", "需改进", "不合格"]
    assert rule["rater"] == "superior" and rule["base"] == 2 and rule["challenge"] == 0
    validate_rule(rule, 20)
    # weight 20: 100 % / 90 % / 80 % / 60 % / 0 % of it
    assert [score_line(rule, label, 20) for label in ("优秀", "良好", "合格", "需改进", "不合格")] == [
        20.0,
        18.0,
        16.0,
        12.0,
        0.0,
    ]


def test_a_level_earns_its_share_of_the_weight():
    assert score_line(SCALE, "优秀", 30) == 30.0
    assert score_line(SCALE, "合格", 30) == 22.5
    assert score_line(SCALE, "不合格", 30) == 7.5
    assert score_line(SCALE, "合格", 8) == 6.0  # the same scale on a line of another weight


def test_a_level_not_on_the_scale_is_refused_naming_the_levels():
    with pytest.raises(RuleError, match="'良好' is not a level of this rating scale"):
        score_line(SCALE, "良好", 30)
    with pytest.raises(RuleError):
        score_line(SCALE, 0.75, 30)


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"levels": []}, "levels", "non-empty"),
        ({"levels": [{"label": "", "share": 1}]}, "levels[0].label", "no label"),
        (
            {"levels": [{"label": "A", "share": 1}, {"label": "A", "share": 0.5}]},
            "levels[1].label",
            "twice",
        ),
        ({"levels": [{"label": "A", "share": 1.2}]}, "levels[0].share", "between 0 and 1"),
        ({"levels": [{"label": "A"}]}, "levels[0].share", "not —"),
        (
            {"levels": [{"label": "A", "share": 0.5}, {"label": "B", "share": 0.8}]},
            "levels[1].share",
            "best to worst",
        ),
        ({"rater": "hr"}, "rater", "superior"),
        ({"base": 3}, "base", "index"),
    ],
)
def test_a_bad_scale_is_named_by_its_field(change, field, words):
    with pytest.raises(RuleError, match=words) as caught:
        validate_rule({**SCALE, **change}, 30)
    assert caught.value.field == field


def test_what_is_typed_becomes_a_level_by_label_or_by_place():
    assert parse_actual(SCALE, " 合格 ") == "合格"
    assert parse_actual(SCALE, "1") == "优秀"  # its place on the scale, best first
    assert parse_actual(SCALE, "３") == "不合格"  # full-width digits too
    assert parse_actual(SCALE, "") is None
    english = kind_of({"kind": "rating"}).new_rule(10, lambda m: m)
    assert parse_actual(english, "good") == "Good"  # Latin labels in any case
    with pytest.raises(EntryError, match="'4' is not a level; use one of: 优秀, 合格, 不合格"):
        parse_actual(SCALE, "4")
    with pytest.raises(EntryError, match="'良好' is not a level"):
        parse_actual(SCALE, "良好")
    numbered = {**SCALE, "levels": [{"label": "3", "share": 1.0}, {"label": "1", "share": 0.5}]}
    assert parse_actual(numbered, "1") == "1"  # digits that are labels stay labels


def test_a_rating_keeps_no_target_level_and_has_no_direction_or_completion():
    assert levels_used("rating") == ()
    assert levels_unused("rating", 80, 90, 100) == ("minimum", "base", "challenge")
    assert rule_targets(SCALE) == {}
    assert line_rule(SCALE, 80, 90, 100) == SCALE
    assert rule_direction(SCALE) is None
    assert line_completion(SCALE, "合格", 90) is None


def test_the_printed_contract_states_the_rater_and_each_level_in_points():
    assert describe_rule(SCALE, 20, "en") == (
        "Rated by the review meeting: 优秀 20 / 合格 15 / 不合格 5"
    )
    assert describe_rule(SCALE, 20, "zh_CN") == "由绩效考评会评定等级：优秀 20 / 合格 15 / 不合格 5"
    assert explain_rule(SCALE, 20, "zh_CN") == (
        "由绩效考评会按分级评估表评定一个等级："
        "优秀（全年无差错）20分；合格（差错不超过两次）15分；不合格（差错三次以上）5分。"
    )
    superior = {**SCALE, "rater": "superior"}
    assert explain_rule(superior, 20, "en").startswith(
        "The direct superior rates one level of the scale: 优秀 (全年无差错) 20 points;"
    )
    assert rule_kind_name("rating", "zh_CN") == "定性评级"


def test_each_level_of_two_scales_scores_its_share_of_the_weight():
    # SCALE at weight 30 (shares 1, .75, .25) and the default zh scale at weight 20.
    assert score_line(SCALE, "优秀", 30) == 30.0
    assert score_line(SCALE, "不合格", 30) == 7.5
    assert score_line(zh_default_scale(), "需改进", 20) == 12.0
    assert score_line(zh_default_scale(), "良好", 20) == 18.0
