"""Schema 0004: a line whose rule kept targets of its own is repaired (the shown targets win,
recorded as an amendment on a signed contract so the seal holds); amendments gain the period
they take effect from; ``check`` names any disagreement left."""

from __future__ import annotations

import json
import sqlite3

import pytest
from alembic import command
from sqlalchemy import select

from kpidesk.cli.main import main
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import _alembic_config, head_revision
from kpidesk.storage.records import AmendmentRecord, ContractLineRecord

# What the rule editor used to write over a line showing 8.0 / 8.8 / 9.5.
DEFAULTS = {"kind": "polyline", "challenge": 120, "base": 100, "minimum": 80, "base_ratio": 0.8}


def _set_rule(path, line_id: int, rule: dict, **columns) -> None:
    connection = sqlite3.connect(path)
    sets = ", ".join(["rule = ?", *(f"{k} = ?" for k in columns)])
    connection.execute(
        f"UPDATE contract_lines SET {sets} WHERE id = ?",
        (json.dumps(rule), *columns.values(), line_id),
    )
    connection.commit()
    connection.close()


@pytest.fixture
def old_document(demo_path):
    """The demo as kpidesk 0003 could have left it: the marketing GM's line 2 signed with the
    editor's default rule (its hash taken over that rule, as signing then did), a draft whose
    营业收入 line shows 240 / 270 / 290 but keeps 120 / 100 / 80, and a proportional line
    whose target the line does not show."""
    with open_document(demo_path) as document:
        firm, edits = FirmService(document), EditService(document)
        clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
        manager = next(
            p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理"
        )
        draft_id, _changes = edits.new_contract(manager.id, 2003, clerk.id)
        draft = firm.contract(draft_id)
        _set_rule(demo_path, 2, DEFAULTS)
        _set_rule(demo_path, draft.lines[0].id, DEFAULTS)
        _set_rule(
            demo_path,
            draft.lines[1].id,
            {"kind": "proportional", "target": 85},
            minimum=None,
            base=None,
            challenge=None,
        )
        with document.reading() as session:  # what signing hashed: the rule as stored
            signed = ContractRepository(session).contract(1, as_signed=True)
        from kpidesk.core.contracts import content_hash

        connection = sqlite3.connect(demo_path)
        connection.execute(
            "UPDATE contracts SET content_hash = ? WHERE id = 1",
            (content_hash(signed.signed_content()),),
        )
        connection.commit()
        connection.close()
        with document.engine.begin() as connection:
            command.downgrade(_alembic_config(connection), "0003")
        assert document.revision() == "0003"
    return demo_path, draft_id, [l.id for l in draft.lines]


def test_the_upgrade_repairs_rules_and_the_seal_still_holds(old_document):
    path, draft_id, draft_lines = old_document
    with open_document(path) as document:
        assert document.revision() == head_revision() and document.backup.exists()
        firm = FirmService(document)
        gm_line = firm.contract(1).lines[1]
        assert (gm_line.minimum, gm_line.base, gm_line.challenge) == (8.0, 8.8, 9.5)
        assert (gm_line.rule["minimum"], gm_line.rule["base"], gm_line.rule["challenge"]) == (
            8.0,
            8.8,
            9.5,
        )
        with document.reading() as session:
            stored = session.get(ContractLineRecord, 2).rule
            repairs = session.scalars(
                select(AmendmentRecord).where(AmendmentRecord.approved_by == "kpidesk")
            ).all()
            audit = session.scalars(
                select(AuditRecord).where(AuditRecord.who == "kpidesk")
            ).all()
        assert stored == {**DEFAULTS, "minimum": 8.0, "base": 8.8, "challenge": 9.5}
        # Only the signed line needs an amendment; the draft is simply repaired.
        assert [(a.line_id, a.field) for a in repairs] == [(2, "rule")]
        assert repairs[0].old == DEFAULTS and repairs[0].new["base"] == 8.8
        assert "Repaired by the upgrade" in repairs[0].reason
        assert repairs[0].effective_from is None
        assert {(a.entity_id, a.field) for a in audit} == {
            (2, "rule"),
            (draft_lines[0], "rule"),
            (draft_lines[1], "base"),
        }
        assert firm.check().findings == []  # the seal verifies: the repair is an amendment
        # The marketing GM's January: 85.0 % (the demo's figure) with the shown targets.
        assert round(firm.score(1, "2003-01").coefficient * 100, 1) == 85.0
        draft = firm.contract(draft_id)
        assert (draft.lines[0].rule["base"], draft.lines[0].rule["challenge"]) == (270, 290)
        assert draft.lines[1].base == 85 and draft.lines[1].rule["target"] == 85


def test_check_names_a_rule_that_disagrees_with_the_line(demo_path, capsys):
    with open_document(demo_path):
        pass
    _set_rule(demo_path, 23, {**DEFAULTS})  # 营业厅营业员 line 2 客户满意度 shows 72 / 80 / 88
    assert main(["check", str(demo_path)]) == 1
    out = capsys.readouterr().out
    where = "contract 3 (营业厅 营业厅营业员) line 2 客户满意度"
    assert (
        f"error: {where}: the scoring rule stored for this line says Base target 100 but the "
        "line shows 80 (scores use the line's targets; an edit bypassed kpidesk)"
    ) in out
    assert "says Minimum target 80 but the line shows 72" in out
    assert "says Challenge target 120 but the line shows 88" in out


def test_existing_amendments_govern_from_the_first_period(demo_path):
    with open_document(demo_path) as document:
        EditService(document).amend(1, "base", 22.0, reason="季度考评会", approved_by="林志远")
        with document.engine.begin() as connection:
            command.downgrade(_alembic_config(connection), "0003")
    with open_document(demo_path) as document:
        with document.reading() as session:
            made = session.scalars(select(AmendmentRecord)).all()
        assert made and all(a.effective_from is None for a in made)
        assert FirmService(document).score(1, "2003-01").contract.lines[0].base == 22.0
