"""Finding a contract line's cell in the contract editor's model, as the tests of the grid need."""

from __future__ import annotations

from kpidesk.ui.contract.contract_lines_model import FIELDS


def line_cell(model, name: str, field: str):
    """The index of ``field`` on the line whose KPI is ``name`` (lines sit under category rows)."""
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            if model.index(row, 0, parent).data() == name:
                return model.index(row, FIELDS.index(field), parent)
    raise AssertionError(f"no line {name}")
