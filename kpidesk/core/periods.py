"""Assessment periods and their stable codes: ``2003-01``, ``2003-Q1``, ``2003-H1``, ``2003``.

The code is what the CLI, Excel sheets and PDFs show, so it is the key everywhere (METHOD.md §7).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kpidesk.i18n import _

KINDS = ("month", "quarter", "half", "year")
_CODE = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str
    index: int  # month 1–12, quarter 1–4, half 1–2, year 1

    @classmethod
    def parse(cls, code: str) -> "Period":
        match = _CODE.match(code.strip().upper())
        if not match:
            raise ValueError(
                _("'{code}' is not a period code (use 2003-01, 2003-Q1, 2003-H1 or 2003)").format(
                    code=code
                )
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

    def contains(self, other: "Period") -> bool:
        lo, hi = self.months
        olo, ohi = other.months
        return self.year == other.year and lo <= olo and ohi <= hi

    def __str__(self) -> str:
        return self.code


def periods_of_year(year: int) -> list[Period]:
    """The 19 periods of an assessment year: 12 months, 4 quarters, 2 halves, the year."""
    return (
        [Period(year, "month", m) for m in range(1, 13)]
        + [Period(year, "quarter", q) for q in range(1, 5)]
        + [Period(year, "half", h) for h in (1, 2)]
        + [Period(year, "year", 1)]
    )
