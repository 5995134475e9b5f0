"""Periods as people read them, one label function for the panel, PDFs and Excel sheets:
2003年7月 / Jul 2003, 2003年第3季度 / Q3 2003, 2003年上半年 / H1 2003, 2003年度 / 2003."""

import pytest

from kpidesk.core.period_results import YearResult
from kpidesk.core.period_text import year_result_lines
from kpidesk.core.periods import Period, period_label, period_range_label


@pytest.mark.parametrize(
    "code, zh, en",
    [
        ("2003-01", "2003年1月", "Jan 2003"),
        ("2003-07", "2003年7月", "Jul 2003"),
        ("2003-12", "2003年12月", "Dec 2003"),
        ("2003-Q1", "2003年第1季度", "Q1 2003"),
        ("2003-Q3", "2003年第3季度", "Q3 2003"),
        ("2003-H1", "2003年上半年", "H1 2003"),
        ("2003-H2", "2003年下半年", "H2 2003"),
        ("2003", "2003年度", "2003"),
    ],
)
def test_a_period_reads_as_people_write_it(code, zh, en):
    assert period_label(code, "zh_CN") == zh
    assert period_label(code, "en") == en
    assert Period.parse(code).label("zh_CN") == zh
    assert Period.parse(code).label("en") == en


@pytest.mark.parametrize(
    "first, last, zh, en",
    [
        ("2003-01", "2003-06", "2003年1月–6月", "Jan–Jun 2003"),
        ("2003-07", "2003-12", "2003年7月–12月", "Jul–Dec 2003"),
        ("2003-05", "2003-05", "2003年5月", "May 2003"),
        ("2003-Q1", "2003-Q2", "2003年第1–2季度", "Q1–Q2 2003"),
    ],
)
def test_a_run_of_periods_reads_as_one_span(first, last, zh, en):
    assert period_range_label(first, last, "zh_CN") == zh
    assert period_range_label(first, last, "en") == en


def test_no_half_year_reads_as_a_numbered_half():
    for code in ("2003-H1", "2003-H2"):
        assert "1半年" not in period_label(code, "zh_CN")
        assert "2半年" not in period_label(code, "zh_CN")


def test_the_years_summary_names_its_months_in_words():
    result = YearResult(
        year=2003,
        total=91.5,
        shares={"month": 1.0},
        parts={"month": 91.5},
        built_from=("2003-01", "2003-02", "2003-03", "2003-04", "2003-05", "2003-06"),
        incomplete=("2003-07",),
        empty=("2003-09", "2003-10"),
        estimated=(),
    )
    zh = year_result_lines(result, None, "zh_CN")
    assert "依据数据完整的月份：2003年1月–6月。" in zh
    assert "数据不完整、未计入：2003年7月。" in zh
    assert "尚无实际完成值：2003年9月–10月。" in zh
    en = year_result_lines(result, None, "en")
    assert "Built from the complete months Jan–Jun 2003." in en
