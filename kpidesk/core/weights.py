"""Weight methods and the rules of thumb of METHOD.md §6."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kpidesk.i18n import N_, gettext, normalise

from .errors import RuleError

CRITERIA_FACTORS = (0.60, 0.25, 0.15)  # economic impact, controllability, measurability


def criteria_weights(
    rows: Sequence[tuple[str, float, float, float]],
    category_weights: Mapping[str, float],
    factors: tuple[float, float, float] = CRITERIA_FACTORS,
) -> list[float]:
    """§6 criteria scoring. Each row ``(category, impact, control, measure)`` is scored 0–4;
    weighted = f₁·impact + f₂·control + f₃·measure; a KPI's weight is its weighted score over
    the sum in its category, times the category weight. Unrounded percentages."""
    if len(factors) != 3 or not math.isclose(sum(factors), 1.0, abs_tol=1e-9):
        raise RuleError(
            N_("the three criteria factors must sum to 1, not {value1:g}"),
            "factors",
            value1=sum(factors),
        )
    weighted = []
    for i, (category, *scores) in enumerate(rows):
        if category not in category_weights:
            raise RuleError(
                N_("row {value1}: category '{category}' has no category weight"),
                f"rows[{i}]",
                value1=i + 1,
                category=category,
            )
        for name, score in zip(("impact", "control", "measure"), scores):
            if not 0 <= score <= 4:
                raise RuleError(
                    N_("row {value1}: {name} score {score:g} is outside 0–4"),
                    f"rows[{i}].{name}",
                    value1=i + 1,
                    name=name,
                    score=score,
                )
        weighted.append(sum(f * s for f, s in zip(factors, scores)))
    totals: dict[str, float] = {}
    for (category, *_scores), value in zip(rows, weighted):
        totals[category] = totals.get(category, 0.0) + value
    result = []
    for i, ((category, *_scores), value) in enumerate(zip(rows, weighted)):
        if totals[category] == 0:
            raise RuleError(
                N_("every KPI of category '{category}' scores 0: no weight can be shared"),
                f"rows[{i}]",
                category=category,
            )
        result.append(value / totals[category] * category_weights[category])
    return result


def factor_judgment_weights(tables: Sequence[Sequence[Sequence[float | None]]]) -> list[float]:
    """§6 weight-factor judgment table. Each expert's n×n table compares row i with column j
    (4 much more important … 0 much less; (i,j)+(j,i) = 4; diagonal empty). Row sums are the
    expert's scores, totalling 2·n·(n−1); weight = mean over experts / (2·n·(n−1))."""
    if not tables:
        raise RuleError(N_("at least one expert table is needed"), "tables")
    n = len(tables[0])
    if n < 2:
        raise RuleError(N_("a judgment table compares at least two indicators"), "expert 1")
    totals = [0.0] * n
    for e, table in enumerate(tables, start=1):
        if len(table) != n or any(len(row) != n for row in table):
            raise RuleError(N_("expert {e}: the table must be {n}×{n}"), f"expert {e}", e=e, n=n)
        for i in range(n):
            for j in range(n):
                value = table[i][j]
                where = f"expert {e} cell ({i + 1}, {j + 1})"
                if i == j:
                    if value is not None:
                        raise RuleError(N_("{where}: the diagonal stays empty"), where, where=where)
                    continue
                if value is None or isinstance(value, bool) or not 0 <= value <= 4:
                    raise RuleError(
                        N_("{where}: {value!r} is not a judgment 0–4"),
                        where,
                        where=where,
                        value=value,
                    )
                mirror = table[j][i]
                if j > i and mirror is not None and value + mirror != 4:
                    raise RuleError(
                        N_(
                            "{where}: {value:g} and cell ({value1}, {value2}) {value3:g} must sum to 4"
                        ),
                        where,
                        where=where,
                        value=value,
                        value1=j + 1,
                        value2=i + 1,
                        value3=mirror,
                    )
            totals[i] += sum(v for j, v in enumerate(table[i]) if j != i and v is not None)
    scale = 2 * n * (n - 1) * len(tables)
    return [t / scale for t in totals]


# How far a sum may stray from the total and still be rounded: percentages copied from a worked
# table to a few decimals sum to 100.001 or 99.9, not 100. Half a percent of the total (0.5 points
# in 100) absorbs any table of up to ten weights rounded to one decimal (10 × 0.05), yet still
# refuses a weight forgotten or typed twice.
WEIGHT_SUM_TOLERANCE = 0.005


def round_weights(
    values: Sequence[float],
    step: int = 5,
    total: int = 100,
    tolerance: float = WEIGHT_SUM_TOLERANCE,
) -> list[int]:
    """§6 rounding: floor each value to a multiple of ``step``, then give ``step`` to the
    largest remainders (ties to the earlier item) until the sum is ``total``.

    Values summing to within ``tolerance`` × ``total`` of the total are first scaled to sum to
    it exactly; a sum further off is refused with the sum, the total and the tolerance."""
    if step <= 0 or total % step:
        raise RuleError(
            N_("total {total} is not a multiple of step {step}"),
            "step",
            total=total,
            step=step,
        )
    given = sum(values)
    allowed = tolerance * total
    if not abs(given - total) <= allowed + 1e-9 * max(1, total):
        raise RuleError(
            N_(
                "the values sum to {value1:g}, not {total}: more than the tolerance of "
                "±{allowed:g} ({percent:g}% of the total) away, so they cannot be rounded "
                "without guessing which weight is wrong"
            ),
            "values",
            value1=given,
            total=total,
            allowed=allowed,
            percent=tolerance * 100,
        )
    if given != total:
        values = [v * total / given for v in values]
    # Round away float noise first so 14.999999999 counts as 15, not as 10 plus a remainder.
    units = [round(v / step, 9) for v in values]
    floors = [math.floor(u) for u in units]
    missing = round(total / step - sum(floors))
    order = sorted(range(len(values)), key=lambda i: (-(units[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [f * step for f in floors]


@dataclass(frozen=True)
class WeightLine:
    """What the rules of thumb need of a contract line."""

    name: str
    category: str
    weight: float
    deduction: bool = False


@dataclass(frozen=True)
class WeightRules:
    """§6 rules of thumb a firm may set for itself (``FirmPolicy.weight_rules``): how many
    scored KPIs a contract holds, the range of each weight and the step weights move in."""

    min_count: int = 5
    max_count: int = 10
    low: float = 5.0  # percent
    high: float = 30.0  # percent
    step: float = 5.0  # percent


DEFAULT_WEIGHT_RULES = WeightRules()


@dataclass(frozen=True)
class Finding:
    """One rule-of-thumb result: ``error`` blocks agreement (sum ≠ 100), ``warning`` advises.
    ``line`` is the index of the line concerned, or None for the whole contract."""

    code: str
    severity: str
    line: int | None
    template: str  # an English message of the catalogue, with {placeholders}
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str | None = None) -> str:
        """In ``lang`` (``en``, ``zh_CN``…; default: the current language)."""
        return gettext(self.template, normalise(lang) if lang else None).format(**dict(self.params))


def check_weights(
    lines: Sequence[WeightLine], rules: WeightRules = DEFAULT_WEIGHT_RULES
) -> list[Finding]:
    """§6 rules of thumb: 5–10 scored KPIs; each 5–30 %; multiples of 5 (or the firm's own
    ``rules``); no equal weights; deduction items unweighted; scored weights sum to 100 (the
    only error, whatever the rules)."""
    min_count, max_count = rules.min_count, rules.max_count
    low, high, step = rules.low, rules.high, rules.step
    found: list[Finding] = []
    scored = [(i, line) for i, line in enumerate(lines) if not line.deduction]
    for i, line in enumerate(lines):
        if line.deduction and line.weight:
            found.append(
                Finding(
                    "deduction_weighted",
                    "warning",
                    i,
                    N_("Deduction item '{name}' carries weight {weight:g}%; deductions carry none."),
                    (("name", line.name), ("weight", line.weight)),
                )
            )
    for i, line in scored:
        if not low <= line.weight <= high:
            found.append(
                Finding(
                    "weight_range",
                    "warning",
                    i,
                    N_("'{name}' weighs {weight:g}%; keep each KPI between {low:g}% and {high:g}%."),
                    (("name", line.name), ("weight", line.weight), ("low", low), ("high", high)),
                )
            )
        if not math.isclose(line.weight / step, round(line.weight / step), abs_tol=1e-9):
            found.append(
                Finding(
                    "weight_step",
                    "warning",
                    i,
                    N_("'{name}' weighs {weight:g}%; use multiples of {step:g}%."),
                    (("name", line.name), ("weight", line.weight), ("step", step)),
                )
            )
    if not min_count <= len(scored) <= max_count:
        found.append(
            Finding(
                "kpi_count",
                "warning",
                None,
                N_("{count} scored KPIs; keep between {low} and {high}."),
                (("count", len(scored)), ("low", min_count), ("high", max_count)),
            )
        )
    if len(scored) > 1 and len({round(line.weight, 9) for _i, line in scored}) == 1:
        found.append(
            Finding(
                "equal_weights",
                "warning",
                None,
                N_("All KPIs weigh the same; weights should show what matters most."),
            )
        )
    total = sum(line.weight for _i, line in scored)
    if not math.isclose(total, 100, abs_tol=1e-6):
        found.append(
            Finding(
                "weight_sum",
                "error",
                None,
                N_("Scored weights sum to {total:g}%, not 100%."),
                (("total", total),),
            )
        )
    return found
