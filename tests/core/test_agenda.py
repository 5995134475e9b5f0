"""The agenda's order: by the organisation tree, or what needs talking about first — each item
keeping its reasons. Cases written by hand."""

from __future__ import annotations

from kpidesk.core.agenda import (
    APPEAL,
    BOUNDARY,
    DEDUCTION,
    JUMP,
    MISSING,
    VETO,
    Candidate,
    build_agenda,
    reason_text,
    reasons_for,
)

BOUNDARIES = (60.0, 90.0)


def c(cid: int, order: int, **kw) -> Candidate:
    return Candidate(cid, 1, cid, order, **kw)


def reasons(candidate: Candidate) -> tuple[str, ...]:
    return reasons_for(candidate, BOUNDARIES, 2.0, 0.5)


def test_each_reason_by_hand():
    assert reasons(c(1, 0, total=75.0, previous_total=74.0)) == ()
    assert reasons(c(1, 0, missing=2)) == (MISSING,)
    assert reasons(c(1, 0, vetoed=True, total=0.0)) == (VETO,)
    assert reasons(c(1, 0, events=1, total=80.0)) == (DEDUCTION,)
    assert reasons(c(1, 0, total=88.0)) == (BOUNDARY,)  # 2 points under 90
    assert reasons(c(1, 0, total=87.9)) == ()
    assert reasons(c(1, 0, total=61.5)) == (BOUNDARY,)
    # 80 → 30 is a 62.5 % fall (over 50 %); 80 → 45 is 43.75 % (not)
    assert reasons(c(1, 0, total=30.0, previous_total=80.0)) == (JUMP,)
    assert reasons(c(1, 0, total=45.0, previous_total=80.0)) == ()
    assert reasons(c(1, 0, total=75.0, open_appeal=True)) == (APPEAL,)
    assert reasons(c(1, 0, missing=1, open_appeal=True, events=2)) == (MISSING, APPEAL, DEDUCTION)


def test_organisation_order_keeps_the_tree():
    items = [c(3, 2, missing=1), c(1, 0), c(2, 1, vetoed=True)]
    agenda = build_agenda(items, "organisation", BOUNDARIES, 2.0, 0.5)
    assert [e.contract_id for e in agenda] == [1, 2, 3]
    assert agenda[2].reasons == (MISSING,)


def test_attention_order_puts_what_needs_talking_about_first():
    items = [
        c(1, 0, total=75.0),  # nothing
        c(2, 1, total=89.0),  # boundary
        c(3, 2, missing=1),  # missing
        c(4, 3, total=75.0, open_appeal=True),  # appeal
        c(5, 4, vetoed=True, total=0.0),  # veto
        c(6, 5, missing=1, events=1),  # missing + deduction: before a missing alone
        c(7, 6, total=20.0, previous_total=80.0),  # jump
    ]
    agenda = build_agenda(items, "attention", BOUNDARIES, 2.0, 0.5)
    assert [e.contract_id for e in agenda] == [6, 3, 5, 4, 2, 7, 1]
    assert agenda[0].reasons == (MISSING, DEDUCTION)


def test_reasons_in_words():
    assert reason_text(MISSING) == "data missing"
    assert reason_text(VETO) == "veto hit"
    assert reason_text("from-a-newer-version") == "from-a-newer-version"
