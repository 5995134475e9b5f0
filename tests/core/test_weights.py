"""Weights of METHOD.md §6: both worked examples, rules of thumb, and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpidesk.method import (
    RuleError,
    WeightLine,
    check_weights,
    criteria_weights,
    factor_judgment_weights,
    round_weights,
)

# Marketing GM (seed 001 slide 29). The seed gives only the weighted scores (2.3, 3.5, 2.55, 1.7,
# 1.7 | 2.3, 2.15 | 2.05, 2.9); these 0–4 criteria scores produce exactly those.
MARKETING_GM = [
    ("financial", 3, 2, 0),
    ("financial", 4, 2, 4),
    ("financial", 2, 3, 4),
    ("financial", 2, 2, 0),
    ("financial", 2, 2, 0),
    ("service", 3, 2, 0),
    ("service", 2, 2, 3),
    ("learning", 2, 1, 4),
    ("learning", 4, 2, 0),
]
CATEGORY_WEIGHTS = {"financial": 70, "service": 20, "learning": 10}


def test_criteria_scoring_reproduces_the_marketing_gm_example():
    weights = criteria_weights(MARKETING_GM, CATEGORY_WEIGHTS)
    assert [round(w, 1) for w in weights] == [13.7, 20.9, 15.2, 10.1, 10.1, 10.3, 9.7, 4.1, 5.9]
    assert sum(weights) == pytest.approx(100)
    assert round_weights(weights) == [15, 20, 15, 10, 10, 10, 10, 5, 5]


def test_criteria_scores_outside_0_to_4_are_refused():
    with pytest.raises(RuleError, match="row 2: control score 5 is outside 0–4"):
        criteria_weights([("financial", 1, 1, 1), ("financial", 1, 5, 1)], {"financial": 100})
    with pytest.raises(RuleError, match="category 'x' has no category weight"):
        criteria_weights([("x", 1, 1, 1)], {"financial": 100})
    with pytest.raises(RuleError, match="factors must sum to 1"):
        criteria_weights([("financial", 1, 1, 1)], {"financial": 100}, factors=(0.5, 0.5, 0.5))


# Seed 004 slide 50: each expert's row sums (scores) for six indicators, eight experts.
EXPERT_SCORES = [
    [15, 16, 8, 8, 5, 8],
    [14, 8, 6, 10, 6, 16],
    [16, 10, 5, 10, 7, 12],
    [14, 12, 5, 12, 7, 10],
    [16, 12, 6, 12, 6, 8],
    [16, 12, 7, 11, 5, 9],
    [15, 11, 9, 12, 5, 8],
    [16, 8, 8, 8, 8, 12],
]
# The seed prints the first expert's whole table.
EXPERT_ONE = [
    [None, 4, 4, 3, 3, 2],
    [0, None, 3, 2, 4, 3],
    [0, 1, None, 1, 2, 2],
    [1, 2, 3, None, 3, 3],
    [1, 0, 2, 1, None, 2],
    [2, 1, 2, 1, 2, None],
]


def table_with_row_sums(sums):
    """A valid judgment table (pairs sum to 4) whose row sums are ``sums``, found by a small
    backtracking search over the pairs."""
    n = len(sums)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    left = [n - 1] * n  # pairs still open per row
    have = [0] * n
    table = [[None] * n for _ in range(n)]

    def place(k):
        if k == len(pairs):
            return have == list(sums)
        i, j = pairs[k]
        left[i] -= 1
        left[j] -= 1
        for v in range(5):
            have[i] += v
            have[j] += 4 - v
            if all(have[r] <= sums[r] <= have[r] + 4 * left[r] for r in (i, j)):
                table[i][j], table[j][i] = v, 4 - v
                if place(k + 1):
                    return True
            have[i] -= v
            have[j] -= 4 - v
        left[i] += 1
        left[j] += 1
        return False

    assert place(0), f"no table has row sums {sums}"
    return table


def test_first_expert_table_is_valid_and_scores_as_printed():
    weights = factor_judgment_weights([EXPERT_ONE])
    assert [round(w * 60) for w in weights] == [16, 12, 6, 12, 6, 8]


def test_factor_judgment_reproduces_the_worked_example():
    tables = [table_with_row_sums(scores) for scores in EXPERT_SCORES]
    weights = factor_judgment_weights(tables)
    assert [round(w, 5) for w in weights] == [0.25417, 0.18542, 0.1125, 0.17292, 0.10208, 0.17292]
    assert [w / 100 for w in round_weights([w * 100 for w in weights])] == [
        0.25,
        0.20,
        0.10,
        0.20,
        0.10,
        0.15,
    ]


@pytest.mark.parametrize(
    "mutate, words",
    [
        (
            lambda t: t[0].__setitem__(1, 3),
            r"expert 1 cell \(1, 2\): 3 and cell \(2, 1\) 0 must sum to 4",
        ),
        (lambda t: t[2].__setitem__(2, 2), r"expert 1 cell \(3, 3\): the diagonal stays empty"),
        (
            lambda t: t[3].__setitem__(0, 5),
            r"expert 1 cell \(1, 4\): 3 and cell \(4, 1\) 5 must sum to 4",
        ),
        (lambda t: t[4].__setitem__(0, None), r"expert 1 cell \(5, 1\): None is not a judgment"),
        (lambda t: t[5].pop(), r"expert 1: the table must be 6×6"),
    ],
)
def test_inconsistent_tables_name_expert_and_cell(mutate, words):
    table = [row[:] for row in EXPERT_ONE]
    mutate(table)
    with pytest.raises(RuleError, match=words):
        factor_judgment_weights([table])


def test_the_second_expert_is_named():
    bad = [row[:] for row in EXPERT_ONE]
    bad[1][2] = 4
    with pytest.raises(RuleError, match="expert 2 cell"):
        factor_judgment_weights([EXPERT_ONE, bad])


@st.composite
def judgment_tables(draw):
    n = draw(st.integers(2, 7))
    experts = draw(st.integers(1, 5))
    tables = []
    for _ in range(experts):
        table = [[None] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                table[i][j] = draw(st.integers(0, 4))
                table[j][i] = 4 - table[i][j]
        tables.append(table)
    return tables


@given(judgment_tables())
def test_factor_judgment_weights_sum_to_one(tables):
    weights = factor_judgment_weights(tables)
    assert sum(weights) == pytest.approx(1)
    assert all(0 <= w <= 1 for w in weights)


@st.composite
def percentages(draw):
    parts = draw(st.lists(st.floats(0.01, 100), min_size=1, max_size=15))
    return [p / sum(parts) * 100 for p in parts]


@given(percentages())
def test_round_weights_keeps_the_total_and_moves_nothing_a_step(values):
    rounded = round_weights(values)
    assert sum(rounded) == 100
    assert all(r % 5 == 0 for r in rounded)
    assert all(abs(r - v) < 5 + 1e-9 for r, v in zip(rounded, values))


def test_round_weights_breaks_ties_to_the_earlier_item():
    assert round_weights([52.5, 47.5]) == [55, 45]
    assert round_weights([47.5, 52.5]) == [50, 50]
    assert round_weights([12.5, 12.5, 75]) == [15, 10, 75]


def test_round_weights_refuses_values_that_do_not_add_up():
    with pytest.raises(RuleError, match="sum to 90, not 100"):
        round_weights([45, 45])


def _lines(*weights, deduction=()):
    return [WeightLine(f"K{i}", "financial", w, i in deduction) for i, w in enumerate(weights)]


def test_a_sound_contract_has_no_findings():
    assert check_weights(_lines(25, 10, 15, 10, 10, 10, 5, 5, 5, 5, 0, deduction={10})) == []


def test_each_rule_of_thumb_reports_its_line_in_both_languages():
    findings = check_weights(_lines(40, 3, 12, 20, 20, 5, deduction={5}))
    by_code = {(f.code, f.line) for f in findings}
    assert ("weight_range", 0) in by_code and ("weight_range", 1) in by_code
    assert ("weight_step", 1) in by_code and ("weight_step", 2) in by_code
    assert ("deduction_weighted", 5) in by_code
    total = next(f for f in findings if f.code == "weight_sum")
    assert total.severity == "error" and total.line is None
    assert "sum to 95%, not 100%" in total.message("en")
    assert "合计 95%，应为 100%" in total.message("zh_CN")


def test_count_and_equal_weight_warnings():
    codes = {f.code for f in check_weights(_lines(50, 50))}
    assert codes == {"kpi_count", "equal_weights", "weight_range"}
    assert {f.code for f in check_weights(_lines(*[10] * 10))} == {"equal_weights"}
