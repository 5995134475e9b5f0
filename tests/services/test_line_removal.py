"""Removing a contract line through the services and the storage: everything that hung off it
comes back on restore, every removal is audited, and a signed contract's lines stay."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kpidesk.services import FirmService
from kpidesk.services.demo import populate_demo
from kpidesk.services.editing import ContractSealed, EditService
from kpidesk.storage.audit import AuditRecord, ContractLocked
from kpidesk.storage.records import (
    ActualRecord,
    ContractLineRecord,
    ContractRecord,
    DeductionEventRecord,
)


@pytest.fixture
def firm(new_document):
    """The demo firm on each engine, with an agreed draft for the business-hall manager."""
    populate_demo(new_document)
    edits, firm = EditService(new_document), FirmService(new_document)
    clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
    manager = next(
        p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理"
    )
    contract_id, _ = edits.new_contract(manager.id, 2003, clerk.id)
    edits.set_status(contract_id, "agreed")
    return new_document, edits, firm, contract_id


def _rows(document, line_id):
    with document.reading() as session:
        return (
            [
                (a.id, a.period_id, a.value, a.value_text, a.entered_by, a.entered_at, a.import_id)
                for a in session.scalars(
                    select(ActualRecord)
                    .where(ActualRecord.line_id == line_id)
                    .order_by(ActualRecord.id)
                )
            ],
            [
                (e.id, e.period_id, e.occurred_on, e.count, e.note)
                for e in session.scalars(
                    select(DeductionEventRecord).where(DeductionEventRecord.line_id == line_id)
                )
            ],
        )


def test_remove_and_restore_put_back_the_line_and_all_its_rows(firm):
    document, edits, service, contract_id = firm
    before = service.contract(contract_id)
    line = before.lines[1]  # 客户满意度
    complaints = next(l for l in before.lines if l.deduction)
    edits.record_actual(line.id, "2003-01", 81.5)
    edits.record_actual(line.id, "2003-02", 83)
    edits.add_deduction_event(complaints.id, "2003-02", date(2003, 2, 14), 2, "越级投诉")
    rows, events = _rows(document, line.id), _rows(document, complaints.id)

    first, _ = edits.remove_line(line.id)
    second, _ = edits.remove_line(complaints.id)
    assert _rows(document, line.id) == ([], []) and _rows(document, complaints.id) == ([], [])
    assert len(service.contract(contract_id).lines) == len(before.lines) - 2

    assert edits.restore_line(second).value == complaints.id  # undone in reverse order
    assert edits.restore_line(first).value == line.id
    assert service.contract(contract_id) == before
    assert _rows(document, line.id) == rows and _rows(document, complaints.id) == events
    with document.reading() as session:
        removal = session.scalars(
            select(AuditRecord).where(
                AuditRecord.entity_id == line.id,
                AuditRecord.field == "line",
                AuditRecord.action == "delete",
            )
        ).one()
    assert removal.old["indicator"] == "CSAT"
    assert [(a["period"], a["value"], a["value_text"]) for a in removal.old["actuals"]] == [
        ("2003-01", 81.5, None),
        ("2003-02", 83.0, None),
    ]


def test_a_line_whose_id_was_taken_meanwhile_comes_back_under_a_new_one(firm):
    document, edits, service, contract_id = firm
    line = [l for l in service.contract(contract_id).lines if not l.deduction][-1]
    edits.record_actual(line.id, "2003-01", "合格")  # 服务规范: a level of its scale
    snapshot, _ = edits.remove_line(line.id)
    with document.transaction() as session:  # another path (an import) takes the id
        contract = session.get(ContractRecord, contract_id)
        contract.lines.append(
            ContractLineRecord(
                id=line.id, indicator_id=1, category="financial", weight=0, rule={"kind": "x"}
            )
        )
    restored, _ = edits.restore_line(snapshot)
    assert restored != line.id
    lines = service.contract(contract_id).lines
    assert [l.id for l in lines if l.indicator == line.indicator] == [restored]
    assert [row[3] for row in _rows(document, restored)[0]] == ["合格"]


def test_a_signed_contracts_line_is_refused_by_the_service(firm):
    document, edits, service, _contract = firm
    signed = next(c for c in service.contracts() if c.position == "营销部门总经理")
    line = signed.lines[0]
    rows = _rows(document, line.id)
    sealed = "a signed contract's lines change only through an amendment"
    with pytest.raises(ContractSealed, match=sealed):
        edits.remove_line(line.id)
    assert service.contract(signed.id) == signed
    assert _rows(document, line.id) == rows


@pytest.mark.parametrize(
    "remove",
    [
        lambda session, line: session.delete(line),
        lambda session, line: line.contract.lines.remove(line),  # the collection's orphan
    ],
    ids=["delete", "orphan"],
)
def test_the_seal_refuses_any_removal_from_a_signed_contract(firm, remove):
    document, _edits, service, _contract = firm
    signed = next(c for c in service.contracts() if c.position == "营销部门总经理")
    with pytest.raises(ContractLocked, match="lines cannot be deleted"):
        with document.transaction() as session:
            remove(session, session.get(ContractLineRecord, signed.lines[0].id))
    assert service.contract(signed.id) == signed


def test_a_removal_by_any_path_is_audited_with_what_went_with_it(firm):
    document, edits, service, contract_id = firm
    line = service.contract(contract_id).lines[0]
    edits.record_actual(line.id, "2003-05", 280)
    with document.transaction() as session:  # a script's way: the database cascades
        record = session.get(ContractLineRecord, line.id)
        record.contract.lines.remove(record)
    with document.reading() as session:
        removal = session.scalars(
            select(AuditRecord).where(AuditRecord.entity_id == line.id, AuditRecord.field == "line")
        ).one()
    assert removal.action == "delete" and removal.old["indicator"] == "HREV"
    assert [(a["period"], a["value"]) for a in removal.old["actuals"]] == [("2003-05", 280.0)]
