"""Each edit service returns what it changed, precisely, and the operation that undoes it; the
undo's own result carries the redo (issue 10 §2)."""

from __future__ import annotations

from datetime import date

import pytest

from kpidesk.core.changes import Changes
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused, EditService


@pytest.fixture
def services(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document), EditService(document)


def _clerk(firm):
    return next(c for c in firm.contracts() if c.position == "营业厅营业员")


@pytest.fixture
def draft(services):
    """A draft for the business-hall manager, copied from the clerk's signed contract."""
    firm, edits = services
    manager = next(p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理")
    made = edits.new_contract(manager.id, 2003, _clerk(firm).id)
    return firm.contract(made.value)


def _line(contract, name):
    return next(l for l in contract.lines if l.indicator == name)


def _weight(firm, contract_id, name):
    return _line(firm.contract(contract_id), name).weight


def test_a_weight_edit_names_its_line_and_undoes_and_redoes(services, draft):
    firm, edits = services
    line = _line(draft, "客户满意度")
    done = edits.edit_line(line.id, "weight", 15)
    assert done.value == line.weight
    assert done.changes == Changes(contract=draft.id, lines=frozenset({line.id}))
    assert _weight(firm, draft.id, "客户满意度") == 15

    undone = done.undo()
    assert _weight(firm, draft.id, "客户满意度") == line.weight
    assert undone.changes.lines == {line.id} and not undone.changes.structural
    redone = undone.undo()
    assert _weight(firm, draft.id, "客户满意度") == 15
    redone.undo()
    assert _weight(firm, draft.id, "客户满意度") == line.weight


def test_a_category_change_is_structural(services, draft):
    _firm, edits = services
    line = _line(draft, "客户满意度")
    assert edits.edit_line(line.id, "category", "learning").changes.structural


def test_an_actual_names_its_line_and_period(services):
    firm, edits = services
    clerk = _clerk(firm)
    line = _line(clerk, "营业收入")
    before = firm.score(clerk.id, "2003-07").actuals.get(line.id)
    done = edits.record_actual(line.id, "2003-07", 95)
    assert done.changes == Changes(
        actuals=clerk.id, lines=frozenset({line.id}), periods=frozenset({"2003-07"})
    )
    assert done.changes.contract is None  # the contract itself did not change
    undone = done.undo()
    assert firm.score(clerk.id, "2003-07").actuals.get(line.id) == before
    assert undone.changes.periods == {"2003-07"}
    undone.undo()
    assert firm.score(clerk.id, "2003-07").actuals[line.id] == 95


def test_adding_a_line_is_undone_by_removing_it_and_redone_with_its_id(services, draft):
    firm, edits = services
    added = edits.add_line(draft.id, "ESAT")
    assert added.changes.structural and added.changes.lines == {added.value}
    assert len(firm.contract(draft.id).lines) == len(draft.lines) + 1
    removed = added.undo()
    assert len(firm.contract(draft.id).lines) == len(draft.lines)
    restored = removed.undo()
    assert restored.value == added.value  # later edits of the line still find it
    assert len(firm.contract(draft.id).lines) == len(draft.lines) + 1


def test_removing_a_line_is_undone_by_restoring_it(services, draft):
    firm, edits = services
    line = _line(draft, "客户满意度")
    removed = edits.remove_line(line.id)
    assert removed.changes == Changes(
        contract=draft.id, lines=frozenset({line.id}), structural=True
    )
    restored = removed.undo()
    assert firm.contract(draft.id) == draft
    restored.undo().undo()  # redo, then undo again
    assert firm.contract(draft.id) == draft


def test_rounding_weights_is_undone_line_by_line(services, draft):
    firm, edits = services
    line = _line(draft, "客户满意度")
    edits.edit_line(line.id, "weight", line.weight + 0.2)  # within rounding's tolerance
    weights = lambda: [l.weight for l in firm.contract(draft.id).lines]
    changed = weights()
    rounded = edits.round_weights(draft.id)
    assert rounded.changes.lines == set(rounded.value) and line.id in rounded.value
    after = weights()
    undone = rounded.undo()
    assert weights() == changed
    undone.undo()
    assert weights() == after


def test_closing_is_undone_by_reopening_with_the_recorded_reason(services):
    firm, edits = services
    gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    closed = edits.close(gm.id)
    assert closed.changes.structural and closed.changes.organisation
    reopened = closed.undo()
    assert firm.contract(gm.id).status == "signed"
    assert [why for *_x, why in firm.status_reasons(gm.id)] == ["Undo of closing"]
    reopened.undo()
    assert firm.contract(gm.id).status == "closed"


def test_reopening_is_undone_by_closing_and_redone_with_its_reason(services):
    firm, edits = services
    gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    edits.close(gm.id)
    reopened = edits.reopen(gm.id, "数据更正")
    closed = reopened.undo()
    assert firm.contract(gm.id).status == "closed"
    closed.undo()
    assert firm.contract(gm.id).status == "signed"
    assert [why for *_x, why in firm.status_reasons(gm.id)] == ["数据更正", "数据更正"]


def test_an_amendment_is_undone_by_an_amendment_back(services):
    firm, edits = services
    clerk = _clerk(firm)
    line = next(l for l in clerk.lines if l.base is not None)
    amended = edits.amend(line.id, "base", line.base + 1, reason="市场变化", approved_by="总经理")
    assert amended.changes == Changes(contract=clerk.id, lines=frozenset({line.id}))
    back = amended.undo()
    assert _line(firm.contract(clerk.id), line.indicator).base == line.base
    back.undo()
    assert _line(firm.contract(clerk.id), line.indicator).base == line.base + 1
    reasons = [a.reason for a in firm.amendments(clerk.id)[line.id] if a.field == "base"]
    assert reasons.count("市场变化") == 2  # the amendment and its redo
    assert reasons.count("Undo of amendment: 市场变化") == 1


def test_a_deleted_draft_comes_back_empty(services, draft):
    firm, edits = services
    position_id = draft.position_id
    deleted = edits.delete_draft(draft.id)
    assert firm.contract_for(position_id) is None
    again = deleted.undo()
    assert firm.contract(again.value).lines == ()  # without its maker: an empty draft
    made = edits.delete_draft(again.value).undo()
    copied = edits.delete_draft(made.value)
    assert copied.changes.structural and copied.changes.organisation


def test_new_contract_redo_copies_again(services):
    firm, edits = services
    manager = next(p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理")
    clerk = _clerk(firm)
    made = edits.new_contract(manager.id, 2003, clerk.id)
    deleted = made.undo()
    assert firm.contract_for(manager.id) is None
    again = deleted.undo()
    assert [l.indicator for l in firm.contract(again.value).lines] == [
        l.indicator for l in clerk.lines
    ]


def test_deduction_events_are_undone_and_redone(services):
    firm, edits = services
    clerk = _clerk(firm)
    line = next(l for l in clerk.lines if l.deduction)
    before = firm.deduction_events(clerk.id, "2003-06")
    added = edits.add_deduction_event(line.id, "2003-06", date(2003, 6, 3), 2, "越级投诉")
    assert added.changes.periods == {"2003-06"} and added.changes.lines == {line.id}
    removed = added.undo()
    assert firm.deduction_events(clerk.id, "2003-06") == before
    removed.undo()
    assert len(firm.deduction_events(clerk.id, "2003-06")) == len(before) + 1


def test_a_signature_is_not_undone(services, draft):
    firm, edits = services
    line = _line(draft, "客户满意度")
    edits.set_status(draft.id, "agreed")
    contractee, issuer1, _issuer2 = firm.party_ids(_clerk(firm).id)
    signed = edits.sign(draft.id, contractee, issuer1, None, date(2003, 1, 6))
    with pytest.raises(EditRefused, match="a signed contract is not unsigned"):
        signed.undo()
    assert firm.contract(draft.id).status == "signed"
    assert line.id in {l.id for l in firm.contract(draft.id).lines}


def test_moves_in_the_organisation_are_undone(services):
    firm, edits = services
    units = firm.units()
    parents = {u.parent_id for u in units}
    child = next(u for u in units if u.parent_id is not None and u.id not in parents)
    other = next(u for u in units if u.id not in (child.id, child.parent_id))
    moved = edits.move_unit(child.id, other.id)
    assert moved.changes == Changes(organisation=True)
    moved.undo()
    assert next(u for u in firm.units() if u.id == child.id).parent_id == child.parent_id


def test_a_line_of_a_deducting_category_gets_a_deduction_rule_whatever_its_code(services, draft):
    """§4: a firm may name its deduction category as it likes; the category says it deducts."""
    from kpidesk.storage.firm_repo import FirmRepository

    firm, edits = services
    with firm.document.transaction() as session:
        repo = FirmRepository(session)
        repo.add_category("penalty", "违规扣分", "Penalties", 0, deduction=True, sort=9)
        repo.add_indicator("LATE", "迟到", "penalty")
    line_id = edits.add_line(draft.id, "LATE").value
    line = next(l for l in firm.contract(draft.id).lines if l.id == line_id)
    assert line.deduction and line.rule == {"kind": "deduction", "points": 5}
