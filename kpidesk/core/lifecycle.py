"""The life of a contract (METHOD.md §8): draft → agreed → signed → closed, what each status
lets change, what blocks signing, and the sentence a user reads when something is locked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from datetime import date
from enum import StrEnum

from kpidesk.i18n import N_, _

from .model import Person
from .problems import InputError, Problem, term
from .weights import WeightLine, check_weights

STATUSES = ("draft", "agreed", "signed", "closed")


class FieldEdit(StrEnum):
    """How a contract line's field may change in a status: freely (``free``), only through a
    recorded amendment (``amend``), or not at all (``locked``)."""

    FREE = "free"
    AMEND = "amend"
    LOCKED = "locked"


# A signed line's targets and rule move only through an amendment, within the flex band (§8);
# these are the fields an amendment may change.
AMENDABLE_FIELDS = ("minimum", "base", "challenge", "target_note", "rule")
# The stored columns of a line the signature covers: changing one on a signed line needs an
# amendment of that very field in the same transaction (``storage.audit`` enforces it).
SEALED_COLUMNS = ("weight", "category", "indicator_id", *AMENDABLE_FIELDS)


@dataclass(frozen=True)
class StatusRules:
    """What a contract in one status allows (METHOD.md §8)."""

    status: str
    next: frozenset[str]  # the statuses it may move to
    lines: FieldEdit  # every line field but the amendable ones: edited freely or locked
    targets: FieldEdit  # AMENDABLE_FIELDS: free, amend (signed) or locked (closed)
    actuals: bool  # actuals and deduction events are accepted
    provisional: bool  # its actuals are scored but not final
    parties: bool  # contractee, issuers and the signing date may be chosen
    sealed: bool  # its content is covered by the signing hash
    collects_actuals: bool  # the firm asks for its actuals each period (templates)


# fmt: off  (a table: one status a row)
_RULES = {
    rules.status: rules
    for rules in (
        StatusRules(
            "draft",
            frozenset({"agreed"}),
            FieldEdit.FREE,
            FieldEdit.FREE,
            actuals=True,
            provisional=True,
            parties=True,
            sealed=False,
            collects_actuals=False,
        ),
        StatusRules(
            "agreed",
            frozenset({"draft", "signed"}),
            FieldEdit.FREE,
            FieldEdit.FREE,
            actuals=True,
            provisional=False,
            parties=True,
            sealed=False,
            collects_actuals=True,
        ),
        StatusRules(
            "signed",
            frozenset({"closed"}),
            FieldEdit.LOCKED,
            FieldEdit.AMEND,
            actuals=True,
            provisional=False,
            parties=False,
            sealed=True,
            collects_actuals=True,
        ),
        # A closed contract may be reopened (back to signed) — with a reason, because its
        # results were final.
        StatusRules(
            "closed",
            frozenset({"signed"}),
            FieldEdit.LOCKED,
            FieldEdit.LOCKED,
            actuals=False,
            provisional=False,
            parties=False,
            sealed=True,
            collects_actuals=False,
        ),
    )
}
# fmt: on
_NEEDS_REASON = {("closed", "signed")}


class Lifecycle:
    """The one answer to "what may happen to a contract in this status": its transitions, how
    each line field may change (free, amend, locked) and the sentence a user reads when it
    cannot. Every layer asks ``LIFECYCLE`` (the grid, the editor's buttons, the services, the
    seal in storage, imports, printing) instead of comparing status strings."""

    statuses = STATUSES
    amendable_fields = AMENDABLE_FIELDS
    sealed_columns = SEALED_COLUMNS

    def rules(self, status: str) -> StatusRules:
        try:
            return _RULES[status]
        except KeyError:
            raise InputError(N_("unknown status '{status}'"), status=status) from None

    def is_status(self, status: str) -> bool:
        return status in _RULES

    # transitions -----------------------------------------------------------------------------
    def transitions(self, status: str) -> frozenset[str]:
        return self.rules(status).next if status in _RULES else frozenset()

    def can_transition(self, old: str, new: str) -> bool:
        return new in self.transitions(old)

    def needs_reason(self, old: str, new: str) -> bool:
        return (old, new) in _NEEDS_REASON

    def is_signing(self, old: str, new: str) -> bool:
        """The move that seals the contract: the signing hash is taken, parties are fixed."""
        return not self.is_sealed(old) and self.is_sealed(new)

    def path_to(self, status: str) -> list[str]:
        """The steps a new (draft) contract takes forward to ``status`` (an import recreating a
        contract as it was recorded); ``ValueError`` for an unknown status."""
        self.rules(status)
        path, at = [], "draft"
        while at != status:
            at = next(s for s in STATUSES[STATUSES.index(at) + 1 :] if self.can_transition(at, s))
            path.append(at)
        return path

    # fields ----------------------------------------------------------------------------------
    def field_edit(self, status: str, field: str) -> FieldEdit:
        """How ``field`` of a line (a ``LINE_FIELDS`` name or a stored column) may change."""
        rules = self.rules(status)
        return rules.targets if field in AMENDABLE_FIELDS else rules.lines

    def is_amendment(self, status: str, field: str) -> bool:
        """An edit of ``field`` in ``status`` is recorded as an amendment (reason, approver)."""
        return self.field_edit(status, field) is FieldEdit.AMEND

    def lines_editable(self, status: str) -> bool:
        """Lines may be added, removed and reweighted (rounding) freely."""
        return self.rules(status).lines is FieldEdit.FREE

    def is_sealed(self, status: str) -> bool:
        return self.rules(status).sealed

    def accepts_actuals(self, status: str) -> bool:
        return self.rules(status).actuals

    def refusing_actuals(self) -> tuple[str, ...]:
        """The statuses whose contracts take no actuals (closed), for checks over many rows."""
        return tuple(s for s in STATUSES if not self.accepts_actuals(s))

    def is_provisional(self, status: str) -> bool:
        return self.rules(status).provisional

    def parties_editable(self, status: str) -> bool:
        return self.rules(status).parties

    def collects_actuals(self, status: str) -> bool:
        return self.rules(status).collects_actuals

    def deletable(self, status: str) -> bool:
        """Only a draft is deleted outright; anything agreed is history."""
        return status == STATUSES[0]

    # sentences -------------------------------------------------------------------------------
    def why_locked(self, status: str, part: str = "actuals") -> Problem | None:
        """Why ``part`` (``actuals``, ``parties``, ``lines`` or a line field) of a contract in
        ``status`` cannot be changed freely now, as a sentence for the user: a ``Problem``, put
        into words where it is shown (a refusal raised in English reads in Chinese after the
        switch); None when it can."""
        rules = self.rules(status)
        if part == "actuals":
            if rules.actuals:
                return None
            return Problem(N_(
                "The contract is closed: the year's results are final. "
                "Reopen it (with a reason) to change an actual."
            ), part)
        if part == "parties":
            if rules.parties:
                return None
            return Problem(
                N_("The contract is {status}: its parties were fixed when it was signed."),
                "parties",
                {"status": term(status)},
            )
        edit = rules.targets if part == "lines" else self.field_edit(status, part)
        if edit is FieldEdit.FREE:
            return None
        if not rules.actuals:  # closed: nothing moves, not even by amendment
            return Problem(N_(
                "The contract is closed: the year's results are final. "
                "Reopen it (with a reason) to amend it."
            ), part)
        if edit is FieldEdit.AMEND or part == "lines":
            return Problem(N_(
                "The contract is signed: its targets change only through a recorded amendment."
            ), part)
        return Problem(N_(
            "The contract is signed: its lines are sealed. Targets and rules change through an "
            "amendment (double-click the target or the rule); anything else needs next year's "
            "contract."
        ), part)

    # the flex band (§8) ------------------------------------------------------------------------
    def flex_change(self, old: Any, new: Any) -> float | None:
        """How far an amendment moves a numeric target, as a share of the old one (0.2: 20 %);
        None when the value is not a number or the old one is zero (no share to speak of)."""
        try:
            return abs(float(new) - float(old)) / abs(float(old))
        except (TypeError, ValueError, ZeroDivisionError):
            return None

    def beyond_flex(self, old: object, new: object, flex: float) -> str | None:
        """§8: after signing, targets may move within the firm's flex band (10–15 %). A move
        beyond it is allowed with approval but said, as this sentence; None when within."""
        beyond = self.beyond_flex_problem(old, new, flex)
        return None if beyond is None else beyond.text()

    def beyond_flex_problem(self, old: object, new: object, flex: float) -> Problem | None:
        """``beyond_flex`` not yet in words (a check finding shown later)."""
        change = self.flex_change(old, new)
        if change is None or change <= flex:
            return None
        return Problem(
            N_("This moves the target by {change}%, beyond the {flex}% flex band."),
            None,
            {"change": f"{change * 100:.0f}", "flex": f"{flex * 100:.0f}"},
        )


LIFECYCLE = Lifecycle()


def can_transition(old: str, new: str) -> bool:
    """draft → agreed → signed → closed; an agreed contract may go back to draft; a closed one
    may be reopened (``needs_reason``)."""
    return LIFECYCLE.can_transition(old, new)


def needs_reason(old: str, new: str) -> bool:
    """Reopening a closed contract undoes final results: it needs a recorded reason."""
    return LIFECYCLE.needs_reason(old, new)


def is_locked(status: str) -> bool:
    """A signed or closed contract changes only through recorded amendments."""
    return LIFECYCLE.is_sealed(status)


def why_locked(status: str, part: str = "actuals") -> Problem | None:
    """Why ``part`` (``actuals``, ``lines`` or ``parties``) of a contract in ``status`` cannot be
    changed now, as a sentence for the user; None when it can."""
    return LIFECYCLE.why_locked(status, part)


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


def signing_blockers(contract: Any) -> list[str]:
    """What keeps ``contract`` (a ``model.Contract``) from being signed, as sentences for the
    user, in words now (the signing dialog shows them as it opens)."""
    return [blocker.text() for blocker in signing_blocker_problems(contract)]


def signing_blocker_problems(contract: Any) -> list[Problem]:
    """What keeps ``contract`` from being signed, put into words where shown: a contractee and
    issuer 1 are required, no person may sign twice, and the §6 weight rules must raise no
    error (scored weights sum to 100)."""
    blockers: list[Problem] = []
    if not contract.contractee:
        blockers.append(Problem(N_("No contractee is chosen."), "contractee"))
    if not contract.issuer1:
        blockers.append(Problem(N_("No issuer 1 is chosen."), "issuer1"))
    names = (contract.contractee, contract.issuer1, contract.issuer2)
    # Compare people by id where known: two employees may share a name.
    people = [
        person.id if person is not None else name
        for person, name in zip(contract.parties, names)
        if name
    ]
    if len(set(people)) < len(people):
        blockers.append(Problem(N_("Contractee and issuers must be different people.")))
    findings = check_weights(
        [WeightLine(l.indicator, l.category, l.weight, l.deduction) for l in contract.lines]
    )
    blockers += [
        Problem(f.template, None, dict(f.params)) for f in findings if f.severity == "error"
    ]
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


def signing_warnings(contract: Any, superior: Person | None = None) -> list[str]:
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
