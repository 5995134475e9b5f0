"""The life of a contract (METHOD.md §8): draft → agreed → signed → closed, what each status
lets change, what blocks signing, and the sentence a user reads when something is locked."""

from __future__ import annotations

from datetime import date

from kpidesk.i18n import _

from .model import Person
from .weights import WeightLine, check_weights

STATUSES = ("draft", "agreed", "signed", "closed")
# The life of a contract: draft → agreed → signed → closed; an agreed contract may go back to
# draft, and a closed one may be reopened (back to signed) — with a reason, because its results
# were final.
_NEXT = {
    "draft": {"agreed"},
    "agreed": {"draft", "signed"},
    "signed": {"closed"},
    "closed": {"signed"},
}
_NEEDS_REASON = {("closed", "signed")}


def can_transition(old: str, new: str) -> bool:
    """draft → agreed → signed → closed; an agreed contract may go back to draft; a closed one
    may be reopened (``needs_reason``)."""
    return new in _NEXT.get(old, set())


def needs_reason(old: str, new: str) -> bool:
    """Reopening a closed contract undoes final results: it needs a recorded reason."""
    return (old, new) in _NEEDS_REASON


def is_locked(status: str) -> bool:
    """A signed or closed contract changes only through recorded amendments."""
    return status in ("signed", "closed")


def accepts_actuals(status: str) -> bool:
    """Actuals are entered for every contract but a closed one, whose results are final. A
    draft's actuals are provisional (``core.locks.is_provisional``): a department head trying a
    draft on last months' data sees what it would score."""
    return status in ("draft", "agreed", "signed")


def parties_editable(status: str) -> bool:
    """Parties are part of the signed content: they are chosen before signing."""
    return status in ("draft", "agreed")


def why_locked(status: str, part: str = "actuals") -> str | None:
    """Why ``part`` (``actuals``, ``lines`` or ``parties``) of a contract in ``status`` cannot be
    changed now, as a sentence for the user; None when it can."""
    if part == "actuals":
        if accepts_actuals(status):
            return None
        return _(
            "The contract is closed: the year's results are final. "
            "Reopen it (with a reason) to change an actual."
        )
    if part == "parties":
        if parties_editable(status):
            return None
        return _("The contract is {status}: its parties were fixed when it was signed.").format(
            status=_(status)
        )
    if status == "closed":
        return _(
            "The contract is closed: the year's results are final. "
            "Reopen it (with a reason) to amend it."
        )
    if status == "signed":
        return _(
            "The contract is signed: its targets change only through a recorded amendment."
        )
    return None


def status_meaning(status: str) -> str:
    """What a status means for the user: what can still change."""
    return {
        "draft": _("Draft: lines, weights, targets and parties can be edited freely."),
        "agreed": _(
            "Agreed: the parties agree on the content; it can still be edited, or go back to draft."
        ),
        "signed": _(
            "Signed: the content is sealed; targets change only through recorded amendments; "
            "actuals are entered every period."
        ),
        "closed": _(
            "Closed: the year's results are final; no actuals, amendments or edits are accepted."
        ),
    }[status]


def transition_consequence(old: str, new: str) -> str:
    """What moving a contract from ``old`` to ``new`` does, for a confirmation."""
    if (old, new) == ("agreed", "signed"):
        return _(
            "Signing seals the contract: afterwards its parties, weights and targets change only "
            "through recorded amendments."
        )
    if (old, new) == ("signed", "closed"):
        return _(
            "Closing makes the year's results final: no more actuals, amendments or edits are "
            "accepted for this contract. You can undo it at once (Ctrl+Z), or reopen it later "
            "with a reason."
        )
    if (old, new) == ("closed", "signed"):
        return _(
            "Reopening makes the contract signed again: actuals and amendments are accepted "
            "until it is closed again. The reason is recorded in the audit trail."
        )
    return status_meaning(new)


def signing_blockers(contract) -> list[str]:
    """What keeps ``contract`` (a ``model.Contract``) from being signed, as sentences for the
    user: a contractee and issuer 1 are required, no person may sign twice, and the §6 weight
    rules must raise no error (scored weights sum to 100)."""
    blockers = []
    if not contract.contractee:
        blockers.append(_("No contractee is chosen."))
    if not contract.issuer1:
        blockers.append(_("No issuer 1 is chosen."))
    names = (contract.contractee, contract.issuer1, contract.issuer2)
    # Compare people by id where known: two employees may share a name.
    people = [
        person.id if person is not None else name
        for person, name in zip(contract.parties, names)
        if name
    ]
    if len(set(people)) < len(people):
        blockers.append(_("Contractee and issuers must be different people."))
    findings = check_weights(
        [WeightLine(l.indicator, l.category, l.weight, l.deduction) for l in contract.lines]
    )
    blockers += [f.message() for f in findings if f.severity == "error"]
    return blockers


def default_signing_date(today: date, valid_from: date, valid_to: date) -> date:
    """Today, unless the contract's validity is already over (a contract of a past year being
    recorded): then the validity's first day, the usual day of signing, for the user to
    correct."""
    return valid_from if today > valid_to else today


def signing_date_warning(day: date, valid_from: date, valid_to: date, today: date) -> str | None:
    """A signing date outside the contract's validity, or in the future, is allowed (a contract
    is often signed before its year starts) but deserves a second look."""
    if day > today:
        return _("The signing date {day} is in the future.").format(day=day.isoformat())
    if not valid_from <= day <= valid_to:
        return _(
            "The signing date {day} lies outside the contract's validity {start} – {end}."
        ).format(day=day.isoformat(), start=valid_from.isoformat(), end=valid_to.isoformat())
    return None


def signing_warnings(contract, superior: Person | None = None) -> list[str]:
    """What deserves a second look before ``contract`` (its ``parties`` as held on the signing
    date) is signed, without blocking it — a newly hired contractee may not be assigned yet:
    a contractee who does not hold the contract's position, and an issuer 1 who is not
    ``superior``, the holder of the position it reports to (None: the data do not say, §8)."""
    warnings = []
    contractee, issuer1, _issuer2 = contract.parties
    if contractee is not None and contractee.position_id != contract.position_id:
        if contractee.position_id is None:
            warnings.append(
                _(
                    "On the signing date the contractee {name} holds no position, not this "
                    "contract's {position} ({unit})."
                ).format(name=contractee.name, unit=contract.unit, position=contract.position)
            )
        else:
            warnings.append(
                _(
                    "On the signing date the contractee {name} holds {held} ({held_unit}), not "
                    "this contract's {position} ({unit})."
                ).format(
                    name=contractee.name,
                    held_unit=contractee.unit,
                    held=contractee.position,
                    unit=contract.unit,
                    position=contract.position,
                )
            )
    if issuer1 is not None and superior is not None and issuer1.id != superior.id:
        warnings.append(
            _(
                "Issuer 1 is usually the direct superior: on the signing date that is {superior} "
                "({position}, {unit}), not {name}."
            ).format(
                superior=superior.name,
                unit=superior.unit,
                position=superior.position,
                name=issuer1.name,
            )
        )
    return warnings
