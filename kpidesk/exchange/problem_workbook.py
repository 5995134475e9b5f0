"""A refused import's problems as a workbook to send back to the data provider: each sheet of
theirs that has a problem, with their rows as read, a last column saying everything wrong in
the row (in the language asked for) and the cells at fault highlighted; a first sheet lists
every problem, also those of no row (a missing column, an unreadable sheet)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from openpyxl.utils import column_index_from_string

from kpidesk.core.problems import Cell, Problem
from kpidesk.core.safe_names import sheet_name
from kpidesk.i18n import gettext, ngettext

from .reader import _UNREADABLE, _grids

_LETTER = re.compile(r"^([A-Z]{1,3})\b")


def _column(cell: object) -> int | None:
    """The 0-based column a problem's cell names ("F (Actual)" → 5), or None."""
    found = _LETTER.match(cell.column or "") if isinstance(cell, Cell) else None
    return column_index_from_string(found.group(1)) - 1 if found else None


def _said(problem: Problem, lang: str) -> str:
    """What is wrong, with the column it is in ("F (Actual): not a number")."""
    where = problem.where
    if isinstance(where, Cell) and where.column:
        return f"{where.column}: {problem.message(lang)}"
    return problem.message(lang)


def write_problem_workbook(
    source: Path, problems: list[Problem], path: Path, lang: str
) -> int:
    """Write ``path``: ``source``'s sheets that have problems, each row's problems in a last
    column, the cells at fault filled red. Returns how many rows were marked."""
    _ = lambda message: gettext(message, lang)  # noqa: E731
    try:
        grids = _grids(Path(source), "calamine")
    except _UNREADABLE:  # the workbook itself could not be read: the problems alone are sent
        grids = {}
    by_sheet: dict[str, dict[int | None, list[Problem]]] = defaultdict(lambda: defaultdict(list))
    for problem in problems:
        where = problem.where
        if isinstance(where, Cell):
            by_sheet[where.sheet][where.row].append(problem)
    book = xlsxwriter.Workbook(str(path))
    header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
    wrong = book.add_format({"bg_color": "#F4B6AE", "border": 1, "border_color": "#C0392B"})
    note = book.add_format({"font_color": "#9C1C0C", "text_wrap": True, "valign": "top"})
    # The provider's sheets keep their names (they are sent back and imported again); the
    # summary, first, takes a name none of them has.
    sources = [title for title in grids if by_sheet.get(title)]
    summary = book.add_worksheet(sheet_name(_("Problems"), {t.casefold() for t in sources}))
    summary.set_column(0, 0, 120)
    summary.write_string(
        0,
        0,
        ngettext(
            "{count} problem: fix it in the marked row and send the workbook back.",
            "{count} problems: fix them in the marked rows and send the workbook back.",
            len(problems),
            lang,
        ).format(count=len(problems)),
        header,
    )
    for number, problem in enumerate(problems, start=1):
        summary.write_string(number, 0, problem.text(lang))
    marked = 0
    titles = {summary.name.casefold()}
    for title in sources:
        grid, rows = grids[title].numbered(), by_sheet[title]
        sheet = book.add_worksheet(sheet_name(title, titles))
        width = max((len(cells) for _number, cells in grid), default=0)
        # The header is the first row with text in most cells: the column title goes beside it.
        top = [(number, cells) for number, cells in grid if number <= 10]
        header_row = top[_header_row([cells for _number, cells in top])][0] - 1 if top else 0
        for excel_row, cells in grid:
            r = excel_row - 1  # the row as the provider numbered it, gaps and all
            at_fault = {
                c for p in rows.get(excel_row, ()) if (c := _column(p.where)) is not None
            }
            for c, value in enumerate(cells):
                _write(sheet, r, c, value, wrong if c in at_fault else None)
            for c in at_fault - set(range(len(cells))):
                sheet.write_blank(r, c, None, wrong)
            found = rows.get(excel_row)
            if found:
                sheet.write_string(r, width, "\n".join(_said(p, lang) for p in found), note)
                marked += 1
        sheet.write_string(header_row, width, _("What is wrong"), header)
        sheet.set_column(width, width, 60)
        sheet.freeze_panes(header_row + 1, 0)
    book.close()
    return marked


def _header_row(grid: list[list]) -> int:
    best, at = 0, 0
    for index, cells in enumerate(grid[:10]):
        filled = sum(1 for cell in cells if isinstance(cell, str) and cell.strip())
        if filled > best:
            best, at = filled, index
    return at


def _write(sheet, row: int, column: int, value: object, style) -> None:
    if value is None or value == "":
        if style is not None:
            sheet.write_blank(row, column, None, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value, style)
    elif isinstance(value, (date, datetime)):
        sheet.write_string(row, column, value.isoformat(), style)
    else:
        sheet.write_string(row, column, str(value), style)
