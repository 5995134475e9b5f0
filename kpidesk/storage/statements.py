"""Counting the SQL statements an operation costs, for tests and benchmarks (the UI may not
import SQLAlchemy, so the listener lives here)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from kpidesk.storage.document import Document


class StatementCount:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def counting_statements(document: Document) -> Iterator[StatementCount]:
    """Every statement sent to the document's database while the block runs."""
    counted = StatementCount()

    def before(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        counted.statements.append(statement)

    event.listen(document.engine, "before_cursor_execute", before)
    try:
        yield counted
    finally:
        event.remove(document.engine, "before_cursor_execute", before)
