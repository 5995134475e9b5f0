"""Sealing and checking the audit log's hash chain (``core.audit_chain`` is the rule). Every
transaction that wrote audit rows — by the flush hook, an import's bulk insert or a repository
— seals them before it commits (``Document.transaction``), in id order after the newest sealed
row: two statements, whichever path wrote them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from kpidesk.core.audit_chain import GENESIS, row_digest

from .audit import AuditRecord

TABLE: Table = AuditRecord.__table__  # type: ignore[assignment]  # a declared table is a Table
_CONTENT = (
    TABLE.c.at,
    TABLE.c.who,
    TABLE.c.action,
    TABLE.c.entity,
    TABLE.c.entity_id,
    TABLE.c.field,
    TABLE.c.old,
    TABLE.c.new,
)


def _link(previous: str, row) -> str:
    return row_digest(
        previous,
        row.at,
        row.who,
        row.action,
        row.entity,
        row.entity_id,
        row.field,
        row.old,
        row.new,
    )


def seal(session: Session) -> int:
    """Give every audit row without a digest its link, in id order; returns how many."""
    last_sealed = select(func.max(TABLE.c.id)).where(TABLE.c.digest.is_not(None)).scalar_subquery()
    rows = session.execute(
        select(TABLE.c.id, TABLE.c.digest, *_CONTENT)
        .where(TABLE.c.id >= func.coalesce(last_sealed, 0))
        .order_by(TABLE.c.id)
    ).all()
    previous, links = GENESIS, []
    for row in rows:
        if row.digest is not None:
            previous = row.digest  # the newest sealed row: the chain goes on from it
            continue
        previous = _link(previous, row)
        links.append({"row_id": row.id, "row_digest": previous})
    if links:
        session.execute(
            update(TABLE)
            .where(TABLE.c.id == bindparam("row_id"))
            .values(digest=bindparam("row_digest")),
            links,
        )
    return len(links)


@dataclass(frozen=True)
class ChainBreak:
    row_id: int  # the first row that does not follow the one before
    unsealed: bool  # it has no digest at all (written outside kpidesk)


def verify(session: Session) -> ChainBreak | None:
    """The first audit row whose digest does not follow from the row before (rewritten,
    inserted, or a row before it deleted), or None when the whole chain holds."""
    previous = GENESIS
    rows = session.execute(select(TABLE.c.id, TABLE.c.digest, *_CONTENT).order_by(TABLE.c.id))
    for row in rows:
        if row.digest is None:
            return ChainBreak(row.id, True)
        expected = _link(previous, row)
        if row.digest != expected:
            return ChainBreak(row.id, False)
        previous = row.digest
    return None


def head(session: Session) -> tuple[int, str] | None:
    """The newest sealed row's id and digest: what paper copies print."""
    row = session.execute(
        select(TABLE.c.id, TABLE.c.digest)
        .where(TABLE.c.digest.is_not(None))
        .order_by(TABLE.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else (row.id, row.digest)
