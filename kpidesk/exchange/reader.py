"""Reading a workbook into rows keyed by column, wherever the header row is.

Real files are messy: a title row or a merged group header above the column names, empty
columns, trailing blank rows. The header row is the row (among the first ten) naming the most
known columns, in either language."""

from __future__ import annotations

import logging
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineError, CalamineWorkbook, PasswordError
from openpyxl.utils import get_column_letter

from kpidesk.core.problems import Cell, KpideskError, Problem
from kpidesk.i18n import N_

from .cells import blank
from .columns import column_key, sheet_key

ENGINES = ("calamine", "openpyxl")


def sheet_problem(
    sheet: str,
    row: int | None,
    column: str | None,
    message: str | Problem | KpideskError,
    /,
    **params: object,
) -> Problem:
    """A problem of a workbook, located by sheet, row (as Excel numbers it) and column (letter
    and title, e.g. "F (Actual)"); ``message`` a template (with ``params``) or a Problem."""
    where = Cell(sheet, row, column)
    if isinstance(message, KpideskError):
        message = message.problem
    if isinstance(message, Problem):
        return Problem(message.code, where, {**message.params, **params}, message.context)
    return Problem(message, where, params)


@dataclass
class Sheet:
    title: str
    kind: str | None  # a sheet key, or None for a template's provider sheet
    columns: dict[str, int]  # column key → position
    headers: list[str]
    grid: list[list] = field(default_factory=list)  # the cells below the header row
    first_row: int = 2  # the Excel number of grid[0]

    @property
    def rows(self) -> list[tuple[int, list]]:
        """(Excel row number, cells) of every row that is not blank."""
        return [
            (self.first_row + i, cells)
            for i, cells in enumerate(self.grid)
            if not all(blank(cell) for cell in cells)
        ]

    def where(self, key: str) -> str:
        position = self.columns[key]
        return f"{get_column_letter(position + 1)} ({self.headers[position]})"

    def get(self, cells: list, key: str):
        position = self.columns.get(key)
        return None if position is None or position >= len(cells) else cells[position]

    def column(self, key: str) -> np.ndarray:
        """The raw cells of one column below the header ("" where the sheet has no such column
        or a row stops short of it)."""
        position = self.columns.get(key)
        if position is None:
            return np.full(len(self.grid), "", dtype=object)
        if self._shortest_row > position:
            cells = map(itemgetter(position), self.grid)
        else:
            cells = (row[position] if len(row) > position else "" for row in self.grid)
        return np.fromiter(cells, dtype=object, count=len(self.grid))

    @cached_property
    def _shortest_row(self) -> int:
        return min(map(len, self.grid), default=0)

    @property
    def row_numbers(self) -> np.ndarray:
        return np.arange(self.first_row, self.first_row + len(self.grid))


def _grids(path: Path, engine: str) -> dict[str, list[list]]:
    if engine == "calamine":
        # python-calamine, the reader behind pandas' fastest engine, called directly: a
        # DataFrame of 600,000 rows converted cell by cell would cost more than the reading.
        # It parses without holding the GIL, so the sheets of a workbook (a template has one
        # per data provider) are read side by side, one workbook handle per thread.
        names = CalamineWorkbook.from_path(str(path)).sheet_names

        def grid(name: str) -> list[list]:
            book = CalamineWorkbook.from_path(str(path))
            return book.get_sheet_by_name(name).to_python(skip_empty_area=False)

        with ThreadPoolExecutor(max_workers=max(1, min(len(names), os.cpu_count() or 1))) as pool:
            return dict(zip(names, pool.map(grid, names)))
    frames = pd.read_excel(
        path,
        sheet_name=None,
        header=None,
        dtype=object,
        engine=engine,
        keep_default_na=False,
        na_values=[],
    )
    return {
        str(title): frame.where(frame.notna(), "").values.tolist()
        for title, frame in frames.items()
    }


_log = logging.getLogger(__name__)
# What the readers raise for a file that is no workbook they can read (calamine's errors, and
# openpyxl's through pandas: not a zip, not an xlsx, a part missing); anything else is a bug.
_UNREADABLE = (CalamineError, OSError, zipfile.BadZipFile, InvalidFileException, ValueError, KeyError)


def _why_unreadable(error: Exception, path: Path) -> Problem:
    if isinstance(error, PasswordError):
        return Problem(N_("it is protected by a password"))
    # calamine says a missing file as a bare OSError (no errno): ask the file system
    if isinstance(error, FileNotFoundError) or not path.exists():
        return Problem(N_("the file does not exist"))
    if isinstance(error, PermissionError):
        return Problem(N_("the file may not be read (permissions)"))
    if isinstance(error, OSError) and not isinstance(error, zipfile.BadZipFile):
        return Problem(N_("the file cannot be opened"))
    return Problem(N_("it is not an Excel file, or it is damaged"))


def read_workbook(path: Path, engine: str = "calamine") -> tuple[list[Sheet], list[Problem]]:
    try:
        # Empty cells read as "", and "n/a" or "NULL" typed in a cell stays text to report.
        grids = _grids(Path(path), engine)
    except _UNREADABLE as exc:  # not a workbook, damaged, encrypted: say so, write nothing
        # The reading library's own words are English and technical: they go to the log, the
        # user reads why in ours.
        _log.info("cannot read %s as a workbook: %r", path, exc)
        return [], [
            sheet_problem(
                Path(path).name,
                None,
                None,
                N_("cannot be read as an Excel workbook: {error}"),
                error=_why_unreadable(exc, Path(path)),
            )
        ]
    sheets = []
    for title, grid in grids.items():
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
        if sheet_key(title) == "dictionary" and "period" in columns and "cycle" not in columns:
            columns["cycle"] = columns.pop("period")  # earlier versions titled the cycle 考核周期
        sheets.append(
            Sheet(
                str(title), sheet_key(title), columns, headers, grid[header_at + 1 :], header_at + 2
            )
        )
    return sheets, []
