"""Edit operations at the service level: what the undo commands call."""

import pytest

from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import ContractSealed, EditRefused, EditService
from kpidesk.storage.firm_repo import FirmRepository


@pytest.fixture
def services(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document), EditService(document)


def test_next_years_draft_starts_from_the_last_contract(services):
    firm, edits = services
    with firm.document.transaction() as session:
        FirmRepository(session).add_year(2004)
    gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    contract_id, changes = edits.new_contract(gm.position_id, 2004, "previous")
    draft = firm.contract(contract_id)
    assert (draft.year, draft.status, draft.signed_on, draft.content_hash) == (
        2004,
        "draft",
        None,
        None,
    )
    assert [l.indicator for l in draft.lines] == [l.indicator for l in gm.lines]
    assert draft.contractee == gm.contractee and changes.organisation
    with pytest.raises(EditRefused, match="already has a contract for 2004"):
        edits.new_contract(gm.position_id, 2004, "empty")


def test_a_position_without_history_cannot_start_from_it(services):
    firm, edits = services
    hall_manager = next(
        p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理"
    )
    with pytest.raises(EditRefused, match="no contract before 2003"):
        edits.new_contract(hall_manager.id, 2003, "previous")
    contract_id, _ = edits.new_contract(hall_manager.id, 2003, "empty")
    assert firm.contract(contract_id).lines == ()


def test_sealed_lines_say_so(services):
    firm, edits = services
    line = firm.contracts()[0].lines[0]
    with pytest.raises(ContractSealed, match="only through an approved amendment"):
        edits.edit_line(line.id, "weight", 20)
