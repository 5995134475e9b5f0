"""The year's summary in words: each part's score and what it stands on, in months as people
write them (numbers worked by hand)."""

from __future__ import annotations

from kpidesk.core import period_text
from kpidesk.core.period_results import PeriodTotal, aggregate_year
from kpidesk.core.period_text import period_ranges, year_result_lines


def _complete(total: float) -> PeriodTotal:
    return PeriodTotal(total, True, True)


# Jan 80, Feb 90, Mar 70, Apr 60, May 100, Jun 80 complete; Q1 has its own complete actuals (75);
# July only partly reported.
TOTALS = {
    "2003-01": _complete(80),
    "2003-02": _complete(90),
    "2003-03": _complete(70),
    "2003-04": _complete(60),
    "2003-05": _complete(100),
    "2003-06": _complete(80),
    "2003-07": PeriodTotal(30, True, False),
    "2003-Q1": _complete(75),
}
SHARES = {"quarter": 0.3, "year": 0.7}


def test_the_year_summary_gives_each_parts_score_and_what_it_stands_on():
    # quarterly: Q1 by its own actuals 75, Q2 from Apr–Jun (60 + 100 + 80) / 3 = 80 → 77.50
    # annual: stands in from Jan–Jun (80 + 90 + 70 + 60 + 100 + 80) / 6 = 80.00
    # year: 0.3 × 77.5 + 0.7 × 80 = 23.25 + 56 = 79.25
    lines = year_result_lines(aggregate_year(2003, TOTALS, SHARES), None, "en")
    assert lines[0] == (
        "Year 2003: 79.25 of 100 points = quarterly 77.50 × 30% + annual 80.00 × 70%"
    )
    assert (
        "Quarterly part 77.50: the actuals of Q1 2003; Q2 2003 built from the complete months "
        "Apr–Jun 2003." in lines
    )
    assert (
        "Annual part 80.00: stands in from the complete months Jan–Jun 2003 until the annual "
        "actuals are entered in the year period's table." in lines
    )
    assert "Left out, incomplete: Jul 2003." in lines
    assert "No actuals yet: Aug–Dec 2003." in lines


def test_the_year_summary_in_chinese_names_months_as_hr_writes_them():
    text = "\n".join(year_result_lines(aggregate_year(2003, TOTALS, SHARES), None, "zh_CN"))
    assert "2003 年度：79.25 分（满分 100）= 季度 77.50 × 30% + 年度 80.00 × 70%" in text
    assert "2003年1月–6月" in text and "2003-01" not in text
    assert "2003年第1季度" in text


def test_period_ranges_read_as_months_quarters_and_halves():
    codes = ["2003-01", "2003-02", "2003-03", "2003-05"]
    assert period_ranges(codes, "en") == "Jan–Mar 2003, May 2003"
    assert period_ranges(codes, "zh_CN") == "2003年1月–3月、2003年5月"
    assert period_ranges(["2003-Q1", "2003-Q2"], "zh_CN") == "2003年第1–2季度"
    assert period_ranges(["2003-H1"], "zh_CN") == "2003年上半年"


def test_a_quarter_built_from_its_months_says_so():
    # Apr 60, May 100, Jun 80 → 80.00; coefficient 80 % on 80 points
    lines = period_text.months_result_lines(80.0, ["2003-04", "2003-05", "2003-06"], 0.8, 0, "en")
    assert lines[0].startswith("Total 80.00 of 100 points, built from the data of Apr–Jun 2003")
    assert lines[1] == "Appraisal coefficient 80.0%"
    zh = period_text.months_result_lines(80.0, ["2003-04", "2003-05", "2003-06"], 0.8, 0, "zh_CN")
    assert "由2003年4月–6月数据得出" in zh[0]
