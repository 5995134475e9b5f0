"""A scoring rule in words, for the contract table, the rule editor and printed contracts."""

from __future__ import annotations

from kpidesk.i18n import gettext

from .rules import base_points


def _g(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def describe_rule(rule: dict, weight: float, lang: str | None = None) -> str:
    """The rule in words, in ``lang`` (default: the current language)."""

    def _(message: str) -> str:
        return gettext(message, lang)

    kind = rule.get("kind")
    if kind == "polyline":
        share = (
            base_points(rule, weight) / weight * 100
            if weight
            else rule.get("base_ratio", 0.8) * 100
        )
        return _("Difficulty polyline: base earns {share}% of the weight").format(
            share=_g(round(share, 1))
        )
    if kind == "linear" and rule.get("direction") == "lower":
        return _("Linear, lower is better: each {step} adds or deducts {points} points").format(
            step=_g(rule["step"]), points=_g(rule["points"])
        )
    if kind == "linear":
        return _("Linear: each {step} adds or deducts {points} points").format(
            step=_g(rule["step"]), points=_g(rule["points"])
        )
    if kind == "base_score":
        return (
            _(
                "Base-score add/deduct: base earns {base_points}, each {step} less adds {add}, "
                "each {step} more deducts {deduct}"
            )
            if rule.get("direction") == "lower"
            else _(
                "Base-score add/deduct: base earns {base_points}, each {step} more adds {add}, "
                "each {step} less deducts {deduct}"
            )
        ).format(
            base_points=_g(round(base_points(rule, weight), 2)),
            step=_g(rule["step"]),
            add=_g(rule["add_points"]),
            deduct=_g(rule["deduct_points"]),
        )
    if kind == "proportional" and rule.get("direction") == "lower":
        return _("Proportional to target {target} (target ÷ actual, lower is better)").format(
            target=_g(rule["target"])
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


def rule_kind_name(kind: str, lang: str | None = None) -> str:
    def _(message: str) -> str:
        return gettext(message, lang)

    return {
        "polyline": _("Difficulty polyline"),
        "linear": _("Linear add/deduct"),
        "base_score": _("Base-score add/deduct"),
        "proportional": _("Proportional"),
        "grade": _("Grade"),
        "task": _("Multi-dimension task"),
        "deduction": _("Deduction item"),
    }.get(kind, kind)


def explain_rule(rule: dict, weight: float, lang: str | None = None) -> str:
    """The rule spelt out with its numbers, as a printed contract states it."""

    def _(message: str) -> str:
        return gettext(message, lang)

    kind = rule.get("kind")
    if kind == "polyline":
        return _(
            "Base {base} earns {base_points} points, challenge {challenge} earns {weight}; "
            "linear in between and down to minimum {minimum}, below which 0."
        ).format(
            base=_g(rule["base"]),
            base_points=_g(round(base_points(rule, weight), 2)),
            challenge=_g(rule["challenge"]),
            weight=_g(weight),
            minimum=_g(rule["minimum"]),
        )
    if kind == "linear":
        return (
            _(
                "Base {base} earns {base_points} points; each full {step} less adds {points}, "
                "each full {step} more deducts {points}; 0 to {weight}."
            )
            if rule.get("direction") == "lower"
            else _(
                "Base {base} earns {base_points} points; each full {step} more adds {points}, "
                "each full {step} less deducts {points}; 0 to {weight}."
            )
        ).format(
            base=_g(rule["base"]),
            base_points=_g(round(base_points(rule, weight), 2)),
            step=_g(rule["step"]),
            points=_g(rule["points"]),
            weight=_g(weight),
        )
    if kind == "base_score":
        return (
            _(
                "Reaching base {base} earns the base score {base_points}; each full {step} less "
                "adds {add} up to {weight}, each full {step} more deducts {deduct} down to 0."
            )
            if rule.get("direction") == "lower"
            else _(
                "Reaching base {base} earns the base score {base_points}; each full {step} more "
                "adds {add} up to {weight}, each full {step} less deducts {deduct} down to 0."
            )
        ).format(
            base=_g(rule["base"]),
            base_points=_g(round(base_points(rule, weight), 2)),
            step=_g(rule["step"]),
            add=_g(rule["add_points"]),
            deduct=_g(rule["deduct_points"]),
            weight=_g(weight),
        )
    if kind == "task":
        items = "; ".join(
            _("{points} off per {per} {name}").format(
                points=_g(item["points"]), per=_g(item["per"]), name=item["name"]
            )
            for item in rule["items"]
        )
        return _("Full {weight} points, less: {items}; not below 0.").format(
            weight=_g(weight), items=items
        )
    return describe_rule(rule, weight, lang)
