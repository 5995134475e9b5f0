"""HR's roster sheet: one row per person, read into typed rows and the problems of each row.

The columns, in either language (``columns.COLUMNS``, and the titles HR's own rosters use,
``columns.ROSTER_COLUMN_TITLES``): unit path, position, employee number, name, start date (all
needed), key position (是/否, Y/N, true/false, 1/0) and employee class (optional). A sheet is a
roster when it is titled so (花名册 / Roster) or when it has a unit-path and an employee-number
column.

A start date is read as HR writes it: a date cell, an Excel date serial in a number cell
(45352 is 2024-03-01), or text such as 2024-03-01, 2024-3-1, 2024/03/01, 2024.3.1, 2024年3月1日
or 20240301 (full-width digits too)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from kpidesk.core.entry import FULL_WIDTH
from kpidesk.core.problems import KpideskError, Problem
from kpidesk.core.roster import (
    RosterRow,
    RowProblem,
    class_code,
    duplicate_numbers,
    parse_unit_path,
)
from kpidesk.i18n import N_

from .cells import CellError, blank, text
from .columns import column_term
from .reader import Sheet

# The columns in the order the template writes them.
ROSTER_LAYOUT = (
    "unit_path",
    "position",
    "employee_code",
    "employee",
    "start",
    "key_position",
    "employee_class",
)
REQUIRED = ("unit_path", "position", "employee_code", "employee", "start")
_YES = ("1", "true", "yes", "y", "是", "√", "✓")
_NO = ("0", "false", "no", "n", "否", "×", "✗")


def is_roster(sheet: Sheet) -> bool:
    return sheet.kind == "roster" or {"unit_path", "employee_code"} <= sheet.columns.keys()


def missing_columns(sheet: Sheet) -> list[str]:
    return [key for key in REQUIRED if key not in sheet.columns]


def key_flag(value) -> bool | None:
    """是/否, Y/N, true/false, 1/0 (either case, a real boolean too); blank: not given."""
    if isinstance(value, bool):
        return value
    if blank(value):
        return None
    word = text(value).lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(N_("'{value}' is not yes or no: write 是 or 否 (Y/N, true/false, 1/0)"))


# year, month and day separated by - / . or written 2024年3月1日 (a time after it is ignored)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Excel's 1900 date system: day 1 is 1900-01-01 and it counts a 29 February 1900 that never was,
# so from day 61 on a serial is the days since 1899-12-30 (Excel's own largest is 9999-12-31).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_LAST_SERIAL = 2958465


def example_day(year: int, today: date | None = None) -> date:
    """The date a message shows as an example: today in the firm's current year, else the
    first of this month in that year."""
    today = today or date.today()
    return today if today.year == year else date(year, today.month, 1)


def start_day(value, example: date) -> date | None:
    """A start date as HR writes it (see the module's note); None when blank; otherwise a
    CellError showing ``example`` in the forms read."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 61 <= value <= _EXCEL_LAST_SERIAL:
            return _EXCEL_EPOCH + timedelta(days=int(value))
    else:
        word = text(value).translate(FULL_WIDTH)
        match = _DATE_TEXT.match(word) or _COMPACT_DATE.match(word)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                pass  # 2024-02-30: named below
    raise CellError(
        N_("'{value}' is not a date: write it like {example}, {slashes} or {chinese}"),
        value=text(value),
        example=example.isoformat(),
        slashes=f"{example.year}/{example.month}/{example.day}",
        chinese=f"{example.year}年{example.month}月{example.day}日",
    )


def read_roster(
    sheet: Sheet, example: date | None = None
) -> tuple[list[RosterRow], list[RowProblem]]:
    """Every row that can be read, and a problem for each cell that cannot (a row with a
    problem is left out of the rows, but its employee number still counts twice if it is);
    ``example``: the date a problem about a date shows (default today)."""
    example = example or date.today()
    rows: list[RosterRow] = []
    problems: list[RowProblem] = []
    left_out: list[tuple[int, str, str]] = []
    for number, cells in sheet.rows:
        found: list[RowProblem] = []

        def refuse(key: str, problem: Problem) -> None:
            found.append(RowProblem(number, key, problem))  # noqa: B023 (used at once)

        values = {key: text(sheet.get(cells, key)) for key in REQUIRED}
        for key in REQUIRED:
            if key != "start" and not values[key]:
                refuse(key, Problem(N_("{column} is empty"), None, {"column": column_term(key)}))
        path: tuple[str, ...] = ()
        if values["unit_path"]:
            try:
                path = parse_unit_path(values["unit_path"])
            except KpideskError as error:
                refuse("unit_path", error.problem)
        try:
            start = start_day(sheet.get(cells, "start"), example)
            if start is None:
                refuse(
                    "start",
                    Problem(N_("{column} is empty"), None, {"column": column_term("start")}),
                )
        except CellError as error:
            start = None
            refuse("start", error.problem)
        flag = employee_class = None
        try:
            flag = key_flag(sheet.get(cells, "key_position"))
        except CellError as error:
            value = text(sheet.get(cells, "key_position"))
            refuse("key_position", Problem(error.problem.code, None, {"value": value}))
        word = text(sheet.get(cells, "employee_class"))
        if word:
            try:
                employee_class = class_code(word)
            except KpideskError as error:
                refuse("employee_class", error.problem)
        if found or start is None:
            problems += found
            if values["employee_code"]:
                left_out.append((number, values["employee_code"], values["employee"]))
            continue
        rows.append(
            RosterRow(
                number,
                path,
                values["position"],
                values["employee_code"],
                values["employee"],
                start,
                flag,
                employee_class,
            )
        )
    if left_out:  # duplicates involving a row left out (those among good rows: the plan's)
        people = sorted([*left_out, *((r.row, r.employee_code, r.name) for r in rows)])
        involved = {entry[0] for entry in left_out}
        duplicates = duplicate_numbers(people)
        problems += [p for p in duplicates if p.row in involved or _first_row(p) in involved]
    return rows, problems


def _first_row(problem: RowProblem) -> object:
    return problem.problem.params.get("row")
