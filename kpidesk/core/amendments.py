"""Amendments of a signed contract (METHOD.md §8 target flex): each takes effect from a
period, earlier periods keep the targets they were scored with, and a target note follows."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .model import Contract, ContractLine
from .periods import Period
from .rules import line_rule, rule_targets, rule_with_target


@dataclass(frozen=True)
class Amendment:
    """One recorded change of a line's target or rule; ``effective_from`` is the period code
    from which the new value governs (None: from the first period)."""

    field: str
    old: Any
    new: Any
    effective_from: str | None = None
    reason: str = ""
    approved_by: str = ""
    at: Any = None


def amendment_applies(effective_from: str | None, period: str) -> bool:
    """Whether an amendment governs ``period``: every period that ends on or after the start
    of the effective period does (so an amendment from July governs July, Q3, H2 and the year,
    while January to June, Q1, Q2 and H1 keep the targets they were scored with)."""
    if effective_from is None:
        return True
    return Period.parse(period).end >= Period.parse(effective_from).start


def line_as_of(line: ContractLine, amendments: Sequence[Amendment], period: str) -> ContractLine:
    """The line as it stood for ``period``: its current values with every amendment that takes
    effect after the period rolled back (newest first), the rule composed from the levels."""
    values = {f: getattr(line, f) for f in ("minimum", "base", "challenge", "target_note")}
    values["rule"] = line.rule
    changed = False
    for amendment in reversed(amendments):
        if amendment.field in values and not amendment_applies(amendment.effective_from, period):
            values[amendment.field] = amendment.old
            changed = True
    if not changed:
        return line
    rule = line_rule(values.pop("rule"), values["minimum"], values["base"], values["challenge"])
    return replace(line, rule=rule, **values)


def contract_as_of(
    contract: Contract, amendments: Mapping[int, Sequence[Amendment]], period: str
) -> Contract:
    """The contract with each line as it stood for ``period`` (see ``line_as_of``)."""
    if not any(amendments.get(line.id) for line in contract.lines):
        return contract
    lines = tuple(line_as_of(l, amendments.get(l.id, ()), period) for l in contract.lines)
    return replace(contract, lines=lines)


def proposed_amendment(
    line: ContractLine, field: str, new: Any, effective_from: str | None
) -> tuple[ContractLine, list[Amendment]]:
    """The line after amending ``field`` to ``new`` and the amendments that change records, as
    storage records them (the rule and the shown levels move together), so that the scores it
    would give can be shown before it is made."""
    changes: dict[str, Any]
    if field == "rule":
        changes = {"rule": dict(new), **rule_targets(new)}
    else:
        changes = {field: new, "rule": rule_with_target(line.rule, field, new)}
    made = [
        Amendment(name, getattr(line, name), value, effective_from)
        for name, value in changes.items()
        if name == field or getattr(line, name) != value
    ]
    return replace(line, **changes), made


def months_governed(amendments: Sequence[Amendment], year: int) -> list[list[int]]:
    """The months of ``year`` each value of one field governed: index 0 is the value before the
    first amendment, index i the new value of amendment i (amendments in the order made; a
    later amendment overrides an earlier one from its own effective period on)."""
    starts = []
    for a in amendments:
        if a.effective_from is None:
            starts.append(1)
            continue
        period = Period.parse(a.effective_from)
        starts.append(1 if period.year < year else 13 if period.year > year else period.months[0])
    governed: list[list[int]] = [[] for _ in range(len(amendments) + 1)]
    for month in range(1, 13):
        version = max((i + 1 for i, s in enumerate(starts) if s <= month), default=0)
        governed[version].append(month)
    return governed


_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?(?![\d.])")


def note_numbers(note: str) -> list[float]:
    """The numbers a target note quotes ("22.73（力争23.2）" → 22.73, 23.2)."""
    return [float(n) for n in _NUMBER.findall(note or "")]


def note_following(note: str, old: Any, new: Any) -> str | None:
    """The target note after a target moved from ``old`` to ``new``: each quoted ``old`` becomes
    ``new`` ("22.73（力争23.2）", 23.2 → 24 gives "22.73（力争24）"); None when the note does not
    quote ``old`` (nothing to follow)."""
    if not note or not all(isinstance(v, (int, float)) for v in (old, new)):
        return None
    found = False

    def swap(match: re.Match[str]) -> str:
        nonlocal found
        if math.isclose(float(match.group()), old, rel_tol=1e-12, abs_tol=1e-12):
            found = True
            return f"{new:g}"
        return match.group()

    text = _NUMBER.sub(swap, note)
    return text if found else None


def stale_note_numbers(
    note: str, levels: Sequence[object], replaced: Sequence[object]
) -> list[float]:
    """Numbers a target note quotes that were target levels once (``replaced``: the old values
    of amendments) and are none of the line's ``levels`` now: the note is stale."""

    def same(a: float, b: float) -> bool:
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)

    def numbers(values: Sequence[object]) -> list[float]:
        return [v for v in values if isinstance(v, (int, float))]

    return [
        n
        for n in note_numbers(note)
        if any(same(n, r) for r in numbers(replaced))
        and not any(same(n, v) for v in numbers(levels))
    ]
