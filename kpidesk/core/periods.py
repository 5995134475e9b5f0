"""Assessment periods and their stable codes: ``2003-01``, ``2003-Q1``, ``2003-H1``, ``2003``.

The code is what the CLI, Excel sheets and PDFs show, so it is the key everywhere (METHOD.md §7).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kpidesk.i18n import N_, gettext
from kpidesk.core.problems import InputError

_CODE = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str
    index: int  # month 1–12, quarter 1–4, half 1–2, year 1

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _CODE.match(code.strip().upper())
        if not match:
            raise InputError(
                N_("'{code}' is not a period code (use 2003-01, 2003-Q1, 2003-H1 or 2003)"),
                code=code,
            )
        year, month, quarter, half = match.groups()
        if month:
            return cls(int(year), "month", int(month))
        if quarter:
            return cls(int(year), "quarter", int(quarter))
        if half:
            return cls(int(year), "half", int(half))
        return cls(int(year), "year", 1)

    @property
    def code(self) -> str:
        suffix = {
            "month": f"-{self.index:02d}",
            "quarter": f"-Q{self.index}",
            "half": f"-H{self.index}",
            "year": "",
        }[self.kind]
        return f"{self.year}{suffix}"

    @property
    def months(self) -> tuple[int, int]:
        """First and last month covered."""
        span = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
        first = (self.index - 1) * span + 1
        return first, first + span - 1

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        last = self.months[1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    def contains(self, other: Period) -> bool:
        lo, hi = self.months
        olo, ohi = other.months
        return self.year == other.year and lo <= olo and ohi <= hi

    def label(self, lang: str | None = None) -> str:
        """The period as people read it: 2003年7月 / Jul 2003, 2003年第3季度 / Q3 2003,
        2003年上半年 / H1 2003, 2003年度 / 2003. The code stays the key in sheets and the CLI."""
        if self.kind == "month":
            return gettext("{month} {year}", lang).format(
                month=month_name(self.index, lang), year=self.year
            )
        if self.kind == "quarter":
            return gettext("Q{n} {year}", lang).format(n=self.index, year=self.year)
        if self.kind == "half":
            half = gettext("H1 {year}", lang) if self.index == 1 else gettext("H2 {year}", lang)
            return half.format(year=self.year)
        return gettext("{year}", lang).format(year=self.year)

    def __str__(self) -> str:
        return self.code


def month_name(month: int, lang: str | None = None) -> str:
    """Jan … Dec / 1月 … 12月."""
    names = (
        gettext("Jan", lang),
        gettext("Feb", lang),
        gettext("Mar", lang),
        gettext("Apr", lang),
        gettext("May", lang),
        gettext("Jun", lang),
        gettext("Jul", lang),
        gettext("Aug", lang),
        gettext("Sep", lang),
        gettext("Oct", lang),
        gettext("Nov", lang),
        gettext("Dec", lang),
    )
    return names[month - 1]


def period_label(code: str | Period, lang: str | None = None) -> str:
    """A period code as people read it (see ``Period.label``)."""
    period = code if isinstance(code, Period) else Period.parse(code)
    return period.label(lang)


def period_range_label(first: str | Period, last: str | Period, lang: str | None = None) -> str:
    """A run of periods: months of one year as 2003年1月–6月 / Jan–Jun 2003, quarters as
    2003年第1–2季度 / Q1–Q2 2003; anything else as its two ends' labels joined by a dash. One
    period is its own label."""
    lo = first if isinstance(first, Period) else Period.parse(first)
    hi = last if isinstance(last, Period) else Period.parse(last)
    if lo == hi:
        return lo.label(lang)
    if lo.kind == hi.kind == "month" and lo.year == hi.year:
        return gettext("{first}–{last} {year}", lang).format(
            first=month_name(lo.index, lang), last=month_name(hi.index, lang), year=lo.year
        )
    if lo.kind == hi.kind == "quarter" and lo.year == hi.year:  # 2003年第1–2季度 / Q1–Q2 2003
        return gettext("Q{first}–Q{last} {year}", lang).format(
            first=lo.index, last=hi.index, year=lo.year
        )
    return f"{lo.label(lang)}–{hi.label(lang)}"


def periods_of_year(year: int) -> list[Period]:
    """The 19 periods of an assessment year: 12 months, 4 quarters, 2 halves, the year."""
    return (
        [Period(year, "month", m) for m in range(1, 13)]
        + [Period(year, "quarter", q) for q in range(1, 5)]
        + [Period(year, "half", h) for h in (1, 2)]
        + [Period(year, "year", 1)]
    )
