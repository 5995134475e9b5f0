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
from itertools import islice
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
from .memory import give_back_freed_memory
from .sheet_scan import scan, sparse_grid

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
    # The cells below the header row, column by column (a list of 600,000 rows of cells
    # would cost three times the memory of the cells themselves).
    cells: list[np.ndarray] = field(default_factory=list)
    first_row: int = 2  # the Excel number of the first row of cells
    numbers: list[int] | None = None  # each row's Excel number, when read sparsely

    @property
    def height(self) -> int:
        """How many rows there are below the header row."""
        return len(self.cells[0]) if self.cells else 0

    @property
    def grid(self) -> list[list]:
        """The cells below the header row, row by row (for the small sheets read so)."""
        return [list(cells) for cells in zip(*self.cells)] if self.cells else []

    @property
    def rows(self) -> list[tuple[int, list]]:
        """(Excel row number, cells) of every row that is not blank."""
        return [
            (number, cells)
            for number, cells in zip(self.row_numbers.tolist(), self.grid)
            if not all(blank(cell) for cell in cells)
        ]

    def where(self, key: str) -> str:
        position = self.columns[key]
        return f"{get_column_letter(position + 1)} ({self.headers[position]})"

    def get(self, cells: list, key: str):
        position = self.columns.get(key)
        return None if position is None or position >= len(cells) else cells[position]

    def column(self, key: str) -> np.ndarray:
        """The raw cells of one column below the header ("" where the sheet has no such
        column), as read: not a copy."""
        position = self.columns.get(key)
        if position is None or position >= len(self.cells):
            return np.full(self.height, "", dtype=object)
        return self.cells[position]

    @property
    def row_numbers(self) -> np.ndarray:
        if self.numbers is not None:
            return np.asarray(self.numbers, dtype=np.int64)
        return np.arange(self.first_row, self.first_row + self.height)


@dataclass
class Grid:
    """A sheet's cells as read, column by column: every row from the first (``numbers``
    None), or, for a sheet whose used range is absurd, only the rows holding something with
    their Excel numbers; ``faults``: (row, column, what it shows) of cells holding an error,
    NaN or infinity."""

    columns: list[np.ndarray]
    numbers: list[int] | None = None
    faults: list[tuple[int, int, str]] = field(default_factory=list)

    def numbered(self, limit: int | None = None) -> list[tuple[int, list]]:
        """(Excel row number, cells) of each row read (of the first ``limit``)."""
        rows = [list(cells) for cells in zip(*(column[:limit] for column in self.columns))]
        if self.numbers is None:
            return list(enumerate(rows, 1))
        return list(zip(self.numbers[:limit], rows))

    def below(self, index: int) -> list[np.ndarray]:
        """The columns from row ``index`` (0-based) down: views, not copies."""
        return [column[index:] for column in self.columns]


def columns_of(rows: list[list] | list[tuple]) -> list[np.ndarray]:
    """Rows of cells as columns (rows that stop short read "" beyond their end)."""
    width = max(map(len, rows), default=0)
    return [
        np.fromiter(
            (row[position] if position < len(row) else "" for row in rows), object, len(rows)
        )
        for position in range(width)
    ]


def _grids(path: Path, engine: str) -> dict[str, Grid]:
    # Both engines read what the scan found: an openpyxl read of a sheet whose cells reach
    # XFD1048576 would build the whole grid too (gigabytes), and pandas reads an error cell
    # as empty just as calamine does.
    scans = scan(path, faults=False)  # how far each sheet reaches, before anything reads it
    absurd = {name for name, found in scans.items() if found.absurd}
    with ThreadPoolExecutor(max_workers=1) as aside:
        looked = aside.submit(scan, path, shape=False)  # the faults, while calamine parses
        dense = _dense_grids(path, engine, skip=absurd)
        faulty = looked.result()
    grids = {}
    for name in CalamineWorkbook.from_path(str(path)).sheet_names:
        faults = faulty[name].faults if name in faulty else []
        if name in absurd:
            # One stray cell at XFD1048576 would make calamine ask for 512 GB and abort.
            _log.info(
                "sheet %r of %s reaches row %d: read sparsely", name, path, scans[name].last_row
            )
            rows, numbers = sparse_grid(path, name)
            grids[name] = Grid(columns_of(rows), numbers, faults)
        else:
            grids[name] = Grid(dense[name], None, faults)
    return grids


def _dense_grids(
    path: Path, engine: str, skip: set[str] = frozenset()
) -> dict[str, list[np.ndarray]]:
    if engine == "calamine":
        # python-calamine, the reader behind pandas' fastest engine, called directly: a
        # DataFrame of 600,000 rows converted cell by cell would cost more than the reading.
        # It parses without holding the GIL, so the sheets of a workbook (a template has one
        # per data provider) are read side by side, one workbook handle per thread.
        names = [n for n in CalamineWorkbook.from_path(str(path)).sheet_names if n not in skip]

        def grid(name: str) -> list[np.ndarray]:
            book = CalamineWorkbook.from_path(str(path))
            return _calamine_columns(book.get_sheet_by_name(name))

        with ThreadPoolExecutor(max_workers=max(1, min(len(names), os.cpu_count() or 1))) as pool:
            read = dict(zip(names, pool.map(grid, names)))
        give_back_freed_memory()
        return read
    names = [n for n in CalamineWorkbook.from_path(str(path)).sheet_names if n not in skip]
    if not names:
        return {}
    frames = pd.read_excel(
        path,
        sheet_name=names,
        header=None,
        dtype=object,
        engine=engine,
        keep_default_na=False,
        na_values=[],
    )
    return {
        str(title): [
            column.to_numpy(dtype=object) for _, column in frame.where(frame.notna(), "").items()
        ]
        for title, frame in frames.items()
    }


_CHUNK_ROWS = 1 << 14  # a block's rows as lists: a few megabytes


def _calamine_columns(sheet) -> list[np.ndarray]:
    """The sheet's cells, column by column, taken from calamine a block of rows at a time (so
    its rows as Python lists never all exist at once) into columns made to size. calamine
    makes a new object for every cell, the same code 600,000 times over: each distinct text
    and number is kept once."""
    rows, width = sheet.iter_rows(), sheet.width
    height = sheet.start[0] + sheet.height if sheet.start else 0  # its rows start at the first
    columns = [np.full(height, "", dtype=object) for _ in range(width)]
    kept: list[dict] = [{} for _ in range(width)]
    done = 0
    while block := list(islice(rows, _CHUNK_ROWS)):
        if done + len(block) > height:  # more rows than calamine said: room made
            height = done + len(block)
            columns = [np.concatenate([c[:done], np.full(len(block), "", object)]) for c in columns]
        for position, column in enumerate(columns):
            cells = np.fromiter(map(itemgetter(position), block), object, len(block))
            kinds = np.fromiter(map(type, cells), object, len(block))
            texts = kinds == str
            if texts.any():
                codes, distinct = pd.factorize(cells[texts])
                cells[texts] = _kept(distinct.tolist(), kept[position])[codes]
            numbers = kinds == float  # never texts and numbers at once, nor TRUE with 1.0
            if numbers.any():
                values = cells[numbers].astype(float)
                plain = (values != 0) & ~np.isnan(values)  # not 0.0 and -0.0 (equal, not same)
                numbers[numbers] = plain
                codes, distinct = pd.factorize(values[plain])  # as float64: the fast table
                cells[numbers] = _kept(distinct.tolist(), kept[position])[codes]
            column[done : done + len(block)] = cells
        done += len(block)
    # Its columns start at the first one used: from column A, as headers and problems name them.
    left = sheet.start[1] if sheet.start and width else 0
    blank = [np.full(done, "", dtype=object) for _ in range(left)]
    return blank + [column[:done] for column in columns]


def _kept(values: list, kept: dict) -> np.ndarray:
    """The one object kept for each of these distinct values (of one type)."""
    return np.array([kept.setdefault(value, value) for value in values], dtype=object)


_log = logging.getLogger(__name__)
# What the readers raise for a file that is no workbook they can read (calamine's errors, and
# openpyxl's through pandas: not a zip, not an xlsx, a part missing); anything else is a bug.
_UNREADABLE = (
    CalamineError,
    OSError,
    zipfile.BadZipFile,
    InvalidFileException,
    ValueError,
    KeyError,
)


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


# The formats kpidesk reads: an .xlsx (or .xlsm) is looked at before calamine reads it
# (``sheet_scan``: how far its cells really reach). An .xls, .xlsb or .ods cannot be looked at
# so, and one stray cell far out in it would make calamine ask for hundreds of gigabytes and
# abort the process: such a file is refused with the way out (save it as .xlsx).
READABLE = (".xlsx", ".xlsm")


def read_workbook(path: Path, engine: str = "calamine") -> tuple[list[Sheet], list[Problem]]:
    if Path(path).suffix.lower() not in READABLE and Path(path).exists():
        return [], [
            sheet_problem(
                Path(path).name,
                None,
                None,
                N_(
                    "kpidesk reads Excel workbooks (.xlsx): save this file as an .xlsx workbook "
                    "in Excel or WPS and import that"
                ),
            )
        ]
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
    sheets, problems = [], []
    for title, grid in grids.items():
        numbered = grid.numbered(10)  # the header row is among the first ten
        header_at, best = None, 1
        for index, (number, cells) in enumerate(numbered):
            known = sum(1 for cell in cells if column_key(cell)) if number <= 10 else 0
            if known > best:
                header_at, best = index, known
        if header_at is None:
            continue  # instructions, lists, notes: not data
        header_number, header_cells = numbered[header_at]
        headers = ["" if blank(cell) else str(cell).strip() for cell in header_cells]
        columns: dict[str, int] = {}
        for position, header in enumerate(headers):
            key = column_key(header)
            if key is None:
                continue
            if key in columns:  # which of the two would the import read? Neither: say so
                problems.append(_twice(str(title), header_number, headers, columns[key], position))
            else:
                columns[key] = position
        if sheet_key(title) == "dictionary" and "period" in columns and "cycle" not in columns:
            columns["cycle"] = columns.pop("period")  # earlier versions titled the cycle 考核周期
        sheet = Sheet(
            str(title),
            sheet_key(title),
            columns,
            headers,
            grid.below(header_at + 1),
            header_number + 1,
            None if grid.numbers is None else grid.numbers[header_at + 1 :],
        )
        problems += _faults(sheet, grid.faults, header_number)
        sheets.append(sheet)
    return sheets, problems


def _twice(title: str, row: int, headers: list[str], first: int, second: int) -> Problem:
    return sheet_problem(
        title,
        row,
        None,
        N_("the column title '{column}' appears twice: columns {first} and {second}"),
        column=headers[first],
        first=get_column_letter(first + 1),
        second=get_column_letter(second + 1),
    )


def _faults(sheet: Sheet, faults: list[tuple[int, int, str]], header_row: int) -> list[Problem]:
    """Cells under a known column holding an Excel error, NaN or infinity: calamine reads them
    as empty, and an empty actual would pass for one not reported."""
    keys = {position: key for key, position in sheet.columns.items()}
    return [
        sheet_problem(
            sheet.title,
            row,
            sheet.where(keys[column]),
            N_("the cell holds {value}: an Excel error, NaN or infinity is not a value to import"),
            value=shown,
        )
        for row, column, shown in faults
        if row > header_row and column in keys
    ]
