"""Two people on one server database never silently overwrite each other (issue 13).

The audit log is the witness: every change to a firm's records already leaves a row there
(who, when, which row, which field), committed with the change. A ``Watch`` remembers the audit
head up to which its window has seen the data (``seen``) and the audit rows its own edits wrote
since (``own``). An edit is refused (``StaleView``, the transaction rolled back) when a row it
updates or deletes was changed by someone else after ``seen``: the newest such audit row names
who and when. One statement per edit, before the chain is sealed, finds both that and the ids of
the edit's own rows (still without a digest: another session's uncommitted rows are invisible,
committed ones are sealed).

Row versions (a version column per table) were the other way: they would need the version the
window showed for every row carried through the core objects, the services and every undo
command, and a column in some thirty tables; the audit log already witnesses every audited
table, the undo commands included.

Only a document opened by URL is watched: a ``.kpidesk`` file has one writer, whose lock file
keeps every other kpidesk out, so its edits cost nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from threading import Lock
from typing import Any

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased

from kpidesk.core.problems import KpideskError, Problem, term
from kpidesk.i18n import N_

from .audit import FIELD_WORDS, AuditRecord, settings_changed_elsewhere

_LINES, _ACTUALS, _SETTINGS = "contract_lines", "actuals", "settings"


@dataclass(frozen=True)
class Witness:
    """An audit row written by someone else: who changed what, and when."""

    who: str
    at: datetime
    entity: str
    field: str


@dataclass(frozen=True)
class Others:
    """What others wrote since a window last looked: who (the newest row of each person), and
    whether any of it is a row this window's own edits wrote (its undo history would put back
    values over theirs, unseen)."""

    witnesses: list[Witness]
    contested: bool


def _key(entity: str, entity_id: int | None, field: str | None) -> tuple[str, object]:
    """One record: a table's row, or one setting."""
    return (entity, entity_id) if entity_id is not None else (entity, field)


class StaleView(KpideskError):
    """An edit made on data someone else changed since the window last read it."""


def when(at: datetime, today: date | None = None) -> str:
    """A change's time as the message says it: the clock today, with the date before that."""
    today = today or date.today()
    return f"{at:%H:%M}" if at.date() == today else f"{at:%Y-%m-%d %H:%M}"


def refusal(witness: Witness, today: date | None = None) -> Problem:
    """The refusal in no language yet: who changed the row, when, and (for a contract line)
    which field; the window has been refreshed, so the user types the change again."""
    params: dict[str, object] = {"who": witness.who, "time": when(witness.at, today)}
    if witness.entity == _LINES and witness.field in FIELD_WORDS:
        template = N_(
            "{who} changed this line's {field} at {time}; you were looking at older data. "
            "The window has been refreshed: enter your change again."
        )
        params["field"] = term(FIELD_WORDS[witness.field])
    elif witness.entity == _ACTUALS:
        template = N_(
            "{who} changed this actual at {time}; you were looking at older data. "
            "The window has been refreshed: enter your change again."
        )
    else:
        template = N_(
            "{who} changed this at {time}; you were looking at older data. "
            "The window has been refreshed: enter your change again."
        )
    return Problem(template, None, params)


def _same_row(theirs, mine):
    """Two audit rows about one record: the same row of a table, or the same setting."""
    return and_(
        theirs.entity == mine.entity,
        or_(
            theirs.entity_id == mine.entity_id,
            and_(
                theirs.entity_id.is_(None), mine.entity_id.is_(None), theirs.field == mine.field
            ),
        ),
    )


class Watch:
    """What one window of a server database has seen of the audit log, and its own edits."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._guard = Lock()  # edits may commit on a worker thread (an import) while polling
        self.own: set[int] = set()  # audit rows this document wrote after ``seen``
        self.written: set[tuple[str, object]] = set()  # records its undo history wrote
        self.listeners: list[Callable[[], None]] = []  # told when an edit was refused as stale
        with engine.connect() as connection:
            self.seen: int = connection.execute(select(func.max(AuditRecord.id))).scalar() or 0

    # in an edit's transaction ------------------------------------------------------------------
    def check(self, session: Session) -> None:
        """Before the chain is sealed: refuse the edit when a row it changed was changed by
        someone else since ``seen``; remember its own audit rows for after the commit."""
        mine, theirs = aliased(AuditRecord), aliased(AuditRecord)
        with self._guard:
            seen, own = self.seen, set(self.own)
        rows = session.execute(
            select(
                mine.id,
                theirs.id,
                theirs.who,
                theirs.at,
                theirs.entity,
                theirs.field,
                mine.entity,
                mine.entity_id,
                mine.field,
            )
            .select_from(mine)
            .outerjoin(
                theirs,
                and_(
                    theirs.id > seen,
                    theirs.digest.is_not(None),
                    # A row this edit inserts is new: nobody else can have changed it.
                    mine.action != literal("insert"),
                    _same_row(theirs, mine),
                ),
            )
            .where(mine.id > seen, mine.digest.is_(None))
            .order_by(theirs.id.desc())
        ).all()
        foreign = [row for row in rows if row[1] is not None and row[1] not in own]
        if foreign:
            _mine, _id, who, at, entity, field = foreign[0][:6]  # the newest: the value now
            for listener in list(self.listeners):
                listener()
            raise StaleView(refusal(Witness(who, at, entity, field)))
        session.info["own_audit"] = {row[0] for row in rows}
        session.info["own_records"] = {_key(*row[6:]) for row in rows}

    def committed(self, session: Session) -> None:
        ids = session.info.pop("own_audit", ())
        records = session.info.pop("own_records", ())
        with self._guard:
            self.own.update(ids)
            self.written.update(records)

    def forget_history(self) -> None:
        """The window's undo history is gone: no record is its to put back any more."""
        with self._guard:
            self.written.clear()

    # polled by the window ----------------------------------------------------------------------
    def poll(self) -> Others | None:
        """None when nobody else wrote since the last poll; else who did and whether it touched
        a record this window wrote, and ``seen`` moves on: the caller refreshes what it shows.
        One statement while nothing moved. A server that cannot be reached now is asked again
        next time (an edit meanwhile says why it failed)."""
        try:
            return self._poll()
        except DBAPIError:
            return None

    def _poll(self) -> Others | None:
        table = AuditRecord.__table__
        with self.engine.connect() as connection:
            head = connection.execute(select(func.max(table.c.id))).scalar() or 0
            with self._guard:
                seen, own = self.seen, {i for i in self.own if i <= head}
            if head <= seen:
                return None
            others: Sequence[Any] = []
            records: Sequence[Any] = []
            if len(own) < head - seen:  # not every row since is ours
                theirs = and_(table.c.id > seen, table.c.id <= head, table.c.id.not_in(own))
                newest = (
                    select(table.c.who, func.max(table.c.id).label("last"))
                    .where(theirs)
                    .group_by(table.c.who)
                    .subquery()
                )
                others = connection.execute(
                    select(table.c.who, table.c.at, table.c.entity, table.c.field)
                    .join(newest, newest.c.last == table.c.id)
                    .order_by(table.c.id.desc())
                ).all()
                if others:
                    records = connection.execute(
                        select(table.c.entity, table.c.entity_id, table.c.field)
                        .where(theirs)
                        .distinct()
                    ).all()
        with self._guard:
            self.seen = max(self.seen, head)
            self.own = {i for i in self.own if i > self.seen}
            touched = {_key(*row) for row in records}
            contested = bool(touched & self.written)
        if not others:
            return None
        if any(entity == _SETTINGS for entity, _id in touched):
            settings_changed_elsewhere(self.engine)  # the firm's policy is read again
        return Others([Witness(*row) for row in others], contested)


def names(witnesses: Iterable[Witness]) -> list[str]:
    """Who changed something, each once, the most recent first."""
    return list(dict.fromkeys(w.who for w in witnesses))
