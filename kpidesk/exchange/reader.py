"""Reading a workbook into rows keyed by column, wherever the header row is.

Real files are messy: a title row or a merged group header above the column names, empty
columns, trailing blank rows. The header row is the row (among the first ten) naming the most
known columns, in either language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from kpidesk.i18n import _

from .cells import blank
from .columns import column_key, sheet_key

ENGINES = ("calamine", "openpyxl")


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None  # as Excel numbers it
    column: str | None  # letter and title, e.g. "F (Actual)"
    message: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += " " + _("row {row}").format(row=self.row)
        if self.column:
            where += " " + _("column {column}").format(column=self.column)
        return f"{where}: {self.message}"


@dataclass
class Sheet:
    title: str
    kind: str | None  # a sheet key, or None for a template's provider sheet
    columns: dict[str, int]  # column key → position
    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (Excel row number, cells)

    def where(self, key: str) -> str:
        position = self.columns[key]
        return f"{get_column_letter(position + 1)} ({self.headers[position]})"

    def get(self, cells: list, key: str):
        position = self.columns.get(key)
        return None if position is None or position >= len(cells) else cells[position]


def read_workbook(path: Path, engine: str = "calamine") -> tuple[list[Sheet], list[Problem]]:
    try:
        # keep_default_na=False: "n/a" or "NULL" typed in a cell is text to report, not an empty cell
        frames = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine=engine,
                               keep_default_na=False, na_values=[])
    except Exception as exc:  # not a workbook, damaged, encrypted: say so, write nothing
        return [], [Problem(Path(path).name, None, None,
                            _("cannot be read as an Excel workbook: {error}").format(error=exc))]
    sheets = []
    for title, frame in frames.items():
        grid = frame.where(frame.notna(), None).values.tolist()
        header_at, best = None, 1
        for index, cells in enumerate(grid[:10]):
            known = sum(1 for cell in cells if column_key(cell))
            if known > best:
                header_at, best = index, known
        if header_at is None:
            continue  # instructions, lists, notes: not data
        headers = ["" if blank(cell) else str(cell).strip() for cell in grid[header_at]]
        columns = {}
        for position, header in enumerate(headers):
            key = column_key(header)
            if key and key not in columns:
                columns[key] = position
        sheet = Sheet(str(title), sheet_key(title), columns, headers)
        for offset, cells in enumerate(grid[header_at + 1:], start=header_at + 2):
            if not all(blank(cell) for cell in cells):
                sheet.rows.append((offset, cells))
        sheets.append(sheet)
    return sheets, []
