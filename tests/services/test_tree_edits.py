"""Building value trees through ``TreeEdits`` (issue 11 §3): every edit one transaction,
audited, undone by the operation it returns (a deleted subtree comes back with its ids)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused, EditService
from kpidesk.services.tree_edits import TreeEdits
from kpidesk.storage.audit import AuditRecord

# The demo's tree (seed 001 slide 18): ids as the demo writes them.
ROOT, CONTRIBUTION, NOA, REVENUE, MARKETING, FIXED = 1, 4, 5, 6, 7, 10


@pytest.fixture
def services(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document), TreeEdits(document)


def _tree(firm, code="main"):
    return {n.id: n for n in firm.value_tree(code)}


def _children(firm, parent, code="main"):
    return [n.label for n in firm.value_tree(code) if n.parent_id == parent]


def _audits(firm, entity="value_tree_nodes") -> int:
    with firm.document.reading() as session:
        return session.scalar(
            select(func.count()).select_from(AuditRecord).where(AuditRecord.entity == entity)
        )


def test_the_demo_lists_its_tree(services):
    firm, _edits = services
    [tree] = firm.value_trees()
    assert (tree.code, tree.name, tree.nodes) == ("main", "价值树", 12)


def test_add_child_and_sibling_then_undo(services):
    firm, edits = services
    before = _audits(firm)
    child = edits.add_child(REVENUE, "新业务收入")
    assert _children(firm, REVENUE) == ["新业务收入"]
    assert _audits(firm) > before
    sibling = edits.add_sibling(MARKETING, "渠道佣金")
    # Right after 直接营销成本, subtracted like it.
    assert _children(firm, CONTRIBUTION) == [
        "实际收入", "直接营销成本", "渠道佣金", "网络和维修成本", "分摊成本"
    ]
    assert _tree(firm)[sibling.value].operator == "-"
    sibling.undo()
    child.undo()
    assert _children(firm, REVENUE) == []
    assert len(_children(firm, CONTRIBUTION)) == 4


def test_the_root_takes_no_sibling_and_no_operator(services):
    _firm, edits = services
    with pytest.raises(EditRefused, match="top value"):
        edits.add_sibling(ROOT, "x")
    with pytest.raises(EditRefused, match="top value"):
        edits.set_operator(ROOT, "×")


def test_delete_refuses_a_node_with_drivers_unless_its_subtree_goes(services):
    firm, edits = services
    with pytest.raises(EditRefused, match="净营运资产 has 3 nodes below it"):
        edits.delete_node(NOA)
    done = edits.delete_node(NOA, subtree=True)
    assert NOA not in _tree(firm) and FIXED not in _tree(firm)
    back = done.undo()
    tree = _tree(firm)
    # Same ids, same places, same values.
    assert tree[FIXED].parent_id == NOA and tree[FIXED].baseline == 61.5
    assert _children(firm, NOA) == ["固定资产", "周转资本", "无形资产和其它经营资产"]
    assert _children(firm, 2) == ["贡献", "净营运资产"]
    back.undo()  # the redo deletes again
    assert NOA not in _tree(firm)


def test_an_operator_change_moves_the_sensitivity_weights(services):
    firm, edits = services
    before = _tree(firm)[MARKETING].weight
    done = edits.set_operator(MARKETING, "+")
    after = _tree(firm)[MARKETING].weight
    assert before is not None and after is not None and after != pytest.approx(before)
    done.undo()
    assert _tree(firm)[MARKETING].weight == pytest.approx(before)
    assert _tree(firm)[MARKETING].operator == "-"


def test_reorder_and_reparent_with_undo(services):
    firm, edits = services
    done = edits.move_down(REVENUE)
    assert _children(firm, CONTRIBUTION)[:2] == ["直接营销成本", "实际收入"]
    done.undo()
    assert _children(firm, CONTRIBUTION)[0] == "实际收入"
    with pytest.raises(EditRefused, match="already the first"):
        edits.move_up(REVENUE)
    with pytest.raises(EditRefused, match="under itself or its own drivers"):
        edits.reparent(CONTRIBUTION, REVENUE)
    moved = edits.reparent(FIXED, CONTRIBUTION)
    assert _children(firm, CONTRIBUTION)[-1] == "固定资产"
    moved.undo()
    assert _children(firm, NOA)[0] == "固定资产"


def test_fields_owner_and_baseline_with_undo(services):
    firm, edits = services
    edits.set_label(REVENUE, "  营业收入 ")
    assert _tree(firm)[REVENUE].label == "营业收入"
    with pytest.raises(EditRefused, match="needs a name"):
        edits.set_label(REVENUE, " ")
    done = edits.set_baseline(REVENUE, 30.0)
    assert _tree(firm)[REVENUE].baseline == 30.0
    done.undo()
    assert _tree(firm)[REVENUE].baseline == 22.73
    position = next(p for ps in firm.all_positions().values() for p in ps)
    owned = edits.set_owner(FIXED, position.id)
    assert _tree(firm)[FIXED].owner == position.name
    owned.undo()
    assert _tree(firm)[FIXED].owner == "分公司"  # the demo's unit, as before


def test_the_org_tree_drop_sets_the_owner_through_the_same_operation(services):
    firm, _edits = services
    position = next(p for ps in firm.all_positions().values() for p in ps)
    done = EditService(firm.document).set_tree_owner(REVENUE, position.id)
    assert _tree(firm)[REVENUE].owner == position.name
    done.undo()
    assert _tree(firm)[REVENUE].owner == "营销部门"


def test_several_trees_each_evaluated_on_its_own(services):
    firm, edits = services
    made = edits.add_tree(" 营销部门价值树 ")
    code = made.value
    assert [t.name for t in firm.value_trees()] == ["价值树", "营销部门价值树"]
    root = edits.add_child(None, "贡献", tree=code).value
    with pytest.raises(EditRefused, match="one top value"):
        edits.add_child(None, "又一个", tree=code)
    income = edits.add_child(root, "收入").value
    cost = edits.add_child(root, "成本", operator="-").value
    edits.set_baseline(income, 100.0)
    edits.set_baseline(cost, 40.0)
    small = _tree(firm, code)
    # +10 % income moves 贡献 by 10, +10 % cost by 4: weights 10/14 and 4/14.
    assert small[income].weight == pytest.approx(10 / 14)
    assert small[cost].weight == pytest.approx(4 / 14)
    assert len(_tree(firm)) == 12  # the main tree is untouched
    with pytest.raises(EditRefused, match="still has nodes"):
        edits.delete_tree(code)
    renamed = edits.rename_tree(code, "营销价值树")
    assert firm.value_trees()[1].name == "营销价值树"
    renamed.undo()
    assert _audits(firm, "value_trees") >= 3


def test_an_empty_tree_is_deleted_and_comes_back(services):
    firm, edits = services
    code = edits.add_tree("空树").value
    gone = edits.delete_tree(code)
    assert [t.code for t in firm.value_trees()] == ["main"]
    gone.undo()
    assert [t.code for t in firm.value_trees()] == ["main", code]


# Review of issue 11 (defects 9, 20) ---------------------------------------------------------------


def test_two_trees_of_one_name_are_refused(services):
    firm, edits = services
    with pytest.raises(EditRefused, match="already a value tree named 价值树"):
        edits.add_tree(" 价值树 ")
    other = edits.add_tree("营销部门价值树")
    with pytest.raises(EditRefused, match="already a value tree named 价值树"):
        edits.rename_tree(other.value, "价值树")
    assert sorted(t.name for t in firm.value_trees()) == ["价值树", "营销部门价值树"]


def test_a_label_is_one_line_of_at_most_200_characters(services):
    firm, edits = services
    edits.set_label(REVENUE, "  实际\n收入\t（含税） ")
    assert _tree(firm)[REVENUE].label == "实际 收入 （含税）"
    with pytest.raises(EditRefused, match="at most 200 characters, not 201"):
        edits.set_label(REVENUE, "收" * 201)
    with pytest.raises(EditRefused, match="at most 200 characters"):
        edits.add_child(REVENUE, "收" * 600)
    with pytest.raises(EditRefused, match="needs a name"):
        edits.add_sibling(MARKETING, " \n ")
    assert _children(firm, REVENUE) == []


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_a_baseline_is_a_finite_number(services, bad):
    firm, edits = services
    with pytest.raises(EditRefused, match="finite number"):
        edits.set_baseline(FIXED, bad)
    assert _tree(firm)[FIXED].baseline == 61.5


def test_a_tree_serves_a_division_audited_and_undone(services):
    firm, edits = services[0], services[1]
    marketing = next(u.id for u in firm.units() if u.name == "营销部门")
    result = edits.set_tree_unit("main", marketing)
    assert [t.unit_id for t in firm.value_trees()] == [marketing]
    with firm.document.reading() as session:
        audited = session.execute(
            select(AuditRecord.old, AuditRecord.new).where(
                AuditRecord.entity == "value_trees",
                AuditRecord.field == "unit_id",
                AuditRecord.action == "update",
            )
        ).all()
    assert audited == [(None, marketing)]
    result.undo()
    assert [t.unit_id for t in firm.value_trees()] == [None]
