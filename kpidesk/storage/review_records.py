"""Records of the review cycle (METHOD.md §9): meetings, calibration, interviews, appeals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .records import Base, _fk


class MeetingRecord(Base):
    __tablename__ = "review_meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # M monthly, R quarterly, annual
    held_on: Mapped[date] = mapped_column(Date)
    period_id: Mapped[int | None] = _fk("periods.id", nullable=True)
    attendees: Mapped[list] = mapped_column(JSON, default=list)
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")


class GradeRecord(Base):
    """A calibrated result: score, forced-distribution grade, nine-box levels."""

    __tablename__ = "calibration_grades"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = _fk("employees.id")
    period_id: Mapped[int] = _fk("periods.id")
    score: Mapped[float] = mapped_column(Float)
    grade: Mapped[str] = mapped_column(String(32))
    performance_level: Mapped[str | None] = mapped_column(String(8), nullable=True)
    potential_level: Mapped[str | None] = mapped_column(String(8), nullable=True)
    meeting_id: Mapped[int | None] = _fk("review_meetings.id", nullable=True)


class InterviewRecord(Base):
    __tablename__ = "feedback_interviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = _fk("employees.id")
    period_id: Mapped[int] = _fk("periods.id")
    held_on: Mapped[date] = mapped_column(Date)
    interviewer: Mapped[str] = mapped_column(String(200))
    result: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")
    next_targets: Mapped[str] = mapped_column(Text, default="")


class AppealRecord(Base):
    __tablename__ = "appeals"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = _fk("employees.id")
    period_id: Mapped[int] = _fk("periods.id")
    filed_on: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")


class AppealStepRecord(Base):
    """superior → indirect superior → HR → committee (§9); every step recorded."""

    __tablename__ = "appeal_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = _fk("appeals.id", ondelete="CASCADE")
    sort: Mapped[int] = mapped_column(Integer, default=0)
    stage: Mapped[str] = mapped_column(String(16))
    taken_on: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(Text, default="")
