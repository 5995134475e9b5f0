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


def year_result_lines(
    result: YearResult, coefficient: float | None, lang: str | None = None
) -> list[str]:
    """The year's aggregated result, the months it is built from, the months left out, and
    the coefficient only when the year is complete."""

    def _(message: str) -> str:
        return gettext(message, lang)

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
            _("Year {year}: {total} of 100 points = {shares}").format(
                year=result.year, total=f"{result.total:.2f}", shares=shares
            )
        ]
    if result.built_from:
        lines.append(
            _("Built from the complete months {months}.").format(
                months=period_ranges(result.built_from, lang)
            )
        )
    if result.incomplete:
        lines.append(
            _("Left out, incomplete: {months}.").format(
                months=period_ranges(result.incomplete, lang)
            )
        )
    if result.empty and len(result.empty) < 12:
        lines.append(
            _("No actuals yet: {months}.").format(months=period_ranges(result.empty, lang))
        )
    if "year" in result.estimated and result.total is not None:
        lines.append(
            _(
                "Until the annual actuals are entered in this period's table, the annual "
                "part stands in from the complete months."
            )
        )
    if coefficient is None:
        lines.append(_("Provisional: no appraisal coefficient until the year is complete."))
    else:
        lines.append(
            _("Appraisal coefficient {coefficient}%").format(
                coefficient=f"{coefficient * 100:.1f}"
            )
        )
    return lines
