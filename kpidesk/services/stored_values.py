"""``kpidesk check``'s findings for stored values of the wrong type (text in a weight, an
infinite actual, a rule that is not a JSON object, a date that is no date): each one named by
its contract where it has one, its table, row, column and the value as stored."""

from __future__ import annotations

from kpidesk.core.problems import Problem, term
from kpidesk.i18n import N_
from kpidesk.services.checks import CheckFinding
from kpidesk.storage.document import Document
from kpidesk.storage.stored_values import (
    AUDITED,
    StoredValueError,
    stored_value_error,
    WrongValue,
    wrong_value_problem,
    wrong_values,
)

__all__ = ["StoredValueError", "stored_value_findings", "stored_values_notice"]


def stored_value_findings(document: Document) -> list[CheckFinding]:
    """One error finding per stored value kpidesk cannot read, all of them, in one pass.

    Called first by ``services.checks.check_document`` and ``opening_check``: a contract
    holding such a value cannot be read into the method, so the contract checks after it may
    stop on it; these findings say where and why."""
    with document.reading() as session:
        found = wrong_values(session)
    return [CheckFinding("error", _place(value), wrong_value_problem(value)) for value in found]


def _place(value: WrongValue) -> Problem:
    if value.contract_id is not None and value.line_id is not None:
        return Problem(
            N_("contract {id}, line id {line}"),
            None,
            {"id": value.contract_id, "line": value.line_id},
        )
    if value.contract_id is not None:
        return Problem(N_("contract {id}"), None, {"id": value.contract_id})
    return term(N_("database"))


def stored_values_notice(document: Document) -> str | None:
    """What the window says when it opens a firm holding values of the wrong type (None when
    there are none): how many, the first few, and that ``kpidesk check`` lists them all.

    Only the small tables no contract read would stumble on are asked (contracts, deduction
    events, assignments): a contract line's or an actual's value is named when its contract is
    selected, and scanning 600,000 actuals on every opening would cost about a second."""
    with document.reading() as session:
        found = wrong_values(session, {name: AUDITED[name] for name in AT_OPENING})
    return str(stored_value_error(found)) if found else None


AT_OPENING = ("contracts", "deduction_events", "assignments")
