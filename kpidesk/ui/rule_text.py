"""A scoring rule in words, for the contract table, the rule editor and printed contracts."""

from __future__ import annotations

from kpidesk.i18n import _


def _g(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def describe_rule(rule: dict, weight: float) -> str:
    kind = rule.get("kind")
    if kind == "polyline":
        if rule.get("base_points") is not None and weight:
            share = rule["base_points"] / weight * 100
        else:
            share = rule.get("base_ratio", 0.8) * 100
        return _("Difficulty polyline: base earns {share}% of the weight").format(
            share=_g(round(share, 1))
        )
    if kind == "linear":
        return _("Linear: each {step} adds or deducts {points} points").format(
            step=_g(rule["step"]), points=_g(rule["points"])
        )
    if kind == "proportional":
        return _("Proportional to target {target}").format(target=_g(rule["target"]))
    if kind == "grade":
        return _("Grade: {levels}").format(
            levels=" / ".join(f"{level['label']} {_g(level['points'])}" for level in rule["levels"])
        )
    if kind == "task":
        return _("Task: full marks less deductions")
    if kind == "deduction":
        text = _("{points} points off per event").format(points=_g(rule["points"]))
        if rule.get("veto_at"):
            text += _("; {count} events zero the total").format(count=rule["veto_at"])
        return text
    return str(kind)


def rule_kind_name(kind: str) -> str:
    return {
        "polyline": _("Difficulty polyline"),
        "linear": _("Linear add/deduct"),
        "proportional": _("Proportional"),
        "grade": _("Grade"),
        "task": _("Multi-dimension task"),
        "deduction": _("Deduction item"),
    }.get(kind, kind)
