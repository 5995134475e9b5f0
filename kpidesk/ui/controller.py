"""The edits a user makes in the main window: each becomes an undo command running a service
operation (``commands.perform``), and the ``Changes`` it returns refresh the panels. Mixed into
``MainWindow``, which provides ``firm``, ``edits``, ``editor``, ``scoring``, ``_run`` and
``show_error``."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QMessageBox

from kpidesk.core.periods import Period
from kpidesk.i18n import _

from .contract_lines_model import FIELDS, TARGET_FIELDS, headers
from .dialogs import AmendmentDialog, DeductionDialog, NewContractDialog
from .rule_editor import RuleEditor


class EditController:
    # contract edits ------------------------------------------------------------------------------
    def edit_line(self, line_id: int, field: str, value) -> bool:
        contract = self.editor.contract
        if (
            contract is not None
            and contract.status == "signed"
            and field in TARGET_FIELDS + ("rule",)
        ):
            return self.amend(line_id, field, value)
        label = headers()[FIELDS.index(field)]
        return self._run(
            _("Edit {field}").format(field=label),
            lambda: self.edits.edit_line(line_id, field, value),
            lambda old: self.edits.edit_line(line_id, field, old)[1],
        )

    def amend(self, line_id: int, field: str, value) -> bool:
        line = next(l for l in self.editor.contract.lines if l.id == line_id)
        old = line.rule if field == "rule" else getattr(line, field)
        shown = lambda v: (
            "…"
            if isinstance(v, dict)
            else ("—" if v is None else f"{v:g}" if isinstance(v, float) else str(v))
        )
        label = _("Scoring rule") if field == "rule" else headers()[FIELDS.index(field)]
        dialog = AmendmentDialog(
            line.indicator, label, shown(old), shown(value), self.firm.flex(), self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason, approver = dialog.reason.toPlainText().strip(), dialog.approver.text().strip()
        undo_reason = _("Undo of amendment: {reason}").format(reason=reason)
        return self._run(
            _("Amend {field}").format(field=label),
            lambda: self.edits.amend(line_id, field, value, reason=reason, approved_by=approver),
            lambda previous: self.edits.amend(
                line_id, field, previous, reason=undo_reason, approved_by=approver
            )[1],
        )

    def edit_rule(self, line) -> None:
        editor = RuleEditor(line.rule, line.weight, self, title=line.indicator)
        if editor.exec() == QDialog.DialogCode.Accepted and editor.rule() != line.rule:
            self.edit_line(line.id, "rule", editor.rule())

    def add_line(self) -> None:
        from kpidesk.i18n import language

        from .indicator_picker import IndicatorPicker

        contract = self.editor.contract
        if contract is None:
            return
        zh = language().startswith("zh")
        names = {code: (zh_name if zh else en) for code, (zh_name, en) in self._categories.items()}
        code = IndicatorPicker.choose(self.firm.indicators(), names, self)
        if code is not None:
            self.add_line_for(contract.id, code)

    def add_line_for(self, contract_id: int, indicator: str) -> None:
        state = {}

        def do():
            line_id, changes = self.edits.add_line(contract_id, indicator)
            state["id"] = line_id
            return line_id, changes

        def undo(_line_id):
            state["snapshot"], changes = self.edits.remove_line(state["id"])
            return changes

        def redo(_line_id):
            state["id"], changes = self.edits.restore_line(state["snapshot"])
            return changes

        self._run(_("Add line"), do, undo, redo)

    def remove_line(self, line) -> None:
        state = {"id": line.id}

        def do():
            snapshot, changes = self.edits.remove_line(state["id"])
            state["snapshot"] = snapshot
            return snapshot, changes

        def undo(_snapshot):
            state["id"], changes = self.edits.restore_line(state["snapshot"])
            return changes

        self._run(_("Remove line"), do, undo, lambda _s: do()[1])

    def set_status(self, status: str) -> None:
        contract = self.editor.contract
        if status == "signed":
            answer = QMessageBox.question(
                self,
                _("Sign"),
                _(
                    "Signing seals the contract: afterwards its targets change only "
                    "through recorded amendments. Sign now?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        done = self._run(
            _("Contract status"),
            lambda: self.edits.set_status(contract.id, status, date.today()),
            lambda old: self.edits.set_status(contract.id, old)[1],
        )
        if status in ("signed", "closed") and done:
            self.undo_stack.clear()  # a signature is not taken back with Ctrl+Z

    def new_contract(self, position_id: int, name: str) -> None:
        year = self.firm.current_year
        others = [(c.id, f"{c.unit} {c.position} {c.year}") for c in self.firm.contracts()]
        previous = any(
            c.position_id == position_id and c.year < year for c in self.firm.contracts()
        )
        dialog = NewContractDialog(name, year, previous, others, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_contract(position_id, dialog.source())

    def create_contract(self, position_id: int, source) -> None:
        state = {}

        def do():
            contract_id, changes = self.edits.new_contract(
                position_id, self.firm.current_year, source
            )
            state["id"] = contract_id
            return contract_id, changes

        self._run(
            _("New contract"),
            do,
            lambda _id: self.edits.delete_draft(state["id"])[1],
            lambda _id: do()[1],
        )

    # scoring edits ----------------------------------------------------------------------------------
    def record_actual(self, line_id: int, value) -> bool:
        period = self.scoring.period.currentData()
        return self._run(
            _("Enter actual"),
            lambda: self.edits.record_actual(line_id, period, value),
            lambda old: self.edits.record_actual(line_id, period, old)[1],
        )

    def add_deduction_event(self, period: str) -> None:
        contract = self.editor.contract
        if contract is None or period is None:
            return
        lines = [(l.id, l.indicator) for l in contract.lines if l.deduction]
        if not lines:
            self.show_error(_("This contract has no deduction item."))
            return
        dialog = DeductionDialog(lines, Period.parse(period).start, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            line_id, day, count, note = dialog.values()
            self.record_deduction(line_id, period, day, count, note)

    def record_deduction(self, line_id: int, period: str, day: date, count: int, note: str) -> None:
        state = {}

        def do():
            state["id"], changes = self.edits.add_deduction_event(line_id, period, day, count, note)
            return state["id"], changes

        self._run(
            _("Deduction event"),
            do,
            lambda _id: self.edits.remove_deduction_event(state["id"])[1],
            lambda _id: do()[1],
        )

    def remove_deduction_event(self, event_id: int) -> None:
        state = {"id": event_id}

        def do():
            state["snapshot"], changes = self.edits.remove_deduction_event(state["id"])
            return state["snapshot"], changes

        def undo(_snapshot):
            s = state["snapshot"]
            state["id"], changes = self.edits.add_deduction_event(
                s["line_id"], s["period"], s["occurred_on"], s["count"], s["note"]
            )
            return changes

        self._run(_("Remove deduction event"), do, undo, lambda _s: do()[1])

    # drag and drop ---------------------------------------------------------------------------------
    def drop(self, kind: str, item_id: int, target_kind: str, target_id: int) -> bool:
        if kind == "unit" and target_kind == "unit" and item_id != target_id:
            return self._run(
                _("Move unit"),
                lambda: self.edits.move_unit(item_id, target_id),
                lambda old: self.edits.move_unit(item_id, old)[1],
            )
        if kind == "position" and target_kind == "unit":
            return self._run(
                _("Move position"),
                lambda: self.edits.move_position(item_id, target_id),
                lambda old: self.edits.move_position(item_id, old)[1],
            )
        if kind == "tree" and target_kind == "position":
            return self._run(
                _("Attach indicator"),
                lambda: self.edits.set_tree_owner(item_id, target_id),
                lambda old: self.edits.set_tree_owner(item_id, old)[1],
            )
        return False
