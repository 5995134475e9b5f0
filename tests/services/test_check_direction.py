"""``check`` names a rule that scores the wrong way round and target levels its rule ignores
(issue 9 review: scoring must never disagree with what is shown)."""

from kpidesk.cli.main import main
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService

# The base-score rule the rule editor wrote for 营销成本 before the fix: no direction, so
# "higher is better" although the line's targets read 36500 → 34750 → 33000.
BACKWARDS = {
    "kind": "base_score",
    "base": 34750,
    "step": 500,
    "add_points": 1,
    "deduct_points": 1,
    "base_ratio": 0.8,
}


def _draft_with(path, rule):
    """A draft for 总经理 copied from contract 1 (营销部门总经理), 营销成本 given ``rule``."""
    with open_document(path) as document:
        firm, edits = FirmService(document), EditService(document)
        position = next(
            p
            for positions in firm.all_positions().values()
            for p in positions
            if p.name == "总经理"
        )
        contract_id, _changes = edits.new_contract(position.id, firm.current_year, 1)
        contract = firm.contract(contract_id)
        number, line = next(
            (n, l) for n, l in enumerate(contract.lines, 1) if l.indicator == "营销成本"
        )
        edits.edit_line(line.id, "rule", rule)
        return contract_id, number


def test_check_names_a_cost_line_whose_rule_says_higher_is_better(demo_path, capsys):
    contract_id, number = _draft_with(demo_path, BACKWARDS)
    with open_document(demo_path) as document:
        findings = FirmService(document).check().findings
    where = f"contract {contract_id} (分公司 总经理) line {number} 营销成本"
    messages = [f.message for f in findings if f.where == where]
    assert (
        "the scoring rule says higher is better but the line's targets (minimum 36500, "
        "base 34750, challenge 33000) say lower is better"
    ) in messages
    assert any(f.severity == "error" and f.where == where for f in findings)
    capsys.readouterr()
    assert main(["check", str(demo_path)]) == 1
    assert "营销成本" in capsys.readouterr().out


def test_check_warns_of_targets_the_rule_kind_never_scores_with(demo_path):
    contract_id, number = _draft_with(demo_path, dict(BACKWARDS, direction="lower"))
    with open_document(demo_path) as document:
        findings = FirmService(document).check().findings
    where = f"contract {contract_id} (分公司 总经理) line {number} 营销成本"
    mine = [(f.severity, f.message) for f in findings if f.where == where]
    assert mine == [
        (
            "warning",
            "Minimum target 36500, Challenge target 33000 shown on the line but not used by "
            "the Base-score add/deduct rule",
        )
    ]


def test_check_warns_when_a_line_scores_against_its_kpi(demo_path):
    # Only a base target: the direction is the rule's, and 营销成本 is lower-is-better.
    contract_id, number = _draft_with(demo_path, dict(BACKWARDS, direction="lower"))
    with open_document(demo_path) as document:
        firm, edits = FirmService(document), EditService(document)
        draft_line = firm.contract(contract_id).lines[number - 1]
        edits.edit_line(draft_line.id, "minimum", None)
        edits.edit_line(draft_line.id, "challenge", None)
        edits.edit_line(draft_line.id, "rule", dict(BACKWARDS, direction="higher"))
        findings = FirmService(document).check().findings
    where = f"contract {contract_id} (分公司 总经理) line {number} 营销成本"
    assert [(f.severity, f.message) for f in findings if f.where == where] == [
        ("warning", "the line scores higher is better but the KPI dictionary says lower is better")
    ]
