"""Contract scoring (METHOD.md §7) and the content hash taken at signing (§8)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from kpidesk.i18n import N_

from .errors import RuleError
from .problems import term
from .rules import Scorers, is_deduction, line_scorer, score_line


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


# Named tuples, not dataclasses: a period builds one of each for 50,000 lines, and a frozen
# dataclass costs three times as much to make.
class LineInput(NamedTuple):
    rule: dict[str, Any]
    weight: float
    actual: Any = None  # None: not yet reported
    key: Any = None


class LinePoints(NamedTuple):
    key: Any
    weight: float
    points: float | None


@dataclass(frozen=True)
class ContractScore:
    # Each scored line's key, weight and points (None: no actual yet) in order, as plain tuples
    # of numbers: a period scores 50,000 lines, and the collector walks every object kept.
    keys: tuple[Any, ...]
    weights: tuple[float, ...]
    points: tuple[float | None, ...]
    deduction_points: float
    vetoed: bool
    total: float
    complete: bool  # every scored line had an actual

    @property
    def lines(self) -> tuple[LinePoints, ...]:
        return tuple(map(LinePoints, self.keys, self.weights, self.points))


def score_contract(
    lines: Iterable[tuple[dict[str, Any], float, Any, Any]],  # LineInputs, or plain tuples alike
    deductions: Sequence[tuple[dict[str, Any], int]] = (),
    scorers: Scorers | None = None,
) -> ContractScore:
    """§7 contract total = Σ line points − deductions, floor 0, on 100 points; a deduction item
    whose ``veto_at`` is reached zeroes the total. Lines without an actual score nothing and
    mark the result incomplete. ``scorers``: see ``rules.score_line``."""
    if scorers is None:
        scorers = {}
    keys: list[Any] = []
    weights: list[float] = []
    points: list[float | None] = []
    for rule, weight, actual, key in lines:
        keys.append(key)
        weights.append(weight)
        if actual is None:
            points.append(None)
            continue
        scorer = scorers.get((id(rule), weight))  # score_line's cache, looked up inline
        if scorer is None:
            scorer = scorers[(id(rule), weight)] = line_scorer(rule, weight)
        points.append(scorer(actual))
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
    scored = [p for p in points if p is not None]
    total = 0.0 if vetoed else max(0.0, sum(scored) - deducted)
    return ContractScore(
        tuple(keys), tuple(weights), tuple(points), deducted, vetoed, total,
        len(scored) == len(points),
    )


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
