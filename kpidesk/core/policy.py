"""Firm policy with METHOD.md defaults: categories, category weights, grade quotas, pay
breakpoints and period shares. Stored in the firm file and audited; these are the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    category_set: str = "default"
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    quotas: tuple[tuple[str, float], ...] = DEFAULT_QUOTAS
    pay_breakpoints: tuple[tuple[float, float], ...] = DEFAULT_BREAKPOINTS
    period_shares: dict = field(default_factory=lambda: dict(DEFAULT_PERIOD_SHARES))
    target_flex: float = 0.15  # §8: targets may move within 10–15 % after signing

    def category(self, code: str) -> Category:
        for category in self.categories:
            if category.code == code:
                return category
        raise KeyError(code)
