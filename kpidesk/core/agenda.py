"""The agenda of a review meeting (METHOD.md §1, §9): which contracts the committee goes
through and in what order. "organisation" keeps the firm's tree order; "attention" puts first
what needs talking about — missing data, a veto or deduction hit, a total near a grade
boundary, a big move against last period, an open appeal — each item keeping its reasons (codes
stored in ``MeetingItemRecord.reasons``, worded by ``reason_text``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kpidesk.i18n import N_, gettext

# The reasons, most pressing first: their order is the attention order's first key.
MISSING, VETO, DEDUCTION, BOUNDARY, JUMP, APPEAL = (
    "missing",
    "veto",
    "deduction",
    "boundary",
    "jump",
    "appeal",
)
REASONS = (MISSING, VETO, APPEAL, DEDUCTION, BOUNDARY, JUMP)
_WORDS = {
    MISSING: N_("data missing"),
    VETO: N_("veto hit"),
    APPEAL: N_("open appeal"),
    DEDUCTION: N_("deduction events"),
    BOUNDARY: N_("near a grade boundary"),
    JUMP: N_("big move against last period"),
}


@dataclass(frozen=True)
class Candidate:
    """What the agenda needs to know of one contract in the period."""

    contract_id: int
    unit_id: int
    position_id: int
    tree_order: int  # where the position sits in the organisation tree
    missing: int = 0  # due lines without an actual
    vetoed: bool = False
    events: int = 0  # deduction events counted in the period
    total: float | None = None  # None until complete
    previous_total: float | None = None
    open_appeal: bool = False


@dataclass(frozen=True)
class AgendaEntry:
    contract_id: int
    unit_id: int
    position_id: int
    reasons: tuple[str, ...]


def reasons_for(
    candidate: Candidate,
    boundaries: Sequence[float],
    margin: float,
    jump_factor: float,
) -> tuple[str, ...]:
    """Why ``candidate`` needs talking about, in ``REASONS`` order (empty: nothing odd)."""
    found = set()
    if candidate.missing:
        found.add(MISSING)
    if candidate.vetoed:
        found.add(VETO)
    if candidate.events:
        found.add(DEDUCTION)
    total = candidate.total
    if total is not None and any(abs(total - b) <= margin for b in boundaries):
        found.add(BOUNDARY)
    before = candidate.previous_total
    if total is not None and before and abs(total - before) / before > jump_factor:
        found.add(JUMP)
    if candidate.open_appeal:
        found.add(APPEAL)
    return tuple(r for r in REASONS if r in found)


def build_agenda(
    candidates: Iterable[Candidate],
    order: str,
    boundaries: Sequence[float],
    margin: float,
    jump_factor: float,
) -> list[AgendaEntry]:
    """The agenda: ``order`` "organisation" keeps the tree order; "attention" sorts by the most
    pressing reason, then by how many reasons, then the tree order (items without reasons last)."""
    entries = [
        (c, reasons_for(c, boundaries, margin, jump_factor)) for c in candidates
    ]
    if order == "attention":
        entries.sort(
            key=lambda e: (
                REASONS.index(e[1][0]) if e[1] else len(REASONS),
                -len(e[1]),
                e[0].tree_order,
            )
        )
    else:
        entries.sort(key=lambda e: e[0].tree_order)
    return [AgendaEntry(c.contract_id, c.unit_id, c.position_id, r) for c, r in entries]


def reason_text(code: str) -> str:
    """A reason in the UI's language (an unknown code, from a newer version, as it is)."""
    return gettext(_WORDS[code]) if code in _WORDS else code


def reasons_text(codes: Iterable[str]) -> str:
    return gettext("; ").join(reason_text(c) for c in codes) if codes else ""
