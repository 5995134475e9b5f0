"""When a period's data is complete (every scored line due by its cycle has an actual), and the
year's §7 period aggregation built from complete periods only — numbers worked by hand."""

import pytest

from kpidesk.core.model import ContractLine
from kpidesk.core.period_results import PeriodTotal, aggregate_year, is_due, missing_lines
from kpidesk.core.periods import Period
from kpidesk.method import RuleError


def _line(line_id: int, cycle: str, deduction: bool = False) -> ContractLine:
    rule = (
        {"kind": "deduction", "points": 5}
        if deduction
        else {"kind": "proportional", "target": 1}
    )
    return ContractLine(
        line_id, f"K{line_id}", f"KPI {line_id}", "financial", 0 if deduction else 25,
        "", None, None, None, "", rule, cycle=cycle,
    )


MONTHLY, QUARTERLY, HALF, ANNUAL = (
    _line(1, "month"), _line(2, "quarter"), _line(3, "half"), _line(4, "year"),
)
COMPLAINTS = _line(5, "month", deduction=True)
LINES = (MONTHLY, QUARTERLY, HALF, ANNUAL, COMPLAINTS)


@pytest.mark.parametrize(
    "period, due",
    [
        ("2003-01", [1]),
        ("2003-02", [1]),
        ("2003-03", [1, 2]),
        ("2003-06", [1, 2, 3]),
        ("2003-09", [1, 2]),
        ("2003-12", [1, 2, 3, 4]),
        ("2003-Q1", [1, 2]),
        ("2003-Q2", [1, 2, 3]),
        ("2003-H1", [1, 2, 3]),
        ("2003", [1, 2, 3, 4]),
    ],
)
def test_a_line_is_due_where_one_of_its_cycles_ends(period, due):
    scored = [l for l in LINES if not l.deduction]
    assert [l.id for l in scored if is_due(l.cycle, Period.parse(period))] == due
    # with no actual at all, the missing lines are exactly the due ones; deductions never
    assert [l.id for l in missing_lines(LINES, period, {})] == due


def test_a_month_is_complete_when_every_due_line_has_an_actual():
    # January: only the monthly line is due; the quarterly one has no actual and needs none.
    assert missing_lines(LINES, "2003-01", {1: 0.9}) == ()
    # March: the quarterly line is due too.
    assert missing_lines(LINES, "2003-03", {1: 0.9}) == (QUARTERLY,)
    assert missing_lines(LINES, "2003-03", {1: 0.9, 2: 1.1}) == ()
    # A value of 0 is an actual; None is not.
    assert missing_lines(LINES, "2003-02", {1: 0}) == ()
    assert missing_lines(LINES, "2003-02", {1: None}) == (MONTHLY,)


def _months(**totals):
    """Complete months from keyword m01=…; a tuple (total, False) is an incomplete month."""
    out = {}
    for key, value in totals.items():
        total, complete = value if isinstance(value, tuple) else (value, True)
        out[f"2003-{key[1:]}"] = PeriodTotal(total, True, complete)
    return out


def test_monthly_40_annual_60_with_annual_actuals():
    totals = _months(m01=100, m02=70, m03=(40, False))
    totals["2003"] = PeriodTotal(88, True, True)
    result = aggregate_year(2003, totals, {"month": 0.4, "year": 0.6})
    # months: mean(100, 70) = 85 (March incomplete, left out); year 88 from its own actuals.
    assert result.parts == {"month": 85, "year": 88}
    assert result.total == pytest.approx(86.8)
    assert result.built_from == ("2003-01", "2003-02")
    assert result.incomplete == ("2003-03",)
    assert result.empty == tuple(f"2003-{m:02d}" for m in range(4, 13))
    assert result.estimated == ("month",) and not result.complete


def test_without_annual_actuals_the_year_stands_in_from_its_complete_months():
    totals = _months(m01=80, m02=(10, False), m03=90)
    result = aggregate_year(2003, totals, {"month": 0.4, "year": 0.6})
    # month part mean(80, 90) = 85; the year, not yet reported, is estimated the same way.
    assert result.parts == {"month": 85, "year": 85}
    assert result.total == pytest.approx(85)
    assert set(result.estimated) == {"month", "year"}


def test_quarters_come_from_their_months_and_a_full_year_is_complete():
    scores = [60, 70, 80, 90, 90, 90, 100, 100, 100, 50, 60, 70]
    totals = {f"2003-{m:02d}": PeriodTotal(s, True, True) for m, s in enumerate(scores, 1)}
    totals["2003"] = PeriodTotal(75, True, True)
    result = aggregate_year(2003, totals, {"quarter": 0.3, "year": 0.7})
    # quarters 70, 90, 100, 60 → mean 80; 0.3 × 80 + 0.7 × 75 = 24 + 52.5 = 76.5
    assert result.parts == {"quarter": 80, "year": 75}
    assert result.total == pytest.approx(76.5)
    assert result.complete and result.estimated == ()


def test_a_quarter_with_its_own_complete_actuals_uses_them():
    totals = _months(m01=60, m02=60, m03=60)
    totals["2003-Q1"] = PeriodTotal(95, True, True)
    totals["2003-Q2"] = PeriodTotal(20, True, False)  # incomplete: not used
    result = aggregate_year(2003, totals, {"quarter": 1.0})
    assert result.parts == {"quarter": 95}


def test_nothing_to_build_on_gives_no_total():
    result = aggregate_year(2003, {}, {"month": 0.4, "year": 0.6})
    assert result.total is None and not result.complete
    assert len(result.empty) == 12


def test_an_unknown_period_kind_in_the_shares_is_refused():
    with pytest.raises(RuleError, match="'week' is not a period kind"):
        aggregate_year(2003, {}, {"week": 1.0})
