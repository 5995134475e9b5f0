"""Firm policy with METHOD.md defaults: the current year, the category set, grade quotas, pay
breakpoints, period shares, the flex band and the §6 weight rules (``FirmPolicy``, read from the
document's settings once), what a firm's settings may hold (``policy_problems``), and the default
categories a new firm starts with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kpidesk.i18n import N_, NP_

from .calibration import DEFAULT_QUOTAS
from .pay import DEFAULT_BREAKPOINTS
from .problems import Problem
from .review_policy import ReviewPolicy, review_problems
from .weights import DEFAULT_WEIGHT_RULES, WeightRules


@dataclass(frozen=True)
class Category:
    code: str
    name_en: str
    name_zh: str
    default_weight: float  # percent; 0 for deduction
    deduction: bool = False


# §4 default set, with the marketing GM's category weights (seed 001 slide 29) as defaults.
DEFAULT_CATEGORIES = (
    Category("financial", "Financial / benefit", "财务/效益类", 70),
    Category("service", "Service / operation", "服务/经营类", 20),
    Category("learning", "Learning & growth", "学习成长类", 10),
    Category("deduction", "Deduction", "扣分指标", 0, deduction=True),
)

# §7 examples: sales and service roles monthly 40 % + annual 60 %; R&D quarterly 30 % +
# half-year 20 % + annual 50 %.
# The employee classes' names, one home for every layer (the settings dialog, the organisation's
# menus, HR's roster in both languages): 销售服务类 / 研发类 / 管理类.
EMPLOYEE_CLASS_NAMES: dict[str, tuple[str, str]] = {
    "management": NP_("employee class", "Management"),
    "sales_service": NP_("employee class", "Sales and service"),
    "research": NP_("employee class", "Research and development"),
}

DEFAULT_PERIOD_SHARES = {
    "sales_service": {"month": 0.4, "year": 0.6},
    "research": {"quarter": 0.3, "half": 0.2, "year": 0.5},
    "management": {"quarter": 0.3, "year": 0.7},
}


WEIGHT_RULE_FIELDS = ("min_count", "max_count", "low", "high", "step")
PERIOD_KINDS = ("month", "quarter", "half", "year")
YEARS = (2000, 2100)  # the years a firm may work in
MAX_FLEX = 0.5  # a flex band beyond half a target is no longer a target


@dataclass(frozen=True)
class FirmPolicy:
    """The firm's policy as the method uses it, loaded once from the document's settings
    (``FirmService.policy``) and handed down: nothing reads a setting by its key elsewhere."""

    firm_name: str | None = None  # None: the document's file name stands for the firm
    current_year: int | None = None  # None: the calendar year (``year``)
    category_set: str = "default"
    quotas: tuple[tuple[str, float], ...] = DEFAULT_QUOTAS
    pay_breakpoints: tuple[tuple[float, float], ...] = DEFAULT_BREAKPOINTS
    period_shares: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_PERIOD_SHARES))
    target_flex: float = 0.15  # §8: targets may move within 10–15 % after signing
    weight_rules: WeightRules = DEFAULT_WEIGHT_RULES  # §6 rules of thumb
    review: ReviewPolicy = ReviewPolicy()  # §9: meetings, official results, calibration guide

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> FirmPolicy:
        """The policy from the document's settings (key → stored JSON value); a setting the
        document lacks (or stores empty) takes the METHOD.md default."""
        defaults = cls()

        def given(key: str) -> Any:
            value = settings.get(key)
            return None if value == "" else value

        breakpoints = given("pay_breakpoints")
        quotas = given("quotas")
        year = given("current_year")
        flex = given("target_flex")
        rules = given("weight_rules") or {}
        return cls(
            firm_name=given("firm_name"),
            current_year=None if year is None else int(year),
            category_set=given("category_set") or defaults.category_set,
            quotas=(
                tuple((str(grade), float(share)) for grade, share in quotas)
                if quotas
                else defaults.quotas
            ),
            pay_breakpoints=(
                tuple((float(score), float(coefficient)) for score, coefficient in breakpoints)
                if breakpoints
                else defaults.pay_breakpoints
            ),
            period_shares=dict(
                defaults.period_shares
                if given("period_shares") is None
                else given("period_shares")
            ),
            target_flex=defaults.target_flex if flex is None else float(flex),
            # A rule the settings leave out keeps its §6 default.
            weight_rules=_weight_rules(rules),
            review=ReviewPolicy.from_setting(given("review")),
        )

    def as_settings(self) -> dict[str, object]:
        """Every policy setting as the document stores it (key → JSON value): what a new firm
        writes out, so the firm sees and edits each one (the name and year are the firm's)."""
        return {
            "category_set": self.category_set,
            "quotas": [list(quota) for quota in self.quotas],
            "pay_breakpoints": [list(point) for point in self.pay_breakpoints],
            "period_shares": {
                employee_class: dict(shares)
                for employee_class, shares in self.period_shares.items()
            },
            "target_flex": self.target_flex,
            "weight_rules": {name: getattr(self.weight_rules, name) for name in WEIGHT_RULE_FIELDS},
            "review": self.review.as_setting(),
        }

    def year(self, today: date | None = None) -> int:
        """The year the firm works in: the stored current year, else the calendar year."""
        return self.current_year or (today or date.today()).year

    def shares_for(self, employee_class: str | None) -> dict[str, float]:
        """§7 period shares of an employee class; a class without its own counts the year."""
        default = {"year": 1.0}
        shares: dict[str, float] = (
            default if employee_class is None else self.period_shares.get(employee_class, default)
        )
        return shares

    def coefficient_levels(self) -> tuple[float, ...]:
        """The scores where the appraisal coefficient changes its course below the full score
        (60 and 90 by default): the lines a trend chart draws (100 is the chart's top)."""
        return tuple(score for score, _coefficient in self.pay_breakpoints if score < 100)


def _weight_rules(rules: Mapping[str, Any]) -> WeightRules:
    """The §6 rules of thumb from a ``weight_rules`` setting; a rule it leaves out keeps its
    default."""
    default = DEFAULT_WEIGHT_RULES

    def rule(name: str) -> Any:
        value = rules.get(name)
        return getattr(default, name) if value is None else value

    return WeightRules(
        min_count=int(rule("min_count")),
        max_count=int(rule("max_count")),
        low=float(rule("low")),
        high=float(rule("high")),
        step=float(rule("step")),
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _not_a_number(key: str, value: object) -> Problem:
    return Problem(N_("{value!r} is not a number"), key, {"value": value})


def policy_problems(settings: Mapping[str, object]) -> list[Problem]:
    """What is wrong with these settings (key → value, as stored), each problem naming its
    setting in ``where``; empty when all may be kept. Only the settings given are checked, each
    on its own: the firm's name is not empty, the year lies in 2000–2100, the flex band in
    0–50 %, grade quotas are each 0–100 % and sum to 100 %, the coefficient curve rises in
    score, each employee class's period shares sum to 100 %, and the weight rules' low does not
    exceed their high, nor the fewest KPIs the most."""
    found: list[Problem] = []
    checks = {
        "firm_name": _name_problems,
        "current_year": _year_problems,
        "target_flex": _flex_problems,
        "quotas": _quota_problems,
        "pay_breakpoints": _breakpoint_problems,
        "period_shares": _share_problems,
        "weight_rules": _weight_rule_problems,
        "review": review_problems,
    }
    for key, check in checks.items():
        if key in settings:
            found += check(key, settings[key])
    return found


def _name_problems(key: str, value: object) -> list[Problem]:
    if not isinstance(value, str) or not value.strip():
        return [Problem(N_("The firm needs a name."), key)]
    return []


def _year_problems(key: str, value: object) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int) or not YEARS[0] <= value <= YEARS[1]:
        return [
            Problem(
                N_("The year {value} is not between {low} and {high}."),
                key,
                {"value": value, "low": YEARS[0], "high": YEARS[1]},
            )
        ]
    return []


def _flex_problems(key: str, value: object) -> list[Problem]:
    flex = _number(value)
    if flex is None:
        return [_not_a_number(key, value)]
    if not 0 <= flex <= MAX_FLEX:
        return [
            Problem(
                N_("The flex band of {value:g}% is not between 0% and {high:g}%."),
                key,
                {"value": flex * 100, "high": MAX_FLEX * 100},
            )
        ]
    return []


def _quota_problems(key: str, value: object) -> list[Problem]:
    if not isinstance(value, (list, tuple)) or not value:
        return [Problem(N_("The forced-distribution guide names no grade."), key)]
    found: list[Problem] = []
    total = 0.0
    for row in value:
        grade, share = (row[0], _number(row[1])) if len(row) == 2 else (row, None)
        if share is None:
            found.append(_not_a_number(key, row))
            continue
        total += share
        if not 0 <= share <= 1:
            found.append(
                Problem(
                    N_("The share of grade {grade} is {share:g}%, not between 0% and 100%."),
                    key,
                    {"grade": grade, "share": share * 100},
                )
            )
    if not found and abs(total - 1) > 1e-6:
        found.append(
            Problem(
                N_("The grade shares sum to {total:g}%, not 100%."), key, {"total": total * 100}
            )
        )
    return found


MAX_CURVE_SCORE = 200.0  # total points with every challenge beaten stay well below this


def _breakpoint_problems(key: str, value: object) -> list[Problem]:
    if not isinstance(value, (list, tuple)) or not value:
        return [Problem(N_("The coefficient curve has no point."), key)]
    points: list[tuple[float, float]] = []
    for row in value:
        score, coefficient = (
            (_number(row[0]), _number(row[1])) if len(row) == 2 else (None, None)
        )
        if score is None or coefficient is None:
            return [_not_a_number(key, row)]
        if not 0 <= score <= MAX_CURVE_SCORE:
            return [
                Problem(
                    N_("A score of {score:g} is not between 0 and {most:g}."),
                    key,
                    {"score": score, "most": MAX_CURVE_SCORE},
                )
            ]
        if coefficient < 0:
            return [
                Problem(
                    N_("The coefficient {coefficient:g} at score {score:g} is negative."),
                    key,
                    {"coefficient": coefficient, "score": score},
                )
            ]
        points.append((score, coefficient))
    for (before, low), (after, high) in zip(points, points[1:]):
        if after > before and high < low:  # a better score may never pay less
            return [
                Problem(
                    N_(
                        "The coefficient must not fall as the score rises: {high:g} at {after:g} "
                        "after {low:g} at {before:g}."
                    ),
                    key,
                    {"high": high, "after": after, "low": low, "before": before},
                )
            ]
        if after <= before:
            return [
                Problem(
                    N_(
                        "The coefficient curve must rise in score: {after:g} follows {before:g}."
                    ),
                    key,
                    {"after": after, "before": before},
                )
            ]
    return []


def _share_problems(key: str, value: object) -> list[Problem]:
    if not isinstance(value, Mapping):
        return [Problem(N_("The period shares name no employee class."), key)]
    found: list[Problem] = []
    for employee_class, shares in value.items():
        where = f"{key}.{employee_class}"
        if not isinstance(shares, Mapping) or not shares:
            found.append(
                Problem(N_("Employee class {name} has no period share."), where, {"name": employee_class})
            )
            continue
        total = 0.0
        for kind, share in shares.items():
            number = _number(share)
            if kind not in PERIOD_KINDS:
                found.append(
                    Problem(N_("{kind} is not a kind of period."), where, {"kind": kind})
                )
            elif number is None:
                found.append(_not_a_number(where, share))
            elif not 0 <= number <= 1:
                found.append(
                    Problem(
                        N_("A period share of {share:g}% is not between 0% and 100%."),
                        where,
                        {"share": number * 100},
                    )
                )
            else:
                total += number
        if not found and abs(total - 1) > 1e-6:
            found.append(
                Problem(
                    N_("The period shares of employee class {name} sum to {total:g}%, not 100%."),
                    where,
                    {"name": employee_class, "total": total * 100},
                )
            )
    return found


def _weight_rule_problems(key: str, value: object) -> list[Problem]:
    if not isinstance(value, Mapping):
        return [Problem(N_("The weight rules are missing."), key)]
    rules: dict[str, float] = {}
    for name in WEIGHT_RULE_FIELDS:
        given = value.get(name, getattr(DEFAULT_WEIGHT_RULES, name))
        number = _number(given)
        if number is None:
            return [_not_a_number(f"{key}.{name}", given)]
        rules[name] = number
    found: list[Problem] = []
    if rules["min_count"] < 1 or rules["min_count"] != int(rules["min_count"]):
        found.append(
            Problem(
                N_("The fewest KPIs of a contract must be a whole number, at least 1, not {value:g}."),
                f"{key}.min_count",
                {"value": rules["min_count"]},
            )
        )
    if rules["max_count"] != int(rules["max_count"]):
        found.append(
            Problem(
                N_("The most KPIs of a contract must be a whole number, not {value:g}."),
                f"{key}.max_count",
                {"value": rules["max_count"]},
            )
        )
    if rules["min_count"] > rules["max_count"]:
        found.append(
            Problem(
                N_("The fewest KPIs ({low:g}) exceed the most ({high:g})."),
                f"{key}.min_count",
                {"low": rules["min_count"], "high": rules["max_count"]},
            )
        )
    if not 0 <= rules["low"] <= 100 or not 0 <= rules["high"] <= 100:
        found.append(Problem(N_("A KPI's weight lies between 0% and 100%."), f"{key}.low"))
    elif rules["low"] > rules["high"]:
        found.append(
            Problem(
                N_("The lowest weight ({low:g}%) exceeds the highest ({high:g}%)."),
                f"{key}.low",
                {"low": rules["low"], "high": rules["high"]},
            )
        )
    if not 0 < rules["step"] <= 100:
        found.append(
            Problem(
                N_("The weight step of {value:g}% is not between 0% and 100%."),
                f"{key}.step",
                {"value": rules["step"]},
            )
        )
    elif abs(100 / rules["step"] - round(100 / rules["step"])) > 1e-9:
        # Weights rounded in steps that do not add up to 100 could never sum to it (§6).
        found.append(
            Problem(
                N_("Weights in steps of {value:g}% cannot sum to 100%: choose a step that divides 100."),
                f"{key}.step",
                {"value": rules["step"]},
            )
        )
    return found
