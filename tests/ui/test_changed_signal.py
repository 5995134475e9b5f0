"""One "changed" signal after every operation, undo and redo; panels repaint the rows it names
(dataChanged on the edited row), not a reset of the model (issue 10 §2)."""

from __future__ import annotations

import pytest

from kpidesk.ui.operations import UNDO

from .contract_cells import line_cell, type_and_enter

pytestmark = pytest.mark.gui


class Watch:
    """What a model announced: the rows of each dataChanged, and whether it was reset."""

    def __init__(self, model):
        self.rows: list[tuple[int, int, bool]] = []  # first row, last row, under a parent
        self.resets = 0
        model.dataChanged.connect(
            lambda first, last, _roles=(): self.rows.append(
                (first.row(), last.row(), first.parent().isValid())
            )
        )
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1


def test_a_weight_edit_emits_one_change_and_repaints_only_its_row(draft, qtbot, qtmodeltester):
    window, view = draft, draft.editor.view
    model = view.model()
    cell = line_cell(model, "客户满意度", "weight")
    row = cell.row()
    line_id = model.line_at(cell).id
    seen = []
    window.operations.changed.connect(lambda changes, source: seen.append((changes, source)))
    watch = Watch(model)
    type_and_enter(qtbot, view, cell, "15")
    qtbot.waitUntil(lambda: line_cell(model, "客户满意度", "weight").data() == "15")
    assert len(seen) == 1
    changes, _source = seen[0]
    assert changes.contract == window.editor.contract.id and changes.lines == {line_id}
    assert watch.resets == 0
    assert [(first, last) for first, last, is_line in watch.rows if is_line] == [(row, row)]
    qtmodeltester.check(model)

    window.undo_action.trigger()
    assert line_cell(model, "客户满意度", "weight").data() != "15"
    assert len(seen) == 2 and seen[1][1] == UNDO and seen[1][0].lines == {line_id}
    assert watch.resets == 0
    qtmodeltester.check(model)

    window.redo_action.trigger()
    assert line_cell(model, "客户满意度", "weight").data() == "15"
    assert len(seen) == 3 and watch.resets == 0
    qtmodeltester.check(model)

    window.contract_edits.add_line_for(window.editor.contract.id, "ESAT")  # rows come: a reset
    assert watch.resets >= 1
    qtmodeltester.check(model)


def test_an_actual_repaints_only_its_row_of_the_scoring_table(window, qtbot, qtmodeltester):
    assert window.select_position("营业厅营业员")
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    model = scoring.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "营业收入")
    seen = []
    window.operations.changed.connect(lambda changes, source: seen.append(changes))
    watch = Watch(model)
    type_and_enter(qtbot, scoring.table, model.index(row, 3), "95")
    qtbot.waitUntil(lambda: model.index(row, 3).data() == "95")
    assert len(seen) == 1 and seen[0].periods == {"2003-07"}
    assert watch.resets == 0 and [(f, l) for f, l, _p in watch.rows] == [(row, row)]
    qtmodeltester.check(model)

    window.undo_action.trigger()
    assert model.index(row, 3).data() != "95"
    assert watch.resets == 0
    qtmodeltester.check(model)

    scoring.refresh()  # a reload keeps the model sound too
    qtmodeltester.check(model)


def test_a_closed_contracts_target_edit_is_refused_with_the_lifecycles_reason(window):
    assert window.select_position("营业厅营业员")
    contract = window.editor.contract
    window.edits.close(contract.id)
    window.select_position("营销部门总经理")
    assert window.select_position("营业厅营业员")
    assert window.editor.contract.status == "closed"
    line = contract.lines[0]
    count = window.undo_stack.count()
    assert not window.contract_edits.edit_line(line.id, "base", 1.0)
    assert "closed" in window.last_message
    assert "Reopen it (with a reason) to amend it" in window.last_message
    assert window.undo_stack.count() == count
    assert window.firm.contract(contract.id).lines[0].base == line.base
