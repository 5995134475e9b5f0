"""The edits a user makes in the main window: ``ContractEdits`` asks the dialogs what to do and
calls the service through ``Operations.run``; the service's result carries its undo and its
``Changes``, so nothing here writes an inverse or refreshes a panel. Composed into
``MainWindow`` (``window.contract_edits``), which provides ``firm``, ``editor``, ``scoring`` and
``show_error``."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QMessageBox

from kpidesk.core.amendments import note_following
from kpidesk.core.lifecycle import (
    LIFECYCLE,
    default_signing_date,
    transition_consequence,
    why_locked,
)
from kpidesk.core.periods import Period
from kpidesk.core.rule_text import describe_rule
from kpidesk.core.rules import TARGET_LEVELS
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_, _
from kpidesk.services.editing import EditService

from kpidesk.ui.contract.contract_history import ContractHistoryDialog
from kpidesk.ui.contract.contract_lines_model import FIELDS, headers
from kpidesk.ui.contract.dialogs import AmendmentDialog, DeductionDialog, NewContractDialog
from kpidesk.ui.contract.rule_editor import RuleEditor
from kpidesk.ui.contract.signing_dialog import EditPartiesDialog, ReopenDialog, SigningDialog
from kpidesk.ui.commands import Label
from kpidesk.ui.operations import Operations


class ContractEdits:
    def __init__(self, window, edits: EditService, operations: Operations):
        self.window, self.edits, self.operations = window, edits, operations

    @property
    def firm(self):
        return self.window.firm

    @property
    def editor(self):
        return self.window.editor

    @property
    def _categories(self):
        return self.window._categories

    # what the panels, which take this as their controller, also ask of the window
    def show_error(self, message: str) -> None:
        self.window.show_error(message)

    def show_notice(self, message: str) -> None:
        self.window.show_notice(message)

    def default_period(self) -> str | None:
        return self.window.default_period()

    def _run(self, text: Label, operation) -> bool:
        """One undoable operation; False when the service refused it (the reason is shown)."""
        return self.operations.run(text, operation) is not None

    # contract edits ------------------------------------------------------------------------------
    def edit_line(self, line_id: int, field: str, value) -> bool:
        contract = self.editor.contract
        if contract is not None:
            if LIFECYCLE.is_amendment(contract.status, field):  # signed: a recorded amendment
                return self.amend(line_id, field, value)
            refusal = LIFECYCLE.why_locked(contract.status, field)  # closed, or a sealed field
            if refusal:
                self.show_error(refusal.text())
                return False
        # Worded when shown, so the Edit menu's Undo follows a change of language.
        column = FIELDS.index(field)
        return self._run(
            lambda: _("Edit {field}").format(field=headers()[column]),
            lambda: self.edits.edit_line(line_id, field, value),
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
            self.firm.policy.target_flex,
            self.window,
            periods=months,
            effective=self.firm.default_effective_period(contract.id),
            note=None if note is None else (line.target_note, note),
            rescored=lambda code: self.firm.rescoring(contract.id, line_id, field, value, code),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason, approver = dialog.reason.toPlainText().strip(), dialog.approver.text().strip()
        effective = dialog.effective_from()
        column = None if field == "rule" else FIELDS.index(field)
        return self._run(
            lambda: _("Amend {field}").format(
                field=_("Scoring rule") if column is None else headers()[column]
            ),
            lambda: self.edits.amend(
                line_id, field, value, reason=reason, approved_by=approver, effective_from=effective
            ),
        )

    def show_history(self) -> None:
        """The contract's amendments: old → new, why, who, when, and the months each governed."""
        contract = self.editor.contract
        if contract is not None:
            dialog = ContractHistoryDialog(contract, self.firm.amendments(contract.id), self.window)
            dialog.exec()
            dialog.deleteLater()

    def edit_rule(self, line) -> None:
        # The editor starts from the line's own targets: the rule it returns carries them.
        editor = RuleEditor(
            line.rule,
            line.weight,
            self.window,
            title=line.indicator,
            targets=(line.minimum, line.base, line.challenge),
            direction=next(
                (i.direction for i in self.firm.indicators() if i.code == line.indicator_code),
                None,
            ),
        )
        accepted = editor.exec() == QDialog.DialogCode.Accepted
        rule = editor.rule()
        editor.deleteLater()  # a child of the window: it would stay, hidden, until the window goes
        if accepted and rule != line.rule:
            self.edit_line(line.id, "rule", rule)

    def add_line(self) -> None:
        contract = self.editor.contract
        if contract is None:
            return
        code = self.pick_indicator()
        if code is not None:
            self.add_line_for(contract.id, code)

    def pick_indicator(self) -> str | None:
        """A KPI from the dictionary (by name, code, category or pinyin initials), for a
        contract line or a value-tree node; a KPI typed that the dictionary lacks is created in
        it (its own undo entry), then used. Its code, or None."""
        from kpidesk.i18n import language

        from kpidesk.ui.contract.indicator_picker import IndicatorPicker

        zh = language().startswith("zh")
        names = {code: (zh_name if zh else en) for code, (zh_name, en) in self._categories.items()}
        dictionary = getattr(self.window, "dictionary", None)
        return IndicatorPicker.choose(
            self.firm.indicators(),
            names,
            self.window,
            create=dictionary.create_for_picker if dictionary else None,
            browse=dictionary.open_for_picker if dictionary else None,
        )

    def add_line_for(self, contract_id: int, indicator: str) -> None:
        self._run(Problem(N_("Add line")), lambda: self.edits.add_line(contract_id, indicator))

    def remove_line(self, line) -> None:
        self._run(Problem(N_("Remove line")), lambda: self.edits.remove_line(line.id))

    def round_weights(self) -> bool:
        """§6: the shown contract's scored weights to multiples of the firm's step, as one
        undoable edit."""
        contract = self.editor.contract
        if contract is None:
            return False
        return self._run(
            Problem(
                N_("Round weights to multiples of {step:g}"),
                params={"step": self.firm.policy.weight_rules.step},
            ),
            lambda: self.edits.round_weights(contract.id),
        )

    def set_status(self, status: str) -> None:
        contract = self.editor.contract
        if contract is None:
            return
        # The buttons whose step asks a dialog first (parties and date, a confirmation, a reason).
        asks = {
            "signed": self.sign_contract,
            "closed": self.close_contract,
            "reopen": self.reopen_contract,
        }
        if status in asks:
            asks[status]()
            return
        self._run(
            Problem(N_("Contract status")),
            lambda: self.edits.set_status(contract.id, status, date.today()),
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
            parent=self.window,
            people_on=self.firm.people,
            superior_on=lambda day: self.firm.default_parties(contract.id, day)[1],
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        warnings = dialog.warnings()  # recorded in the audit trail with the signature
        note = (
            _("Signed despite: {warnings}").format(warnings=" ".join(warnings)) if warnings else ""
        )
        parties, day = dialog.parties(), dialog.signing_date()
        # The signature's undo is refused with the reason: Ctrl+Z stops there and the history
        # before it stays.
        return self._run(
            Problem(N_("Sign contract")), lambda: self.edits.sign(contract.id, *parties, day, note)
        )

    def edit_parties(self) -> bool:
        """Choose the parties of a draft or agreed contract: an undoable, audited edit."""
        contract = self.editor.contract
        if contract is None:
            return False
        refusal = why_locked(contract.status, "parties")
        if refusal:
            self.show_error(refusal.text())
            return False
        current = self.firm.party_ids(contract.id)
        defaults, note = self._parties_note(contract)
        chosen = current if any(current) else (defaults[0], defaults[1], None)
        dialog = EditPartiesDialog(
            contract, self.firm.people(self._parties_day(contract)), chosen, note, self.window
        )
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.parties() == current:
            return False
        parties = dialog.parties()
        return self._run(
            Problem(N_("Parties")),
            lambda: self.edits.set_parties(contract.id, *parties),
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
            self.window,
        )
        box.setInformativeText(transition_consequence("signed", "closed"))
        close = box.addButton(_("Close contract"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not close:
            return False
        # Ctrl+Z reopens it with the recorded reason "Undo of closing".
        return self._run(Problem(N_("Close contract")), lambda: self.edits.close(contract.id))

    def reopen_contract(self) -> bool:
        """A closed contract becomes signed again, with a recorded reason."""
        contract = self.editor.contract
        dialog = ReopenDialog(contract, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason = dialog.text()
        return self._run(Problem(N_("Reopen contract")), lambda: self.edits.reopen(contract.id, reason))

    def new_contract(self, position_id: int, name: str) -> None:
        year = self.firm.current_year
        others = [(c.id, f"{c.unit} {c.position} {c.year}") for c in self.firm.contracts()]
        previous = any(
            c.position_id == position_id and c.year < year for c in self.firm.contracts()
        )
        dialog = NewContractDialog(name, year, previous, others, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_contract(position_id, dialog.source())

    def create_contract(self, position_id: int, source) -> None:
        year = self.firm.current_year
        self._run(Problem(N_("New contract")), lambda: self.edits.new_contract(position_id, year, source))

    # scoring edits ----------------------------------------------------------------------------------
    def record_actual(self, line_id: int, value) -> bool:
        return self.record_actual_for(line_id, self.window.scoring.period.currentData(), value)

    def record_actual_for(self, line_id: int, period: str, value) -> bool:
        """An actual of one period (the scoring panel's, or a month of the year grid)."""
        return self._run(
            Problem(N_("Enter actual")),
            lambda: self.edits.record_actual(line_id, period, value),
        )

    def add_deduction_event(self, period: str) -> None:
        contract = self.editor.contract
        if contract is None or period is None:
            return
        lines = [(l.id, l.indicator) for l in contract.lines if l.deduction]
        if not lines:
            self.show_error(_("This contract has no deduction item."))
            return
        dialog = DeductionDialog(lines, Period.parse(period).start, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            line_id, day, count, note = dialog.values()
            self.record_deduction(line_id, period, day, count, note)

    def record_deduction(self, line_id: int, period: str, day: date, count: int, note: str) -> None:
        self._run(
            Problem(N_("Deduction event")),
            lambda: self.edits.add_deduction_event(line_id, period, day, count, note),
        )

    def remove_deduction_event(self, event_id: int) -> None:
        self._run(
            Problem(N_("Remove deduction event")), lambda: self.edits.remove_deduction_event(event_id)
        )

    # drag and drop ---------------------------------------------------------------------------------
    def drop(self, kind: str, item_id: int, target_kind: str, target_id: int) -> bool:
        if kind == "unit" and target_kind == "unit" and item_id != target_id:
            return self._run(
                Problem(N_("Move unit")),
                lambda: self.edits.move_unit(item_id, target_id),
            )
        if kind == "position" and target_kind == "unit":
            return self._run(
                Problem(N_("Move position")),
                lambda: self.edits.move_position(item_id, target_id),
            )
        if kind == "tree" and target_kind == "position":
            return self._run(
                Problem(N_("Attach indicator")),
                lambda: self.edits.set_tree_owner(item_id, target_id),
            )
        return False
