"""Reading what people type into spreadsheets: accept what is unambiguous, name the rest."""

from __future__ import annotations

import json
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


RULE_LIMIT = 20_000  # characters: the longest polyline or grade rule is a few hundred
SETTING_LIMIT = 200_000  # a setting may carry a table (weight rules, the review guide)
DEPTH_LIMIT = 20  # a rule is an object of lists of objects: three or four levels deep


def json_value(value, limit: int):
    """A cell holding JSON (a rule, a setting) read without trusting it: its length capped
    before parsing, nesting bounded (a thousand brackets would exhaust the parser's stack),
    NaN and Infinity refused, numbers of thousands of digits refused."""
    raw = text(value)
    if len(raw) > limit:
        raise CellError(
            N_("the cell holds {length} characters; at most {limit} are read as JSON"),
            length=len(raw),
            limit=limit,
        )
    if _deeper_than(raw, DEPTH_LIMIT):
        raise CellError(N_("nested more than {limit} levels deep"), limit=DEPTH_LIMIT)
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except RecursionError:  # cannot happen below the depth limit; kept as the last guard
        raise CellError(N_("nested more than {limit} levels deep"), limit=DEPTH_LIMIT) from None
    except ValueError:  # not JSON; a number longer than int() takes; NaN or Infinity
        raise CellError(N_("not a JSON value")) from None


def _no_constant(name: str):
    raise ValueError(name)


def _deeper_than(raw: str, limit: int) -> bool:
    """Do brackets nest deeper than ``limit`` (brackets inside strings counted too: a rule
    has no reason to hold hundreds of them)?"""
    depth = 0
    for character in raw:
        if character in "[{":
            depth += 1
            if depth > limit:
                return True
        elif character in "]}":
            depth -= 1
    return False
