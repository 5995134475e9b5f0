"""Issue 10 §3, round 3: a rule's messages name its fields, its kind and its lists as a Chinese
HR manager reads them — never a JSON key, a kind code, "None" or an English comma inside a
Chinese sentence."""

from __future__ import annotations

import pytest

from kpidesk.core.entry import parse_grade
from kpidesk.core.problems import KpideskError
from kpidesk.core.rule_kinds import rule_kind
from kpidesk.core.rule_kinds.rating import read_level as read_rating
from kpidesk.core.rule_kinds.rating import score as score_rating
from kpidesk.core.rules import score_line, validate_rule

LINEAR = {"kind": "linear", "base": 100, "step": 5, "points": 1}
RATING = {
    "kind": "rating",
    "rater": "superior",
    "base": 1,
    "challenge": 0,
    "levels": [
        {"label": "优秀", "share": 1.0},
        {"label": "良好", "share": 0.8},
        {"label": "较差", "share": 0.0},
    ],
}


def _said(call) -> tuple[str, str]:
    """What the refusal says, in Chinese and in English."""
    with pytest.raises(KpideskError) as raised:
        call()
    problems = raised.value.problems
    return (
        " ".join(p.text("zh_CN") for p in problems),
        " ".join(p.text("en") for p in problems),
    )


def test_an_empty_weight_says_the_weight_cannot_be_empty():
    zh, en = _said(lambda: validate_rule(LINEAR, None))
    assert zh == "权重不能为空"
    assert en == "the weight cannot be empty"


def test_a_missing_field_is_named_in_chinese_and_by_its_key_in_english():
    rule = {k: v for k, v in LINEAR.items() if k != "step"}
    zh, en = _said(lambda: validate_rule(rule, 20))
    assert zh == "线形增减规则：缺少“步长”"
    assert en == "Linear add/deduct rule: 'step' is missing"  # the key the JSON is typed with


def test_a_field_that_is_no_number_is_named_in_chinese():
    zh, _en = _said(lambda: validate_rule(dict(LINEAR, base_ratio="八成"), 20))
    assert zh == "线形增减规则：“基准达标分比例”须为数字，而不是 '八成'"
    zh, _en = _said(lambda: validate_rule({"kind": "deduction", "points": "五"}, 0))
    assert zh == "扣分指标规则：“每次扣分”须为数字，而不是 '五'"


def test_an_actual_that_is_no_number_names_the_kind_and_says_shiji_wancheng_zhi():
    zh, en = _said(lambda: score_line(LINEAR, "很多", 20))
    assert zh == "线形增减指标的实际完成值须为数字，而不是 '很多'"
    assert en == "the actual of a Linear add/deduct line must be a number, not '很多'"


def test_an_unknown_kind_lists_the_kinds_by_name():
    zh, en = _said(lambda: rule_kind("magic"))
    assert zh == (
        "未知的规则类型 'magic'（可用：难易折线、线形增减、加减计分、比例计分、等级计分、"
        "定性评级、多维度任务、扣分指标）"
    )
    assert "linear" not in en and "Linear add/deduct, Base-score add/deduct" in en


def test_a_list_of_levels_inside_chinese_is_separated_by_dunhao():
    zh, en = _said(lambda: read_rating(RATING, "一般"))
    assert zh == "“一般”不是评级等级；请填写以下之一：优秀、良好、较差（或序号1–3）"
    assert en == "'一般' is not a level; use one of: 优秀, 良好, 较差 (or 1–3)"
    zh, _en = _said(lambda: score_rating(RATING, "一般", 10))
    assert zh == "“一般”不是本评级标准的等级（优秀、良好、较差）"
    grade = {"kind": "grade", "levels": [{"label": "A", "points": 10}, {"label": "B", "points": 5}]}
    zh, _en = _said(lambda: parse_grade(grade, "Z"))
    assert zh == "“Z” 不是有效等级，请使用：A、B"


def test_a_file_that_is_no_workbook_is_refused_in_our_words_without_the_librarys(tmp_path):
    from kpidesk.exchange.reader import read_workbook

    not_a_workbook = tmp_path / "实际完成值.xlsx"
    not_a_workbook.write_text("these are not cells")
    _sheets, problems = read_workbook(not_a_workbook)
    assert problems[0].text("zh_CN") == (
        "实际完成值.xlsx：无法作为 Excel 工作簿读取：不是 Excel 文件，或文件已损坏"
    )
    assert problems[0].text("en") == (
        "实际完成值.xlsx: cannot be read as an Excel workbook: it is not an Excel file, or it is "
        "damaged"
    )
    _sheets, problems = read_workbook(tmp_path / "gone.xlsx")
    assert problems[0].text("zh_CN") == "gone.xlsx：无法作为 Excel 工作簿读取：文件不存在"


def test_a_bug_while_reading_is_not_shown_as_a_bad_file(tmp_path, monkeypatch):
    from kpidesk.exchange import reader

    def broken(path, engine):
        raise TypeError("a bug in kpidesk, not a bad file")

    monkeypatch.setattr(reader, "_grids", broken)
    with pytest.raises(TypeError):
        reader.read_workbook(tmp_path / "any.xlsx")
