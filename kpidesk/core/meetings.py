"""The review meetings of a year (METHOD.md §1): when each is held and which period it reviews.

Decisions, so nobody has to guess them:
- A monthly (M) meeting reviews month m on the firm's meeting day of month m + 1 (data by the
  8th, the meeting on the 15th); December's is held in January of the next year.
- A quarterly (R) meeting reviews the quarter on the same day of the month after the quarter,
  i.e. the same sitting as the quarter-end month's M meeting. They stay two meetings (two
  records, one agenda after the other) because results are made official per period: the month
  and the quarter are locked separately and each keeps its own minutes.
- The annual meeting reviews the year in the same January sitting as December's M and Q4's R:
  December's data is the last the year needs, and it arrives by the 8th like every month's.
- A meeting day beyond a month's length (31 in February) falls on its last day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

MONTHLY, QUARTERLY, ANNUAL = "M", "R", "annual"
KINDS = (MONTHLY, QUARTERLY, ANNUAL)
STATUSES = ("planned", "held")


def is_meeting_kind(value: object) -> bool:
    """M, R or annual (a meeting's kind; nothing to do with a scoring rule's)."""
    return value in KINDS


@dataclass(frozen=True, order=True)
class PlannedMeeting:
    held_on: date
    kind: str
    period: str  # the period code it reviews: 2003-06, 2003-Q2, 2003


def meeting_date(year: int, month: int, day: int) -> date:
    """``day`` of ``month`` (13 = January of the next year), clamped to the month's length."""
    if month > 12:
        year, month = year + 1, month - 12
    return date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def year_calendar(year: int, meeting_day: int) -> list[PlannedMeeting]:
    """Every meeting reviewing a period of ``year``, in the order they sit."""
    planned = [
        PlannedMeeting(meeting_date(year, month + 1, meeting_day), MONTHLY, f"{year}-{month:02d}")
        for month in range(1, 13)
    ]
    planned += [
        PlannedMeeting(meeting_date(year, 3 * q + 1, meeting_day), QUARTERLY, f"{year}-Q{q}")
        for q in range(1, 5)
    ]
    planned.append(PlannedMeeting(meeting_date(year, 13, meeting_day), ANNUAL, str(year)))
    order = {MONTHLY: 0, QUARTERLY: 1, ANNUAL: 2}
    return sorted(planned, key=lambda m: (m.held_on, order[m.kind]))


def next_planned(meetings: Iterable[Any], today: date) -> Any:
    """The first planned (not held) meeting on or after ``today``, else the last planned one
    before it (a meeting late on its day), else None. ``meetings`` have held_on and status."""
    planned = sorted((m for m in meetings if m.status == "planned"), key=lambda m: m.held_on)
    upcoming = [m for m in planned if m.held_on >= today]
    if upcoming:
        return upcoming[0]
    return planned[-1] if planned else None
