"""Edits, one transaction each, returning what changed (and what undo needs).

Every call here is audited by storage; the UI wraps each in an undo command.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from kpidesk.core.changes import Changes
from kpidesk.core.errors import RuleError
from kpidesk.core.locks import actual_lock
from kpidesk.core.weights import round_weights
from kpidesk.storage.audit import ContractLocked
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import Document
from kpidesk.storage.firm_repo import FirmRepository, NotFound
from kpidesk.core.rule_kinds import is_deduction, new_line_rule
from kpidesk.i18n import _


class EditRefused(Exception):
    """An edit the method or the document does not allow; the message is for the user."""


class ContractSealed(EditRefused):
    """The contract is signed: targets change only through an amendment."""


class EditService:
    def __init__(self, document: Document):
        self.document = document

    @contextmanager
    def _edit(self):
        try:
            with self.document.transaction() as session:
                yield FirmRepository(session), ContractRepository(session), session
        except ContractLocked as exc:
            raise ContractSealed(str(exc)) from exc
        except (RuleError, ValueError, NotFound) as exc:
            raise EditRefused(str(exc)) from exc

    def _contract_of(self, contracts: ContractRepository, line_id: int) -> int:
        return contracts._line(line_id).contract_id

    # contract lines ---------------------------------------------------------------------
    def edit_line(self, line_id: int, field: str, value):
        with self._edit() as (_firm, contracts, _s):
            old = contracts.edit_line(line_id, field, value)
            return old, Changes(contract=self._contract_of(contracts, line_id))

    def add_line(self, contract_id: int, indicator: str, *, sort: int | None = None, **fields):
        with self._edit() as (firm, contracts, _s):
            if "category" not in fields:
                fields["category"] = next(
                    i.category for i in firm.indicators() if i.code == indicator
                )
            deduction = fields["category"] == "deduction"
            fields.setdefault("weight", 0)
            fields.setdefault("rule", new_line_rule(deduction))
            line_id = contracts.add_line(contract_id, indicator, sort=sort, **fields)
            return line_id, Changes(contract=contract_id)

    def remove_line(self, line_id: int):
        """Remove a line of a draft or agreed contract with its actuals and events; the result
        is what ``restore_line`` needs to put all of it back."""
        with self._edit() as (_firm, contracts, _s):
            snapshot = contracts.remove_line(line_id)
            return snapshot, Changes(contract=snapshot["contract_id"])

    def restore_line(self, snapshot: dict):
        """Undo of ``remove_line`` (and redo of ``add_line``): the line as it was, with its id."""
        with self._edit() as (_firm, contracts, _s):
            line_id = contracts.restore_line(snapshot)
            return line_id, Changes(contract=snapshot["contract_id"])

    def amend(
        self,
        line_id: int,
        field: str,
        value,
        *,
        reason: str,
        approved_by: str,
        effective_from: str | None = None,
    ):
        """Amend a signed line's target from ``effective_from`` (a period code; None: from the
        first period). Earlier periods keep scoring with the targets they had."""
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
            return old, Changes(contract=self._contract_of(contracts, line_id))

    def round_weights(self, contract_id: int):
        """§6: the scored lines' weights to multiples of 5 summing to 100 (a sum within the
        tolerance of ``core.weights.round_weights`` is normalised first), in one transaction.
        Returns the old weights by line id, for undo with ``set_weights``."""
        with self._edit() as (_firm, contracts, _s):
            contract = contracts.contract(contract_id)
            if contract.status not in ("draft", "agreed"):
                raise EditRefused(
                    _(
                        "Weights of a {status} contract change only through an amendment; "
                        "rounding is for contracts being drafted."
                    ).format(status=_(contract.status))
                )
            scored = [line for line in contract.lines if not line.deduction]
            if not scored:
                raise EditRefused(_("This contract has no scored lines to round."))
            try:
                rounded = round_weights([line.weight for line in scored])
            except RuleError as exc:
                raise EditRefused(
                    _("The weights cannot be rounded: {reason}").format(reason=exc)
                ) from exc
            if all(line.weight == new for line, new in zip(scored, rounded)):
                raise EditRefused(_("The weights are already multiples of 5 summing to 100."))
            old = {}
            for line, new in zip(scored, rounded):
                if line.weight != new:
                    old[line.id] = contracts.edit_line(line.id, "weight", new)
            return old, Changes(contract=contract_id)

    def set_weights(self, weights: dict[int, float]):
        """Several lines' weights in one transaction (undo of ``round_weights``); returns the
        weights they had."""
        with self._edit() as (_firm, contracts, _s):
            old = {
                line_id: contracts.edit_line(line_id, "weight", weight)
                for line_id, weight in weights.items()
            }
            contract_id = self._contract_of(contracts, next(iter(weights))) if weights else None
            return old, Changes(contract=contract_id)

    # contracts -----------------------------------------------------------------------------
    def set_status(
        self, contract_id: int, status: str, on: date | None = None, *, reason: str = ""
    ):
        with self._edit() as (_firm, contracts, _s):
            old = contracts._contract(contract_id).status
            contracts.set_status(contract_id, status, on=on, reason=reason)
            return old, Changes(organisation=True, contract=contract_id)

    def set_parties(
        self,
        contract_id: int,
        contractee: int | None,
        issuer1: int | None,
        issuer2: int | None = None,
    ):
        """Choose the parties (employee ids) of a draft or agreed contract; returns the old
        ``(contractee, issuer1, issuer2)`` for undo."""
        with self._edit() as (_firm, contracts, _s):
            old = contracts.set_parties(contract_id, contractee, issuer1, issuer2)
            return old, Changes(organisation=True, contract=contract_id)

    def sign(
        self,
        contract_id: int,
        contractee: int | None,
        issuer1: int | None,
        issuer2: int | None,
        on: date,
        note: str = "",
    ):
        """Set the parties and sign, in one transaction: the parties are part of the signed
        content hash. Refused (nothing written) without a contractee and issuer 1 or with a §6
        weight error. ``note`` (the warnings the signer saw) is recorded with the signature."""
        with self._edit() as (_firm, contracts, _s):
            old = contracts.set_parties(contract_id, contractee, issuer1, issuer2)
            contracts.set_status(contract_id, "signed", on=on, reason=note)
            return old, Changes(organisation=True, contract=contract_id, actuals=contract_id)

    def close(self, contract_id: int):
        """The year's results become final: no more actuals, amendments or edits."""
        return self.set_status(contract_id, "closed")

    def reopen(self, contract_id: int, reason: str):
        """A closed contract becomes signed again; the reason is recorded."""
        return self.set_status(contract_id, "signed", reason=reason)

    def new_contract(self, position_id: int, year: int, source: str | int = "empty"):
        """A draft for the position: ``empty``, from its ``previous`` contract (next year's
        draft), or copied from another contract (its id)."""
        with self._edit() as (_firm, contracts, _s):
            if contracts.contract_for(position_id, year) is not None:
                raise ValueError(
                    _("this position already has a contract for {year}").format(year=year)
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
                    raise ValueError(
                        _("this position has no contract before {year} to start from").format(
                            year=year
                        )
                    )
                contract_id = contracts.copy_contract(from_id, position_id, year)
            return contract_id, Changes(organisation=True, contract=contract_id)

    def delete_draft(self, contract_id: int):
        with self._edit() as (_firm, contracts, _s):
            contracts.delete_draft(contract_id)
            return None, Changes(organisation=True, contract=contract_id)

    # actuals ----------------------------------------------------------------------------------
    def record_actual(self, line_id: int, period: str, value):
        with self._edit() as (_firm, contracts, _s):
            line = contracts._line(line_id)
            refused = actual_lock(line.contract.status, is_deduction(line.rule))
            if refused:  # a closed contract's actuals are final; deductions are events
                raise EditRefused(refused)
            contract_id = self._contract_of(contracts, line_id)
            old = contracts.actuals(contract_id, period).get(line_id)
            if value is None:
                contracts.clear_actual(line_id, period)
            else:
                contracts.record_actual(line_id, period, value, entered_by=self.document.actor)
            return old, Changes(actuals=contract_id)

    def add_deduction_event(
        self, line_id: int, period: str, occurred_on: date, count: int = 1, note: str = ""
    ):
        with self._edit() as (_firm, contracts, _s):
            event_id = contracts.add_deduction_event(line_id, period, occurred_on, count, note)
            return event_id, Changes(actuals=self._contract_of(contracts, line_id))

    def remove_deduction_event(self, event_id: int):
        with self._edit() as (_firm, contracts, _s):
            snapshot = contracts.remove_deduction_event(event_id)
            return snapshot, Changes(actuals=self._contract_of(contracts, snapshot["line_id"]))

    # organisation and value tree -----------------------------------------------------------
    def move_unit(self, unit_id: int, parent_id: int | None):
        with self._edit() as (firm, _c, _s):
            return firm.move_unit(unit_id, parent_id), Changes(organisation=True)

    def move_position(self, position_id: int, unit_id: int):
        with self._edit() as (firm, _c, _s):
            return firm.move_position(position_id, unit_id), Changes(organisation=True)

    def set_tree_owner(self, node_id: int, position_id: int | None):
        with self._edit() as (firm, _c, _s):
            return firm.set_tree_owner(node_id, position_id), Changes(value_tree=True)
