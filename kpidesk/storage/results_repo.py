"""Official results, their corrections and the meeting that made them, read and written for
services/results.py and the minutes: one query per table, never a period contract by contract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpidesk.core.problems import NotFoundError
from kpidesk.i18n import N_

from .records import (
    ContractLineRecord,
    ContractRecord,
    DeductionEventRecord,
    EmployeeRecord,
    PeriodRecord,
    PositionRecord,
    UnitRecord,
)
from .review_records import (
    ActionItemRecord,
    AttendanceRecord,
    GradeRecord,
    MeetingItemRecord,
    MeetingRecord,
    OfficialResultRecord,
    ResultCorrectionRecord,
)


class ResultsRepository:
    def __init__(self, session: Session):
        self.session = session

    def period_id(self, code: str) -> int:
        found = self.session.scalar(select(PeriodRecord.id).where(PeriodRecord.code == code))
        if found is None:
            raise NotFoundError(N_("no period {period} in this firm"), period=code)
        return found

    def official(self, code: str) -> OfficialResultRecord | None:
        return self.session.scalar(
            select(OfficialResultRecord)
            .join(PeriodRecord, OfficialResultRecord.period_id == PeriodRecord.id)
            .where(PeriodRecord.code == code)
        )

    def official_codes(self) -> dict[str, tuple[str, datetime]]:
        """period code → (reviewer, made at) of every official period."""
        return {
            code: (reviewer, at)
            for code, reviewer, at in self.session.execute(
                select(
                    PeriodRecord.code, OfficialResultRecord.reviewer, OfficialResultRecord.made_at
                ).join(PeriodRecord, OfficialResultRecord.period_id == PeriodRecord.id)
            )
        }

    def add_official(
        self,
        code: str,
        *,
        reviewer: str,
        made_by: str,
        made_at: datetime,
        meeting_id: int | None,
        snapshot: list,
        warnings: list,
    ) -> int:
        record = OfficialResultRecord(
            period_id=self.period_id(code),
            meeting_id=meeting_id,
            reviewer=reviewer,
            made_by=made_by,
            made_at=made_at,
            snapshot=snapshot,
            warnings=warnings,
        )
        self.session.add(record)
        self.session.flush()
        return record.id

    def grades(self, code: str) -> dict[int, str]:
        """employee id → the calibration grade of the period, where one was given."""
        return dict(
            self.session.execute(
                select(GradeRecord.employee_id, GradeRecord.grade)
                .join(PeriodRecord, GradeRecord.period_id == PeriodRecord.id)
                .where(PeriodRecord.code == code)
            ).all()
        )

    def add_correction(self, **fields: Any) -> int:
        record = ResultCorrectionRecord(**fields)
        self.session.add(record)
        return record.id if record.id else 0

    def events(self, line_id: int, period_id: int) -> int:
        """The events counted for a deduction line in a period."""
        found = self.session.scalar(
            select(func.coalesce(func.sum(DeductionEventRecord.count), 0)).where(
                DeductionEventRecord.line_id == line_id,
                DeductionEventRecord.period_id == period_id,
            )
        )
        return int(found or 0)

    def replace_events(self, line_id: int, period_id: int, count: int, on: date, note: str) -> None:
        """A corrected event count: the period's events of the line become one entry of
        ``count`` (none for 0). The ones replaced stay in the audit log and the correction."""
        for record in self.session.scalars(  # one by one: the audit hook sees each deletion
            select(DeductionEventRecord).where(
                DeductionEventRecord.line_id == line_id,
                DeductionEventRecord.period_id == period_id,
            )
        ):
            self.session.delete(record)
        if count:
            self.session.add(
                DeductionEventRecord(
                    line_id=line_id, period_id=period_id, occurred_on=on, count=count, note=note
                )
            )

    def corrections(self, code: str) -> list[tuple[ResultCorrectionRecord, int, str]]:
        """Each correction of the period with its line's contract id and indicator, in order."""
        from .records import IndicatorRecord

        return [
            (record, contract_id, indicator)
            for record, contract_id, indicator in self.session.execute(
                select(ResultCorrectionRecord, ContractLineRecord.contract_id, IndicatorRecord.name)
                .join(ContractLineRecord, ResultCorrectionRecord.line_id == ContractLineRecord.id)
                .join(IndicatorRecord, ContractLineRecord.indicator_id == IndicatorRecord.id)
                .join(PeriodRecord, ResultCorrectionRecord.period_id == PeriodRecord.id)
                .where(PeriodRecord.code == code)
                .order_by(ResultCorrectionRecord.at, ResultCorrectionRecord.id)
            )
        ]

    # the meeting, for the minutes -----------------------------------------------------------
    def meeting(self, meeting_id: int) -> MeetingRecord | None:
        return self.session.get(MeetingRecord, meeting_id)

    def meetings_of(self, code: str) -> list[MeetingRecord]:
        return list(
            self.session.scalars(
                select(MeetingRecord)
                .join(PeriodRecord, MeetingRecord.period_id == PeriodRecord.id)
                .where(PeriodRecord.code == code)
                .order_by(MeetingRecord.held_on, MeetingRecord.id)
            )
        )

    def items(self, meeting_id: int) -> list[tuple[MeetingItemRecord, str, str, str]]:
        """The meeting's items in order with their unit, position and the person in it (a
        meeting has tens of items: each name is looked up by its key)."""
        found = []
        for item in self.session.scalars(
            select(MeetingItemRecord)
            .where(MeetingItemRecord.meeting_id == meeting_id)
            .order_by(MeetingItemRecord.sort, MeetingItemRecord.id)
        ):
            contract = (
                self.session.get(ContractRecord, item.contract_id) if item.contract_id else None
            )
            position_id = contract.position_id if contract is not None else item.position_id
            position = self.session.get(PositionRecord, position_id) if position_id else None
            unit_id = item.unit_id or (position.unit_id if position is not None else None)
            unit = self.session.get(UnitRecord, unit_id) if unit_id else None
            person = (
                self.session.get(EmployeeRecord, contract.contractee_id)
                if contract is not None and contract.contractee_id
                else None
            )
            found.append(
                (
                    item,
                    unit.name if unit else "",
                    position.name if position else "",
                    person.name if person else "",
                )
            )
        return found

    def attendance(self, meeting_id: int) -> list[AttendanceRecord]:
        return list(
            self.session.scalars(
                select(AttendanceRecord)
                .where(AttendanceRecord.meeting_id == meeting_id)
                .order_by(AttendanceRecord.item_id.is_not(None), AttendanceRecord.id)
            )
        )

    def actions(self, meeting_id: int) -> list[ActionItemRecord]:
        return list(
            self.session.scalars(
                select(ActionItemRecord)
                .where(ActionItemRecord.meeting_id == meeting_id)
                .order_by(ActionItemRecord.id)
            )
        )
