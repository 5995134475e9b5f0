"""Reading what people type into spreadsheets: accept what is unambiguous, name the rest."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from kpidesk.i18n import _

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％　", "0123456789.,-+% ")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")


class CellError(ValueError):
    """What is wrong with one cell, in words for the user."""


def blank(value) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def number(value) -> float:
    """12, 12.5, '12.5', '１２.５', '1,234.5', '12.5%' (→ 12.5, in the line's own unit)."""
    if isinstance(value, bool):
        raise CellError(_("not a number"))
    if isinstance(value, (int, float)):
        if math.isnan(value) or math.isinf(value):
            raise CellError(_("not a number"))
        return float(value)
    text = str(value).translate(_FULL_WIDTH).strip()
    if not _NUMBER.match(text):
        raise CellError(_("not a number"))
    return float(text.replace(",", "").rstrip("%"))


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
        raise CellError(_("not a date (use 2003-01-31)")) from None


def flag(value) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if word in ("1", "true", "yes", "y", "是", "√"):
        return True
    if word in ("", "0", "false", "no", "n", "否"):
        return False
    raise CellError(_("not yes or no"))
