"""The edits a user makes in the main window: each becomes an undo command running a service
operation (``commands.perform``), and the ``Changes`` it returns refresh the panels. Mixed into
``MainWindow``, which provides ``firm``, ``edits``, ``editor``, ``scoring``, ``_run`` and
``show_error``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox

from kpidesk.core.amendments import note_following
from kpidesk.core.lifecycle import default_signing_date, transition_consequence, why_locked
from kpidesk.core.locks import TARGET_FIELDS
from kpidesk.core.periods import Period
from kpidesk.core.rule_text import describe_rule
from kpidesk.core.rules import TARGET_LEVELS
from kpidesk.i18n import _
from kpidesk.services.editing import EditRefused

from kpidesk.ui.contract.contract_history import ContractHistoryDialog
from kpidesk.ui.contract.contract_lines_model import FIELDS, headers
from kpidesk.ui.contract.dialogs import AmendmentDialog, DeductionDialog, NewContractDialog
from kpidesk.ui.contract.rule_editor import RuleEditor
from kpidesk.ui.contract.signing_dialog import EditPartiesDialog, ReopenDialog, SigningDialog


class SignatureCommand(QUndoCommand):
    """A signature in the undo history. It is not taken back: its undo says why and the
    stack stays where it was (Qt moves the index after ``undo``, so the move is redone at once,
    which does nothing: the signature was made by ``sign_contract``, not by this command). The
    edits below it stay in the stack, so the history of other contracts is not wiped."""

    def __init__(self, text: str, stack: QUndoStack, refuse):
        super().__init__(text)
        self._stack, self._refuse = stack, refuse

    def redo(self) -> None:
        pass

    def undo(self) -> None:
        self._stack.indexChanged.connect(self._stay, Qt.ConnectionType.SingleShotConnection)
        self._refuse()

    def _stay(self, _index: int) -> None:
        self._stack.redo()


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
            describe_rule(v, line.weight)  # the approver reads what the rule becomes
            if isinstance(v, dict)
            else ("—" if v is None else f"{v:g}" if isinstance(v, float) else str(v))
        )
        label = _("Scoring rule") if field == "rule" else headers()[FIELDS.index(field)]
        contract = self.editor.contract
        months = [p for p in self.firm.periods(contract.year) if Period.parse(p).kind == "month"]
        note = note_following(line.target_note, old, value) if field in TARGET_LEVELS else None
        dialog = AmendmentDialog(
            line.indicator,
            label,
            shown(old),
            shown(value),
            self.firm.flex(),
            self,
            periods=months,
            effective=self.firm.default_effective_period(contract.id),
            note=None if note is None else (line.target_note, note),
            rescored=lambda code: self.firm.rescoring(contract.id, line_id, field, value, code),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason, approver = dialog.reason.toPlainText().strip(), dialog.approver.text().strip()
        effective = dialog.effective_from()
        undo_reason = _("Undo of amendment: {reason}").format(reason=reason)
        return self._run(
            _("Amend {field}").format(field=label),
            lambda: self.edits.amend(
                line_id, field, value, reason=reason, approved_by=approver, effective_from=effective
            ),
            lambda previous: self.edits.amend(
                line_id,
                field,
                previous,
                reason=undo_reason,
                approved_by=approver,
                effective_from=effective,
            )[1],
        )

    def show_history(self) -> None:
        """The contract's amendments: old → new, why, who, when, and the months each governed."""
        contract = self.editor.contract
        if contract is not None:
            ContractHistoryDialog(contract, self.firm.amendments(contract.id), self).exec()

    def edit_rule(self, line) -> None:
        # The editor starts from the line's own targets: the rule it returns carries them.
        editor = RuleEditor(
            line.rule,
            line.weight,
            self,
            title=line.indicator,
            targets=(line.minimum, line.base, line.challenge),
            direction=next(
                (i.direction for i in self.firm.indicators() if i.code == line.indicator_code),
                None,
            ),
        )
        if editor.exec() == QDialog.DialogCode.Accepted and editor.rule() != line.rule:
            self.edit_line(line.id, "rule", editor.rule())

    def add_line(self) -> None:
        from kpidesk.i18n import language

        from kpidesk.ui.contract.indicator_picker import IndicatorPicker

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

    def round_weights(self) -> bool:
        """§6: the shown contract's scored weights to multiples of 5, as one undoable edit."""
        contract = self.editor.contract
        if contract is None:
            return False
        return self._run(
            _("Round weights to multiples of 5"),
            lambda: self.edits.round_weights(contract.id),
            lambda old: self.edits.set_weights(old)[1],
        )

    def set_status(self, status: str) -> None:
        contract = self.editor.contract
        if contract is None:
            return
        if status == "signed":
            self.sign_contract()
            return
        if status == "closed":
            self.close_contract()
            return
        if status == "reopen":
            self.reopen_contract()
            return
        self._run(
            _("Contract status"),
            lambda: self.edits.set_status(contract.id, status, date.today()),
            lambda old: self.edits.set_status(contract.id, old)[1],
        )

    def _parties_day(self, contract) -> date:
        """Whose holding counts for proposing parties: the day the contract is likely signed."""
        return default_signing_date(date.today(), contract.valid_from, contract.valid_to)

    def _parties_note(self, contract) -> tuple[tuple[int | None, int | None], str]:
        """The organisation's proposal for contractee and issuer 1, and how it was made."""
        defaults = self.firm.default_parties(contract.id, self._parties_day(contract))
        note = _(
            "Proposed: the contractee is whoever holds the position; issuer 1 is whoever holds "
            "the position it reports to (issuer 2, e.g. the HR head, is optional)."
        )
        if defaults[1] is None:
            note += "\n" + _(
                "The organisation names no superior holder for this position: choose issuer 1."
            )
        return defaults, note

    def sign_contract(self) -> bool:
        """Choose parties and date, then sign in one transaction. A signature is not undone
        with Ctrl+Z (``SignatureCommand``): the history before it stays, and undo stops at it
        with the reason."""
        contract = self.editor.contract
        current = self.firm.party_ids(contract.id)
        defaults, note = self._parties_note(contract)
        chosen = (current[0] or defaults[0], current[1] or defaults[1], current[2])
        dialog = SigningDialog(
            contract,
            self.firm.people(self._parties_day(contract)),
            chosen,
            note,
            parent=self,
            people_on=self.firm.people,
            superior_on=lambda day: self.firm.default_parties(contract.id, day)[1],
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            warnings = dialog.warnings()  # recorded in the audit trail with the signature
            note = (
                _("Signed despite: {warnings}").format(warnings=" ".join(warnings))
                if warnings
                else ""
            )
            _old, changes = self.edits.sign(
                contract.id, *dialog.parties(), dialog.signing_date(), note
            )
        except EditRefused as exc:
            self.show_error(str(exc))
            return False
        kept = _(
            "The contract of {unit} {position} for {year} is signed, and a signed contract is "
            "not unsigned: amend it or close it. Undo stops at its signature."
        ).format(unit=contract.unit, position=contract.position, year=contract.year)
        self.undo_stack.push(
            SignatureCommand(_("Sign contract"), self.undo_stack, lambda: self.show_error(kept))
        )
        self.apply(changes)
        return True

    def edit_parties(self) -> bool:
        """Choose the parties of a draft or agreed contract: an undoable, audited edit."""
        contract = self.editor.contract
        if contract is None:
            return False
        refusal = why_locked(contract.status, "parties")
        if refusal:
            self.show_error(refusal)
            return False
        current = self.firm.party_ids(contract.id)
        defaults, note = self._parties_note(contract)
        chosen = current if any(current) else (defaults[0], defaults[1], None)
        dialog = EditPartiesDialog(
            contract, self.firm.people(self._parties_day(contract)), chosen, note, self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.parties() == current:
            return False
        parties = dialog.parties()
        return self._run(
            _("Parties"),
            lambda: self.edits.set_parties(contract.id, *parties),
            lambda old: self.edits.set_parties(contract.id, *old)[1],
        )

    def close_contract(self) -> bool:
        """Confirm what closing means, then close as an undoable command (Ctrl+Z reopens)."""
        contract = self.editor.contract
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Close contract"),
            _("Close the contract of {unit} {position} for {year}?").format(
                unit=contract.unit, position=contract.position, year=contract.year
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(transition_consequence("signed", "closed"))
        close = box.addButton(_("Close contract"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not close:
            return False
        undo_reason = _("Undo of closing")
        return self._run(
            _("Close contract"),
            lambda: self.edits.close(contract.id),
            lambda _old: self.edits.reopen(contract.id, undo_reason)[1],
            lambda _old: self.edits.close(contract.id)[1],
        )

    def reopen_contract(self) -> bool:
        """A closed contract becomes signed again, with a recorded reason."""
        contract = self.editor.contract
        dialog = ReopenDialog(contract, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason = dialog.text()
        return self._run(
            _("Reopen contract"),
            lambda: self.edits.reopen(contract.id, reason),
            lambda _old: self.edits.close(contract.id)[1],
            lambda _old: self.edits.reopen(contract.id, reason)[1],
        )

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
        return self.record_actual_for(line_id, self.scoring.period.currentData(), value)

    def record_actual_for(self, line_id: int, period: str, value) -> bool:
        """An actual of one period (the scoring panel's, or a month of the year grid)."""
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
