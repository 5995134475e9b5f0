"""Value trees (§3) and sensitivity weights (§6)."""

import pytest

from kpidesk.method import RuleError, TreeNode, ValueTree, evaluate_tree, sensitivity_weights

# Seed 001 slide 18, upper levels: return = contribution / net operating assets × NOA / funds;
# contribution = revenue − marketing − network − allocated; NOA = fixed + working + intangible.
NODES = [
    TreeNode("return"),
    TreeNode("c/noa", "return", "×"),
    TreeNode("noa/funds", "return", "×"),
    TreeNode("contribution", "c/noa", "+"),
    TreeNode("noa", "c/noa", "÷"),
    TreeNode("revenue", "contribution", "+"),
    TreeNode("marketing", "contribution", "−"),
    TreeNode("network", "contribution", "−"),
    TreeNode("allocated", "contribution", "−"),
    TreeNode("fixed", "noa", "+"),
    TreeNode("working", "noa", "+"),
    TreeNode("intangible", "noa", "+"),
]
VALUES = {
    "noa/funds": 0.8,
    "revenue": 100,
    "marketing": 20,
    "network": 30,
    "allocated": 10,
    "fixed": 150,
    "working": 30,
    "intangible": 20,
}


def test_evaluates_every_node_left_to_right():
    result = evaluate_tree(NODES, VALUES)
    assert result["contribution"] == 40
    assert result["noa"] == 200
    assert result["c/noa"] == pytest.approx(0.2)
    assert result["return"] == pytest.approx(0.16)


def test_sensitivity_weights_follow_each_leafs_effect():
    weights = sensitivity_weights(NODES, VALUES)
    assert sum(weights.values()) == pytest.approx(1)
    # Raising revenue 10 % lifts contribution by 10 (25 %); raising network cost 10 % cuts it by 3.
    assert weights["revenue"] / weights["network"] == pytest.approx(10 / 3)
    assert max(weights, key=weights.get) == "revenue"
    # Return is proportional to noa/funds: +10 % there moves the root by exactly 10 %.
    base = evaluate_tree(NODES, VALUES)["return"]
    effect_total = 0.1 * base / weights["noa/funds"]
    assert weights["revenue"] * effect_total == pytest.approx(base * 0.25)


@pytest.mark.parametrize(
    "nodes, words",
    [
        ([TreeNode("a"), TreeNode("b")], "exactly one root, not 2"),
        ([TreeNode("a"), TreeNode("b", "zz")], "missing parent 'zz'"),
        ([TreeNode("a"), TreeNode("a", "a")], "appears twice"),
        ([TreeNode("a"), TreeNode("b", "a", "%")], "not a value-tree operator"),
        ([TreeNode("r"), TreeNode("a", "b"), TreeNode("b", "a")], "part of a cycle"),
    ],
)
def test_malformed_trees_are_refused(nodes, words):
    with pytest.raises(RuleError, match=words):
        ValueTree(nodes)


def test_missing_leaf_and_division_by_zero_are_named():
    with pytest.raises(RuleError, match="leaf 'fixed' has no value"):
        evaluate_tree(NODES, {k: v for k, v in VALUES.items() if k != "fixed"})
    zero = dict(VALUES, fixed=0, working=0, intangible=0)
    with pytest.raises(RuleError, match="'c/noa' divides by 'noa'"):
        evaluate_tree(NODES, zero)
