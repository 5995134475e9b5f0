"""Contract scoring (METHOD.md §7) and the content hash taken at signing (§8)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kpidesk.i18n import N_

from .errors import RuleError
from .problems import term
from .rules import is_deduction, score_line


def _canonical(value: Any) -> Any:
    # 25 and 25.0 are the same weight; a database may hand either back.
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return str(value)


def content_hash(document: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a contract's agreed content; stored at signing so any
    later silent edit shows. Numbers are canonicalised to floats."""
    text = json.dumps(
        _canonical(document), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LineInput:
    rule: dict[str, Any]
    weight: float
    actual: Any = None  # None: not yet reported
    key: Any = None


@dataclass(frozen=True)
class LinePoints:
    key: Any
    weight: float
    points: float | None


@dataclass(frozen=True)
class ContractScore:
    lines: tuple[LinePoints, ...]
    deduction_points: float
    vetoed: bool
    total: float
    complete: bool  # every scored line had an actual


def score_contract(
    lines: Sequence[LineInput],
    deductions: Sequence[tuple[dict[str, Any], int]] = (),
    validated: set[tuple[int, float]] | None = None,
) -> ContractScore:
    """§7 contract total = Σ line points − deductions, floor 0, on 100 points; a deduction item
    whose ``veto_at`` is reached zeroes the total. Lines without an actual score nothing and
    mark the result incomplete. ``validated``: see ``rules.score_line``."""
    points = []
    for line in lines:
        value = (
            None
            if line.actual is None
            else score_line(line.rule, line.actual, line.weight, validated)
        )
        points.append(LinePoints(line.key, line.weight, value))
    deducted, vetoed = 0.0, False
    for rule, events in deductions:
        if not is_deduction(rule):
            raise RuleError(
                N_("a deduction event needs a deduction rule, not {value1!r}"),
                "kind",
                value1=rule.get("kind"),
            )
        deducted -= score_line(rule, events, 0)
        veto = rule.get("veto_at")
        vetoed = vetoed or (veto is not None and events >= veto)
    earned = sum(p.points for p in points if p.points is not None)
    total = 0.0 if vetoed else max(0.0, earned - deducted)
    complete = all(p.points is not None for p in points)
    return ContractScore(tuple(points), deducted, vetoed, total, complete)


def combine_periods(
    scores_by_kind: Mapping[str, float | Sequence[float]], shares: Mapping[str, float]
) -> float:
    """§7 period aggregation, e.g. monthly 40 % + annual 60 %: Σ share × score of each kind,
    where a kind with several scores (twelve months) counts by their mean."""
    if abs(sum(shares.values()) - 1.0) > 1e-9:
        raise RuleError(
            N_("period shares sum to {value1:g}, not 1"),
            "shares",
            value1=sum(shares.values()),
        )
    total = 0.0
    for kind, share in shares.items():
        if kind not in scores_by_kind:
            raise RuleError(N_("no score for the '{kind}' period kind"), kind, kind=term(kind))
        value = scores_by_kind[kind]
        if isinstance(value, Sequence):
            if not value:
                raise RuleError(N_("no score for the '{kind}' period kind"), kind, kind=term(kind))
            value = sum(value) / len(value)
        total += share * value
    return total
