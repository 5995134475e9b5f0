"""HR's roster sheet: one row per person, read into typed rows and the problems of each row.

The columns, in either language (``columns.COLUMNS``, and the titles HR's own rosters use,
``columns.ROSTER_COLUMN_TITLES``): unit path, position, employee number, name, start date (all
needed), key position (是/否, Y/N, true/false, 1/0) and employee class (optional). A sheet is a
roster when it is titled so (花名册 / Roster) or when it has a unit-path and an employee-number
column."""

from __future__ import annotations

from kpidesk.core.problems import KpideskError, Problem
from kpidesk.core.roster import (
    RosterRow,
    RowProblem,
    class_code,
    duplicate_numbers,
    parse_unit_path,
)
from kpidesk.i18n import N_

from .cells import CellError, blank, day, text
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


def read_roster(sheet: Sheet) -> tuple[list[RosterRow], list[RowProblem]]:
    """Every row that can be read, and a problem for each cell that cannot (a row with a
    problem is left out of the rows, but its employee number still counts twice if it is)."""
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
            start = day(sheet.get(cells, "start"))
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
