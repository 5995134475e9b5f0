"""What people type for an actual."""

import math

import pytest

from kpidesk.core.entry import EntryError, parse_actual, parse_number

GRADE = {
    "kind": "grade",
    "levels": [{"label": "优秀", "points": 10}, {"label": "良好", "points": 8}],
}
TASK = {"kind": "task", "items": [{"name": "延期天数", "per": 1, "points": 1}]}
POLY = {"kind": "polyline", "challenge": 120, "base": 100, "minimum": 80}


@pytest.mark.parametrize(
    "typed, value",
    [
        (12, 12.0),
        (12.5, 12.5),
        ("12.5", 12.5),
        ("１２.５", 12.5),
        ("1,234.5", 1234.5),
        ("12.5%", 12.5),
        (" -3 ", -3.0),
        ("＋７", 7.0),
    ],
)
def test_numbers_people_type(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["1,2", "约100", "12.5.3", "", "n/a", True, math.nan, math.inf])
def test_ambiguous_or_wrong_numbers_are_refused(typed):
    with pytest.raises(EntryError, match="not a number"):
        parse_number(typed)


def test_actuals_by_rule_kind():
    assert parse_actual(POLY, " ") is None
    assert parse_actual(POLY, "１０１") == 101.0
    assert parse_actual(GRADE, "良好") == "良好"
    assert parse_actual(TASK, "延期天数=2；") == {"延期天数": 2.0}
    with pytest.raises(EntryError, match="'abc' is not a number"):
        parse_actual(POLY, "abc")
    with pytest.raises(EntryError, match="is not a level; use one of: 优秀, 良好"):
        parse_actual(GRADE, "差")
    with pytest.raises(EntryError, match="'迟到' is not an item"):
        parse_actual(TASK, "迟到=1")
    with pytest.raises(EntryError, match="deduction items take events"):
        parse_actual({"kind": "deduction", "points": 5}, "1")
