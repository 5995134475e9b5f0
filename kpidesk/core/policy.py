"""Firm policy with METHOD.md defaults: the current year, the category set, grade quotas, pay
breakpoints, period shares and the flex band (``FirmPolicy``, read from the document's settings
once), and the default categories a new firm starts with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .calibration import DEFAULT_QUOTAS
from .pay import DEFAULT_BREAKPOINTS


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
DEFAULT_PERIOD_SHARES = {
    "sales_service": {"month": 0.4, "year": 0.6},
    "research": {"quarter": 0.3, "half": 0.2, "year": 0.5},
    "management": {"quarter": 0.3, "year": 0.7},
}


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
        )

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
