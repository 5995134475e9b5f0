"""The year's review meetings (METHOD.md §1): M on the meeting day of the month after, R in
the sitting of the quarter's last month, the annual one in January with December's."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from kpidesk.core.meetings import meeting_date, next_planned, year_calendar


def test_monthly_meetings_sit_the_month_after_on_the_meeting_day():
    planned = year_calendar(2003, 15)
    monthly = {p.period: p.held_on for p in planned if p.kind == "M"}
    assert len(monthly) == 12
    assert monthly["2003-01"] == date(2003, 2, 15)
    assert monthly["2003-06"] == date(2003, 7, 15)
    assert monthly["2003-12"] == date(2004, 1, 15)  # December's in January


def test_quarterly_and_annual_meetings_share_the_sitting():
    planned = year_calendar(2003, 15)
    quarterly = {p.period: p.held_on for p in planned if p.kind == "R"}
    assert quarterly == {
        "2003-Q1": date(2003, 4, 15),
        "2003-Q2": date(2003, 7, 15),
        "2003-Q3": date(2003, 10, 15),
        "2003-Q4": date(2004, 1, 15),
    }
    (annual,) = [p for p in planned if p.kind == "annual"]
    assert (annual.period, annual.held_on) == ("2003", date(2004, 1, 15))
    assert len(planned) == 17
    # In one sitting the month comes first, then the quarter, then the year.
    january = [(p.kind, p.period) for p in planned if p.held_on == date(2004, 1, 15)]
    assert january == [("M", "2003-12"), ("R", "2003-Q4"), ("annual", "2003")]


def test_a_meeting_day_past_the_month_end_falls_on_its_last_day():
    assert meeting_date(2003, 2, 31) == date(2003, 2, 28)
    assert meeting_date(2004, 2, 30) == date(2004, 2, 29)
    assert meeting_date(2003, 13, 31) == date(2004, 1, 31)
    feb = [p for p in year_calendar(2003, 31) if p.period == "2003-01"][0]
    assert feb.held_on == date(2003, 2, 28)


def test_next_planned_meeting():
    def m(day, status="planned"):
        return SimpleNamespace(held_on=day, status=status)

    a, b, c = m(date(2003, 2, 15), "held"), m(date(2003, 3, 15)), m(date(2003, 4, 15))
    assert next_planned([c, b, a], date(2003, 3, 1)) is b
    assert next_planned([a, b, c], date(2003, 3, 16)) is c
    assert next_planned([a, b, c], date(2003, 5, 1)) is c  # late: the last one planned
    assert next_planned([a], date(2003, 1, 1)) is None
