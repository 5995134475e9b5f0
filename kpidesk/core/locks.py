"""Why a cell cannot be typed into (METHOD.md §8 life of a contract): the grid asks here and
shows the answer, so a refused entry always says why. ``None`` means the cell takes a value."""

from __future__ import annotations

from kpidesk.i18n import _

from .lifecycle import LIFECYCLE


def actual_lock(status: str, deduction: bool = False) -> str | None:
    """Why an actual cannot be typed for a line of a contract in ``status`` (None: it can).

    A draft takes actuals as provisional: a department head preparing a contract with last
    months' data wants to see what it would score; the scores are marked provisional until the
    contract is agreed."""
    if deduction:
        return _(
            "A deduction item counts events, not an actual: add them with “Add event…” in the "
            "scoring panel."
        )
    return LIFECYCLE.why_locked(status, "actuals")


def is_provisional(status: str) -> bool:
    """Actuals of a draft are scored but not final until the contract is agreed."""
    return LIFECYCLE.is_provisional(status)


def line_field_lock(status: str, field: str, deduction: bool = False) -> str | None:
    """Why ``field`` of a contract line cannot be typed into (None: it can)."""
    if field == "rule":
        return _("The scoring rule is edited in the rule editor: double-click the rule.")
    if field == "weight" and deduction and LIFECYCLE.lines_editable(status):
        return _("A deduction item has no weight: it takes points off the total per event.")
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
