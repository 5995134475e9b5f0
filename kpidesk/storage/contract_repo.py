"""Contracts, their lines, amendments, actuals and deduction events: records ↔ core objects.

A signed contract's lines are sealed (see ``audit``): targets change only through ``amend``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import inspect, select, true
from sqlalchemy.orm import Session, joinedload, selectinload

from kpidesk.core.amendments import Amendment, contract_as_of, note_following
from kpidesk.core.contracts import content_hash
from kpidesk.core.entry import check_actual
from kpidesk.core.rule_kinds import is_deduction
from kpidesk.core.lifecycle import (
    LIFECYCLE,
    FieldEdit,
    can_transition,
    is_locked,
    needs_reason,
    signing_blocker_problems,
    why_locked,
)
from kpidesk.core.model import LINE_FIELDS, Contract, ContractLine, Person
from kpidesk.core.rules import (
    TARGET_LEVELS,
    line_rule,
    rule_targets,
    rule_with_target,
    target_disagreements,
    validate_rule,
)
from kpidesk.core.problems import InputError, joined, term
from kpidesk.i18n import N_

from . import audit, line_rows
from .audit import AuditRecord, ContractLocked, default_actor
from .firm_repo import NotFound, _insert, _one
from .records import (
    ActualRecord,
    AmendmentRecord,
    AssignmentRecord,
    ContractLineRecord,
    ContractRecord,
    DeductionEventRecord,
    EmployeeRecord,
    IndicatorRecord,
    PeriodRecord,
    PositionRecord,
    UnitRecord,
    YearRecord,
)
from .stored_values import readable_actual, reads_stored_values, refuse_unreadable_line

EDITABLE = LINE_FIELDS


# More events of one deduction item in one go is a typing slip, not a month (99999 for 9).
MAX_EVENTS = 999


class ContractRepository:
    def __init__(self, session: Session):
        self.session = session

    # writing ------------------------------------------------------------------------------
    def add_contract(
        self,
        position: str,
        year: int,
        *,
        contractee: str | None,
        issuer1: str | None,
        issuer2: str | None = None,
        valid_from: date | None = None,
        valid_to: date | None = None,
    ) -> int:
        employee = lambda code: _one(self.session, EmployeeRecord, code=code).id if code else None
        record = ContractRecord(
            position_id=_one(self.session, PositionRecord, code=position).id,
            year_id=_one(self.session, YearRecord, year=year).id,
            contractee_id=employee(contractee),
            issuer1_id=employee(issuer1),
            issuer2_id=employee(issuer2),
            status="draft",
            valid_from=valid_from or date(year, 1, 1),
            valid_to=valid_to or date(year, 12, 31),
        )
        return _insert(self.session, record)

    def add_line(
        self,
        contract_id: int,
        indicator: str,
        *,
        category: str,
        weight: float,
        rule: dict,
        unit: str = "",
        minimum=None,
        base=None,
        challenge=None,
        target_note: str = "",
        data_source: str = "",
        cycle: str = "month",
        sort: int | None = None,
    ) -> int:
        # The line's targets are the one home of the levels: a rule's own copies fill only the
        # levels left empty, and the stored rule is composed from them.
        levels = {"minimum": minimum, "base": base, "challenge": challenge}
        for level, value in rule_targets(rule).items():
            if levels[level] is None:
                levels[level] = value
        minimum, base, challenge = levels["minimum"], levels["base"], levels["challenge"]
        rule = line_rule(rule, minimum, base, challenge)
        validate_rule(rule, weight)
        record = self._contract(contract_id)
        line = ContractLineRecord(
            indicator_id=_one(self.session, IndicatorRecord, code=indicator).id,
            category=category,
            weight=weight,
            rule=rule,
            unit=unit,
            minimum=minimum,
            base=base,
            challenge=challenge,
            target_note=target_note,
            data_source=data_source,
            cycle=cycle,
        )
        record.lines.insert(len(record.lines) if sort is None else sort, line)
        for i, each in enumerate(record.lines):
            each.sort = i
        self.session.flush()
        return line.id

    def edit_line(self, line_id: int, field: str, value):
        """Change one field of a draft or agreed contract's line; return the old value. Targets
        keep the rule in step; the rule must still fit the weight. Signed lines are sealed."""
        if field not in EDITABLE:
            raise InputError(N_("'{field}' is not an editable line field"), field=field)
        line = self._line(line_id)
        if field == "indicator":
            old = line.indicator.code
            line.indicator = _one(self.session, IndicatorRecord, code=value)
            return old
        old = getattr(line, field)
        rule = value if field == "rule" else rule_with_target(line.rule, field, value)
        if field in TARGET_LEVELS:  # the rule's direction follows the levels the line will show
            rule = line_rule(rule, **{l: getattr(line, l) for l in TARGET_LEVELS} | {field: value})
        validate_rule(rule, value if field == "weight" else line.weight)
        setattr(line, field, value)
        if rule != line.rule:
            line.rule = rule
        if field == "rule":  # the rule's levels become the line's shown targets
            for level, target in rule_targets(rule).items():
                if getattr(line, level) != target:
                    setattr(line, level, target)
        return old

    def remove_line(self, line_id: int) -> dict:
        """Delete a draft or agreed contract's line and every row that hangs off it (actuals,
        deduction events, amendments); return all of it, for ``restore_line`` to put back as
        it was. A signed or closed contract's lines change only through an amendment."""
        line = self._line(line_id)
        contract = line.contract
        if is_locked(contract.status):
            raise ContractLocked(
                N_(
                    "Line {indicator} cannot be removed: the contract is {status}, and a signed "
                    "contract's lines change only through an amendment."
                ),
                indicator=line.indicator.name,
                status=term(contract.status),
            )
        rows = line_rows.dependents(self.session, line_id)
        snapshot = {
            "id": line.id,
            "contract_id": contract.id,
            "indicator": line.indicator.code,
            "sort": contract.lines.index(line),
            **{f: getattr(line, f) for f in EDITABLE if f != "indicator"},
            "rows": {
                table: [line_rows.values(record) for record in records]
                for table, records in rows.items()
            },
        }
        # Deleted one by one (not left to the database's cascade) so that each is audited.
        for records in rows.values():
            for record in records:
                self.session.delete(record)
        contract.lines.remove(line)
        self.session.delete(line)
        self.session.flush()
        return snapshot

    def restore_line(self, snapshot: dict) -> int:
        """Put a removed line back exactly: its content, its place among the lines and every
        row that went with it (each actual with its value, who entered it, when, from which
        import). It keeps its id, and so do the rows, so that audit entries, amendments and
        earlier undo steps that name them still find them; an id taken meanwhile by a line of
        another path (an import) gives way to a new one. Not re-validated: this is what was
        there, not a new edit."""
        contract = self._contract(snapshot["contract_id"])
        free = lambda record, key: key if self.session.get(record, key) is None else None
        line = ContractLineRecord(
            id=free(ContractLineRecord, snapshot["id"]),
            indicator_id=_one(self.session, IndicatorRecord, code=snapshot["indicator"]).id,
            **{f: snapshot[f] for f in EDITABLE if f != "indicator"},
        )
        audit.restoring(self.session, line)
        contract.lines.insert(min(snapshot["sort"], len(contract.lines)), line)
        for i, each in enumerate(contract.lines):
            each.sort = i
        self.session.flush()
        records = {
            record.__tablename__: (record, attribute)
            for record, attribute in line_rows.dependent_records()
        }
        for table, entries in snapshot["rows"].items():
            record, attribute = records[table]
            (key,) = inspect(record).primary_key
            for entry in entries:
                entry = {**entry, attribute: line.id, key.key: free(record, entry[key.key])}
                self.session.add(record(**entry))
        self.session.flush()
        return line.id

    def _line(self, line_id: int) -> ContractLineRecord:
        line = self.session.get(ContractLineRecord, line_id)
        if line is None:
            raise NotFound(N_("no contract line {line_id}"), line_id=line_id)
        return line

    def copy_contract(self, source_id: int, position_id: int, year: int) -> int:
        """A new draft for ``position_id`` and ``year`` with the source contract's lines."""
        source = self._contract(source_id)
        position = self.session.get(PositionRecord, position_id)
        year_record = _one(self.session, YearRecord, year=year)
        record = ContractRecord(
            position_id=position.id,
            year_id=year_record.id,
            status="draft",
            contractee_id=None,
            issuer1_id=None,
            valid_from=date(year, 1, 1),
            valid_to=date(year, 12, 31),
        )
        if source.position_id == position_id:
            record.contractee_id, record.issuer1_id = source.contractee_id, source.issuer1_id
            record.issuer2_id = source.issuer2_id
        self.session.add(record)
        for i, line in enumerate(source.lines):
            record.lines.append(
                ContractLineRecord(
                    indicator_id=line.indicator_id,
                    category=line.category,
                    weight=line.weight,
                    rule=dict(line.rule),
                    unit=line.unit,
                    minimum=line.minimum,
                    base=line.base,
                    challenge=line.challenge,
                    target_note=line.target_note,
                    data_source=line.data_source,
                    cycle=line.cycle,
                    sort=i,
                )
            )
        self.session.flush()
        return record.id

    def new_contract(self, position_id: int, year: int) -> int:
        position = self.session.get(PositionRecord, position_id)
        return self.add_contract(position.code, year, contractee=None, issuer1=None)

    def latest_contract_before(self, position_id: int, year: int) -> int | None:
        return self.session.scalar(
            select(ContractRecord.id)
            .join(YearRecord)
            .where(ContractRecord.position_id == position_id, YearRecord.year < year)
            .order_by(YearRecord.year.desc())
            .limit(1)
        )

    def set_status(
        self,
        contract_id: int,
        status: str,
        *,
        on: date | None = None,
        reason: str = "",
        as_recorded: bool = False,
    ) -> None:
        """Move the contract along its life (``core.lifecycle``). Signing needs a contractee,
        issuer 1 and weights without §6 errors; reopening a closed contract needs a reason,
        recorded in the audit trail. ``as_recorded``: the contract was signed elsewhere and
        arrives with its signature (an import, which then compares the content hash); it is
        taken as it was signed, and ``kpidesk check`` reports what it lacks."""
        record = self._contract(contract_id)
        old = record.status
        if not can_transition(old, status):
            raise InputError(
                N_("a {status} contract cannot become {status1}"),
                status=term(old),
                status1=term(status),
            )
        if needs_reason(old, status) and not reason.strip():
            raise InputError(
                N_("a {status} contract becomes {status1} only with a reason"),
                status=term(old),
                status1=term(status),
            )
        if LIFECYCLE.is_signing(old, status):
            self.session.flush()  # parties set in this transaction are part of what is signed
            contract = self.contract(contract_id)
            blockers = [] if as_recorded else signing_blocker_problems(contract)
            if blockers:
                raise InputError(
                    N_("contract {id} cannot be signed: {problems}"),
                    id=contract_id,
                    problems=joined(blockers, " "),
                )
            record.signed_on = on or date.today()
            record.content_hash = content_hash(contract.signed_content())
        record.status = status
        if reason.strip():
            self.session.add(
                AuditRecord(
                    at=datetime.now().replace(microsecond=0),
                    who=self.session.info.get("actor") or default_actor(),
                    action="reason",
                    entity=ContractRecord.__tablename__,
                    entity_id=contract_id,
                    field="status",
                    old=old,
                    new=reason.strip(),
                )
            )

    def _refuse_if_closed(self, line_id: int) -> None:
        """A closed contract's results are final: its actuals and deduction events stay."""
        status = self._line(line_id).contract.status
        if not LIFECYCLE.accepts_actuals(status):
            raise InputError(why_locked(status, "actuals"))

    def status_reasons(self, contract_id: int) -> list[tuple[datetime, str, str, str]]:
        """(when, who, from status, reason) of every status change made with a reason."""
        return [
            (row.at, row.who, row.old, row.new)
            for row in self.session.scalars(
                select(AuditRecord)
                .where(
                    AuditRecord.entity == ContractRecord.__tablename__,
                    AuditRecord.entity_id == contract_id,
                    AuditRecord.action == "reason",
                )
                .order_by(AuditRecord.id)
            )
        ]

    def set_parties(
        self,
        contract_id: int,
        contractee_id: int | None,
        issuer1_id: int | None,
        issuer2_id: int | None = None,
    ) -> tuple[int | None, int | None, int | None]:
        """Choose the contractee and issuers (employee ids) of a draft or agreed contract;
        return the old ones. A signed contract's parties are sealed with it."""
        record = self._contract(contract_id)
        refusal = why_locked(record.status, "parties")
        if refusal:
            raise InputError(refusal)
        for employee_id in (contractee_id, issuer1_id, issuer2_id):
            if employee_id is not None and self.session.get(EmployeeRecord, employee_id) is None:
                raise NotFound(N_("no person {id} in the firm"), id=employee_id)
        old = (record.contractee_id, record.issuer1_id, record.issuer2_id)
        record.contractee_id, record.issuer1_id, record.issuer2_id = (
            contractee_id,
            issuer1_id,
            issuer2_id,
        )
        return old

    def party_ids(self, contract_id: int) -> tuple[int | None, int | None, int | None]:
        record = self._contract(contract_id)
        return (record.contractee_id, record.issuer1_id, record.issuer2_id)

    @reads_stored_values
    def people(self, on: date, ids: tuple[int, ...] | None = None) -> list[Person]:
        """Everyone in the firm (or the employees ``ids``), each with the position (and its
        unit) held on ``on``; people without a position on that day come last. People who left
        the firm (archived) are not offered as parties; asked for by id (a contract's own
        parties) they are."""
        held: dict[int, tuple[str, str, int]] = {}
        only = (lambda column: column.in_(ids)) if ids is not None else (lambda column: true())
        for employee_id, position_id, position, unit in self.session.execute(
            select(
                AssignmentRecord.employee_id,
                PositionRecord.id,
                PositionRecord.name,
                UnitRecord.name,
            )
            .join(PositionRecord, AssignmentRecord.position_id == PositionRecord.id)
            .join(UnitRecord, PositionRecord.unit_id == UnitRecord.id)
            .where(
                only(AssignmentRecord.employee_id),
                AssignmentRecord.start <= on,
                (AssignmentRecord.end.is_(None)) | (AssignmentRecord.end >= on),
            )
            .order_by(AssignmentRecord.start)
        ):
            held[employee_id] = (position, unit, position_id)  # the latest assignment wins
        people = []
        for employee_id, code, name in self.session.execute(
            select(EmployeeRecord.id, EmployeeRecord.code, EmployeeRecord.name)
            .where(only(EmployeeRecord.id))
            .where(EmployeeRecord.archived.is_(False) if ids is None else true())
            .order_by(EmployeeRecord.id)
        ):
            position, unit, position_id = held.get(employee_id, ("", "", None))
            people.append(Person(employee_id, code, name, position, unit, position_id))
        return sorted(people, key=lambda p: p.position_id is None)

    def default_parties(self, contract_id: int, on: date) -> tuple[int | None, int | None]:
        """The usual contractee and issuer 1 on ``on``: the holder of the contract's position,
        and the holder of the position it reports to (None where the data do not say)."""
        position = self._contract(contract_id).position
        holder = lambda position_id: self.session.scalar(
            select(AssignmentRecord.employee_id)
            .where(
                AssignmentRecord.position_id == position_id,
                AssignmentRecord.start <= on,
                (AssignmentRecord.end.is_(None)) | (AssignmentRecord.end >= on),
            )
            .order_by(AssignmentRecord.start.desc())
            .limit(1)
        )
        superior = holder(position.reports_to_id) if position.reports_to_id else None
        return holder(position.id), superior

    def amend(
        self,
        line_id: int,
        field: str,
        new,
        *,
        reason: str,
        approved_by: str,
        effective_from: str | None = None,
    ) -> None:
        """Change a target of a signed contract's line, recording old, new, reason, approver and
        the period from which the new value governs (None: from the first period). The rule and
        the line's shown targets move together; a target note quoting the old level follows."""
        if field not in LIFECYCLE.amendable_fields:
            raise InputError(
                N_("'{field}' is not a target field ({value1})"),
                field=field,
                value1=", ".join(LIFECYCLE.amendable_fields),
            )
        if not reason.strip() or not approved_by.strip():
            raise InputError(N_("an amendment needs a reason and an approver"))
        line = self.session.get(ContractLineRecord, line_id)
        if line is None:
            raise NotFound(N_("no contract line {line_id}"), line_id=line_id)
        status = line.contract.status
        if LIFECYCLE.field_edit(status, field) is FieldEdit.LOCKED:  # closed: results are final
            raise InputError(why_locked(status, "lines"))
        if effective_from is not None:
            _one(self.session, PeriodRecord, code=effective_from)
        rule = new if field == "rule" else rule_with_target(line.rule, field, new)
        if field in TARGET_LEVELS:  # the rule's direction follows the levels the line will show
            rule = line_rule(rule, **{l: getattr(line, l) for l in TARGET_LEVELS} | {field: new})
        validate_rule(rule, line.weight)
        changes = {field: new}
        if field == "rule":
            changes.update(rule_targets(rule))
        elif rule != line.rule:
            changes["rule"] = rule
        if field in ("minimum", "base", "challenge"):
            note = note_following(line.target_note, getattr(line, field), new)
            if note is not None:
                changes["target_note"] = note
        at = datetime.now().replace(microsecond=0)
        for name, value in changes.items():
            if name != field and getattr(line, name) == value:
                continue
            self.session.add(
                AmendmentRecord(
                    line_id=line_id,
                    field=name,
                    old=getattr(line, name),
                    new=value,
                    reason=reason,
                    approved_by=approved_by,
                    at=at,
                    effective_from=effective_from,
                )
            )
            setattr(line, name, value)

    def record_actual(
        self, line_id: int, period: str, value, *, source: str = "", entered_by: str = ""
    ) -> None:
        self._refuse_if_closed(line_id)
        check_actual(self._line(line_id).rule, value)  # no infinity, text or dict on a number
        period_id, record = self._period_and_actual(line_id, period)
        if record is None:
            record = ActualRecord(line_id=line_id, period_id=period_id)
            self.session.add(record)
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        record.value = float(value) if numeric else None
        record.value_text = None if numeric else value
        record.source, record.entered_by = source, entered_by
        record.entered_at = datetime.now().replace(microsecond=0)

    def add_deduction_event(
        self, line_id: int, period: str, occurred_on: date, count: int = 1, note: str = ""
    ) -> int:
        self._refuse_if_closed(line_id)
        line = self._line(line_id)
        if not is_deduction(line.rule):
            raise InputError(
                N_("line {line_id} is not a deduction item: it takes no events"), line_id=line_id
            )
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_EVENTS:
            raise InputError(
                N_("{value!r} events: a count is a whole number from 1 to {high}"),
                value=count,
                high=MAX_EVENTS,
            )
        contract = line.contract
        if not contract.valid_from <= occurred_on <= contract.valid_to:
            raise InputError(
                N_("an event on {date} lies outside the contract's validity ({start} – {end})"),
                date=occurred_on,
                start=contract.valid_from,
                end=contract.valid_to,
            )
        record = DeductionEventRecord(
            line_id=line_id,
            period_id=_one(self.session, PeriodRecord, code=period).id,
            occurred_on=occurred_on,
            count=count,
            note=note,
        )
        return _insert(self.session, record)

    def remove_deduction_event(self, event_id: int) -> dict:
        record = self.session.get(DeductionEventRecord, event_id)
        if record is None:
            raise NotFound(N_("no deduction event {id}"), id=event_id)
        self._refuse_if_closed(record.line_id)
        period = self.session.get(PeriodRecord, record.period_id).code
        snapshot = {
            "line_id": record.line_id,
            "period": period,
            "occurred_on": record.occurred_on,
            "count": record.count,
            "note": record.note,
        }
        self.session.delete(record)
        return snapshot

    def clear_actual(self, line_id: int, period: str) -> None:
        self._refuse_if_closed(line_id)
        _period_id, record = self._period_and_actual(line_id, period)
        if record is not None:
            self.session.delete(record)

    def _period_and_actual(self, line_id: int, period: str) -> tuple[int, ActualRecord | None]:
        """The period's id and the line's actual for it (None: none yet), in one statement."""
        row = self.session.execute(
            select(PeriodRecord.id, ActualRecord)
            .outerjoin(
                ActualRecord,
                (ActualRecord.period_id == PeriodRecord.id) & (ActualRecord.line_id == line_id),
            )
            .where(PeriodRecord.code == period)
        ).first()
        if row is None:
            _one(self.session, PeriodRecord, code=period)  # raises NotFound naming the period
        return row[0], row[1]

    def delete_draft(self, contract_id: int) -> None:
        record = self._contract(contract_id)
        if not LIFECYCLE.deletable(record.status):
            raise InputError(
                N_("only a draft contract can be deleted, not a {status} one"),
                status=term(record.status),
            )
        self.session.delete(record)

    @reads_stored_values
    def deduction_events(
        self, contract_id: int, period: str
    ) -> list[tuple[int, int, date, int, str]]:
        """(event id, line id, date, count, note) for the period."""
        return [
            tuple(row)
            for row in self.session.execute(
                select(
                    DeductionEventRecord.id,
                    DeductionEventRecord.line_id,
                    DeductionEventRecord.occurred_on,
                    DeductionEventRecord.count,
                    DeductionEventRecord.note,
                )
                .join(ContractLineRecord)
                .join(PeriodRecord)
                .where(ContractLineRecord.contract_id == contract_id, PeriodRecord.code == period)
                .order_by(DeductionEventRecord.occurred_on)
            )
        ]

    # reading ------------------------------------------------------------------------------
    def _contract(self, contract_id: int) -> ContractRecord:
        record = self.session.get(ContractRecord, contract_id)
        if record is None:
            raise NotFound(N_("no contract {contract_id}"), contract_id=contract_id)
        return record

    @reads_stored_values
    def contract(self, contract_id: int, *, as_signed: bool = False) -> Contract:
        """The contract as it stands, or (``as_signed``) with every amendment rolled back."""
        record = self.session.scalars(
            select(ContractRecord)
            .where(ContractRecord.id == contract_id)
            .options(
                # Two statements: the contract with its position and unit, then its lines with
                # their indicators (it is read after every edit).
                selectinload(ContractRecord.lines).joinedload(ContractLineRecord.indicator),
                joinedload(ContractRecord.position).joinedload(PositionRecord.unit),
            )
        ).first()
        if record is None:
            raise NotFound(N_("no contract {contract_id}"), contract_id=contract_id)
        originals: dict[tuple[int, str], object] | None = {} if as_signed else None
        if as_signed:
            for amendment in self.session.scalars(
                select(AmendmentRecord)
                .join(ContractLineRecord)
                .where(ContractLineRecord.contract_id == contract_id)
                .order_by(AmendmentRecord.id.desc())
            ):
                originals[(amendment.line_id, amendment.field)] = amendment.old
        name = lambda employee_id: (
            self.session.get(EmployeeRecord, employee_id).name if employee_id else None
        )
        lines = tuple(_core_line(line, originals) for line in record.lines)
        year = self.session.get(YearRecord, record.year_id).year
        ids = (record.contractee_id, record.issuer1_id, record.issuer2_id)
        people = (
            {
                p.id: p
                for p in self.people(
                    record.signed_on or record.valid_from, tuple(i for i in ids if i)
                )
            }
            if any(ids)
            else {}
        )
        return Contract(
            record.id,
            year,
            record.position.unit.name,
            record.position.name,
            record.position_id,
            name(record.contractee_id),
            name(record.issuer1_id),
            name(record.issuer2_id),
            record.valid_from,
            record.valid_to,
            record.status,
            record.signed_on,
            record.content_hash,
            lines,
            record.version,
            tuple(people.get(i) if i else None for i in ids),
        )

    @reads_stored_values
    def lines(self, line_ids) -> dict[int, ContractLine]:
        """Just these lines as they stand (what an edit of a few lines needs to show them), in
        one statement."""
        records = self.session.scalars(
            select(ContractLineRecord)
            .where(ContractLineRecord.id.in_(list(line_ids)))
            .options(joinedload(ContractLineRecord.indicator))
        )
        return {record.id: _core_line(record) for record in records}

    @reads_stored_values
    def amendments(self, contract_id: int) -> dict[int, list[Amendment]]:
        """Each line's amendments in the order they were made."""
        found: dict[int, list[Amendment]] = {}
        for a in self.session.scalars(
            select(AmendmentRecord)
            .join(ContractLineRecord)
            .where(ContractLineRecord.contract_id == contract_id)
            .order_by(AmendmentRecord.id)
        ):
            found.setdefault(a.line_id, []).append(
                Amendment(a.field, a.old, a.new, a.effective_from, a.reason, a.approved_by, a.at)
            )
        return found

    def contract_as_of(self, contract: Contract, period: str) -> Contract:
        """The contract as it stood for ``period``: amendments taking effect later rolled back."""
        return contract_as_of(contract, self.amendments(contract.id), period)

    def months_with_actuals(self, contract_id: int) -> list[str]:
        """The months of the contract's year for which one of its lines has an actual, in order:
        the months an amendment effective from one of them would rescore."""
        return [m for m, reported in self._months_reported(contract_id) if reported]

    def first_period_without_actuals(self, contract_id: int) -> str | None:
        """The first month after the last month of the contract's year for which one of its
        lines has an actual: where an amendment takes effect by default (until review meetings
        exist). None when the year's last month has actuals."""
        months = self._months_reported(contract_id)
        last = max((i for i, (_m, reported) in enumerate(months) if reported), default=-1)
        return months[last + 1][0] if last + 1 < len(months) else None

    def _months_reported(self, contract_id: int) -> list[tuple[str, bool]]:
        """Each month of the contract's year, in order, with whether it has an actual."""
        record = self._contract(contract_id)
        reported = set(
            self.session.scalars(
                select(PeriodRecord.code)
                .join(ActualRecord, ActualRecord.period_id == PeriodRecord.id)
                .join(ContractLineRecord, ActualRecord.line_id == ContractLineRecord.id)
                .where(ContractLineRecord.contract_id == contract_id)
            )
        )
        months = self.session.scalars(
            select(PeriodRecord.code)
            .where(PeriodRecord.year_id == record.year_id, PeriodRecord.kind == "month")
            .order_by(PeriodRecord.start)
        ).all()
        return [(m, m in reported) for m in months]

    @reads_stored_values
    def target_disagreements(self) -> list[tuple[int, int, str, str, float | None, float]]:
        """(contract id, line number, KPI, level, the line's value, the rule's value) for every
        line whose stored rule keeps a target level the line does not show."""
        rows = self.session.execute(
            select(ContractLineRecord, IndicatorRecord.name)
            .join(IndicatorRecord, ContractLineRecord.indicator_id == IndicatorRecord.id)
            .order_by(ContractLineRecord.contract_id, ContractLineRecord.sort)
        )
        found = []
        number: dict[int, int] = {}
        for line, kpi in rows:
            number[line.contract_id] = number.get(line.contract_id, 0) + 1
            if not isinstance(line.rule, dict):
                continue
            for level, shown, kept in target_disagreements(
                line.rule, line.minimum, line.base, line.challenge
            ):
                found.append((line.contract_id, number[line.contract_id], kpi, level, shown, kept))
        return found

    @reads_stored_values
    def stored_lines(self) -> list[tuple[int, int, str, str, dict, tuple]]:
        """(contract id, line number, KPI name, KPI direction, the rule as stored, the line's
        minimum/base/challenge) of every line: what ``check`` compares."""
        rows = self.session.execute(
            select(ContractLineRecord, IndicatorRecord.name, IndicatorRecord.direction)
            .join(IndicatorRecord, ContractLineRecord.indicator_id == IndicatorRecord.id)
            .order_by(ContractLineRecord.contract_id, ContractLineRecord.sort)
        )
        found, number = [], {}
        for line, kpi, direction in rows:
            number[line.contract_id] = number.get(line.contract_id, 0) + 1
            levels = (line.minimum, line.base, line.challenge)
            found.append(
                (line.contract_id, number[line.contract_id], kpi, direction, line.rule, levels)
            )
        return found

    def contract_ids(self) -> list[int]:
        return list(self.session.scalars(select(ContractRecord.id).order_by(ContractRecord.id)))

    def contract_for(self, position_id: int, year: int) -> int | None:
        return self.session.scalar(
            select(ContractRecord.id)
            .join(YearRecord)
            .where(ContractRecord.position_id == position_id, YearRecord.year == year)
        )

    @reads_stored_values
    def actuals(self, contract_id: int, period: str) -> dict[int, object]:
        rows = self.session.execute(
            select(ActualRecord.line_id, ActualRecord.value, ActualRecord.value_text)
            .join(ContractLineRecord)
            .join(PeriodRecord)
            .where(ContractLineRecord.contract_id == contract_id, PeriodRecord.code == period)
        )
        return {
            line_id: readable_actual(self.session, value) if value is not None else text
            for line_id, value, text in rows
        }

    @reads_stored_values
    def actuals_by_period(self, contract_id: int) -> dict[str, dict[int, object]]:
        """Every actual of the contract, by period code: one statement for a whole year."""
        found: dict[str, dict[int, object]] = {}
        for code, line_id, value, text in self.session.execute(
            select(
                PeriodRecord.code, ActualRecord.line_id, ActualRecord.value, ActualRecord.value_text
            )
            .join(ContractLineRecord)
            .join(PeriodRecord)
            .where(ContractLineRecord.contract_id == contract_id)
        ):
            found.setdefault(code, {})[line_id] = (
                readable_actual(self.session, value) if value is not None else text
            )
        return found

    @reads_stored_values
    def deduction_counts_by_period(self, contract_id: int) -> dict[str, dict[int, int]]:
        """Every deduction line's event count, by period code: one statement for a year."""
        found: dict[str, dict[int, int]] = {}
        for code, line_id, count in self.session.execute(
            select(PeriodRecord.code, DeductionEventRecord.line_id, DeductionEventRecord.count)
            .join(ContractLineRecord)
            .join(PeriodRecord)
            .where(ContractLineRecord.contract_id == contract_id)
        ):
            counts = found.setdefault(code, {})
            counts[line_id] = counts.get(line_id, 0) + count
        return found

    @reads_stored_values
    def deduction_counts(self, contract_id: int, period: str) -> dict[int, int]:
        counts: dict[int, int] = {}
        for line_id, count in self.session.execute(
            select(DeductionEventRecord.line_id, DeductionEventRecord.count)
            .join(ContractLineRecord)
            .join(PeriodRecord)
            .where(ContractLineRecord.contract_id == contract_id, PeriodRecord.code == period)
        ):
            counts[line_id] = counts.get(line_id, 0) + count
        return counts


def _core_line(line: ContractLineRecord, originals: dict | None = None) -> ContractLine:
    """A line record as the core sees it. With ``originals`` ((line id, field) → value before
    every amendment): as signed, the stored content the hash covers; otherwise the rule scores
    with the targets the line shows (one home for the levels)."""
    refuse_unreadable_line(line)  # text in a weight or a rule that is no object: named, not used
    value = lambda field: (originals or {}).get((line.id, field), getattr(line, field))
    return ContractLine(
        line.id,
        line.indicator.code,
        line.indicator.name,
        line.category,
        line.weight,
        line.unit,
        value("minimum"),
        value("base"),
        value("challenge"),
        value("target_note"),
        value("rule")
        if originals is not None
        else line_rule(line.rule, line.minimum, line.base, line.challenge),
        line.data_source,
        line.cycle,
    )
