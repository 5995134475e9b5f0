"""Records of the review cycle (METHOD.md §9): meetings, calibration, interviews, appeals."""

from __future__ import annotations

from datetime import date

from datetime import datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sqlalchemy import ForeignKey

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
    # Schema 0006 (issue 12): the calendar plans meetings; a meeting is held, then its period's
    # results are made official (``official_results``).
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned / held
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")


class MeetingItemRecord(Base):
    """One item of a meeting's agenda: a unit's or a key position's contract for the period,
    with its time box, why it is placed where it is, and what the committee said of it."""

    __tablename__ = "meeting_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _fk("review_meetings.id", ondelete="CASCADE")
    sort: Mapped[int] = mapped_column(Integer, default=0)
    unit_id: Mapped[int | None] = _fk("units.id", nullable=True)
    position_id: Mapped[int | None] = _fk("positions.id", nullable=True)
    contract_id: Mapped[int | None] = _fk("contracts.id", nullable=True)
    minutes: Mapped[int] = mapped_column(Integer, default=5)  # the time box
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # why first: core.agenda codes
    discussed: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    seconds_spent: Mapped[int] = mapped_column(Integer, default=0)


class AttendanceRecord(Base):
    """Who attended: the whole meeting (``item_id`` empty) or one item."""

    __tablename__ = "meeting_attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _fk("review_meetings.id", ondelete="CASCADE")
    item_id: Mapped[int | None] = _fk("meeting_items.id", nullable=True, ondelete="CASCADE")
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    present: Mapped[bool] = mapped_column(Boolean, default=True)


class ActionItemRecord(Base):
    """What was agreed to be done, by whom, by when: listed again at every later meeting until
    it is done."""

    __tablename__ = "action_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _fk("review_meetings.id")
    item_id: Mapped[int | None] = _fk("meeting_items.id", nullable=True)
    what: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_meeting_id: Mapped[int | None] = _fk("review_meetings.id", nullable=True)


class OfficialResultRecord(Base):
    """A period's results made official by the reviewer the settings name (§9: the indirect
    superior's review): who, when, and a snapshot of the results as they stood. From then on
    the period's actuals and deduction events change only with a ``ResultCorrectionRecord``."""

    __tablename__ = "official_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(
        ForeignKey("periods.id"), unique=True, nullable=False
    )
    meeting_id: Mapped[int | None] = _fk("review_meetings.id", nullable=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    made_by: Mapped[str] = mapped_column(String(200))
    made_at: Mapped[datetime] = mapped_column(DateTime)
    snapshot: Mapped[list] = mapped_column(JSON, default=list)  # one row per contract
    warnings: Mapped[list] = mapped_column(JSON, default=list)  # e.g. guide not met


class ResultCorrectionRecord(Base):
    """A change to an official period's actual or deduction event: an appeal ruling or a
    recorded correction, with its reason. Append-only; the original stays in ``old``."""

    __tablename__ = "result_corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = _fk("periods.id")
    line_id: Mapped[int] = _fk("contract_lines.id")
    what: Mapped[str] = mapped_column(String(16))  # actual / event
    kind: Mapped[str] = mapped_column(String(16), default="correction")  # correction / appeal
    appeal_id: Mapped[int | None] = _fk("appeals.id", nullable=True)
    old: Mapped[object] = mapped_column(JSON, nullable=True)
    new: Mapped[object] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)


class GradeChangeRecord(Base):
    """A calibration grade changed by hand: old and new grade, the reason and who authorised
    it. Append-only: the log keeps every grade a person ever had in the session."""

    __tablename__ = "grade_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = _fk("periods.id")
    employee_id: Mapped[int] = _fk("employees.id")
    old_grade: Mapped[str | None] = mapped_column(String(32), nullable=True)
    new_grade: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    authorised_by: Mapped[str] = mapped_column(String(200))
    by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)


class SelfReportRecord(Base):
    """An employee's annual self-report (述职) against their targets (§9)."""

    __tablename__ = "self_reports"
    __table_args__ = (UniqueConstraint("employee_id", "period_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = _fk("employees.id")
    period_id: Mapped[int] = _fk("periods.id")
    filed_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")


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
    proposed: Mapped[str | None] = mapped_column(String(32), nullable=True)  # forced_distribution


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
