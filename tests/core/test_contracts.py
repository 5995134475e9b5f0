"""Contract totals, deductions, veto, period aggregation, status and the signing hash (§7, §8)."""

import pytest

from kpidesk.method import (
    LineInput,
    RuleError,
    can_transition,
    combine_periods,
    content_hash,
    is_locked,
    score_contract,
)

POLY = {"kind": "polyline", "challenge": 120, "base": 100, "minimum": 80}
COMPLAINT = {"kind": "deduction", "points": 5, "veto_at": 3}


def test_total_is_line_points_minus_deductions():
    lines = [LineInput(POLY, 60, 120, "a"), LineInput(POLY, 40, 100, "b")]
    result = score_contract(lines, [(COMPLAINT, 1)])
    assert [p.points for p in result.lines] == [60, 32]
    assert result.deduction_points == 5
    assert result.total == 87 and result.complete and not result.vetoed


def test_veto_zeroes_the_total_and_total_never_goes_negative():
    lines = [LineInput(POLY, 100, 120)]
    assert score_contract(lines, [(COMPLAINT, 3)]).total == 0
    assert score_contract(lines, [(COMPLAINT, 3)]).vetoed
    low = [LineInput(POLY, 100, 85)]
    assert score_contract(low, [({"kind": "deduction", "points": 50}, 2)]).total == 0


def test_missing_actuals_score_nothing_and_mark_incomplete():
    result = score_contract([LineInput(POLY, 50, 120), LineInput(POLY, 50, None)])
    assert result.total == 50 and not result.complete
    assert result.lines[1].points is None


def test_deductions_need_deduction_rules():
    with pytest.raises(RuleError, match="needs a deduction rule"):
        score_contract([], [(POLY, 1)])


def test_period_aggregation_sales_roles():
    # §7: sales and service roles monthly 40 % + annual 60 %; months count by their mean.
    assert combine_periods(
        {"month": [80, 90, 100], "year": 70}, {"month": 0.4, "year": 0.6}
    ) == pytest.approx(0.4 * 90 + 0.6 * 70)
    with pytest.raises(RuleError, match="no score for the 'half'"):
        combine_periods({"year": 70}, {"half": 0.5, "year": 0.5})
    with pytest.raises(RuleError, match="sum to 0.9"):
        combine_periods({"year": 70}, {"year": 0.9})


def test_status_moves_draft_agreed_signed_closed():
    assert can_transition("draft", "agreed") and can_transition("agreed", "signed")
    assert can_transition("agreed", "draft") and can_transition("signed", "closed")
    assert not can_transition("draft", "signed") and not can_transition("signed", "draft")
    assert is_locked("signed") and is_locked("closed") and not is_locked("agreed")


def test_hash_ignores_int_float_spelling_but_sees_any_change():
    a = {"lines": [{"weight": 25, "rule": POLY}], "who": "周"}
    b = {"lines": [{"weight": 25.0, "rule": dict(POLY)}], "who": "周"}
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash({"lines": [{"weight": 30, "rule": POLY}], "who": "周"})
