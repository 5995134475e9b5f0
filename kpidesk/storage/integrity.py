"""Database-level integrity: SQLite's own checks; a server checks itself."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def integrity_problems(session: Session) -> list[str]:
    if session.bind.dialect.name != "sqlite":
        return []
    problems = [row[0] for row in session.execute(text("PRAGMA integrity_check")) if row[0] != "ok"]
    for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        problems.append(f"{table} row {rowid} points at a missing {parent} row")
    return problems
