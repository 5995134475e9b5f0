"""Reading what people type into spreadsheets: accept what is unambiguous, name the rest."""

from __future__ import annotations

from datetime import date, datetime

from kpidesk.core.entry import FULL_WIDTH, EntryError, parse_number
from kpidesk.i18n import N_

_FULL_WIDTH = FULL_WIDTH
CellError = EntryError  # one kind of "this entry is wrong" for cells and table edits
number = parse_number


def blank(value) -> bool:
    # A float NaN is not blank: a cell holding it is refused as not a number, never taken for
    # an actual not yet reported (the pandas reader turns its own empty cells into "").
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def day(value) -> date | None:
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(text(value).translate(_FULL_WIDTH)[:10])
    except ValueError:
        raise CellError(N_("not a date (use 2003-01-31)")) from None


def flag(value) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in ("1", "true", "yes", "y", "是", "√"):
        return True
    if word in ("", "0", "false", "no", "n", "否"):
        return False
    raise CellError(N_("not yes or no"))
