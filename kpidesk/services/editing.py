"""Edits, one transaction each. Each returns an ``OpResult``: its value, what changed
(``Changes``: which contract, lines and periods) and the operation that undoes it, whose own
result carries the redo. Every call here is audited by storage; the UI pushes the pair on its
undo stack (``ui/commands.py``) and never writes an inverse itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from contextlib import contextmanager
from datetime import date

from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.errors import RuleError
from kpidesk.core.problems import KpideskError, Problem, term
from kpidesk.core.lifecycle import LIFECYCLE
from kpidesk.core.locks import actual_refusal, covering_official, official_refusal
from kpidesk.core.weights import round_weights
from kpidesk.storage.audit import ContractLocked
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import Document
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.official_lock import official_periods
from kpidesk.core.rule_kinds import is_deduction, new_line_rule
from kpidesk.i18n import N_, _


class EditRefused(KpideskError):
    """An edit the method or the document does not allow. It carries the problems (not their
    words): the message box puts them into the language in force when it shows them."""


class ContractSealed(EditRefused):
    """The contract is signed: targets change only through an amendment."""


@contextmanager
def edit_transaction(document: Document) -> Iterator[Any]:  # a Session (storage's type)
    """One edit's transaction, for every edit service: committed whole or rolled back; the
    seal of a signed contract or any other user error (a missing row, a bad value) ends in an
    ``EditRefused`` the window shows. A bug's ValueError is not the user's mistake: it crashes
    (and is logged as one)."""
    try:
        with document.transaction() as session:
            yield session
    except ContractLocked as exc:
        raise ContractSealed(exc.problems) from exc
    except EditRefused:
        raise
    except KpideskError as exc:
        raise EditRefused(exc.problems) from exc


class EditService:
    def __init__(self, document: Document):
        self.document = document

    @contextmanager
    def _edit(self):
        with edit_transaction(self.document) as session:
            yield FirmRepository(session), ContractRepository(session), session

    def _contract_of(self, contracts: ContractRepository, line_id: int) -> int:
        return contracts._line(line_id).contract_id

    @staticmethod
    def _refuse_if_official(session, period: str) -> None:
        """An official period's actuals and events change only by a correction: said here,
        before anything is written (the flush hook would refuse too, in fewer words)."""
        # The lock's own reading (kept in the session for its flush check): no extra statement.
        # An official quarter, half or year locks the periods it is built from as well.
        made = {code: (who, at) for code, who, at in official_periods(session).values()}
        whole = covering_official(period, made)
        if whole is not None:
            raise EditRefused(official_refusal(whole, *made[whole]))

    # contract lines ---------------------------------------------------------------------
    def edit_line(self, line_id: int, field: str, value) -> OpResult:
        """One field of a draft or agreed line; undone by writing the old value back."""
        with self._edit() as (_firm, contracts, _s):
            old = contracts.edit_line(line_id, field, value)
            changes = Changes(
                contract=self._contract_of(contracts, line_id),
                lines=frozenset({line_id}),
                structural=field == "category",  # the line moves to another group
            )
        return OpResult(old, changes, lambda: self.edit_line(line_id, field, old))

    def add_line(
        self, contract_id: int, indicator: str, *, sort: int | None = None, **fields
    ) -> OpResult:
        """A new line; undone by removing it (whose undo restores it with the same id)."""
        with self._edit() as (firm, contracts, _s):
            if "category" not in fields:
                fields["category"] = next(
                    i.category for i in firm.indicators() if i.code == indicator
                )
            # The firm's category says whether it deducts (§4), not its code.
            deduction = any(
                c.deduction
                for c in firm.categories(firm.policy().category_set)
                if c.code == fields["category"]
            )
            fields.setdefault("weight", 0)
            fields.setdefault("rule", new_line_rule(deduction))
            line_id = contracts.add_line(contract_id, indicator, sort=sort, **fields)
        changes = Changes(contract=contract_id, lines=frozenset({line_id}), structural=True)
        return OpResult(line_id, changes, lambda: self.remove_line(line_id))

    def remove_line(self, line_id: int) -> OpResult:
        """Remove a line of a draft or agreed contract with its actuals and events; the value
        is the snapshot ``restore_line`` (the undo) puts back."""
        with self._edit() as (_firm, contracts, _s):
            snapshot = contracts.remove_line(line_id)
        changes = Changes(
            contract=snapshot["contract_id"], lines=frozenset({line_id}), structural=True
        )
        return OpResult(snapshot, changes, lambda: self.restore_line(snapshot))

    def restore_line(self, snapshot: dict) -> OpResult:
        """Undo of ``remove_line`` (and redo of ``add_line``): the line as it was, with its id."""
        with self._edit() as (_firm, contracts, _s):
            line_id = contracts.restore_line(snapshot)
        changes = Changes(
            contract=snapshot["contract_id"], lines=frozenset({line_id}), structural=True
        )
        return OpResult(line_id, changes, lambda: self.remove_line(line_id))

    def amend(
        self,
        line_id: int,
        field: str,
        value,
        *,
        reason: str,
        approved_by: str,
        effective_from: str | None = None,
        undo_reason: str | None = None,
    ) -> OpResult:
        """Amend a signed line's target from ``effective_from`` (a period code; None: from the
        first period). Earlier periods keep scoring with the targets they had. The undo is an
        amendment back, recorded with ``undo_reason`` ("Undo of amendment: …"); its redo
        amends again with the first reason."""
        if undo_reason is None:
            undo_reason = _("Undo of amendment: {reason}").format(reason=reason)
        with self._edit() as (_firm, contracts, session):
            old = getattr(contracts._line(line_id), field)
            contracts.amend(
                line_id,
                field,
                value,
                reason=reason,
                approved_by=approved_by,
                effective_from=effective_from,
            )
            changes = Changes(
                contract=self._contract_of(contracts, line_id), lines=frozenset({line_id})
            )
        return OpResult(
            old,
            changes,
            lambda: self.amend(
                line_id,
                field,
                old,
                reason=undo_reason,
                approved_by=approved_by,
                effective_from=effective_from,
                undo_reason=reason,
            ),
        )

    def round_weights(self, contract_id: int) -> OpResult:
        """§6: the scored lines' weights to multiples of the firm's step (5 by default) summing
        to 100 (a sum within the
        tolerance of ``core.weights.round_weights`` is normalised first), in one transaction.
        The value is the old weights by line id; the undo sets them back (``set_weights``)."""
        with self._edit() as (firm, contracts, _s):
            step = firm.policy().weight_rules.step  # the step the §6 findings check against
            contract = contracts.contract(contract_id)
            if not LIFECYCLE.lines_editable(contract.status):
                raise EditRefused(
                    N_(
                        "Weights of a {status} contract change only through an amendment; "
                        "rounding is for contracts being drafted."
                    ),
                    "weight",
                    status=term(contract.status),
                )
            scored = [line for line in contract.lines if not line.deduction]
            if not scored:
                raise EditRefused(N_("This contract has no scored lines to round."))
            try:
                rounded = round_weights([line.weight for line in scored], step=step)
            except RuleError as exc:
                raise EditRefused(
                    N_("The weights cannot be rounded: {reason}"), "weight", reason=exc.problem
                ) from exc
            if all(line.weight == new for line, new in zip(scored, rounded)):
                raise EditRefused(
                    N_("The weights are already multiples of {step:g} summing to 100."), step=step
                )
            old = {}
            for line, new in zip(scored, rounded):
                if line.weight != new:
                    old[line.id] = contracts.edit_line(line.id, "weight", new)
        changes = Changes(contract=contract_id, lines=frozenset(old))
        return OpResult(old, changes, lambda: self.set_weights(old))

    def set_weights(self, weights: dict[int, float]) -> OpResult:
        """Several lines' weights in one transaction (undo of ``round_weights``); the value is
        the weights they had, and the undo sets those back."""
        with self._edit() as (_firm, contracts, _s):
            old = {
                line_id: contracts.edit_line(line_id, "weight", weight)
                for line_id, weight in weights.items()
            }
            contract_id = self._contract_of(contracts, next(iter(weights))) if weights else None
        changes = Changes(contract=contract_id, lines=frozenset(weights))
        return OpResult(old, changes, lambda: self.set_weights(old))

    # contracts -----------------------------------------------------------------------------
    def _status(self, contract_id: int, status: str, on: date | None, reason: str):
        with self._edit() as (_firm, contracts, _s):
            old = contracts._contract(contract_id).status
            contracts.set_status(contract_id, status, on=on, reason=reason)
        # The tree shows the status; every cell's lock follows it.
        return old, Changes(organisation=True, contract=contract_id, structural=True)

    def set_status(
        self, contract_id: int, status: str, on: date | None = None, *, reason: str = ""
    ) -> OpResult:
        old, changes = self._status(contract_id, status, on, reason)
        return OpResult(old, changes, lambda: self.set_status(contract_id, old))

    def set_parties(
        self,
        contract_id: int,
        contractee: int | None,
        issuer1: int | None,
        issuer2: int | None = None,
    ) -> OpResult:
        """Choose the parties (employee ids) of a draft or agreed contract; the value is the
        old ``(contractee, issuer1, issuer2)``, which the undo sets back."""
        with self._edit() as (_firm, contracts, _s):
            old = contracts.set_parties(contract_id, contractee, issuer1, issuer2)
        changes = Changes(organisation=True, contract=contract_id)
        return OpResult(old, changes, lambda: self.set_parties(contract_id, *old))

    def sign(
        self,
        contract_id: int,
        contractee: int | None,
        issuer1: int | None,
        issuer2: int | None,
        on: date,
        note: str = "",
    ) -> OpResult:
        """Set the parties and sign, in one transaction: the parties are part of the signed
        content hash. Refused (nothing written) without a contractee and issuer 1 or with a §6
        weight error. ``note`` (the warnings the signer saw) is recorded with the signature.
        A signature is not taken back: its undo is refused with the reason (amend or close)."""
        with self._edit() as (_firm, contracts, _s):
            old = contracts.set_parties(contract_id, contractee, issuer1, issuer2)
            contracts.set_status(contract_id, "signed", on=on, reason=note)
            signed = contracts.contract(contract_id)
        kept = Problem(
            N_(
                "The contract of {unit} {position} for {year} is signed, and a signed contract "
                "is not unsigned: amend it or close it. Undo stops at its signature."
            ),
            None,
            {"unit": signed.unit, "position": signed.position, "year": signed.year},
        )

        def refuse() -> OpResult:
            raise EditRefused(kept)

        changes = Changes(
            organisation=True, contract=contract_id, actuals=contract_id, structural=True
        )
        return OpResult(old, changes, refuse)

    def close(self, contract_id: int, *, reopen_reason: str | None = None) -> OpResult:
        """The year's results become final: no more actuals, amendments or edits. The undo
        reopens it with ``reopen_reason`` (by default "Undo of closing")."""
        reason = reopen_reason or _("Undo of closing")
        old, changes = self._status(contract_id, "closed", None, "")
        return OpResult(old, changes, lambda: self.reopen(contract_id, reason))

    def reopen(self, contract_id: int, reason: str) -> OpResult:
        """A closed contract becomes signed again, the reason recorded; the undo closes it
        (and the redo reopens it with the same reason)."""
        old, changes = self._status(contract_id, "signed", None, reason)
        return OpResult(old, changes, lambda: self.close(contract_id, reopen_reason=reason))

    def new_contract(self, position_id: int, year: int, source: str | int = "empty") -> OpResult:
        """A draft for the position: ``empty``, from its ``previous`` contract (next year's
        draft), or copied from another contract (its id). The undo deletes the draft; its redo
        makes it again the same way."""
        with self._edit() as (_firm, contracts, _s):
            if contracts.contract_for(position_id, year) is not None:
                raise EditRefused(
                    N_("this position already has a contract for {year}"), "year", year=year
                )
            if source == "empty":
                contract_id = contracts.new_contract(position_id, year)
            else:
                from_id = (
                    contracts.latest_contract_before(position_id, year)
                    if source == "previous"
                    else source
                )
                if from_id is None:
                    raise EditRefused(
                        N_("this position has no contract before {year} to start from"),
                        "source",
                        year=year,
                    )
                contract_id = contracts.copy_contract(from_id, position_id, year)
        changes = Changes(organisation=True, contract=contract_id, structural=True)
        return OpResult(
            contract_id,
            changes,
            lambda: self.delete_draft(
                contract_id, again=lambda: self.new_contract(position_id, year, source)
            ),
        )

    def delete_draft(self, contract_id: int, *, again=None) -> OpResult:
        """Delete a draft contract. Its undo is ``again`` (how the draft was made: the undo of
        ``new_contract`` passes it); without it, an empty draft for the same position and year."""
        with self._edit() as (_firm, contracts, _s):
            record = contracts._contract(contract_id)
            position_id, year = record.position_id, contracts.contract(contract_id).year
            contracts.delete_draft(contract_id)
        changes = Changes(organisation=True, contract=contract_id, structural=True)
        return OpResult(None, changes, again or (lambda: self.new_contract(position_id, year)))

    # actuals ----------------------------------------------------------------------------------
    def record_actual(self, line_id: int, period: str, value) -> OpResult:
        """One actual (None clears it); the undo writes the old value back."""
        with self._edit() as (_firm, contracts, session):
            self._refuse_if_official(session, period)
            line = contracts._line(line_id)
            refused = actual_refusal(line.contract.status, is_deduction(line.rule))
            if refused:  # a closed contract's actuals are final; deductions are events
                raise EditRefused(refused)
            contract_id = line.contract_id
            old = contracts.actuals(contract_id, period).get(line_id)
            if value is None:
                contracts.clear_actual(line_id, period)
            else:
                contracts.record_actual(line_id, period, value, entered_by=self.document.actor)
        changes = Changes(
            actuals=contract_id, lines=frozenset({line_id}), periods=frozenset({period})
        )
        return OpResult(old, changes, lambda: self.record_actual(line_id, period, old))

    def add_deduction_event(
        self, line_id: int, period: str, occurred_on: date, count: int = 1, note: str = ""
    ) -> OpResult:
        """A deduction event; the undo removes it (whose undo adds it again)."""
        with self._edit() as (_firm, contracts, session):
            self._refuse_if_official(session, period)
            event_id = contracts.add_deduction_event(line_id, period, occurred_on, count, note)
            contract_id = self._contract_of(contracts, line_id)
        changes = Changes(
            actuals=contract_id, lines=frozenset({line_id}), periods=frozenset({period})
        )
        return OpResult(event_id, changes, lambda: self.remove_deduction_event(event_id))

    def remove_deduction_event(self, event_id: int) -> OpResult:
        """Remove an event; the value is what it was, and the undo records it again."""
        with self._edit() as (_firm, contracts, session):
            snapshot = contracts.remove_deduction_event(event_id)
            self._refuse_if_official(session, snapshot["period"])
            contract_id = self._contract_of(contracts, snapshot["line_id"])
        changes = Changes(
            actuals=contract_id,
            lines=frozenset({snapshot["line_id"]}),
            periods=frozenset({snapshot["period"]}),
        )
        return OpResult(
            snapshot,
            changes,
            lambda: self.add_deduction_event(
                snapshot["line_id"],
                snapshot["period"],
                snapshot["occurred_on"],
                snapshot["count"],
                snapshot["note"],
            ),
        )

    # organisation and value tree -----------------------------------------------------------
    def move_unit(self, unit_id: int, parent_id: int | None) -> OpResult:
        with self._edit() as (firm, _c, _s):
            old = firm.move_unit(unit_id, parent_id)
        return OpResult(old, Changes(organisation=True), lambda: self.move_unit(unit_id, old))

    def move_position(self, position_id: int, unit_id: int) -> OpResult:
        with self._edit() as (firm, _c, _s):
            old = firm.move_position(position_id, unit_id)
        return OpResult(
            old, Changes(organisation=True), lambda: self.move_position(position_id, old)
        )

    def set_tree_owner(self, node_id: int, position_id: int | None) -> OpResult:
        """A position dropped on a value-tree node owns it (one home: ``TreeEdits.set_owner``,
        whose undo gives the node back its old position and unit)."""
        from kpidesk.services.tree_edits import TreeEdits

        return TreeEdits(self.document).set_owner(node_id, position_id)
