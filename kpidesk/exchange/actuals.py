"""Checking a sheet of actuals in bulk: every row resolved to its contract line and period,
every value parsed, every problem named, without a Python loop over the rows that are fine."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpidesk.core.entry import parse_number
from kpidesk.core.lifecycle import LIFECYCLE
from kpidesk.core.problems import said, term
from kpidesk.core.rule_kinds import known_kind
from kpidesk.i18n import N_

from .cells import CellError, text
from .lines import Distinct, Located, Lookups, Reporter, locate, period_code
from .reader import Problem, Sheet, sheet_problem


def _none() -> np.ndarray:
    return np.empty(0, dtype=object)


def _no_ids() -> np.ndarray:
    return np.empty(0, dtype=np.int64)


@dataclass
class Resolved:
    """Checked actuals ready to write, one array per column (600,000 Python ints in lists
    would cost more memory than the cells they were read from)."""

    sheet: str
    rows: np.ndarray = field(default_factory=_no_ids)  # Excel row numbers
    line_ids: np.ndarray = field(default_factory=_no_ids)
    period_ids: np.ndarray = field(default_factory=_no_ids)
    values: np.ndarray = field(default_factory=_none)  # numeric lines: floats, else None
    texts: np.ndarray = field(default_factory=_none)  # level labels, task shortfalls, or None
    sources: np.ndarray = field(default_factory=_none)


def resolve(sheet: Sheet, table: Lookups, value_of) -> tuple[Resolved, list[Problem]]:
    """The rows to write and every problem. ``value_of(rule, raw)`` parses the actual of a
    grade or task line; a row with no actual is not reported yet, so it is left out."""
    report = Reporter(sheet)
    found = locate(sheet, table, report, ("actual", "source"))
    found = found.only(~found.columns["actual"].blank()[found.at])
    closed = found.closed | np.isin(table.statuses[found.lines], LIFECYCLE.refusing_actuals())
    message = N_("{period} is closed: its actuals cannot change")
    report(
        found.rows[closed],
        "period",
        (said(message, period=period_code(c)) for c in found.cells("period")[closed]),
    )
    found = found.only(~closed)
    found = _without_repeats(found, table, report)
    values, texts = _values(found, table, report, value_of)
    if report.problems:
        return Resolved(sheet.title), report.sorted()
    return Resolved(
        sheet.title,
        found.rows.astype(np.int64),
        table.line_ids[found.lines],
        found.period_ids.astype(np.int64),
        values,
        texts,
        found.map("source", text),
    ), []


def _without_repeats(found: Located, table: Lookups, report: Reporter) -> Located:
    keys = pd.Index(table.line_ids[found.lines] * (1 << 32) + found.period_ids)
    again = keys.duplicated(keep="first")
    if again.any():
        first = pd.Series(found.rows[~again], index=keys[~again])
        message = N_("the same line and period as row {row}")
        report(found.rows[again], "actual", (said(message, row=first[k]) for k in keys[again]))
    return found.only(~again)


def _values(found: Located, table: Lookups, report: Reporter, value_of):
    """Numbers for numeric lines (each distinct cell read once), the rule's own reading for
    grade and task lines; None in the other list."""
    raw = found.cells("actual")
    lines = np.unique(found.lines)
    numeric_lines = np.fromiter((_numeric(table.rules[i]) for i in lines), bool, len(lines))
    numeric = np.isin(found.lines, lines[numeric_lines])
    cells = raw[numeric]
    kinds = found.columns["actual"].kinds[found.at[numeric]]
    plain = (kinds == float) | (kinds == int)  # not bool: TRUE is not a number
    values = np.empty(len(cells), dtype=object)
    bad = np.zeros(len(cells), dtype=bool)
    numbers = cells[plain].astype(float)
    values[plain] = numbers.astype(object)  # Python floats
    bad[plain] = ~np.isfinite(numbers)
    values[bad] = term(N_("not a number"))
    typed = Distinct(cells[~plain])  # numbers as text, "12.5%", full-width digits, words
    values[~plain] = typed.map(_number)
    bad[~plain] = typed.map(lambda cell: isinstance(_number(cell), Problem), bool)
    message = N_("'{text}' is {error}")
    report(
        found.rows[numeric][bad],
        "actual",
        (said(message, text=text(c), error=e) for c, e in zip(cells[bad], values[bad])),
    )
    all_values = np.full(len(raw), None, dtype=object)
    all_values[numeric] = values
    all_texts = np.full(len(raw), None, dtype=object)
    for i in np.flatnonzero(~numeric).tolist():  # levels and task shortfalls: few
        try:
            all_texts[i] = value_of(table.rules[found.lines[i]], raw[i])
        except CellError as exc:
            report([found.rows[i]], "actual", [exc.problem])
    return all_values, all_texts


def _numeric(rule) -> bool:
    """A line whose actual is a plain number (read here in bulk); the others — levels, task
    shortfalls, deduction items — go to the rule's own reading."""
    kind = known_kind(rule)
    return kind is not None and kind.numeric


def _number(cell) -> float | Problem:
    """The number in a cell, or why it is not one (put into words when shown)."""
    try:
        return parse_number(cell)
    except CellError as exc:
        return exc.problem


def across_sheets(sheets: list[Resolved]) -> list[Problem]:
    """A line and period given on two sheets: the later rows are named."""
    if len(sheets) < 2:
        return []
    keys = pd.Index(
        np.concatenate(
            [
                np.asarray(s.line_ids, np.int64) * (1 << 32) + np.asarray(s.period_ids, np.int64)
                for s in sheets
            ]
        )
    )
    where = [(s.sheet, row) for s in sheets for row in s.rows.tolist()]
    again = keys.duplicated(keep="first")
    first = dict(zip(keys[~again], (w for w, a in zip(where, again) if not a)))
    message = N_("the same line and period as {sheet} row {row}")
    return [
        sheet_problem(sheet, row, None, message, sheet=first[k][0], row=first[k][1])
        for k, (sheet, row) in zip(keys[again], (w for w, a in zip(where, again) if a))
    ]
