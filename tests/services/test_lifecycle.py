"""A contract's life at the service level: parties, signing (refused without parties or with a
weight error), closing, reopening with a reason; and ``kpidesk check`` on a signed contract
without parties."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy import select

from kpidesk.cli.main import main
from kpidesk.core.lifecycle import (
    can_transition,
    default_signing_date,
    needs_reason,
    signing_date_warning,
    why_locked,
)
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused, EditService
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.records import ContractRecord

# The demo's people (resources/demo/branch_2003.json): employee ids in the order listed.
LIN, ZHOU, CHEN, HUANG = 1, 2, 3, 4  # 林志远 总经理, 周明杰, 陈晓梅 公众客户部经理, 黄立新 营业厅经理


def words(refusal):
    """A refusal (a Problem since issue 10 round 2) in words now, or None."""
    return None if refusal is None else refusal.text()


@pytest.fixture
def services(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document), EditService(document)


@pytest.fixture
def agreed(services):
    """An agreed contract without parties for the business-hall manager (营业厅经理), its lines
    copied from the clerk's signed contract (weights sum to 100)."""
    firm, edits = services
    clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
    manager = next(p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理")
    contract_id, _changes = edits.new_contract(manager.id, 2003, clerk.id)
    edits.set_status(contract_id, "agreed")
    return firm, edits, contract_id


def _audit(firm, contract_id):
    with firm.document.reading() as session:
        return [
            (a.action, a.field, a.old, a.new)
            for a in session.scalars(
                select(AuditRecord)
                .where(AuditRecord.entity == "contracts", AuditRecord.entity_id == contract_id)
                .order_by(AuditRecord.id)
            )
        ]


def test_the_organisation_proposes_the_holder_and_the_holder_of_the_superior(agreed):
    firm, _edits, contract_id = agreed
    # 营业厅经理 is held by 黄立新 and reports to 公众客户部经理, held by 陈晓梅.
    assert firm.default_parties(contract_id, date(2003, 1, 1)) == (HUANG, CHEN)
    gm = next(p for p in firm.people(date(2003, 6, 1)) if p.id == LIN)
    assert (gm.name, gm.position, gm.unit) == ("林志远", "总经理", "分公司")


def test_signing_without_parties_is_refused_and_writes_nothing(agreed):
    firm, edits, contract_id = agreed
    with pytest.raises(EditRefused, match="No contractee is chosen. No issuer 1 is chosen."):
        edits.sign(contract_id, None, None, None, date(2003, 1, 6))
    with pytest.raises(EditRefused, match="No issuer 1 is chosen"):
        edits.sign(contract_id, HUANG, None, None, date(2003, 1, 6))
    with pytest.raises(EditRefused, match="must be different people"):
        edits.sign(contract_id, HUANG, HUANG, None, date(2003, 1, 6))
    contract = firm.contract(contract_id)
    assert (contract.status, contract.contractee, contract.issuer1) == ("agreed", None, None)
    # Not only the service: the repository refuses a bare status change to signed too.
    with pytest.raises(ValueError, match="cannot be signed"):
        with firm.document.transaction() as session:
            ContractRepository(session).set_status(contract_id, "signed")


def test_signing_with_a_weight_error_is_refused(agreed):
    firm, edits, contract_id = agreed
    first = firm.contract(contract_id).lines[0]
    edits.edit_line(first.id, "weight", first.weight + 5)  # scored weights now sum to 105
    with pytest.raises(EditRefused, match="Scored weights sum to 105%, not 100%"):
        edits.sign(contract_id, HUANG, CHEN, None, date(2003, 1, 6))
    assert firm.contract(contract_id).status == "agreed"


def test_signing_sets_parties_date_and_a_hash_that_covers_the_parties(agreed):
    firm, edits, contract_id = agreed
    old, changes = edits.sign(contract_id, HUANG, CHEN, LIN, date(2003, 1, 6))
    assert old == (None, None, None) and changes.contract == contract_id
    contract = firm.contract(contract_id)
    assert (contract.status, contract.signed_on) == ("signed", date(2003, 1, 6))
    assert (contract.contractee, contract.issuer1, contract.issuer2) == ("黄立新", "陈晓梅", "林志远")
    issuer1 = contract.parties[1]
    assert (issuer1.position, issuer1.unit) == ("公众客户部经理", "公众客户部")
    assert contract.signed_content()["issuer1"] == "陈晓梅"
    # Parties are sealed with the contract.
    with pytest.raises(EditRefused, match="parties were fixed when it was signed"):
        edits.set_parties(contract_id, ZHOU, CHEN, None)
    audit = _audit(firm, contract_id)
    assert ("update", "contractee_id", None, HUANG) in audit
    assert ("update", "issuer1_id", None, CHEN) in audit
    assert ("update", "signed_on", None, "2003-01-06") in audit
    assert ("update", "status", "agreed", "signed") in audit


def test_parties_of_an_agreed_contract_are_an_audited_edit_that_undoes(agreed):
    firm, edits, contract_id = agreed
    old, _changes = edits.set_parties(contract_id, HUANG, CHEN, None)
    assert old == (None, None, None)
    assert firm.party_ids(contract_id) == (HUANG, CHEN, None)
    edits.set_parties(contract_id, *old)
    assert firm.party_ids(contract_id) == (None, None, None)
    audit = _audit(firm, contract_id)
    assert ("update", "contractee_id", None, HUANG) in audit
    assert ("update", "contractee_id", HUANG, None) in audit


def test_closing_then_reopening_needs_a_reason_that_is_recorded(services):
    firm, edits = services
    gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    edits.close(gm.id)
    assert firm.contract(gm.id).status == "closed"
    with pytest.raises(EditRefused, match="becomes signed only with a reason"):
        edits.set_status(gm.id, "signed")
    with pytest.raises(EditRefused, match="only with a reason"):
        edits.reopen(gm.id, "   ")
    edits.reopen(gm.id, "第四季度收入数据更正")
    assert firm.contract(gm.id).status == "signed"
    assert [(old, why) for _at, _who, old, why in firm.status_reasons(gm.id)] == [
        ("closed", "第四季度收入数据更正")
    ]
    assert ("update", "status", "closed", "signed") in _audit(firm, gm.id)
    assert firm.contract(gm.id).signed_on == date(2003, 1, 8)  # reopening keeps the signature


def test_the_lifecycle_rules_and_their_reasons():
    assert can_transition("signed", "closed") and can_transition("closed", "signed")
    assert needs_reason("closed", "signed") and not needs_reason("signed", "closed")
    assert not can_transition("signed", "agreed") and not can_transition("draft", "signed")
    assert words(why_locked("signed")) is None and words(why_locked("agreed")) is None
    assert "closed" in words(why_locked("closed")) and "Reopen" in words(why_locked("closed"))
    assert words(why_locked("draft")) is None  # a draft takes actuals, marked provisional
    assert "amendment" in words(why_locked("signed", "lines"))
    assert words(why_locked("agreed", "parties")) is None
    # A 2003 contract signed in 2026 starts at its first day; this year's contract today.
    assert default_signing_date(date(2026, 12, 1), date(2003, 1, 1), date(2003, 12, 31)) == date(
        2003, 1, 1
    )
    assert default_signing_date(date(2026, 3, 2), date(2026, 1, 1), date(2026, 12, 31)) == date(
        2026, 3, 2
    )
    today = date(2026, 12, 1)
    validity = (date(2003, 1, 1), date(2003, 12, 31))
    assert signing_date_warning(date(2003, 1, 8), *validity, today) is None
    assert "outside the contract's validity 2003-01-01 – 2003-12-31" in signing_date_warning(
        date(2004, 2, 1), date(2003, 1, 1), date(2003, 12, 31), today
    )


def test_check_names_a_signed_contract_without_parties(demo_path, capsys):
    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE contracts SET contractee_id = NULL, issuer1_id = NULL WHERE id = 2")
    connection.commit()
    connection.close()
    assert main(["check", str(demo_path)]) == 1
    out = capsys.readouterr().out
    assert (
        "error: contract 2 (公众客户部 公众客户部经理): signed without contractee and issuer 1: "
        "a contract is signed by both parties"
    ) in out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert errors and all("contract 2 (" in line for line in errors)  # only contract 2
    with open_document(demo_path) as document, document.reading() as session:
        assert session.get(ContractRecord, 2).status == "signed"


def test_a_closed_contract_refuses_actuals_and_says_why(services):
    firm, edits = services
    gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    line = gm.lines[0]
    edits.record_actual(line.id, "2003-07", 1.5)
    edits.close(gm.id)
    with pytest.raises(EditRefused, match="The contract is closed: the year's results are final"):
        edits.record_actual(line.id, "2003-07", 2.0)
    with pytest.raises(EditRefused, match="Reopen it"):
        edits.record_actual(line.id, "2003-07", None)
    deduction = next(l for l in gm.lines if l.deduction)
    with pytest.raises(EditRefused, match="closed"):
        edits.add_deduction_event(deduction.id, "2003-07", date(2003, 7, 3))
    with firm.document.reading() as session:
        assert ContractRepository(session).actuals(gm.id, "2003-07")[line.id] == 1.5
    edits.reopen(gm.id, "数据更正")
    edits.record_actual(line.id, "2003-07", 2.0)


def test_a_closed_contract_refuses_an_amendment_and_says_why(services):
    firm, edits = services
    gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    line = next(l for l in gm.lines if l.base is not None and not l.deduction)
    edits.close(gm.id)
    with pytest.raises(EditRefused, match="closed.*Reopen it"):
        edits.amend(line.id, "base", line.base + 1, reason="市场变化", approved_by="总经理")
    assert next(l for l in firm.contract(gm.id).lines if l.id == line.id).base == line.base
