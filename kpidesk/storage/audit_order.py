"""On a server database, transactions that write audit rows take turns (issue 13).

The audit log is a hash chain in id order (``audit_chain``), each transaction linking its rows
after the newest sealed row before it commits. With two writers, ids could be handed out in one
order and committed in the other: the later committer's rows would lie before rows already
linked (never sealed), or two transactions would link from the same row (a fork), and
``kpidesk check`` would report a tampered log that nobody touched. So, on PostgreSQL, a
transaction takes a transaction-scoped advisory lock before its first audit row is written and
keeps it until it commits or rolls back: audit ids are handed out in commit order, each seal
sees every row before its own, and a window's poll of ``max(id)`` never passes a row still to
come. One statement per writing transaction; SQLite has one writer at a time already."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

_KEY = 0x4B504944  # "KPID": the same for every kpidesk on the database
_TAKEN = "audit_turn"


def take_turn(session: Session) -> None:
    """Wait for this transaction's turn to write audit rows (once per transaction)."""
    if session.info.get(_TAKEN):
        return
    if session.get_bind().dialect.name != "postgresql":
        return
    session.info[_TAKEN] = True
    session.execute(select(func.pg_advisory_xact_lock(_KEY)))


def turn_over(session: Session) -> None:
    """The transaction ended: the server released the lock; the next one takes it anew."""
    session.info.pop(_TAKEN, None)
