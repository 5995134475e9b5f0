"""Calibration's rows (METHOD.md §9): a period's stored grades, the append-only grade log, and
whether the period's results are official (then calibration is locked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .audit import default_actor
from .org_repo import OrgRepository
from .records import PeriodRecord
from .review_records import GradeChangeRecord, GradeRecord, OfficialResultRecord


@dataclass(frozen=True)
class StoredGrade:
    employee_id: int
    score: float
    grade: str
    proposed: str | None
    performance: str | None
    potential: str | None


@dataclass(frozen=True)
class GradeChange:
    employee_id: int
    old_grade: str | None
    new_grade: str
    reason: str
    authorised_by: str
    by: str
    at: datetime


class CalibrationRepository:
    def __init__(self, session: Session):
        self.session = session

    def period_id(self, code: str) -> int | None:
        return self.session.scalar(select(PeriodRecord.id).where(PeriodRecord.code == code))

    def official(self, period_id: int) -> OfficialResultRecord | None:
        return self.session.scalar(
            select(OfficialResultRecord).where(OfficialResultRecord.period_id == period_id)
        )

    def unit_subtree(self, unit_id: int) -> set[int]:
        return set(OrgRepository(self.session).unit_subtree(unit_id))

    def grades(self, period_id: int) -> dict[int, StoredGrade]:
        rows = self.session.scalars(select(GradeRecord).where(GradeRecord.period_id == period_id))
        return {
            r.employee_id: StoredGrade(
                r.employee_id, r.score, r.grade, r.proposed, r.performance_level, r.potential_level
            )
            for r in rows
        }

    def record(self, period_id: int, employee_id: int) -> GradeRecord | None:
        return self.session.scalar(
            select(GradeRecord).where(
                GradeRecord.period_id == period_id, GradeRecord.employee_id == employee_id
            )
        )

    def add_grades(self, period_id: int, rows: list[StoredGrade]) -> None:
        self.session.add_all(
            GradeRecord(
                employee_id=r.employee_id,
                period_id=period_id,
                score=r.score,
                grade=r.grade,
                proposed=r.proposed,
                performance_level=r.performance,
                potential_level=r.potential,
            )
            for r in rows
        )

    def delete_grades(self, period_id: int, employee_ids: list[int]) -> None:
        for record in self.session.scalars(
            select(GradeRecord).where(
                GradeRecord.period_id == period_id, GradeRecord.employee_id.in_(employee_ids)
            )
        ):
            self.session.delete(record)

    def log_change(
        self, period_id: int, employee_id: int, old: str | None, new: str, reason: str, by: str
    ) -> None:
        self.session.add(
            GradeChangeRecord(
                period_id=period_id,
                employee_id=employee_id,
                old_grade=old,
                new_grade=new,
                reason=reason,
                authorised_by=by,
                by=default_actor(),
                at=datetime.now().replace(microsecond=0),
            )
        )

    def changes(self, period_id: int) -> list[GradeChange]:
        rows = self.session.scalars(
            select(GradeChangeRecord)
            .where(GradeChangeRecord.period_id == period_id)
            .order_by(GradeChangeRecord.id)
        )
        return [
            GradeChange(
                r.employee_id, r.old_grade, r.new_grade, r.reason, r.authorised_by, r.by, r.at
            )
            for r in rows
        ]
