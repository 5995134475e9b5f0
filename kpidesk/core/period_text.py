"""A period's result in words, for the scoring panel and the printed score sheets alike: the
"data incomplete" notice and the year's §7 aggregation with what it is built from."""

from __future__ import annotations

from collections.abc import Iterable

from kpidesk.i18n import gettext

from .period_results import YearResult
from .periods import Period, period_range_label

def period_ranges(codes: Iterable[str], lang: str | None = None) -> str:
    """``2003-01, 2003-02, 2003-03, 2003-05`` → ``2003年1月–3月、2003年5月`` /
    ``Jan–Mar 2003, May 2003``."""
    runs: list[list[Period]] = []
    for period in sorted(Period.parse(c) for c in codes):
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and (last.year, last.kind) == (period.year, period.kind)
            and last.index + 1 == period.index
        ):
            runs[-1].append(period)
        else:
            runs.append([period])
    return gettext(", ", lang).join(period_range_label(run[0], run[-1], lang) for run in runs)


def kind_name(kind: str, lang: str | None = None) -> str:
    """A period kind as a share of the year's result: monthly, quarterly, half-yearly, annual."""
    return {
        "month": gettext("monthly", lang),
        "quarter": gettext("quarterly", lang),
        "half": gettext("half-yearly", lang),
        "year": gettext("annual", lang),
    }.get(kind, kind)


def incomplete_text(count: int, lang: str | None = None) -> str:
    """What is said instead of a total and coefficient while due actuals are missing."""
    if count == 1:
        return gettext(
            "Data incomplete — 1 line without an actual: no total or appraisal coefficient yet.",
            lang,
        )
    return gettext(
        "Data incomplete — {count} lines without actuals: no total or appraisal coefficient "
        "yet.",
        lang,
    ).format(count=count)


def months_result_lines(
    total: float,
    months: Iterable[str],
    coefficient: float,
    own_missing: int = 0,
    lang: str | None = None,
) -> list[str]:
    """A quarter or half whose own table is not complete but whose months all are: its result
    built from them, saying so, with the coefficient (the year's aggregation counts it so)."""

    def _(message: str) -> str:
        return gettext(message, lang)

    lines = [
        _(
            "Total {total} of 100 points, built from the data of {months} (the mean of the "
            "months' totals, as the year's result counts this period)"
        ).format(total=f"{total:.2f}", months=period_ranges(months, lang)),
        _("Appraisal coefficient {coefficient}%").format(
            coefficient=f"{coefficient * 100:.1f}"
        ),
    ]
    if own_missing:
        lines.append(
            _(
                "This period's own table lacks {count} actuals: until it is complete, the "
                "result is built from its months."
            ).format(count=own_missing)
        )
    return lines


def year_result_lines(
    result: YearResult, coefficient: float | None, lang: str | None = None
) -> list[str]:
    """The year's aggregated result, the months it is built from, the months left out, and
    the coefficient only when the year is complete."""

    def _(message: str) -> str:
        return gettext(message, lang)

    def part(kind: str, share: float) -> str:
        value = result.parts.get(kind)
        return _("{kind} {score} × {share}%").format(
            kind=kind_name(kind, lang),
            score="—" if value is None else f"{value:.2f}",
            share=f"{share * 100:g}",
        )

    shares = " + ".join(
        _("{share}% {kind}").format(share=f"{share * 100:g}", kind=kind_name(kind, lang))
        for kind, share in result.shares.items()
    )
    if result.total is None:
        lines = [
            _("Year {year}: no complete period yet ({shares}).").format(
                year=result.year, shares=shares
            )
        ]
    else:
        lines = [
            _("Year {year}: {total} of 100 points = {parts}").format(
                year=result.year,
                total=f"{result.total:.2f}",
                parts=" + ".join(part(k, s) for k, s in result.shares.items()),
            )
        ]
    for kind in result.shares:
        lines.extend(_part_lines(result, kind, lang))
    if result.built_from:
        lines.append(
            _("Built from the complete months {months}.").format(
                months=period_ranges(result.built_from, lang)
            )
        )
    if result.incomplete:
        lines.append(
            _("Left out, incomplete: {months}.").format(months=period_ranges(result.incomplete, lang))
        )
    if result.empty and len(result.empty) < 12:
        lines.append(_("No actuals yet: {months}.").format(months=period_ranges(result.empty, lang)))
    if coefficient is None:
        lines.append(_("Provisional: no appraisal coefficient until the year is complete."))
    else:
        lines.append(
            _("Appraisal coefficient {coefficient}%").format(
                coefficient=f"{coefficient * 100:.1f}"
            )
        )
    return lines


def _part_lines(result: YearResult, kind: str, lang: str | None) -> list[str]:
    """What one part of the year's result stands on, so HR can check its figure: the periods
    scored by their own actuals and those built from their complete months (naming them)."""

    def _(message: str) -> str:
        return gettext(message, lang)

    basis = result.bases.get(kind)
    value = result.parts.get(kind)
    if basis is None or value is None:
        return []
    name = {
        "month": _("Monthly part"),
        "quarter": _("Quarterly part"),
        "half": _("Half-yearly part"),
    }.get(kind, kind_name(kind, lang))
    score = f"{value:.2f}"
    if kind == "year" and not basis.own:
        return [
            _(
                "Annual part {score}: stands in from the complete months {months} until the "
                "annual actuals are entered in the year period's table."
            ).format(score=score, months=period_ranges(basis.months, lang))
        ]
    sources = []
    if basis.own and kind == "month":
        sources.append(
            _("the complete months {months}").format(months=period_ranges(basis.own, lang))
        )
    elif basis.own:
        sources.append(
            _("the actuals of {periods}").format(periods=period_ranges(basis.own, lang))
        )
    if basis.from_months:
        sources.append(
            _("{periods} built from the complete months {months}").format(
                periods=period_ranges(basis.from_months, lang),
                months=period_ranges(basis.months, lang),
            )
        )
    return [
        _("{part} {score}: {sources}.").format(
            part=name, score=score, sources=_("; ").join(sources)
        )
    ]
