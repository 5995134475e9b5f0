"""Why a cell cannot be typed into (METHOD.md §8 life of a contract): the grid asks here and
shows the answer, so a refused entry always says why. ``None`` means the cell takes a value."""

from __future__ import annotations

from kpidesk.i18n import N_, _

from collections.abc import Iterable
from dataclasses import dataclass

from .lifecycle import LIFECYCLE
from .periods import Period, period_label
from .problems import InputError, Problem


@dataclass(frozen=True)
class _PeriodWords(Problem):
    """A period inside a sentence as people read it (2003年6月 / Jun 2003), in the language the
    sentence is shown in; the code is kept (a malformed one is shown as it is)."""

    def message(self, lang: str | None = None) -> str:
        try:
            return period_label(self.code, lang)
        except InputError:
            return self.code


def period_words(code: str) -> Problem:
    """``code`` for a message's ``{period}``: never the raw 2003-06 in a Chinese sentence."""
    return _PeriodWords(str(code))


def _words(refusal: Problem | None) -> str | None:
    return None if refusal is None else refusal.text()


def actual_lock(status: str, deduction: bool = False) -> str | None:
    """Why an actual cannot be typed for a line of a contract in ``status`` (None: it can), in
    words now: a model's tooltip asks when it shows. A refusal raised asks
    ``actual_refusal``."""
    return _words(actual_refusal(status, deduction))


def actual_refusal(status: str, deduction: bool = False) -> Problem | None:
    """Why an actual cannot be typed for a line of a contract in ``status`` (None: it can), as
    a Problem put into words where it is shown.

    A draft takes actuals as provisional: a department head preparing a contract with last
    months' data wants to see what it would score; the scores are marked provisional until the
    contract is agreed."""
    if deduction:
        return Problem(
            N_(
                "A deduction item counts events, not an actual: add them with “Add event…” in "
                "the scoring panel."
            ),
            "actual",
        )
    return LIFECYCLE.why_locked(status, "actuals")


def is_provisional(status: str) -> bool:
    """Actuals of a draft are scored but not final until the contract is agreed."""
    return LIFECYCLE.is_provisional(status)


def line_field_lock(status: str, field: str, deduction: bool = False) -> str | None:
    """Why ``field`` of a contract line cannot be typed into (None: it can), in words now."""
    return _words(line_field_refusal(status, field, deduction))


def line_field_refusal(status: str, field: str, deduction: bool = False) -> Problem | None:
    """Why ``field`` of a contract line cannot be typed into (None: it can), not yet in words."""
    if field == "rule":
        return Problem(
            N_("The scoring rule is edited in the rule editor: double-click the rule."), field
        )
    if field == "weight" and deduction and LIFECYCLE.lines_editable(status):
        return Problem(
            N_("A deduction item has no weight: it takes points off the total per event."), field
        )
    if LIFECYCLE.is_amendment(status, field):
        return None  # typed, then recorded as an amendment (reason, approver)
    return LIFECYCLE.why_locked(status, field)


def score_column_lock(column: str) -> str:
    """Why a scoring-table cell other than the actual cannot be typed into."""
    if column in ("points", "completion", "total"):
        return _("Points are computed from the actual and the scoring rule: type the actual.")
    return _(
        "The KPI, weight and target come from the contract: change them on the Contract tab."
    )


def official_refusal(period: str, reviewer: str, made_at: object) -> Problem:
    """Why an actual or deduction event of an official period takes no entry: who made the
    results official and when, and where a change is made instead (METHOD.md §9)."""
    when = made_at.strftime("%Y-%m-%d %H:%M") if hasattr(made_at, "strftime") else str(made_at)
    return Problem(
        N_(
            "The results of {period} were made official by {reviewer} on {date}: they change only through Review › Correct an official result… with a reason."
        ),
        "period",
        {"period": period_words(period), "reviewer": reviewer, "date": when},
    )


def official_lock(period: str, reviewer: str, made_at: object) -> str:
    """``official_refusal`` in words now, for a cell's tooltip or status line."""
    return official_refusal(period, reviewer, made_at).text()


def covering_official(period: str, official: Iterable[str]) -> str | None:
    """The official period that locks ``period`` (None: none does): the period itself, or a
    quarter, half or year made official that is built from it — 2003-Q2 official locks
    2003-04…06; 2003 official locks its months, quarters and halves (METHOD.md §9)."""
    codes = set(official)
    if period in codes:
        return period
    try:
        part = Period.parse(period)
    except InputError:
        return None
    for code in sorted(codes):
        try:
            whole = Period.parse(code)
        except InputError:
            continue
        if whole.contains(part):
            return code
    return None
