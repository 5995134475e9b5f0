"""Scoring many lines over many periods at once, vectorised by rule kind.

``score_line`` is the definition; this module must agree with it on every line (property-
tested) and exists because a firm's year is 50,000 lines × 12 periods. Each kind's numpy
kernel lives with the kind (``core.rule_kinds``); numpy is the one non-standard import the
core allows, here and in those kernels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .rule_kinds import REGISTRY, kind_of
from .rules import score_line, validate_rule

# The kinds scored with numpy; the others (level labels, task shortfalls) line by line.
_VECTOR_KINDS = tuple(code for code, kind in REGISTRY.items() if kind.vector_score is not None)


@dataclass
class CompiledRules:
    """Rule parameters as column arrays per kind, validated once and reused for every period."""

    size: int
    groups: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = field(default_factory=dict)
    loose: list[tuple[int, dict, float]] = field(default_factory=list)  # grade, rating, task


def compile_rules(rules: Sequence[dict], weights: Sequence[float]) -> CompiledRules:
    compiled = CompiledRules(len(rules))
    params: dict[str, list[dict[str, float]]] = {k: [] for k in _VECTOR_KINDS}
    rows: dict[str, list[int]] = {k: [] for k in _VECTOR_KINDS}
    for i, (rule, weight) in enumerate(zip(rules, weights)):
        validate_rule(rule, weight)
        kind = kind_of(rule)
        if kind.vector_parameters is None or kind.vector_score is None:
            compiled.loose.append((i, rule, float(weight)))
            continue
        rows[kind.code].append(i)
        params[kind.code].append(kind.vector_parameters(rule, float(weight)))
    for code in _VECTOR_KINDS:
        if rows[code]:
            names = params[code][0].keys()
            compiled.groups[code] = (
                np.asarray(rows[code]),
                {
                    name: np.fromiter((p[name] for p in params[code]), float, len(params[code]))
                    for name in names
                },
            )
    return compiled


def score_compiled(compiled: CompiledRules, actuals) -> np.ndarray:
    """Points for every line (rows) and period (columns); NaN where the actual is missing.
    ``actuals`` is lines × periods; grade, rating and task rows may hold labels and mappings."""
    actuals = np.asarray(actuals, dtype=object if compiled.loose else float)
    if actuals.ndim == 1:
        actuals = actuals[:, None]
    if actuals.shape[0] != compiled.size:
        raise ValueError(f"{actuals.shape[0]} rows of actuals for {compiled.size} lines")
    out = np.full(actuals.shape, np.nan)
    for kind, (rows, params) in compiled.groups.items():
        x = actuals[rows].astype(float)
        columns = {k: v[:, None] for k, v in params.items()}
        result = REGISTRY[kind].vector_score(x, **columns)
        out[rows] = np.where(np.isnan(x), np.nan, result)
    for i, rule, weight in compiled.loose:
        for j, actual in enumerate(actuals[i]):
            if actual is not None and not (isinstance(actual, float) and np.isnan(actual)):
                out[i, j] = score_line(rule, actual, weight)
    return out


def score_batch(rules: Sequence[dict], weights: Sequence[float], actuals) -> np.ndarray:
    """``score_line`` for every line and period at once (see ``score_compiled``)."""
    return score_compiled(compile_rules(rules, weights), actuals)
