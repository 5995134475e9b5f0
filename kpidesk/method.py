"""The public face of the KPI method (METHOD.md §3, §6, §7, §9, §10).

The GUI, the CLI, Excel import, PDF printing and scripts call these names; nothing else
re-implements the formulas. Qt-free and SQL-free.
"""

from kpidesk.core.calibration import GRADES, NineBox, forced_distribution, nine_box
from kpidesk.core.contracts import (
    ContractScore,
    LineInput,
    LinePoints,
    combine_periods,
    content_hash,
    score_contract,
)
from kpidesk.core.errors import RuleError
from kpidesk.core.lifecycle import can_transition, is_locked
from kpidesk.core.pay import appraisal_coefficient, performance_pay
from kpidesk.core.periods import Period, periods_of_year
from kpidesk.core.rules import RULE_KINDS, completion_rate, is_deduction, score_line, validate_rule
from kpidesk.core.valuetree import TreeNode, ValueTree, evaluate_tree, sensitivity_weights
from kpidesk.core.weights import (
    Finding,
    WeightLine,
    check_weights,
    criteria_weights,
    factor_judgment_weights,
    round_weights,
)

__all__ = [
    "GRADES",
    "RULE_KINDS",
    "ContractScore",
    "Finding",
    "LineInput",
    "LinePoints",
    "NineBox",
    "Period",
    "RuleError",
    "TreeNode",
    "ValueTree",
    "WeightLine",
    "appraisal_coefficient",
    "can_transition",
    "check_weights",
    "combine_periods",
    "completion_rate",
    "content_hash",
    "criteria_weights",
    "evaluate_tree",
    "factor_judgment_weights",
    "forced_distribution",
    "is_deduction",
    "is_locked",
    "nine_box",
    "performance_pay",
    "periods_of_year",
    "round_weights",
    "score_contract",
    "score_line",
    "sensitivity_weights",
    "validate_rule",
]
