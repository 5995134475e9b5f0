"""Values of the wrong type written into a copy of the demo firm with the sqlite3 module, as
another program editing the file would (kpidesk itself never writes them)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# name → (statement, the finding expected for it, written by hand from the demo's rows)
CORRUPTIONS = {
    "text weight": (
        "UPDATE contract_lines SET weight = 'heavy' WHERE id = 2",
        "contract_lines row 2, column weight: 'heavy' is not a number",
    ),
    "infinite actual": (
        "UPDATE actuals SET value = 9e999 WHERE id = 1",
        "actuals row 1, column value: inf is not a finite number",
    ),
    "NaN actual": (
        "UPDATE actuals SET value = 'NaN' WHERE id = 3",
        "actuals row 3, column value: 'NaN' is not a number",
    ),
    "malformed rule": (
        "UPDATE contract_lines SET rule = '{kind: polyline' WHERE id = 12",
        "contract_lines row 12, column rule: '{kind: polyline' is not readable JSON",
    ),
    "rule as a list": (
        "UPDATE contract_lines SET rule = '[1, 2]' WHERE id = 13",
        "contract_lines row 13, column rule: '[1, 2]' is not a scoring rule (a JSON object)",
    ),
    "garbage event date": (
        "UPDATE deduction_events SET occurred_on = 'yesterday' WHERE id = 1",
        "deduction_events row 1, column occurred_on: 'yesterday' is not a date",
    ),
    "huge event count": (
        "UPDATE deduction_events SET count = 99999999999 WHERE id = 2",
        "deduction_events row 2, column count: 99999999999 is outside 1 … 999",
    ),
    "impossible assignment start": (
        "UPDATE assignments SET start = '2003-13-45' WHERE id = 1",
        "assignments row 1, column start: '2003-13-45' is not a date",
    ),
    "garbage signing date": (
        "UPDATE contracts SET signed_on = 'not a date' WHERE id = 1",
        "contracts row 1, column signed_on: 'not a date' is not a date",
    ),
}


def corrupt(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


# A rule of the right type but a kind that does not exist: check's rule validation names it;
# a read that scores the contract names its contract and line.
UNKNOWN_KIND = (
    """UPDATE contract_lines SET rule = '{"kind": "magic"}' WHERE id = 2""",
    "contract 1 (营销部门 营销部门总经理) line 2 净营运资产贡献率: unknown rule kind 'magic'",
)
