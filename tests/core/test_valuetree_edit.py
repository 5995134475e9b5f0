"""What a facilitator building a value tree is told (issue 11 §3): findings before the tree
computes, a move that would make a cycle, where each node is drawn."""

from __future__ import annotations

from kpidesk.core.valuetree import (
    TreeNode,
    panel_roots,
    tree_findings,
    tree_layout,
    would_cycle,
)

SMALL = [
    TreeNode("profit"),
    TreeNode("revenue", "profit", "+"),
    TreeNode("cost", "profit", "-"),
]


def _codes(found):
    return [(p.code, p.where) for p in found]


def test_a_complete_tree_has_no_findings():
    assert tree_findings(SMALL, {"revenue": 100, "cost": 40}) == []


def test_a_leaf_without_baseline_and_an_inner_baseline():
    found = tree_findings(SMALL, {"profit": 60, "revenue": 100})
    assert _codes(found) == [
        ("'{key}' has drivers: its own baseline is not used", "profit"),
        ("leaf '{key}' has no baseline", "cost"),
    ]


def test_division_by_a_driver_whose_baseline_is_zero():
    nodes = [TreeNode("ratio"), TreeNode("a", "ratio", "+"), TreeNode("b", "ratio", "÷")]
    [found] = tree_findings(nodes, {"a": 5, "b": 0})
    assert found.where == "b"
    assert found.message("en") == "'ratio' divides by 'b', whose baseline is 0"


def test_a_node_whose_first_driver_divides():
    nodes = [TreeNode("ratio"), TreeNode("b", "ratio", "/"), TreeNode("a", "ratio", "*")]
    [found] = tree_findings(nodes, {"a": 5, "b": 2})
    assert found.message("en") == "'ratio' starts with ÷ 'b': it computes 1 ÷ 'b'"


def test_a_move_under_its_own_subtree_is_a_cycle():
    parents = {1: None, 2: 1, 3: 2, 4: 1}
    assert would_cycle(parents, 2, 3)  # under its own driver
    assert would_cycle(parents, 2, 2)  # onto itself
    assert not would_cycle(parents, 3, 4)
    assert not would_cycle(parents, 4, 2)


def test_layout_columns_by_depth_rows_by_leaf():
    children = {None: ["r"], "r": ["a", "b"], "a": ["a1", "a2", "a3"]}
    # Leaves take slots 0, 1, 2 (a's drivers) and 3 (b); a sits level with 1, r between 1 and 3.
    assert tree_layout(children) == {
        "a1": (2, 0),
        "a2": (2, 1),
        "a3": (2, 2),
        "a": (1, 1),
        "b": (1, 3),
        "r": (0, 2),
    }


def test_layout_of_a_deep_chain_does_not_recurse():
    children = {None: [0], **{i: [i + 1] for i in range(3000)}}
    placed = tree_layout(children)
    assert placed[3000] == (3000, 0) and placed[0] == (0, 0)


def test_a_tall_tree_wraps_into_panels_of_its_upper_drivers():
    # root → a (3 leaves), b (2 leaves), c (a leaf): 6 rows.
    children = {
        None: ["root"],
        "root": ["a", "b", "c"],
        "a": ["a1", "a2", "a3"],
        "b": ["b1", "b2"],
    }
    assert panel_roots(children, 6) == ["root"]  # fits: one panel
    assert panel_roots(children, 3) == ["a", "b", "c"]
    # A node whose drivers are all leaves stays one panel, however tall.
    assert panel_roots(children, 2) == ["a", "b", "c"]


# Review of issue 11 (defects 9, 10) ---------------------------------------------------------------

CAPITAL = [
    TreeNode("roce"),
    TreeNode("profit", "roce", "+"),
    TreeNode("capital", "roce", "/"),
    TreeNode("fixed", "capital", "+"),
    TreeNode("working", "capital", "+"),
]


def test_a_divisor_that_computes_to_zero_is_named():
    # Both drivers of the capital at 0: the capital computes to 0 and ROCE divides by it.
    found = tree_findings(CAPITAL, {"profit": 12, "fixed": 0, "working": 0})
    assert _codes(found) == [
        ("'{key}' divides by '{kid}', which computes to 0 from its drivers", "capital")
    ]
    assert found[0].params == {"key": "roce", "kid": "capital"}


def test_a_divisor_that_computes_to_something_else_is_fine():
    assert tree_findings(CAPITAL, {"profit": 12, "fixed": 0, "working": 30}) == []


def test_names_are_one_line_and_capped():
    from kpidesk.core.valuetree import name_problem, tidy_name

    assert tidy_name("  净营运\n资产  ") == "净营运 资产"
    assert name_problem("", "empty") is not None
    assert name_problem("收" * 200, "empty") is None
    too_long = name_problem("收" * 201, "empty")
    assert too_long is not None and too_long.params == {"limit": 200, "count": 201}
