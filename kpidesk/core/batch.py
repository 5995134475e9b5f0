"""Scoring many lines over many periods at once, vectorised by rule kind.

``score_line`` is the definition; this module must agree with it on every line (property-
tested) and exists because a firm's year is 50,000 lines × 12 periods. Numpy is the one
non-standard import the core allows, and only here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .rules import base_points, score_line, validate_rule

_VECTOR_KINDS = ("polyline", "linear", "base_score", "proportional", "deduction")


@dataclass
class CompiledRules:
    """Rule parameters as column arrays per kind, validated once and reused for every period."""

    size: int
    groups: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = field(default_factory=dict)
    loose: list[tuple[int, dict, float]] = field(default_factory=list)  # grade, task


def compile_rules(rules: Sequence[dict], weights: Sequence[float]) -> CompiledRules:
    compiled = CompiledRules(len(rules))
    params: dict[str, list[dict[str, float]]] = {k: [] for k in _VECTOR_KINDS}
    rows: dict[str, list[int]] = {k: [] for k in _VECTOR_KINDS}
    for i, (rule, weight) in enumerate(zip(rules, weights)):
        validate_rule(rule, weight)
        kind = rule["kind"]
        if kind not in rows:
            compiled.loose.append((i, rule, float(weight)))
            continue
        rows[kind].append(i)
        params[kind].append(_parameters(rule, float(weight)))
    for kind in _VECTOR_KINDS:
        if rows[kind]:
            names = params[kind][0].keys()
            compiled.groups[kind] = (
                np.asarray(rows[kind]),
                {
                    name: np.fromiter((p[name] for p in params[kind]), float, len(params[kind]))
                    for name in names
                },
            )
    return compiled


def _parameters(rule: dict, weight: float) -> dict[str, float]:
    kind = rule["kind"]
    lower = 1.0 if rule.get("direction", "higher") == "lower" else 0.0
    if kind == "polyline":
        return {
            "a": rule["challenge"],
            "b": rule["base"],
            "c": rule["minimum"],
            "s": base_points(rule, weight),
            "w": weight,
        }
    if kind == "linear":
        return {
            "b": rule["base"],
            "m": rule["step"],
            "n": rule["points"],
            "s": base_points(rule, weight),
            "w": weight,
            "lower": lower,
        }
    if kind == "base_score":
        return {
            "b": rule["base"],
            "m": rule["step"],
            "up": rule["add_points"],
            "down": rule["deduct_points"],
            "s": base_points(rule, weight),
            "w": weight,
            "lower": lower,
        }
    if kind == "proportional":
        return {"t": rule["target"], "cap": rule.get("cap", 1.0), "w": weight, "lower": lower}
    return {"n": rule["points"]}


def _polyline(x, a, b, c, s, w):
    sign = np.where(a > b, 1.0, -1.0)
    with np.errstate(all="ignore"):
        upper = np.minimum(w, s + (x - b) / (a - b) * (w - s))
        middle = s * (x - c) / (b - c)
    # + 0.0 turns the -0.0 of a lower-is-better line at its minimum into 0.0, as score_line does.
    return np.where(sign * (x - b) >= 0, upper, np.where(sign * (x - c) >= 0, middle, 0.0)) + 0.0


def _linear(x, b, m, n, s, w, lower):
    delta = np.where(lower > 0, b - x, x - b)
    steps = np.trunc(np.round(delta / m, 9))
    return np.minimum(w, np.maximum(0.0, s + steps * n))


def _base_score(x, b, m, up, down, s, w, lower):
    delta = np.where(lower > 0, b - x, x - b)
    steps = np.trunc(np.round(delta / m, 9))
    return np.minimum(w, np.maximum(0.0, s + steps * np.where(steps > 0, up, down)))


def _proportional(x, t, cap, w, lower):
    with np.errstate(all="ignore"):
        completion = np.where(lower > 0, np.where(x <= 0, cap, t / x), x / t)
    return w * np.minimum(cap, np.maximum(0.0, completion))


def _deduction(x, n):
    return -n * np.maximum(0.0, np.trunc(x))


_KERNELS = {
    "polyline": _polyline,
    "linear": _linear,
    "base_score": _base_score,
    "proportional": _proportional,
    "deduction": _deduction,
}


def score_compiled(compiled: CompiledRules, actuals) -> np.ndarray:
    """Points for every line (rows) and period (columns); NaN where the actual is missing.
    ``actuals`` is lines × periods; grade and task rows may hold labels and mappings."""
    actuals = np.asarray(actuals, dtype=object if compiled.loose else float)
    if actuals.ndim == 1:
        actuals = actuals[:, None]
    if actuals.shape[0] != compiled.size:
        raise ValueError(f"{actuals.shape[0]} rows of actuals for {compiled.size} lines")
    out = np.full(actuals.shape, np.nan)
    for kind, (rows, params) in compiled.groups.items():
        x = actuals[rows].astype(float)
        columns = {k: v[:, None] for k, v in params.items()}
        result = _KERNELS[kind](x, **columns)
        out[rows] = np.where(np.isnan(x), np.nan, result)
    for i, rule, weight in compiled.loose:
        for j, actual in enumerate(actuals[i]):
            if actual is not None and not (isinstance(actual, float) and np.isnan(actual)):
                out[i, j] = score_line(rule, actual, weight)
    return out


def score_batch(rules: Sequence[dict], weights: Sequence[float], actuals) -> np.ndarray:
    """``score_line`` for every line and period at once (see ``score_compiled``)."""
    return score_compiled(compile_rules(rules, weights), actuals)
