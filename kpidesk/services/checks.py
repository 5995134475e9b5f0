"""``kpidesk check``: storage integrity plus the method's domain checks on every contract."""

from __future__ import annotations

from dataclasses import dataclass, field

from kpidesk.core.amendments import stale_note_numbers
from kpidesk.core.contracts import content_hash
from kpidesk.core.errors import RuleError
from kpidesk.core.lifecycle import LIFECYCLE, is_locked
from kpidesk.core.problems import Problem, as_problem, joined, term
from kpidesk.core.rule_kinds.base import kind_word
from kpidesk.core.rules import (
    TARGET_LEVELS,
    has_direction,
    levels_unused,
    line_rule,
    rule_direction,
    states_direction,
    targets_direction,
    validate_rule,
)
from kpidesk.core.weights import WeightLine, check_weights
from kpidesk.i18n import N_
from kpidesk.storage import audit_chain
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import Document
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.integrity import integrity_problems
from kpidesk.storage.tamper import Tampered, tampered_rows, unsealed_contracts
from kpidesk.core.locks import period_words


@dataclass(frozen=True, init=False)
class CheckFinding:
    """One finding of ``kpidesk check``: where and what, as Problems put into words when shown
    (``where`` and ``message`` render in the language in force when read; ``text(lang)``)."""

    severity: str  # error / warning
    place: Problem
    problem: Problem
    # The file was changed behind kpidesk's back (a seal, the audit trail, rows the log does
    # not account for): the window's banner says so in those words.
    outside: bool

    def __init__(
        self,
        severity: str,
        place: str | Problem,
        problem: str | Problem,
        *,
        outside: bool = False,
    ) -> None:
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "place", as_problem(place))
        object.__setattr__(self, "problem", as_problem(problem))
        object.__setattr__(self, "outside", outside)

    @property
    def where(self) -> str:
        return self.place.text()

    @property
    def message(self) -> str:
        return self.problem.text()

    def text(self, lang: str | None = None) -> tuple[str, str]:
        """(where, message) in ``lang`` (default: the language in force now)."""
        return self.place.text(lang), self.problem.text(lang)


@dataclass
class CheckReport:
    findings: list[CheckFinding] = field(default_factory=list)

    @property
    def errors(self) -> list[CheckFinding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def outside(self) -> list[CheckFinding]:
        """The errors that say the file was changed behind kpidesk's back."""
        return [f for f in self.errors if f.outside]


def _line_where(where: Problem, number: int, kpi: str) -> Problem:
    return Problem(
        N_("{where} line {number} {kpi}"), None, {"where": where, "number": number, "kpi": kpi}
    )


def _contract_where(contract) -> Problem:
    return Problem(
        N_("contract {id} ({unit} {position})"),
        None,
        {"id": contract.id, "unit": contract.unit, "position": contract.position},
    )


def _target_order(line) -> Problem | None:
    """Targets must read minimum → base → challenge in the indicator's better direction."""
    values = (line.minimum, line.base, line.challenge)
    if None in values:
        return None
    lo, mid, hi = values
    if not ((lo < mid < hi) or (lo > mid > hi)):
        return Problem(
            N_(
                "targets minimum {lo:g} / base {mid:g} / challenge {hi:g} are not in order "
                "(each level must be harder than the one before)"
            ),
            None,
            {"lo": lo, "mid": mid, "hi": hi},
        )
    return None


def _parties_missing(contract) -> Problem | None:
    """The parties a signed or closed contract lacks, named for the user (None if none)."""
    if not is_locked(contract.status):
        return None
    missing = [
        label
        for label, name in (
            (term(N_("contractee")), contract.contractee),
            (term(N_("issuer 1")), contract.issuer1),
        )
        if not name
    ]
    if len(missing) == 2:
        return Problem(
            N_("{first} and {second}"), None, {"first": missing[0], "second": missing[1]}
        )
    return missing[0] if missing else None


def _check_storage(session, report: CheckReport) -> bool:
    """The database's integrity and the audit log's hash chain; False when the database is
    too broken to read contracts from."""
    for problem in integrity_problems(session):
        report.findings.append(CheckFinding("error", term(N_("database")), problem))
    if report.findings:  # contracts cannot be read reliably from a broken database
        return False
    broken = audit_chain.verify(session)
    if broken is not None:
        report.findings.append(
            CheckFinding(
                "error",
                Problem(N_("audit log row {id}"), None, {"id": broken.row_id}),
                Problem(
                    N_("the audit trail is broken here: this row was written outside kpidesk")
                    if broken.unsealed
                    else N_(
                        "the audit trail is broken here: this row, or one before it, was changed or deleted outside kpidesk"
                    )
                ),
                outside=True,
            )
        )
    return True


def _check_seal(repo: ContractRepository, contract, where: Problem, report: CheckReport) -> None:
    """A sealed contract whose hash was cleared, or whose content differs from what was signed."""
    if LIFECYCLE.is_sealed(contract.status) and not contract.content_hash:
        # Signing always stores the hash: a sealed contract without one had it cleared
        # behind kpidesk's back, and nothing it holds can be vouched for any more.
        report.findings.append(
            CheckFinding(
                "error",
                where,
                Problem(
                    N_(
                        "{status}, but its seal (the content hash taken at signing) is missing: it was removed outside kpidesk"
                    ),
                    None,
                    {"status": term(contract.status)},
                ),
                outside=True,
            )
        )
    if contract.content_hash:
        signed = repo.contract(contract.id, as_signed=True)
        if content_hash(signed.signed_content()) != contract.content_hash:
            report.findings.append(
                CheckFinding(
                    "error",
                    where,
                    Problem(
                        N_(
                            "content differs from what was signed "
                            "(an edit bypassed the amendment record)"
                        )
                    ),
                    outside=True,
                )
            )


# Above this many contracts, opening a document does not compare every sealed contract with its
# signing hash (about 20 ms a contract): File › Check document… and ``kpidesk check`` do.
SEALS_AT_OPENING = 300


def opening_check(document: Document) -> CheckReport:
    """What opening a document checks, on a thread of its own once the window shows
    (``ui.files.check_dialog``): everything ``check_document``
    finds when the firm is small; for a larger firm the grouped checks only — the database,
    the audit trail, actuals, events and official results against the log, cleared seals —
    so that opening 5,000 contracts does not wait minutes for a full check."""
    with document.reading() as session:
        count = len(ContractRepository(session).contract_ids())
    if count <= SEALS_AT_OPENING:
        return check_document(document)
    return _guarded(document, _grouped_checks)


def _grouped_checks(document: Document) -> CheckReport:
    report = CheckReport()
    with document.reading() as session:
        if not _check_storage(session, report):
            return report
        repo = ContractRepository(session)
        for contract_id in unsealed_contracts(session):
            contract = repo.contract(contract_id)
            _check_seal(repo, contract, _contract_where(contract), report)
        _check_tampering(session, repo, report)
    return report


def check_document(document: Document, lang: str = "en") -> CheckReport:
    """Every finding, not yet in words: they are put into the language in force where they are
    shown (``lang`` is kept for callers; the findings no longer depend on it)."""
    return _guarded(document, _all_checks)


def _guarded(document: Document, checks) -> CheckReport:
    """Stored values of the wrong type first (``services.stored_values``), all of them; then
    ``checks``. A contract holding such a value cannot be read into the method: when the checks
    stop on one, the report says so after naming them. With none stored, an error stays the
    bug it is."""
    from .stored_values import stored_value_findings  # it builds its findings on CheckFinding

    found = stored_value_findings(document)
    try:
        report = checks(document)
    except Exception:  # where such a value stops a read (even the driver's: bytes that are no text)
        if not found:
            raise
        stopped = CheckFinding(
            "error",
            term(N_("database")),
            N_("the contracts were not checked further: correct the values above first"),
        )
        report = CheckReport([stopped])
    report.findings[:0] = found
    return report


def _all_checks(document: Document) -> CheckReport:
    report = CheckReport()
    with document.reading() as session:
        if not _check_storage(session, report):
            return report
        repo = ContractRepository(session)
        policy = FirmRepository(session).policy()
        weight_rules = policy.weight_rules  # the firm's §6 rules of thumb
        for contract_id in repo.contract_ids():
            contract = repo.contract(contract_id)
            where = _contract_where(contract)
            missing = _parties_missing(contract)
            if missing:
                report.findings.append(
                    CheckFinding(
                        "error",
                        where,
                        Problem(
                            N_("{status} without {parties}: a contract is signed by both parties"),
                            None,
                            {"status": term(contract.status), "parties": missing},
                        ),
                    )
                )
            _check_seal(repo, contract, where, report)
            lines = []
            for number, line in enumerate(contract.lines, start=1):
                line_where = _line_where(where, number, line.indicator)
                try:
                    validate_rule(line.rule, line.weight)
                except RuleError as exc:
                    report.findings.append(
                        CheckFinding(
                            "error",
                            line_where,
                            Problem(N_("scoring rule: {error}"), None, {"error": exc.problem}),
                        )
                    )
                order = _target_order(line)
                if order:
                    report.findings.append(CheckFinding("error", line_where, order))
                lines.append(WeightLine(line.indicator, line.category, line.weight, line.deduction))
            for finding in check_weights(lines, weight_rules):
                line_where = (
                    where
                    if finding.line is None
                    else _line_where(
                        where, finding.line + 1, contract.lines[finding.line].indicator
                    )
                )
                report.findings.append(
                    CheckFinding(
                        finding.severity,
                        line_where,
                        Problem(finding.template, None, dict(finding.params)),
                    )
                )
        _check_line_terms(repo, report)
        _check_line_targets(repo, report)
        _check_amendments_flex(repo, policy.target_flex, report)
        _check_tampering(session, repo, report)
    return report


# What a row of each table is called, and its sentences: changed (with the field), added,
# deleted. {period} is the period in words, {old} what the audit log says, {new} what is stored.
_TAMPER_WORDS = {
    "actuals": {
        "changed": N_(
            "the actual for {period} was changed outside kpidesk: it should be {old}, it is {new}"
        ),
        "added": N_("an actual for {period} ({new}) was added outside kpidesk"),
        "deleted": N_("the actual for {period} ({old}) was deleted outside kpidesk"),
    },
    "deduction_events": {
        "changed": N_(
            "a deduction event of {period} was changed outside kpidesk: its {field} should be "
            "{old}, it is {new}"
        ),
        "added": N_("a deduction event of {period} ({new}) was added outside kpidesk"),
        "deleted": N_("a deduction event of {period} ({old}) was deleted outside kpidesk"),
    },
    "official_results": {
        "changed": N_(
            "the official results of {period} were changed outside kpidesk: their {field} "
            "differs from what was made official"
        ),
        "added": N_("official results of {period} were added outside kpidesk"),
        "deleted": N_("the official results of {period} were deleted outside kpidesk"),
    },
    "result_corrections": {
        "changed": N_(
            "a correction of the official results of {period} was changed outside kpidesk "
            "(its {field})"
        ),
        "added": N_("a correction of the official results of {period} was added outside kpidesk"),
        "deleted": N_(
            "a correction of the official results of {period} was deleted outside kpidesk"
        ),
    },
}
_TAMPER_FIELDS = {
    "value": N_("value"),
    "value_text": N_("value"),
    "line_id": N_("line"),
    "period_id": N_("period"),
    "occurred_on": N_("date"),
    "count": N_("count"),
    "note": N_("note"),
    "snapshot": N_("results"),
    "warnings": N_("warnings"),
    "reviewer": N_("reviewer"),
    "made_by": N_("made by"),
    "made_at": N_("time"),
    "meeting_id": N_("meeting"),
}


def _check_tampering(session, repo: ContractRepository, report: CheckReport) -> None:
    """Actuals, deduction events and official results changed, added or deleted behind
    kpidesk's back: the audit log (its chain verified above) says what each row must hold."""
    wheres: dict[int, Problem] = {}
    for row in tampered_rows(session):
        if row.contract_id is not None and row.contract_id not in wheres:
            wheres[row.contract_id] = _contract_where(repo.contract(row.contract_id))
        report.findings.append(
            CheckFinding("error", _tamper_where(row, wheres), _tamper_what(row), outside=True)
        )


def _tamper_where(row: Tampered, wheres: dict[int, Problem]) -> Problem:
    if row.contract_id is not None and row.line_number is not None:
        return _line_where(wheres[row.contract_id], row.line_number, row.kpi or "")
    if row.table in ("official_results", "result_corrections"):
        return term(N_("official results"))
    return Problem(N_("row {id} of the actuals or deduction events"), None, {"id": row.row_id})


def _tamper_what(row: Tampered) -> Problem:
    period: object = period_words(row.period) if row.period else "—"
    field = term(_TAMPER_FIELDS.get(row.field or "", row.field or ""))
    if row.table == "actuals" and row.kind == "changed" and row.field in ("line_id", "period_id"):
        template = N_("the actual for {period} was moved to another {field} outside kpidesk")
    else:
        template = _TAMPER_WORDS[row.table][row.kind]
    return Problem(
        template,
        None,
        {"period": period, "field": field, "old": _value(row.old), "new": _value(row.new)},
    )


def _value(value) -> str:
    """A value as the user typed it: a number without a trailing .0, a level as its word."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, dict)):
        return "…"
    return str(value)


def _check_amendments_flex(repo: ContractRepository, flex: float, report: CheckReport) -> None:
    """§8: an amendment that moved a target beyond the firm's flex band was approved, but
    deserves a second look (the amendment dialog said so when it was made)."""
    for contract_id in repo.contract_ids():
        contract = repo.contract(contract_id)
        where = _contract_where(contract)
        numbers = {line.id: number for number, line in enumerate(contract.lines, start=1)}
        lines = {line.id: line for line in contract.lines}
        for line_id, amendments in repo.amendments(contract_id).items():
            for amendment in amendments:
                if amendment.field not in TARGET_LEVELS or line_id not in lines:
                    continue
                beyond = LIFECYCLE.beyond_flex_problem(amendment.old, amendment.new, flex)
                if beyond is None:
                    continue
                report.findings.append(
                    CheckFinding(
                        "warning",
                        _line_where(where, numbers[line_id], lines[line_id].indicator),
                        Problem(
                            N_("{level} amended from {old} to {new}: {beyond}"),
                            None,
                            {
                                "level": _level_name(amendment.field),
                                "old": _shown(amendment.old),
                                "new": _shown(amendment.new),
                                "beyond": beyond,
                            },
                        ),
                    )
                )


_LEVEL_NAMES = {
    "minimum": N_("Minimum target"),
    "base": N_("Base target"),
    "challenge": N_("Challenge target"),
}


def _level_name(level: str) -> Problem:
    return term(_LEVEL_NAMES[level])


def _check_line_targets(repo: ContractRepository, report: CheckReport) -> None:
    """A rule scoring with a target the line does not show (an edit behind kpidesk's back), and
    a target note still quoting a level an amendment replaced."""
    shown = lambda value: "—" if value is None else f"{value:g}"
    for contract_id, number, kpi, level, line_value, rule_value in repo.target_disagreements():
        contract = repo.contract(contract_id)
        where = _contract_where(contract)
        report.findings.append(
            CheckFinding(
                "error",
                _line_where(where, number, kpi),
                Problem(
                    N_(
                        "the scoring rule stored for this line says {level} {rule} but the line "
                        "shows {line} (scores use the line's targets; an edit bypassed kpidesk)"
                    ),
                    None,
                    {
                        "level": _level_name(level),
                        "rule": shown(rule_value),
                        "line": shown(line_value),
                    },
                ),
            )
        )
    for contract_id in repo.contract_ids():
        amendments = repo.amendments(contract_id)
        contract = repo.contract(contract_id)
        where = _contract_where(contract)
        for number, line in enumerate(contract.lines, start=1):
            replaced = [a.old for a in amendments.get(line.id, ()) if a.field in TARGET_LEVELS]
            stale = stale_note_numbers(
                line.target_note, (line.minimum, line.base, line.challenge), replaced
            )
            if stale:
                report.findings.append(
                    CheckFinding(
                        "warning",
                        _line_where(where, number, line.indicator),
                        Problem(
                            N_(
                                "the target note '{note}' still quotes {old}, a target an "
                                "amendment replaced"
                            ),
                            None,
                            {"note": line.target_note, "old": ", ".join(f"{n:g}" for n in stale)},
                        ),
                    )
                )


def direction_name(direction: str | None) -> Problem:
    return term(N_("lower is better") if direction == "lower" else N_("higher is better"))


def _check_line_terms(repo: ContractRepository, report: CheckReport) -> None:
    """A rule whose better direction contradicts the line's targets or its KPI, and target
    levels the line shows that its rule kind never scores with (shown ≠ scored)."""
    wheres: dict[int, Problem] = {}
    for contract_id, number, kpi, kpi_direction, rule, levels in repo.stored_lines():
        if not isinstance(rule, dict):
            continue
        if contract_id not in wheres:
            contract = repo.contract(contract_id)
            wheres[contract_id] = _contract_where(contract)
        where = _line_where(wheres[contract_id], number, kpi)
        kind = rule.get("kind")
        shown = targets_direction(*levels)
        stated = rule_direction(rule)
        if states_direction(rule) and shown is not None and stated != shown:
            report.findings.append(
                CheckFinding(
                    "error",
                    where,
                    Problem(
                        N_(
                            "the scoring rule says {rule} but the line's targets (minimum "
                            "{minimum}, base {base}, challenge {challenge}) say {targets}"
                        ),
                        None,
                        {
                            "rule": direction_name(stated),
                            "targets": direction_name(shown),
                            "minimum": _shown(levels[0]),
                            "base": _shown(levels[1]),
                            "challenge": _shown(levels[2]),
                        },
                    ),
                )
            )
        scored = rule_direction(line_rule(rule, *levels)) if has_direction(rule) else None
        if scored is not None and kpi_direction in ("higher", "lower") and scored != kpi_direction:
            report.findings.append(
                CheckFinding(
                    "warning",
                    where,
                    Problem(
                        N_("the line scores {line} but the KPI dictionary says {kpi}"),
                        None,
                        {"line": direction_name(scored), "kpi": direction_name(kpi_direction)},
                    ),
                )
            )
        unused = levels_unused(kind, *levels)
        if unused:
            report.findings.append(
                CheckFinding(
                    "warning",
                    where,
                    Problem(
                        N_("{levels} shown on the line but not used by the {kind} rule"),
                        None,
                        {
                            "levels": joined(
                                _pair(
                                    _level_name(level), _shown(levels[TARGET_LEVELS.index(level)])
                                )
                                for level in unused
                            ),
                            "kind": kind_word(kind),
                        },
                    ),
                )
            )


def _pair(name: Problem, value: str) -> Problem:
    """ "Base target 80": a name and its value, the name put into words when shown."""
    return Problem(_PAIR, None, {"name": name, "value": value})


_PAIR = "{name} {value}"  # punctuation only: not a catalogue message


def _shown(value) -> str:
    return "—" if value is None else f"{value:g}"
