"""Which contract line and period each row of a sheet speaks of, for the whole sheet at once.

A column of 600,000 cells holds a few thousand distinct codes: each distinct cell is read once
(``pd.factorize``), and rows are then matched to lines as integer keys, not dict by dict."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from kpidesk.core.periods import Period
from kpidesk.core.problems import said, term
from kpidesk.i18n import N_

from .cells import CellError, blank, number, text
from .reader import Problem, Sheet, sheet_problem

KEYS = ("position_code", "kpi_code", "line_no", "period")
_NONE, _UNKNOWN, _BAD = -1, -2, -3
_NO_PERIOD = (-1, -1, False)  # for distinct cells of rows already left out


@dataclass
class Keyed:
    """Integer keys → rows of the lookups table (the first row where a key repeats)."""

    index: pd.Index
    rows: np.ndarray

    @classmethod
    def of(cls, keys: np.ndarray, rows: np.ndarray) -> Keyed:
        first = ~pd.Index(keys).duplicated()
        return cls(pd.Index(keys[first]), rows[first])

    def find(self, keys: np.ndarray) -> np.ndarray:
        at = self.index.get_indexer(keys)
        return np.where(at >= 0, self.rows[at] if len(self.rows) else -1, -1)


@dataclass
class Lookups:
    """Every contract line of the firm, as columns, and the keys that find them."""

    line_ids: np.ndarray
    kpis: np.ndarray  # index into kpi_codes
    statuses: np.ndarray  # the contract's status
    rules: list[dict]
    kpi_codes: dict[str, int]
    positions: dict[str, int]
    years: dict[int, int]
    periods: dict[str, tuple[int, int, bool]]  # code → (period id, year, closed)
    width: int  # line numbers and KPI indexes are below it
    by_number: Keyed | None = None  # (position, year, line no)
    by_kpi: Keyed | None = None  # (position, year, KPI), for a KPI once in its contract

    def key(self, position: np.ndarray, year: np.ndarray, third: np.ndarray) -> np.ndarray:
        return (position * max(len(self.years), 1) + year) * self.width + third

    def has_line(self, position_code: str, year: int, line_no: int) -> bool:
        position, year_ = self.positions.get(position_code), self.years.get(year)
        if position is None or year_ is None or not 0 < line_no < self.width:
            return False
        key = self.key(np.array([position]), np.array([year_]), np.array([line_no]))
        return bool(self.by_number.find(key)[0] >= 0)

    def kpi_of_line(self, lines: np.ndarray) -> np.ndarray:
        return np.append(self.kpis, _BAD)[lines]  # line −1 (none) has no KPI


def lookups(line_table: list[tuple], period_index: dict[str, dict]) -> Lookups:
    """line_table: (line id, position code, year, line no, KPI code, rule, weight, status)."""
    columns = list(zip(*line_table)) if line_table else [()] * 8
    line_ids, positions, years, numbers, kpis, rules, _weights, statuses = columns
    position_of = {code: i for i, code in enumerate(dict.fromkeys(positions))}
    year_of = {year: i for i, year in enumerate(dict.fromkeys(years))}
    kpi_of = {code: i for i, code in enumerate(dict.fromkeys(kpis))}
    position = np.array([position_of[p] for p in positions], dtype=np.int64)
    year = np.array([year_of[y] for y in years], dtype=np.int64)
    kpi = np.array([kpi_of[k] for k in kpis], dtype=np.int64)
    number_ = np.array(numbers, dtype=np.int64)
    table = Lookups(
        line_ids=np.array(line_ids, dtype=np.int64),
        kpis=kpi,
        statuses=np.array(statuses, dtype=object),
        rules=list(rules),
        kpi_codes=kpi_of,
        positions=position_of,
        years=year_of,
        periods={
            code: (info["id"], info["year"], bool(info["closed"]))
            for code, info in period_index.items()
        },
        width=max(len(kpi_of), int(number_.max(initial=0))) + 1,
    )
    rows = np.arange(len(line_ids))
    table.by_number = Keyed.of(table.key(position, year, number_), rows)
    by_kpi = table.key(position, year, kpi)
    once = ~pd.Index(by_kpi).duplicated(keep=False)
    table.by_kpi = Keyed.of(by_kpi[once], rows[once])
    return table


class Distinct:
    """A whole column of cells as its distinct cells and, per row, which one: whatever is
    read from a cell is read once per distinct cell and spread back over the rows (found when
    first needed: a column of values that are mostly different is only tested for blanks)."""

    def __init__(self, cells: np.ndarray):
        self.cells, self._codes, self._values, self._blank = cells, None, None, None

    def map(self, read, dtype=object, at: np.ndarray | slice = slice(None)) -> np.ndarray:
        """``read`` of the cells at these positions."""
        if self._codes is None:
            self._codes, self._values = pd.factorize(self.cells, use_na_sentinel=False)
        return np.array([read(cell) for cell in self._values], dtype=dtype)[self._codes[at]]

    @cached_property
    def kinds(self) -> np.ndarray:
        """The type of every cell."""
        return np.fromiter(map(type, self.cells), object, len(self.cells))

    def blank(self) -> np.ndarray:
        """Which cells are empty. A column of mostly numbers (the actuals) is tested cell by
        cell with numpy; a column of mostly texts through its few distinct texts."""
        if self._blank is None:
            texts = np.flatnonzero(self.kinds == str)
            if self._codes is not None or len(texts) > len(self.cells) // 2:
                self._blank = self.map(blank, bool)
            else:
                self._blank = pd.isna(self.cells)
                self._blank[texts] = [not cell.strip() for cell in self.cells[texts].tolist()]
        return self._blank


@dataclass
class Located:
    """The rows of a sheet that name a line and a period: their positions in the sheet's
    columns, Excel row numbers, contract lines and periods."""

    at: np.ndarray  # positions in the columns
    rows: np.ndarray  # Excel row numbers
    columns: dict[str, Distinct]  # every column asked for, whole
    lines: np.ndarray  # row of the lookups table
    period_ids: np.ndarray
    closed: np.ndarray  # the period is closed

    def cells(self, key: str) -> np.ndarray:
        return self.columns[key].cells[self.at]

    def map(self, key: str, read, dtype=object) -> np.ndarray:
        return self.columns[key].map(read, dtype, self.at)

    def only(self, keep: np.ndarray) -> Located:
        return Located(
            self.at[keep],
            self.rows[keep],
            self.columns,
            self.lines[keep],
            self.period_ids[keep],
            self.closed[keep],
        )


def per_distinct(cells: np.ndarray, read, dtype=object) -> np.ndarray:
    """``read`` applied once to each distinct cell, spread back over the column."""
    return Distinct(cells).map(read, dtype)


class Reporter:
    """Problems of a sheet, named by Excel row and column."""

    def __init__(self, sheet: Sheet):
        self.sheet, self.problems = sheet, []

    def __call__(self, rows, key: str, messages) -> None:
        column = self.sheet.where(key) if key in self.sheet.columns else None
        for row, message in zip(rows, messages):
            self.problems.append(sheet_problem(self.sheet.title, int(row), column, message))

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.where.row or 0, p.where.column or ""))


def period_code(cell) -> str:
    """The period a cell names, as the firm codes it ("2003-q1" → "2003-Q1"); "" if none."""
    try:
        return Period.parse(text(cell)).code
    except ValueError:
        return ""


def locate(sheet: Sheet, table: Lookups, report: Reporter, extra: tuple[str, ...]) -> Located:
    """The rows that are not blank and name a known period and contract line, with the raw
    cells of ``extra`` columns; every other row that is not blank is reported."""
    keys = KEYS + extra
    columns = {key: Distinct(sheet.column(key)) for key in keys}
    empty = np.ones(sheet.height, dtype=bool)
    for key in (key for key in keys if key in sheet.columns):
        empty &= columns[key].map(blank, bool) if key in KEYS else columns[key].blank()
    at = np.flatnonzero(~empty)
    period = columns["period"]
    bad = period.map(lambda c: not period_code(c), bool, at)
    message = N_("'{code}' is not a period code (use 2003-01, 2003-Q1, 2003-H1 or 2003)")
    report(
        sheet.row_numbers[at[bad]],
        "period",
        (said(message, code=text(c)) for c in period.cells[at[bad]]),
    )
    unknown = ~bad & ~period.map(lambda c: period_code(c) in table.periods, bool, at)
    message = N_("period {period} is not in any assessment year of this firm")
    report(
        sheet.row_numbers[at[unknown]],
        "period",
        (said(message, period=period_code(c)) for c in period.cells[at[unknown]]),
    )
    at = at[~bad & ~unknown]
    rows = sheet.row_numbers[at]
    period_ids, years, closed = (
        period.map(lambda c, i=i: table.periods.get(period_code(c), _NO_PERIOD)[i], dtype, at)
        for i, dtype in enumerate((np.int64, np.int64, bool))
    )

    number_ = columns["line_no"].map(_line_number, np.int64, at)
    not_number = number_ == _BAD
    message = N_("'{text}' is {error}")
    report(
        rows[not_number],
        "line_no",
        (
            said(message, text=text(c), error=term(N_("not a number")))
            for c in columns["line_no"].cells[at[not_number]]
        ),
    )
    position = columns["position_code"].map(
        lambda c: table.positions.get(text(c), _UNKNOWN), np.int64, at
    )
    kpi = columns["kpi_code"].map(
        lambda c: table.kpi_codes.get(text(c), _UNKNOWN) if text(c) else _NONE, np.int64, at
    )
    year = per_distinct(years, lambda y: table.years.get(y, _UNKNOWN), np.int64)
    line = np.full(len(rows), -1, dtype=np.int64)
    usable = (position >= 0) & (year >= 0)
    numbered = usable & (number_ > 0) & (number_ < table.width)
    line[numbered] = table.by_number.find(
        table.key(position[numbered], year[numbered], number_[numbered])
    )
    by_kpi = usable & (number_ == _NONE) & (kpi >= 0)
    line[by_kpi] = table.by_kpi.find(table.key(position[by_kpi], year[by_kpi], kpi[by_kpi]))
    named = kpi != _NONE
    no_line = ~not_number & ((line < 0) | (named & (kpi != table.kpi_of_line(line))))
    message = N_("no line '{kpi}' in a {year} contract of position '{code}'")
    report(
        rows[no_line],
        "kpi_code" if "kpi_code" in sheet.columns else "position_code",
        (
            said(message, kpi=text(k), year=y, code=text(c))
            for k, y, c in zip(
                columns["kpi_code"].cells[at[no_line]],
                years[no_line],
                columns["position_code"].cells[at[no_line]],
            )
        ),
    )
    ok = ~no_line & ~not_number
    return Located(at, rows, columns, line, period_ids, closed).only(ok)


def _line_number(cell) -> int:
    """A contract line number; _NONE for an empty cell, _BAD for one that is not a number."""
    if blank(cell):
        return _NONE
    try:
        value = number(cell)
    except CellError:
        return _BAD
    return int(value) if value.is_integer() and value > 0 else _UNKNOWN
