"""Rounding weights copied from a worked table (METHOD.md §6): a sum a hair off 100 is scaled
to 100 first; a sum further off than the stated tolerance is refused, naming sum, total and
tolerance."""

import pytest

from kpidesk.core.weights import WEIGHT_SUM_TOLERANCE
from kpidesk.method import RuleError, round_weights

# §6 marketing GM: the criteria-scoring percentages as a worked table prints them.
TABLE_ONE_DECIMAL = [13.7, 20.9, 15.2, 10.1, 10.1, 10.3, 9.7, 4.1, 5.9]
ROUNDED = [15, 20, 15, 10, 10, 10, 10, 5, 5]


def test_the_worked_table_to_one_decimal_rounds_to_the_methods_answer():
    assert round_weights(TABLE_ONE_DECIMAL) == ROUNDED


def test_the_worked_table_to_three_decimals_summing_to_100_001_is_accepted():
    # 13.702 + 20.852 + … = 100.001: copied from a table, not computed.
    three_decimals = [13.702, 20.852, 15.191, 10.128, 10.128, 10.337, 9.663, 4.141, 5.859]
    assert sum(three_decimals) == pytest.approx(100.001)
    assert round_weights(three_decimals) == ROUNDED


def test_a_sum_just_inside_the_tolerance_is_normalised_first():
    # 20.2 + 30.2 + 50.1 = 100.5: scaled by 100/100.5 → 20.10, 30.05, 49.85 → 20, 30, 50.
    assert round_weights([20.2, 30.2, 50.1]) == [20, 30, 50]
    # 99.6 = 24.9 + 24.9 + 49.8 → ×100/99.6 → 25, 25, 50 exactly.
    assert round_weights([24.9, 24.9, 49.8]) == [25, 25, 50]


def test_the_tolerance_is_half_a_percent_of_the_total():
    assert WEIGHT_SUM_TOLERANCE == 0.005
    assert round_weights([10.02, 9.98, 0.02], step=5, total=20) == [10, 10, 0]
    with pytest.raises(RuleError):
        round_weights([10.1, 10.1], step=5, total=20)  # 20.2 is 1 % off a total of 20


def test_a_sum_beyond_the_tolerance_is_refused_naming_sum_total_and_tolerance():
    with pytest.raises(RuleError) as refused:
        round_weights([20.3, 30.2, 50.1])  # 100.6
    message = str(refused.value)
    assert "sum to 100.6, not 100" in message
    assert "±0.5" in message and "0.5% of the total" in message
    assert refused.value.field == "values"
