"""The review meetings' rows (schema 0006): the calendar, each meeting's agenda items, its
attendance and action items, and what the agenda asks of other tables (open appeals, self
reports). Rows go out as plain dataclasses or dicts; whole rows can be copied and put back so
the meeting service's undo restores exactly what it removed (same ids)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert, inspect, select
from sqlalchemy.orm import Session

from kpidesk.core.periods import Period
from kpidesk.i18n import N_

from .firm_repo import NotFound
from .records import EmployeeRecord, PeriodRecord
from .review_records import (
    ActionItemRecord,
    AppealRecord,
    AttendanceRecord,
    MeetingItemRecord,
    MeetingRecord,
    SelfReportRecord,
)


@dataclass(frozen=True)
class MeetingRow:
    id: int
    kind: str
    held_on: date
    period: str | None
    status: str
    place: str
    items: int


@dataclass(frozen=True)
class ItemRow:
    id: int
    meeting_id: int
    sort: int
    contract_id: int | None
    unit_id: int | None
    position_id: int | None
    minutes: int
    reasons: tuple[str, ...]
    discussed: bool
    notes: str
    decision: str
    seconds_spent: int


@dataclass(frozen=True)
class ActionRow:
    id: int
    meeting_id: int
    item_id: int | None
    what: str
    owner: str
    due: date | None
    done_on: date | None


@dataclass(frozen=True)
class AttendanceRow:
    id: int
    item_id: int | None
    name: str
    role: str
    present: bool


def _item(r: MeetingItemRecord) -> ItemRow:
    return ItemRow(
        r.id, r.meeting_id, r.sort, r.contract_id, r.unit_id, r.position_id, r.minutes,
        tuple(r.reasons or ()), r.discussed, r.notes or "", r.decision or "", r.seconds_spent,
    )  # fmt: skip


def _action(r: ActionItemRecord) -> ActionRow:
    return ActionRow(r.id, r.meeting_id, r.item_id, r.what, r.owner or "", r.due, r.done_on)


class MeetingRepository:
    def __init__(self, session: Session):
        self.session = session

    # whole rows, for undo -------------------------------------------------------------------
    def get(self, record: Any, row_id: int) -> Any:
        found = self.session.get(record, row_id)
        if found is None:
            # A row another window or an undo removed meanwhile: refused with its name.
            raise NotFound(
                N_("no {value1} with {what}"), value1=record.__tablename__, what=f"id {row_id}"
            )
        return found

    def copy(self, record: Any, row_id: int) -> dict[str, Any]:
        """Every column of one row, to put it back later with ``restore``."""
        found = self.get(record, row_id)
        columns = inspect(record).column_attrs
        return {c.key: getattr(found, c.key) for c in columns}

    def restore(self, record: Any, values: dict[str, Any]) -> None:
        self.session.add(record(**values))
        self.session.flush()

    def remove(self, record: Any, row_id: int) -> None:
        self.session.delete(self.get(record, row_id))
        self.session.flush()

    def update(self, record: Any, row_id: int, values: dict[str, Any]) -> dict[str, Any]:
        """Set ``values`` on one row; returns what they were."""
        found = self.get(record, row_id)
        old = {k: getattr(found, k) for k in values}
        for key, value in values.items():
            setattr(found, key, value)
        self.session.flush()
        return old

    # the calendar ---------------------------------------------------------------------------
    def period_ids(self, codes: list[str]) -> dict[str, int]:
        rows = self.session.execute(
            select(PeriodRecord.code, PeriodRecord.id).where(PeriodRecord.code.in_(codes))
        )
        return {code: pid for code, pid in rows}

    def meetings(self, year: int) -> list[MeetingRow]:
        """The meetings reviewing a period of ``year``, in the order they sit."""
        counts = (
            select(MeetingItemRecord.meeting_id, func.count().label("n"))
            .group_by(MeetingItemRecord.meeting_id)
            .subquery()
        )
        rows = self.session.execute(
            select(MeetingRecord, PeriodRecord.code, counts.c.n)
            .join(PeriodRecord, MeetingRecord.period_id == PeriodRecord.id)
            .outerjoin(counts, counts.c.meeting_id == MeetingRecord.id)
            .where(PeriodRecord.code.like(f"{year}%"))
            .order_by(MeetingRecord.held_on, MeetingRecord.id)
        )
        return [
            MeetingRow(m.id, m.kind, m.held_on, code, m.status, m.place or "", n or 0)
            for m, code, n in rows
        ]

    def meeting(self, meeting_id: int) -> MeetingRow:
        m = self.get(MeetingRecord, meeting_id)
        period = self.session.get(PeriodRecord, m.period_id) if m.period_id else None
        n = self.session.scalar(
            select(func.count()).where(MeetingItemRecord.meeting_id == meeting_id)
        )
        code = period.code if period else None
        return MeetingRow(m.id, m.kind, m.held_on, code, m.status, m.place or "", n or 0)

    def add_meeting(self, kind: str, held_on: date, period_id: int, place: str = "") -> int:
        record = MeetingRecord(kind=kind, held_on=held_on, period_id=period_id, place=place)
        self.session.add(record)
        self.session.flush()
        return record.id

    # the agenda -----------------------------------------------------------------------------
    def items(self, meeting_id: int) -> list[ItemRow]:
        return [
            _item(r)
            for r in self.session.scalars(
                select(MeetingItemRecord)
                .where(MeetingItemRecord.meeting_id == meeting_id)
                .order_by(MeetingItemRecord.sort, MeetingItemRecord.id)
            )
        ]

    def item(self, item_id: int) -> ItemRow:
        return _item(self.get(MeetingItemRecord, item_id))

    def item_ids(self, meeting_id: int) -> list[int]:
        return list(
            self.session.scalars(
                select(MeetingItemRecord.id).where(MeetingItemRecord.meeting_id == meeting_id)
            )
        )

    def add_items(self, meeting_id: int, rows: list[dict[str, Any]]) -> None:
        """Many items at once (an agenda of 5,000 contracts): one bulk insert."""
        if rows:
            self.session.execute(
                insert(MeetingItemRecord),
                [{"meeting_id": meeting_id, **row} for row in rows],
            )
            self.session.flush()

    def set_sorts(self, sorts: dict[int, int]) -> None:
        for item_id, sort in sorts.items():
            self.get(MeetingItemRecord, item_id).sort = sort
        self.session.flush()

    # actions and attendance -----------------------------------------------------------------
    def actions(self, item_id: int) -> list[ActionRow]:
        return [
            _action(r)
            for r in self.session.scalars(
                select(ActionItemRecord)
                .where(ActionItemRecord.item_id == item_id)
                .order_by(ActionItemRecord.id)
            )
        ]

    def open_actions_before(self, meeting_id: int) -> list[ActionRow]:
        """Action items of earlier meetings not yet done: listed again at this one."""
        held_on = self.get(MeetingRecord, meeting_id).held_on
        return [
            _action(r)
            for r in self.session.scalars(
                select(ActionItemRecord)
                .join(MeetingRecord, ActionItemRecord.meeting_id == MeetingRecord.id)
                .where(
                    ActionItemRecord.done_on.is_(None),
                    MeetingRecord.id != meeting_id,
                    MeetingRecord.held_on <= held_on,
                )
                .order_by(MeetingRecord.held_on, ActionItemRecord.id)
            )
        ]

    def add_action(self, meeting_id: int, item_id: int | None, what: str, owner: str,
                   due: date | None) -> int:  # fmt: skip
        record = ActionItemRecord(
            meeting_id=meeting_id, item_id=item_id, what=what, owner=owner, due=due
        )
        self.session.add(record)
        self.session.flush()
        return record.id

    def attendance(self, meeting_id: int) -> list[AttendanceRow]:
        return [
            AttendanceRow(r.id, r.item_id, r.name, r.role or "", r.present)
            for r in self.session.scalars(
                select(AttendanceRecord)
                .where(AttendanceRecord.meeting_id == meeting_id)
                .order_by(AttendanceRecord.id)
            )
        ]

    def add_attendance(self, meeting_id: int, item_id: int | None, name: str, role: str,
                       present: bool) -> int:  # fmt: skip
        record = AttendanceRecord(
            meeting_id=meeting_id, item_id=item_id, name=name, role=role, present=present
        )
        self.session.add(record)
        self.session.flush()
        return record.id

    # what the agenda asks of other tables ---------------------------------------------------
    def open_appeal_employees(self, period: str) -> set[int]:
        return set(
            self.session.scalars(
                select(AppealRecord.employee_id)
                .join(PeriodRecord, AppealRecord.period_id == PeriodRecord.id)
                .where(PeriodRecord.code == Period.parse(period).code, AppealRecord.status == "open")
            )
        )

    def self_report(self, employee_id: int, period: str) -> SelfReportRecord | None:
        return self.session.scalar(
            select(SelfReportRecord)
            .join(PeriodRecord, SelfReportRecord.period_id == PeriodRecord.id)
            .where(SelfReportRecord.employee_id == employee_id, PeriodRecord.code == period)
        )

    def employee_name(self, employee_id: int) -> str:
        found = self.session.get(EmployeeRecord, employee_id)
        return found.name if found is not None else ""
