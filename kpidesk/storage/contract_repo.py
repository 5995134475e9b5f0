"""Contracts, their lines, amendments, actuals and deduction events: records ↔ core objects.

A signed contract's lines are sealed (see ``audit``): targets change only through ``amend``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from kpidesk.core.contracts import can_transition, content_hash, is_locked
from kpidesk.core.model import LINE_FIELDS, Contract, ContractLine
from kpidesk.core.rules import rule_with_target, validate_rule

from . import audit, line_rows
from .audit import ContractLocked
from .firm_repo import NotFound, _insert, _one
from .records import (
    ActualRecord,
    AmendmentRecord,
    ContractLineRecord,
    ContractRecord,
    DeductionEventRecord,
    EmployeeRecord,
    IndicatorRecord,
    PeriodRecord,
    PositionRecord,
    YearRecord,
)
from kpidesk.i18n import _

AMENDABLE = ("minimum", "base", "challenge", "target_note", "rule")
EDITABLE = LINE_FIELDS


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
            raise ValueError(_("'{field}' is not an editable line field").format(field=field))
        line = self._line(line_id)
        if field == "indicator":
            old = line.indicator.code
            line.indicator = _one(self.session, IndicatorRecord, code=value)
            return old
        old = getattr(line, field)
        rule = value if field == "rule" else rule_with_target(line.rule, field, value)
        validate_rule(rule, value if field == "weight" else line.weight)
        setattr(line, field, value)
        if rule != line.rule:
            line.rule = rule
        return old

    def remove_line(self, line_id: int) -> dict:
        """Delete a draft or agreed contract's line and every row that hangs off it (actuals,
        deduction events, amendments); return all of it, for ``restore_line`` to put back as
        it was. A signed or closed contract's lines change only through an amendment."""
        line = self._line(line_id)
        contract = line.contract
        if is_locked(contract.status):
            raise ContractLocked(
                _(
                    "Line {indicator} cannot be removed: the contract is {status}, and a signed "
                    "contract's lines change only through an amendment."
                ).format(indicator=line.indicator.name, status=_(contract.status))
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
            raise NotFound(_("no contract line {line_id}").format(line_id=line_id))
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

    def set_status(self, contract_id: int, status: str, *, on: date | None = None) -> None:
        record = self._contract(contract_id)
        if not can_transition(record.status, status):
            raise ValueError(
                _("a {status} contract cannot become {status1}").format(
                    status=_(record.status), status1=_(status)
                )
            )
        if status == "signed":
            record.signed_on = on or date.today()
            record.content_hash = content_hash(self.contract(contract_id).signed_content())
        record.status = status

    def amend(self, line_id: int, field: str, new, *, reason: str, approved_by: str) -> None:
        """Change a target of a signed contract's line, recording old, new, reason, approver."""
        if field not in AMENDABLE:
            raise ValueError(
                _("'{field}' is not a target field ({value1})").format(
                    field=field, value1=", ".join(AMENDABLE)
                )
            )
        if not reason.strip() or not approved_by.strip():
            raise ValueError(_("an amendment needs a reason and an approver"))
        line = self.session.get(ContractLineRecord, line_id)
        if line is None:
            raise NotFound(_("no contract line {line_id}").format(line_id=line_id))
        rule = new if field == "rule" else rule_with_target(line.rule, field, new)
        validate_rule(rule, line.weight)
        self.session.add(
            AmendmentRecord(
                line_id=line_id,
                field=field,
                old=getattr(line, field),
                new=new,
                reason=reason,
                approved_by=approved_by,
                at=datetime.now().replace(microsecond=0),
            )
        )
        setattr(line, field, new)
        if rule != line.rule:
            self.session.add(
                AmendmentRecord(
                    line_id=line_id,
                    field="rule",
                    old=line.rule,
                    new=rule,
                    reason=reason,
                    approved_by=approved_by,
                    at=datetime.now().replace(microsecond=0),
                )
            )
            line.rule = rule

    def record_actual(
        self, line_id: int, period: str, value, *, source: str = "", entered_by: str = ""
    ) -> None:
        period_id = _one(self.session, PeriodRecord, code=period).id
        record = self.session.scalars(
            select(ActualRecord).where(
                ActualRecord.line_id == line_id, ActualRecord.period_id == period_id
            )
        ).first()
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
        period_id = _one(self.session, PeriodRecord, code=period).id
        record = self.session.scalars(
            select(ActualRecord).where(
                ActualRecord.line_id == line_id, ActualRecord.period_id == period_id
            )
        ).first()
        if record is not None:
            self.session.delete(record)

    def delete_draft(self, contract_id: int) -> None:
        record = self._contract(contract_id)
        if record.status != "draft":
            raise ValueError(
                _("only a draft contract can be deleted, not a {status} one").format(
                    status=_(record.status)
                )
            )
        self.session.delete(record)

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
            raise NotFound(_("no contract {contract_id}").format(contract_id=contract_id))
        return record

    def contract(self, contract_id: int, *, as_signed: bool = False) -> Contract:
        """The contract as it stands, or (``as_signed``) with every amendment rolled back."""
        record = self.session.scalars(
            select(ContractRecord)
            .where(ContractRecord.id == contract_id)
            .options(
                selectinload(ContractRecord.lines).selectinload(ContractLineRecord.indicator),
                selectinload(ContractRecord.position).selectinload(PositionRecord.unit),
            )
        ).first()
        if record is None:
            raise NotFound(_("no contract {contract_id}").format(contract_id=contract_id))
        originals: dict[tuple[int, str], object] = {}
        if as_signed:
            for amendment in self.session.scalars(
                select(AmendmentRecord)
                .join(ContractLineRecord)
                .where(ContractLineRecord.contract_id == contract_id)
                .order_by(AmendmentRecord.id.desc())
            ):
                originals[(amendment.line_id, amendment.field)] = amendment.old
        value = lambda line, field: originals.get((line.id, field), getattr(line, field))
        name = lambda employee_id: (
            self.session.get(EmployeeRecord, employee_id).name if employee_id else None
        )
        lines = tuple(
            ContractLine(
                line.id,
                line.indicator.code,
                line.indicator.name,
                line.category,
                line.weight,
                line.unit,
                value(line, "minimum"),
                value(line, "base"),
                value(line, "challenge"),
                value(line, "target_note"),
                value(line, "rule"),
                line.data_source,
                line.cycle,
            )
            for line in record.lines
        )
        year = self.session.get(YearRecord, record.year_id).year
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
        )

    def contract_ids(self) -> list[int]:
        return list(self.session.scalars(select(ContractRecord.id).order_by(ContractRecord.id)))

    def contract_for(self, position_id: int, year: int) -> int | None:
        return self.session.scalar(
            select(ContractRecord.id)
            .join(YearRecord)
            .where(ContractRecord.position_id == position_id, YearRecord.year == year)
        )

    def actuals(self, contract_id: int, period: str) -> dict[int, object]:
        rows = self.session.execute(
            select(ActualRecord.line_id, ActualRecord.value, ActualRecord.value_text)
            .join(ContractLineRecord)
            .join(PeriodRecord)
            .where(ContractLineRecord.contract_id == contract_id, PeriodRecord.code == period)
        )
        return {line_id: value if value is not None else text for line_id, value, text in rows}

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
