"""Official results stay as they were made (METHOD.md §9): once a period's results are official
(``official_results``), its actuals and deduction events change only when a
``ResultCorrectionRecord`` for that line and period — an appeal ruling or a recorded correction
with its reason — is written in the same flush; and the records of the review that are a log
(official results, corrections, calibration grade changes) are never rewritten or deleted.
Enforced at flush by the audit hook, so no code path gets round it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpidesk.core.locks import covering_official, period_words
from kpidesk.core.problems import KpideskError
from kpidesk.i18n import N_

from .records import ActualRecord, DeductionEventRecord, PeriodRecord
from .review_records import (
    GradeChangeRecord,
    OfficialResultRecord,
    ResultCorrectionRecord,
)

APPEND_ONLY = (OfficialResultRecord, ResultCorrectionRecord, GradeChangeRecord)
LOCKED = (ActualRecord, DeductionEventRecord)


class ResultsOfficial(KpideskError):
    """An official period's actual or event changed without a correction, or a log rewritten."""


def official_periods(session: Session) -> dict[int, tuple[str, str, object]]:
    """period id → (period code, who made it official, when), read once per flush."""
    cached = session.info.get("official_periods")
    if cached is None:
        with session.no_autoflush:
            cached = {
                pid: (code, who, at)
                for pid, code, who, at in session.execute(
                    select(
                        OfficialResultRecord.period_id,
                        PeriodRecord.code,
                        OfficialResultRecord.reviewer,
                        OfficialResultRecord.made_at,
                    ).join(PeriodRecord, OfficialResultRecord.period_id == PeriodRecord.id)
                )
            }
        session.info["official_periods"] = cached
    return cached


def locked_periods(session: Session) -> dict[int, tuple[str, str, object]]:
    """period id → (the official period that locks it, who made it official, when), for every
    period an official one is built from: its own id, and for an official quarter, half or
    year the ids of its months (a year: also its quarters and halves). Read once per flush."""
    cached = session.info.get("locked_periods")
    if cached is None:
        official = official_periods(session)
        cached = {}
        if official:
            by_code = {code: (code, who, at) for code, who, at in official.values()}
            with session.no_autoflush:
                rows = session.execute(select(PeriodRecord.id, PeriodRecord.code)).all()
            for pid, code in rows:
                whole = covering_official(code, by_code)
                if whole is not None:
                    cached[pid] = by_code[whole]
            cached.update(official)  # an official period locks itself, whatever its code
        session.info["locked_periods"] = cached
    return cached


def _corrected(session: Session, period_ids: set[int], line_id: int) -> bool:
    return any(
        isinstance(obj, ResultCorrectionRecord)
        and obj.period_id in period_ids
        and obj.line_id == line_id
        for obj in session.new
    )


def check(session: Session, obj: object, action: str) -> None:
    """Refuse ``action`` (insert / update / delete) on ``obj`` when official results forbid it."""
    if isinstance(obj, APPEND_ONLY) and action != "insert":
        raise ResultsOfficial(
            N_("{record} is a record of the review and is kept as it was written"),
            record=type(obj).__tablename__,
        )
    if not isinstance(obj, LOCKED):
        return
    # A period made official in this very flush is not locked against the flush making it.
    period_id = getattr(obj, "period_id", None)
    if period_id is None:
        return
    official = locked_periods(session).get(period_id)
    if official is None:
        return
    code, reviewer, at = official
    whole = {pid for pid, (c, _who, _at) in official_periods(session).items() if c == code}
    if _corrected(session, {period_id} | whole, obj.line_id):
        return
    raise ResultsOfficial(
        N_(
            "The results of {period} are official ({reviewer}, {date}): an actual or deduction event of it changes only through a correction with its reason or an appeal ruling"
        ),
        period=period_words(code),
        reviewer=reviewer,
        date=at.strftime("%Y-%m-%d") if hasattr(at, "strftime") else str(at),
    )


def forget(session: Session) -> None:
    """A commit or rollback may have made or unmade a period official: read again next time."""
    session.info.pop("official_periods", None)
    session.info.pop("locked_periods", None)
