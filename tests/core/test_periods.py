from datetime import date

import pytest

from kpidesk.method import Period, periods_of_year


@pytest.mark.parametrize(
    "code, kind, start, end",
    [
        ("2003-01", "month", date(2003, 1, 1), date(2003, 1, 31)),
        ("2003-02", "month", date(2003, 2, 1), date(2003, 2, 28)),
        ("2004-02", "month", date(2004, 2, 1), date(2004, 2, 29)),
        ("2003-Q2", "quarter", date(2003, 4, 1), date(2003, 6, 30)),
        ("2003-H2", "half", date(2003, 7, 1), date(2003, 12, 31)),
        ("2003", "year", date(2003, 1, 1), date(2003, 12, 31)),
    ],
)
def test_codes_parse_and_print_back(code, kind, start, end):
    period = Period.parse(code)
    assert (period.kind, period.start, period.end, period.code) == (kind, start, end, code)


@pytest.mark.parametrize("bad", ["2003-13", "2003-Q5", "2003-H3", "03-01", "2003/01", ""])
def test_bad_codes_are_refused_by_name(bad):
    with pytest.raises(ValueError, match="period code"):
        Period.parse(bad)


def test_a_year_has_nineteen_periods_that_nest():
    periods = periods_of_year(2003)
    assert len(periods) == 19
    year = Period.parse("2003")
    assert all(year.contains(p) for p in periods)
    assert Period.parse("2003-Q1").contains(Period.parse("2003-03"))
    assert not Period.parse("2003-Q1").contains(Period.parse("2003-04"))
