"""The contract lifecycle as one table (METHOD.md §8): for each status, the moves it allows and
how every line field may change — freely, only through an amendment, or not at all — with the
sentence the user reads. Written out by hand so a change to the rules shows here."""

from __future__ import annotations

import pytest

from kpidesk import i18n
from kpidesk.core.lifecycle import LIFECYCLE, FieldEdit
from kpidesk.core.locks import line_field_lock
from kpidesk.core.model import LINE_FIELDS

FREE, AMEND, LOCKED = FieldEdit.FREE, FieldEdit.AMEND, FieldEdit.LOCKED

SEALED_LINE = (
    "The contract is signed: its lines are sealed. Targets and rules change through an "
    "amendment (double-click the target or the rule); anything else needs next year's contract."
)
SIGNED_TARGETS = "The contract is signed: its targets change only through a recorded amendment."
CLOSED = (
    "The contract is closed: the year's results are final. Reopen it (with a reason) to amend it."
)
CLOSED_ACTUALS = (
    "The contract is closed: the year's results are final. "
    "Reopen it (with a reason) to change an actual."
)

# status → field → (how it may change, the sentence why it cannot be typed freely)
TABLE = {
    "draft": {field: (FREE, None) for field in LINE_FIELDS},
    "agreed": {field: (FREE, None) for field in LINE_FIELDS},
    "signed": {
        "indicator": (LOCKED, SEALED_LINE),
        "category": (LOCKED, SEALED_LINE),
        "weight": (LOCKED, SEALED_LINE),
        "unit": (LOCKED, SEALED_LINE),
        "minimum": (AMEND, SIGNED_TARGETS),
        "base": (AMEND, SIGNED_TARGETS),
        "challenge": (AMEND, SIGNED_TARGETS),
        "target_note": (AMEND, SIGNED_TARGETS),
        "rule": (AMEND, SIGNED_TARGETS),
        "data_source": (LOCKED, SEALED_LINE),
        "cycle": (LOCKED, SEALED_LINE),
    },
    "closed": {field: (LOCKED, CLOSED) for field in LINE_FIELDS},
}


def words(refusal):
    """A refusal (a Problem since issue 10 round 2) in words now, or None."""
    return None if refusal is None else refusal.text()


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    "status, field",
    [(status, field) for status, fields in TABLE.items() for field in fields],
)
def test_each_status_says_how_each_line_field_may_change_and_why(status, field):
    edit, sentence = TABLE[status][field]
    assert LIFECYCLE.field_edit(status, field) is edit
    assert words(LIFECYCLE.why_locked(status, field)) == sentence
    assert LIFECYCLE.is_amendment(status, field) == (edit is AMEND)


def test_the_table_covers_every_status_and_every_field_the_editor_shows():
    assert tuple(TABLE) == LIFECYCLE.statuses == ("draft", "agreed", "signed", "closed")
    assert all(tuple(fields) == LINE_FIELDS for fields in TABLE.values())


def test_the_grid_takes_a_signed_target_to_the_amendment_dialog_and_refuses_the_rest():
    # The grid's typed-cell answer: a target of a signed line is typed (then amended); the rule
    # column always opens the rule editor.
    assert line_field_lock("signed", "minimum") is None
    assert line_field_lock("signed", "weight") == SEALED_LINE
    assert line_field_lock("closed", "challenge") == CLOSED
    assert line_field_lock("draft", "weight", deduction=True) == (
        "A deduction item has no weight: it takes points off the total per event."
    )
    assert line_field_lock("signed", "weight", deduction=True) == SEALED_LINE


@pytest.mark.parametrize(
    "status, moves, reason",
    [
        ("draft", {"agreed"}, set()),
        ("agreed", {"draft", "signed"}, set()),
        ("signed", {"closed"}, set()),
        ("closed", {"signed"}, {"signed"}),  # reopening needs a recorded reason
    ],
)
def test_transitions(status, moves, reason):
    assert LIFECYCLE.transitions(status) == moves
    for other in LIFECYCLE.statuses:
        assert LIFECYCLE.can_transition(status, other) == (other in moves)
        assert LIFECYCLE.needs_reason(status, other) == (other in reason)


def test_only_agreed_to_signed_is_the_signing():
    signing = [
        (old, new)
        for old in LIFECYCLE.statuses
        for new in LIFECYCLE.transitions(old)
        if LIFECYCLE.is_signing(old, new)
    ]
    assert signing == [("agreed", "signed")]


@pytest.mark.parametrize(
    "status, actuals, provisional, parties, sealed, lines, collects, deletable",
    [
        ("draft", True, True, True, False, True, False, True),
        ("agreed", True, False, True, False, True, True, False),
        ("signed", True, False, False, True, False, True, False),
        ("closed", False, False, False, True, False, False, False),
    ],
)
def test_what_else_each_status_allows(
    status, actuals, provisional, parties, sealed, lines, collects, deletable
):
    assert LIFECYCLE.accepts_actuals(status) is actuals
    assert LIFECYCLE.is_provisional(status) is provisional
    assert LIFECYCLE.parties_editable(status) is parties
    assert LIFECYCLE.is_sealed(status) is sealed
    assert LIFECYCLE.lines_editable(status) is lines
    assert LIFECYCLE.collects_actuals(status) is collects
    assert LIFECYCLE.deletable(status) is deletable


def test_only_a_closed_contract_refuses_actuals():
    assert LIFECYCLE.refusing_actuals() == ("closed",)


def test_sentences_for_actuals_and_parties():
    assert words(LIFECYCLE.why_locked("closed", "actuals")) == CLOSED_ACTUALS
    assert words(LIFECYCLE.why_locked("signed", "actuals")) is None
    assert words(LIFECYCLE.why_locked("signed", "parties")) == (
        "The contract is signed: its parties were fixed when it was signed."
    )
    assert words(LIFECYCLE.why_locked("agreed", "parties")) is None
    assert words(LIFECYCLE.why_locked("signed", "lines")) == SIGNED_TARGETS
    assert words(LIFECYCLE.why_locked("closed", "lines")) == CLOSED


def test_the_steps_an_imported_contract_takes_to_its_status():
    assert LIFECYCLE.path_to("draft") == []
    assert LIFECYCLE.path_to("agreed") == ["agreed"]
    assert LIFECYCLE.path_to("signed") == ["agreed", "signed"]
    assert LIFECYCLE.path_to("closed") == ["agreed", "signed", "closed"]
    with pytest.raises(ValueError, match="unknown status 'sealed'"):
        LIFECYCLE.path_to("sealed")


def test_the_sealed_columns_are_the_amendable_fields_and_what_never_moves():
    assert LIFECYCLE.amendable_fields == ("minimum", "base", "challenge", "target_note", "rule")
    assert set(LIFECYCLE.sealed_columns) == {
        "weight",
        "category",
        "indicator_id",
        "minimum",
        "base",
        "challenge",
        "target_note",
        "rule",
    }


# §8: targets may move within the firm's flex band after signing; beyond it, it is said.
@pytest.mark.parametrize(
    "old, new, flex, sentence",
    [
        (100, 115, 0.15, None),  # exactly at the band
        (100, 85, 0.15, None),
        (100, 116, 0.15, "This moves the target by 16%, beyond the 15% flex band."),
        (200, 150, 0.15, "This moves the target by 25%, beyond the 15% flex band."),
        (200, 150, 0.30, None),  # a firm with a wider band
        (80, 90, 0.10, "This moves the target by 12%, beyond the 10% flex band."),
        ("95%", "99%", 0.15, None),  # not a number: nothing to measure
        (0, 5, 0.15, None),  # from zero: no share to speak of
        (None, 5, 0.15, None),
    ],
)
def test_flex_band(old, new, flex, sentence):
    assert LIFECYCLE.beyond_flex(old, new, flex) == sentence


def test_flex_change_is_the_share_of_the_old_target():
    assert LIFECYCLE.flex_change(200, 150) == 0.25
    assert LIFECYCLE.flex_change("80", "90") == 0.125
    assert LIFECYCLE.flex_change(0, 1) is None
