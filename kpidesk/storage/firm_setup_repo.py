"""What setting up a firm writes beside ``FirmRepository``: a value tree's own row, a setting
taken out again (the undo of a setting the firm did not have), and a year's periods removed
again when nothing refers to them (the undo of a new current year)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpidesk.core.problems import KpideskError
from kpidesk.i18n import N_

from .records import Base, PeriodRecord, SettingRecord, ValueTreeRecord, YearRecord


class YearInUse(KpideskError):
    """A year's periods are referred to: they stay."""


def add_value_tree(session: Session, code: str, name: str, sort: int = 0) -> int:
    """A value tree of the firm (its nodes name it by ``code``)."""
    record = ValueTreeRecord(code=code, name=name, sort=sort)
    session.add(record)
    session.flush()
    return record.id


def remove_setting(session: Session, key: str) -> None:
    """Take a setting out (audited as a deletion); the policy takes its default again."""
    record = session.get(SettingRecord, key)
    if record is not None:
        session.delete(record)


def has_year(session: Session, year: int) -> bool:
    return session.scalar(select(YearRecord.id).where(YearRecord.year == year)) is not None


def _references(session: Session, year_id: int) -> int:
    """Rows of any table that refer to the year or its periods (contracts, actuals, ratings,
    review meetings … read from the schema, so a table added later is counted too)."""
    years = YearRecord.__table__
    periods = PeriodRecord.__table__
    period_ids = select(PeriodRecord.id).where(PeriodRecord.year_id == year_id)
    count = 0
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if table is periods:
                continue  # the year's own periods
            if key.column.table is years:
                condition = key.parent == year_id
            elif key.column.table is periods:
                condition = key.parent.in_(period_ids)
            else:
                continue
            count += session.scalar(select(func.count()).select_from(table).where(condition)) or 0
    return count


def remove_year(session: Session, year: int) -> None:
    """Remove ``year`` and its periods, refused (``YearInUse``, saying why) when anything
    refers to them: a contract of that year, an actual, a rating, a review."""
    record = session.scalar(select(YearRecord).where(YearRecord.year == year))
    if record is None:
        return
    used = _references(session, record.id)
    if used:
        raise YearInUse(
            N_(
                "The periods of {year} are in use ({count} records refer to them, such as "
                "contracts or actual values); they stay."
            ),
            "current_year",
            year=year,
            count=used,
        )
    for period in list(record.periods):
        session.delete(period)
    session.flush()
    session.delete(record)
    session.flush()
