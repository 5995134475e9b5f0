"""What the backup tests share: a document's unit codes read without touching it, and a unit
added behind kpidesk's back (a change a backup does or does not hold)."""

from __future__ import annotations

import sqlite3


def units(path) -> set[str]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return {row[0] for row in connection.execute("SELECT code FROM units")}
    finally:
        connection.close()


def add_unit(path, code: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO units (code, name, kind, sort) VALUES (?, '新部门', 'department', 99)",
            (code,),
        )
    connection.close()
