"""What people type for an actual, in a table cell or a spreadsheet: numbers with thousands
separators, full-width digits or a % sign, grade and rating levels, task shortfalls. Accept what is
unambiguous; name the rest. One reading for the scoring panel and for imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import math
import re

from kpidesk.i18n import N_, _
from kpidesk.core.problems import InputError

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％　", "0123456789.,-+% ")
NUMBER = r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$"
_NUMBER = re.compile(NUMBER)


class EntryError(InputError):
    """What is wrong with one entry, in words for the user."""


def number_text(value: float) -> str:
    """A number as a person typed it: no exponent for a large target (12345678, not
    1.23457e+07) and no float noise (0.3, not 0.30000000000000004)."""
    return f"{value:.15g}"


def parse_number(value: Any) -> float:
    """12, 12.5, '12.5', '１２.５', '1,234.5', '12.5%' (→ 12.5, in the line's own unit).
    '1,2' (a decimal comma?) and '约100' are refused."""
    if isinstance(value, bool):
        raise EntryError(N_("not a number"))
    if isinstance(value, (int, float)):
        if math.isnan(value) or math.isinf(value):
            raise EntryError(N_("not a number"))
        return float(value)
    text = str(value).translate(FULL_WIDTH).strip()
    if not _NUMBER.match(text):
        raise EntryError(N_("not a number"))
    return float(text.replace(",", "").rstrip("%"))


def parse_grade(rule: Mapping[str, Any], value: Any) -> str:
    label = str(value).strip()
    labels = [str(level["label"]) for level in rule["levels"]]
    if label not in labels:
        from kpidesk.core.rule_kinds.base import listed  # here: the kinds read entries too

        raise EntryError(
            N_("'{text}' is not a level; use one of: {labels}"),
            text=label,
            labels=listed(labels),
        )
    return label


def parse_shortfalls(rule: Mapping[str, Any], value: Any) -> dict[str, float]:
    """'延期天数=2; 缺少渠道数=1' → {'延期天数': 2.0, '缺少渠道数': 1.0}, names checked."""
    shortfalls = {}
    for part in str(value).replace("；", ";").split(";"):
        if part.strip():
            name, _sep, amount = part.partition("=")
            shortfalls[name.strip()] = parse_number(amount)
    unknown = sorted(set(shortfalls) - {item["name"] for item in rule["items"]})
    if unknown:
        raise EntryError(N_("'{value1}' is not an item of this task rule"), value1=unknown[0])
    return shortfalls


def entry_hint(rule: dict[str, Any]) -> str | None:
    """What a cell taking a level accepts, for its tooltip: the levels with their places
    (typing the place is quicker than a Chinese label); None for other kinds."""
    from kpidesk.core.rule_kinds import known_kind

    kind = known_kind(rule)
    if kind is None or kind.actual != "level":
        return None
    return _("Type a level or its number: {levels}").format(
        levels=_(", ").join(
            f"{place} {level['label']}" for place, level in enumerate(rule["levels"], 1)
        )
    )


def parse_actual(rule: Mapping[str, Any], value: Any) -> Any:
    """The actual a line of this rule takes from what was typed; None for an empty entry.
    Each rule kind reads its own (a number, a level, task shortfalls; deductions take events)."""
    from kpidesk.core.rule_kinds import kind_of

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return kind_of(rule).read_actual(rule, value)


def check_actual(rule: Mapping[str, Any], value: Any) -> None:
    """Refuse (EntryError) an actual, already read, that a line of this rule cannot hold: a
    number that is not finite or not a number at all on a numeric line, a level the scale does
    not have, task shortfalls that are not known items with amounts of zero or more, anything on
    a deduction line (it counts events). What every path that writes an actual asks."""
    from kpidesk.core.rule_kinds import kind_of

    kind = kind_of(rule)
    if kind.actual == "events":
        raise EntryError(N_("a deduction item takes events, not an actual"))
    if kind.actual == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise EntryError(N_("{value!r} is not a number"), value=value)
        if not math.isfinite(value):
            raise EntryError(N_("{value!r} is not a finite number"), value=value)
    elif kind.actual == "level":
        parse_grade(rule, value) if isinstance(value, str) else _not_a_level(value)
    elif kind.actual == "shortfalls":
        if not isinstance(value, Mapping):
            raise EntryError(N_("{value!r} is not a set of task shortfalls"), value=value)
        names = {str(item["name"]) for item in rule.get("items", [])}
        for name, amount in value.items():
            if name not in names:
                raise EntryError(N_("'{value1}' is not an item of this task rule"), value1=name)
            if (
                isinstance(amount, bool)
                or not isinstance(amount, (int, float))
                or not math.isfinite(amount)
                or amount < 0
            ):
                raise EntryError(
                    N_("the shortfall of '{name}' must be a number of zero or more, not {value!r}"),
                    name=name,
                    value=amount,
                )


def _not_a_level(value: Any) -> None:
    raise EntryError(N_("{value!r} is not a level of this scale"), value=value)
