"""Is the period's data in (METHOD.md §1, §9): each due line delivered, missing, suspicious or
left to the committee; a line not due in the period (by its cycle) is not asked for."""

from __future__ import annotations

from kpidesk.core.model import ContractLine
from kpidesk.core.periods import Period
from kpidesk.core.readiness import LineState, line_readiness, previous_period, suspicion
from kpidesk.core.review_policy import ReviewPolicy

POLICY = ReviewPolicy()  # outside the span by more than half of it; a jump of more than 50 %
JULY = Period.parse("2003-07")


def line(rule=None, cycle="month", minimum=80.0, base=100.0, challenge=120.0) -> ContractLine:
    rule = rule or {"kind": "polyline", "minimum": minimum, "base": base, "challenge": challenge}
    return ContractLine(
        1,
        "K1",
        "收入",
        "financial",
        25,
        "万元",
        minimum,
        base,
        challenge,
        "",
        rule,
        "计划财务部",
        cycle,
    )


COMMITTEE = {
    "kind": "rating",
    "rater": "committee",
    "base": 1,
    "challenge": 0,
    "levels": [{"label": "优秀", "share": 1.0}, {"label": "合格", "share": 0.7}],
}


def state(l: ContractLine, value, previous=None, period=JULY) -> LineState:
    return line_readiness(l, period, value, previous, POLICY).state


def test_a_due_line_without_an_actual_is_missing_and_with_one_delivered():
    assert state(line(), None) is LineState.MISSING
    assert state(line(), 101.5) is LineState.DELIVERED


def test_a_quarterly_line_is_not_asked_for_in_july_but_is_in_september():
    quarterly = line(cycle="quarter")
    assert state(quarterly, None) is LineState.NOT_DUE
    assert state(quarterly, None, period=Period.parse("2003-09")) is LineState.MISSING


def test_a_committee_rated_line_waits_for_the_meeting_not_for_a_provider():
    rated = line(rule=COMMITTEE, minimum=None, base=None, challenge=None)
    assert state(rated, None) is LineState.TO_RATE
    assert state(rated, "合格") is LineState.DELIVERED


def test_a_deduction_item_is_never_due():
    deduction = line(
        rule={"kind": "deduction", "points": 5}, minimum=None, base=None, challenge=None
    )
    assert state(deduction, None) is LineState.NOT_DUE


def test_far_outside_the_span_is_suspicious():
    # Targets 80–120: the span is 40, half of it 20, so 60–140 passes.
    assert suspicion(line(), 140, None, POLICY) is None
    assert suspicion(line(), 60, None, POLICY) is None
    outside = suspicion(line(), 141, None, POLICY)
    assert outside is not None
    assert outside.message("en") == "141 lies far outside the targets 80–120"
    assert state(line(), 59) is LineState.SUSPICIOUS


def test_a_typing_slip_on_a_cost_line_is_caught_whichever_way_is_better():
    cost = line(minimum=36500, base=34750, challenge=33000)  # lower is better
    assert suspicion(cost, 34000, None, POLICY) is None
    assert suspicion(cost, 347500, None, POLICY) is not None


def test_a_jump_against_last_period_is_suspicious():
    assert suspicion(line(), 115, 100, POLICY) is None  # inside the span, +15 %
    wide = line(minimum=0, base=100, challenge=1000)  # the span allows anything from 0 to 1,450
    assert suspicion(wide, 149, 100, POLICY) is None
    jumped = suspicion(wide, 151, 100, POLICY)
    assert jumped is not None
    assert jumped.message("en") == "151 moved +51% against last period's 100"


def test_levels_are_not_numbers_and_never_suspicious():
    rated = line(rule=COMMITTEE, minimum=None, base=None, challenge=None)
    assert suspicion(rated, "合格", "优秀", POLICY) is None


def test_the_period_before():
    assert previous_period(Period.parse("2003-07")).code == "2003-06"
    assert previous_period(Period.parse("2003-Q2")).code == "2003-Q1"
    assert previous_period(Period.parse("2003-01")) is None
    assert previous_period(Period.parse("2003")) is None
