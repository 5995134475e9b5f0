"""Contract scoring (METHOD.md §7), status transitions and the content hash taken at signing (§8)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .errors import RuleError
from .model import Contract, ContractLine
from .periods import Period
from .rules import line_rule, score_line
from .weights import WeightLine, check_weights
from kpidesk.i18n import _

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


def _canonical(value: Any) -> Any:
    # 25 and 25.0 are the same weight; a database may hand either back.
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return str(value)


def content_hash(document: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a contract's agreed content; stored at signing so any
    later silent edit shows. Numbers are canonicalised to floats."""
    text = json.dumps(
        _canonical(document), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LineInput:
    rule: dict
    weight: float
    actual: Any = None  # None: not yet reported
    key: Any = None


@dataclass(frozen=True)
class LinePoints:
    key: Any
    weight: float
    points: float | None


@dataclass(frozen=True)
class ContractScore:
    lines: tuple[LinePoints, ...]
    deduction_points: float
    vetoed: bool
    total: float
    complete: bool  # every scored line had an actual


def score_contract(
    lines: Sequence[LineInput], deductions: Sequence[tuple[dict, int]] = ()
) -> ContractScore:
    """§7 contract total = Σ line points − deductions, floor 0, on 100 points; a deduction item
    whose ``veto_at`` is reached zeroes the total. Lines without an actual score nothing and
    mark the result incomplete."""
    points = []
    for line in lines:
        value = None if line.actual is None else score_line(line.rule, line.actual, line.weight)
        points.append(LinePoints(line.key, line.weight, value))
    deducted, vetoed = 0.0, False
    for rule, events in deductions:
        if rule.get("kind") != "deduction":
            raise RuleError(
                _("a deduction event needs a deduction rule, not {value1!r}").format(
                    value1=rule.get("kind")
                ),
                "kind",
            )
        deducted -= score_line(rule, events, 0)
        veto = rule.get("veto_at")
        vetoed = vetoed or (veto is not None and events >= veto)
    earned = sum(p.points for p in points if p.points is not None)
    total = 0.0 if vetoed else max(0.0, earned - deducted)
    complete = all(p.points is not None for p in points)
    return ContractScore(tuple(points), deducted, vetoed, total, complete)


def combine_periods(
    scores_by_kind: Mapping[str, float | Sequence[float]], shares: Mapping[str, float]
) -> float:
    """§7 period aggregation, e.g. monthly 40 % + annual 60 %: Σ share × score of each kind,
    where a kind with several scores (twelve months) counts by their mean."""
    if abs(sum(shares.values()) - 1.0) > 1e-9:
        raise RuleError(
            _("period shares sum to {value1:g}, not 1").format(value1=sum(shares.values())),
            "shares",
        )
    total = 0.0
    for kind, share in shares.items():
        if kind not in scores_by_kind:
            raise RuleError(_("no score for the '{kind}' period kind").format(kind=kind), kind)
        value = scores_by_kind[kind]
        if isinstance(value, Sequence):
            if not value:
                raise RuleError(_("no score for the '{kind}' period kind").format(kind=kind), kind)
            value = sum(value) / len(value)
        total += share * value
    return total


# Months in one period of each kind; a line's ``cycle`` is one of these kinds.
_SPAN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def is_due(cycle: str, period: Period) -> bool:
    """Whether a line reported every ``cycle`` has an actual due in ``period``: in every
    period that ends where one of its cycles ends. A monthly line is due every month and in
    every quarter, half and year; a quarterly line in Mar/Jun/Sep/Dec and the quarter, half and
    year codes; a half-yearly line in Jun/Dec, the halves and the year; an annual line in
    December and the year. An unknown cycle counts as monthly."""
    return period.months[1] % _SPAN.get(cycle, 1) == 0


def missing_lines(
    lines: Sequence[ContractLine], period: Period | str, actuals: Mapping[Any, object]
) -> tuple[ContractLine, ...]:
    """The scored (non-deduction) lines due in ``period`` that have no actual: while any
    remain, the period's total is provisional and no appraisal coefficient is given."""
    if isinstance(period, str):
        period = Period.parse(period)
    return tuple(
        line
        for line in lines
        if not line.deduction and is_due(line.cycle, period) and actuals.get(line.id) is None
    )


@dataclass(frozen=True)
class PeriodTotal:
    """What a period's own actuals give: the total, and whether every due line had one."""

    total: float
    has_actuals: bool
    complete: bool


@dataclass(frozen=True)
class YearResult:
    """§7 period aggregation of one contract's year.

    ``parts`` is the score of each kind of the shares (None where nothing can stand for it);
    ``estimated`` the kinds whose score is not final (a period missing, or one standing in
    from its months); ``built_from`` the complete months the result uses; ``incomplete`` the
    months with some actuals but not all due ones; ``empty`` the months with none."""

    year: int
    shares: dict[str, float]
    parts: dict[str, float | None]
    estimated: tuple[str, ...]
    built_from: tuple[str, ...]
    incomplete: tuple[str, ...]
    empty: tuple[str, ...]
    total: float | None

    @property
    def complete(self) -> bool:
        return self.total is not None and not self.estimated


def _period_score(
    period: Period, totals: Mapping[str, PeriodTotal]
) -> tuple[float | None, bool]:
    """A period's score for the aggregation and whether it is final. Its own actuals when they
    are complete; otherwise (a quarter, half or year without its own complete actuals) the mean
    of the complete months it covers: final when all of them are, an estimate when only some."""
    own = totals.get(period.code)
    if own is not None and own.has_actuals and own.complete:
        return own.total, True
    if period.kind == "month":
        return None, False
    first, last = period.months
    months = [totals.get(f"{period.year}-{m:02d}") for m in range(first, last + 1)]
    done = [m.total for m in months if m is not None and m.has_actuals and m.complete]
    if not done:
        return None, False
    return sum(done) / len(done), len(done) == len(months)


def aggregate_year(
    year: int, totals: Mapping[str, PeriodTotal], shares: Mapping[str, float]
) -> YearResult:
    """§7: the year's result is Σ share × score of each period kind (e.g. monthly 40 % +
    annual 60 %), a kind with several periods counting by the mean of those that have a score
    (see ``_period_score``). Incomplete months are left out, never counted as a dip; while any
    period is missing or stands in from months the result is provisional (``estimated``)."""
    parts: dict[str, float | None] = {}
    estimated: list[str] = []
    for kind in shares:
        if kind not in _SPAN:
            raise RuleError(_("'{kind}' is not a period kind").format(kind=kind), kind)
        scores = [
            _period_score(Period(year, kind, index), totals)
            for index in range(1, 12 // _SPAN[kind] + 1)
        ]
        known = [value for value, _final in scores if value is not None]
        parts[kind] = sum(known) / len(known) if known else None
        if not all(final for _value, final in scores):
            estimated.append(kind)
    total = (
        None
        if any(value is None for value in parts.values())
        else combine_periods({k: v for k, v in parts.items() if v is not None}, shares)
    )
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    state = {m: totals.get(m) for m in months}
    return YearResult(
        year,
        dict(shares),
        parts,
        tuple(estimated),
        tuple(m for m in months if state[m] and state[m].has_actuals and state[m].complete),
        tuple(m for m in months if state[m] and state[m].has_actuals and not state[m].complete),
        tuple(m for m in months if not (state[m] and state[m].has_actuals)),
        total,
    )


@dataclass(frozen=True)
class Amendment:
    """One recorded change of a line's target or rule; ``effective_from`` is the period code
    from which the new value governs (None: from the first period)."""

    field: str
    old: Any
    new: Any
    effective_from: str | None = None
    reason: str = ""
    approved_by: str = ""
    at: Any = None


def amendment_applies(effective_from: str | None, period: str) -> bool:
    """Whether an amendment governs ``period``: every period that ends on or after the start
    of the effective period does (so an amendment from July governs July, Q3, H2 and the year,
    while January to June, Q1, Q2 and H1 keep the targets they were scored with)."""
    if effective_from is None:
        return True
    return Period.parse(period).end >= Period.parse(effective_from).start


def line_as_of(line: ContractLine, amendments: Sequence[Amendment], period: str) -> ContractLine:
    """The line as it stood for ``period``: its current values with every amendment that takes
    effect after the period rolled back (newest first), the rule composed from the levels."""
    values = {f: getattr(line, f) for f in ("minimum", "base", "challenge", "target_note")}
    values["rule"] = line.rule
    changed = False
    for amendment in reversed(amendments):
        if amendment.field in values and not amendment_applies(amendment.effective_from, period):
            values[amendment.field] = amendment.old
            changed = True
    if not changed:
        return line
    rule = line_rule(values.pop("rule"), values["minimum"], values["base"], values["challenge"])
    return replace(line, rule=rule, **values)


def contract_as_of(
    contract: Contract, amendments: Mapping[int, Sequence[Amendment]], period: str
) -> Contract:
    """The contract with each line as it stood for ``period`` (see ``line_as_of``)."""
    if not any(amendments.get(line.id) for line in contract.lines):
        return contract
    lines = tuple(line_as_of(l, amendments.get(l.id, ()), period) for l in contract.lines)
    return replace(contract, lines=lines)


def months_governed(amendments: Sequence[Amendment], year: int) -> list[list[int]]:
    """The months of ``year`` each value of one field governed: index 0 is the value before the
    first amendment, index i the new value of amendment i (amendments in the order made; a
    later amendment overrides an earlier one from its own effective period on)."""
    starts = []
    for a in amendments:
        if a.effective_from is None:
            starts.append(1)
            continue
        period = Period.parse(a.effective_from)
        starts.append(1 if period.year < year else 13 if period.year > year else period.months[0])
    governed: list[list[int]] = [[] for _ in range(len(amendments) + 1)]
    for month in range(1, 13):
        version = max((i + 1 for i, s in enumerate(starts) if s <= month), default=0)
        governed[version].append(month)
    return governed


_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?(?![\d.])")


def note_numbers(note: str) -> list[float]:
    """The numbers a target note quotes ("22.73（力争23.2）" → 22.73, 23.2)."""
    return [float(n) for n in _NUMBER.findall(note or "")]


def note_following(note: str, old, new) -> str | None:
    """The target note after a target moved from ``old`` to ``new``: each quoted ``old`` becomes
    ``new`` ("22.73（力争23.2）", 23.2 → 24 gives "22.73（力争24）"); None when the note does not
    quote ``old`` (nothing to follow)."""
    if not note or not all(isinstance(v, (int, float)) for v in (old, new)):
        return None
    found = False

    def swap(match: re.Match) -> str:
        nonlocal found
        if math.isclose(float(match.group()), old, rel_tol=1e-12, abs_tol=1e-12):
            found = True
            return f"{new:g}"
        return match.group()

    text = _NUMBER.sub(swap, note)
    return text if found else None


def stale_note_numbers(note: str, levels: Sequence, replaced: Sequence) -> list[float]:
    """Numbers a target note quotes that were target levels once (``replaced``: the old values
    of amendments) and are none of the line's ``levels`` now: the note is stale."""
    same = lambda a, b: math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    numbers = lambda values: [v for v in values if isinstance(v, (int, float))]
    return [
        n
        for n in note_numbers(note)
        if any(same(n, r) for r in numbers(replaced))
        and not any(same(n, v) for v in numbers(levels))
    ]
