"""Issue 10 round 2: every refusal is a Problem put into words where it is shown. A refused edit,
a rule editor's RuleError, a why_locked sentence and a check finding, raised while the app
speaks English, read in Chinese once the user has switched to Chinese (and say no code such as
``higher`` there)."""

from __future__ import annotations

import sqlite3

import pytest

from kpidesk import i18n
from kpidesk.core.lifecycle import why_locked
from kpidesk.core.problems import KpideskError
from kpidesk.core.rules import validate_rule
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused, EditService

CLERK_CONTRACT = 3  # the demo's signed contract of 营业厅营业员 (2003)


@pytest.fixture
def english_then_chinese():
    before = i18n.language()
    i18n.set_language("en")
    yield lambda: i18n.set_language("zh_CN")
    i18n.set_language(before)


def _signed_contract(firm: FirmService):
    return next(c for c in firm.contracts() if c.status == "signed")


def test_a_refused_edit_raised_in_english_reads_in_chinese(demo_path, english_then_chinese):
    with open_document(demo_path) as document:
        firm, edits = FirmService(document), EditService(document)
        contract = _signed_contract(firm)
        position = next(
            p for ps in firm.all_positions().values() for p in ps if p.name == contract.position
        )
        with pytest.raises(EditRefused) as raised:
            edits.new_contract(position.id, contract.year)
    refused = raised.value
    assert isinstance(refused, KpideskError)
    assert str(refused) == f"this position already has a contract for {contract.year}"
    english_then_chinese()
    assert str(refused) == f"该岗位已有{contract.year}年的绩效合同"


def test_a_refusal_from_storage_keeps_its_problem_not_its_words(demo_path, english_then_chinese):
    """The parties of a signed contract are sealed: storage raises why_locked's sentence, the
    service passes on the Problem (not a str fixed in English), with the status a word too."""
    with open_document(demo_path) as document:
        firm, edits = FirmService(document), EditService(document)
        contract = _signed_contract(firm)
        with pytest.raises(EditRefused) as raised:
            edits.set_parties(contract.id, None, None)
    assert str(raised.value) == (
        "The contract is signed: its parties were fixed when it was signed."
    )
    english_then_chinese()
    assert str(raised.value) == "绩效合同已签订：签约双方已在签订时确定。"


def test_a_why_locked_sentence_is_worded_when_shown(english_then_chinese):
    refusal = why_locked("closed", "actuals")
    english_then_chinese()
    assert refusal.text() == (
        "绩效合同已关闭：本年度考核结果已定。如需修改实际完成值，请先重新开启绩效合同（须说明原因）。"
    )
    assert refusal.text("en").startswith("The contract is closed")


def test_a_rule_error_raised_in_english_reads_in_chinese_without_codes(english_then_chinese):
    with pytest.raises(KpideskError) as raised:
        validate_rule({"kind": "linear", "base": 10, "step": 1, "points": 1, "direction": "up"}, 20)
    assert str(raised.value) == "direction must be 'higher' or 'lower', not 'up'"
    assert raised.value.field == "direction"
    english_then_chinese()
    assert str(raised.value) == "方向须为“越高越好”或“越低越好”，而不是 'up'"


def test_a_missing_field_names_the_rule_kind_in_the_users_language(english_then_chinese):
    with pytest.raises(KpideskError) as raised:
        validate_rule({"kind": "grade", "levels": [{"label": "A"}]}, 20)
    assert str(raised.value) == "Grade rule: 'points' is missing"
    english_then_chinese()
    assert str(raised.value) == "等级计分规则：缺少“分值”"  # issue 10 round 3: the field in Chinese


def test_the_rule_editors_direction_refusal_reads_in_chinese(qtbot, english_then_chinese):
    from kpidesk.ui.contract.rule_editor import RuleEditor

    rule = {"kind": "linear", "base": 100, "step": 10, "points": 1, "direction": "higher"}
    editor = RuleEditor(rule, 20, targets=(120, 100, 80))  # a cost line: lower is better
    qtbot.addWidget(editor)
    editor.direction.setCurrentIndex(editor.direction.findData("lower"))
    editor.direction.setCurrentIndex(editor.direction.findData("higher"))  # against the targets
    assert "lower is better" in editor.error.text()  # what the user sees in English
    with pytest.raises(KpideskError) as raised:
        editor._check_direction(editor.rule())
    english_then_chinese()
    text = str(raised.value)
    assert "越低越好" in text and "lower" not in text


def test_check_findings_are_worded_when_shown(demo_path, english_then_chinese):
    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE contract_lines SET weight = 30 WHERE id = 1")
    connection.commit()
    connection.close()
    with open_document(demo_path) as document:
        findings = FirmService(document).check().findings
    sealed = next(f for f in findings if "content differs" in f.message)
    assert sealed.where == "contract 1 (营销部门 营销部门总经理)"
    english_then_chinese()
    assert sealed.where.startswith("绩效合同 1")
    assert "content differs" not in sealed.message
    assert sealed.text("en")[1].startswith("content differs from what was signed")


def test_a_refused_signature_names_its_blockers_in_the_language_shown(
    demo_path, english_then_chinese
):
    """The blockers of a signature were joined into one English string when refused; now each
    is a Problem, worded with the refusal."""
    from datetime import date

    with open_document(demo_path) as document:
        firm, edits = FirmService(document), EditService(document)
        clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
        manager = next(
            p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理"
        )
        contract_id, _changes = edits.new_contract(manager.id, 2003, clerk.id)
        edits.set_status(contract_id, "agreed")
        with pytest.raises(EditRefused) as raised:
            edits.sign(contract_id, None, None, None, date(2003, 1, 6))
    assert str(raised.value) == (
        f"contract {contract_id} cannot be signed: No contractee is chosen. No issuer 1 is chosen."
    )
    english_then_chinese()
    assert str(raised.value) == (
        f"绩效合同 {contract_id} 不能签订：尚未选择受约人。 尚未选择发约人1。"
    )
