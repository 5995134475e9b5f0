"""Audit trail and the seal on signed contracts, on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kpidesk.core.errors import RuleError
from kpidesk.storage.audit import AuditRecord, ContractLocked
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.records import ContractLineRecord

POLY = {"kind": "polyline", "challenge": 120, "base": 100, "minimum": 80}


def _small_firm(document) -> tuple[int, int]:
    with document.transaction() as session:
        firm, contracts = FirmRepository(session), ContractRepository(session)
        firm.add_unit("BR", "分公司", "company")
        firm.add_position("GM", "BR", "总经理")
        firm.add_position("MKT", "BR", "营销部门总经理", reports_to="GM")
        firm.add_employee("E1", "林志远")
        firm.add_employee("E2", "周明杰")
        firm.add_indicator("REV", "通信业务收入", "financial", unit="亿元")
        firm.add_indicator("COMP", "重大投诉", "deduction")
        firm.add_year(2003)
        contract = contracts.add_contract("MKT", 2003, contractee="E2", issuer1="E1")
        line = contracts.add_line(
            contract,
            "REV",
            category="financial",
            weight=100,
            rule=POLY,
            minimum=80,
            base=100,
            challenge=120,
        )
        contracts.add_line(
            contract,
            "COMP",
            category="deduction",
            weight=0,
            rule={"kind": "deduction", "points": 5},
        )
    return contract, line


def _audit(document, entity=None):
    with document.reading() as session:
        query = select(AuditRecord).order_by(AuditRecord.id)
        if entity:
            query = query.where(AuditRecord.entity == entity)
        return [(a.action, a.field, a.old, a.new, a.who) for a in session.scalars(query)]


def test_weights_targets_and_actuals_are_audited(new_document):
    new_document.actor = "王芳"
    contract, line = _small_firm(new_document)
    assert ("insert", "weight", None, 100, "王芳") in _audit(new_document, "contract_lines")
    with new_document.transaction() as session:
        session.get(ContractLineRecord, line).weight = 90
        ContractRepository(session).record_actual(line, "2003-01", 101.5, source="计划财务部")
    with new_document.transaction() as session:
        ContractRepository(session).record_actual(line, "2003-01", 99.0)
    assert ("update", "weight", 100, 90, "王芳") in _audit(new_document, "contract_lines")
    actuals = _audit(new_document, "actuals")
    assert ("insert", "value", None, 101.5, "王芳") in actuals
    assert ("update", "value", 101.5, 99.0, "王芳") in actuals


def test_a_signed_contract_cannot_be_silently_edited(new_document):
    contract, line = _small_firm(new_document)
    with new_document.transaction() as session:
        repo = ContractRepository(session)
        repo.set_status(contract, "agreed")
        repo.set_status(contract, "signed")
    before = _audit(new_document)
    for change in (lambda l: setattr(l, "weight", 50), lambda l: setattr(l, "base", 95)):
        with pytest.raises(ContractLocked, match="only through an approved amendment"):
            with new_document.transaction() as session:
                change(session.get(ContractLineRecord, line))
    with pytest.raises(ContractLocked, match="cannot be added"):
        with new_document.transaction() as session:
            ContractRepository(session).add_line(
                contract,
                "REV",
                category="financial",
                weight=0,
                rule={"kind": "deduction", "points": 1},
            )
    assert _audit(new_document) == before
    with new_document.reading() as session:
        assert session.get(ContractLineRecord, line).base == 100


def test_an_amendment_changes_the_target_and_records_why(new_document):
    contract, line = _small_firm(new_document)
    with new_document.transaction() as session:
        repo = ContractRepository(session)
        repo.set_status(contract, "agreed")
        repo.set_status(contract, "signed")
        signed_hash = session.get(ContractLineRecord, line).contract.content_hash
    with new_document.transaction() as session:
        ContractRepository(session).amend(
            line, "base", 95, reason="市场萎缩，经季度考评会同意", approved_by="林志远"
        )
    with new_document.reading() as session:
        repo = ContractRepository(session)
        current, signed = repo.contract(contract), repo.contract(contract, as_signed=True)
    assert current.lines[0].base == 95 and current.lines[0].rule["base"] == 95
    assert signed.lines[0].base == 100 and signed.lines[0].rule["base"] == 100
    from kpidesk.core.contracts import content_hash

    assert content_hash(signed.signed_content()) == signed_hash
    fields = [
        (field, old, new)
        for action, field, old, new, _who in _audit(new_document, "contract_lines")
        if action == "update"
    ]
    assert ("base", 100, 95) in fields


def test_an_amendment_that_breaks_the_rule_writes_nothing(new_document):
    contract, line = _small_firm(new_document)
    with new_document.transaction() as session:
        repo = ContractRepository(session)
        repo.set_status(contract, "agreed")
        repo.set_status(contract, "signed")
    with pytest.raises(RuleError, match="base 130 is above challenge 120"):
        with new_document.transaction() as session:
            ContractRepository(session).amend(line, "base", 130, reason="r", approved_by="a")
    with pytest.raises(ValueError, match="needs a reason"):
        with new_document.transaction() as session:
            ContractRepository(session).amend(line, "base", 95, reason=" ", approved_by="a")
    with new_document.reading() as session:
        assert session.get(ContractLineRecord, line).base == 100
