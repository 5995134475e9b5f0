"""The empty roster HR fills in: the roster sheet with its headers (drop-down lists for the key
flag and the employee class, the start column formatted as a date) and an instructions sheet in
the language chosen, which shows an example row as text — the roster sheet itself stays empty, so
a template imported unfilled adds no invented person."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kpidesk.core.roster import EMPLOYEE_CLASSES
from kpidesk.i18n import gettext, pgettext

from .columns import column_title, sheet_title
from .roster import ROSTER_LAYOUT
from .writer import _Book

ROWS_PREPARED = 5000  # rows that carry the drop-down lists and the date format
WIDTHS = {"unit_path": 36, "position": 20, "employee_code": 14, "employee": 14, "start": 13}


def write_roster_template(path: Path, lang: str) -> None:
    def _(message: str) -> str:
        return gettext(message, lang)

    book = _Book(path)
    roster = book.add_sheet(sheet_title("roster", lang))
    for column, key in enumerate(ROSTER_LAYOUT):
        roster.write(0, column, column_title(key, lang), book.header)
        roster.set_column(column, column, WIDTHS.get(key, 12))
    roster.freeze_panes(1, 0)
    start = ROSTER_LAYOUT.index("start")
    roster.set_column(start, start, WIDTHS["start"], book.date)
    yes, no = ("是", "否") if lang == "zh_CN" else ("Yes", "No")  # both read in either language
    flag = ROSTER_LAYOUT.index("key_position")
    roster.data_validation(
        1,
        flag,
        ROWS_PREPARED,
        flag,
        {
            "validate": "list",
            "source": [yes, no],
            "error_type": "warning",  # Y/N, 1/0 … are read as well
            "error_message": _("Write yes or no."),
        },
    )
    classes = [pgettext(context, english, lang) for context, english in EMPLOYEE_CLASSES.values()]
    employee_class = ROSTER_LAYOUT.index("employee_class")
    roster.data_validation(
        1,
        employee_class,
        ROWS_PREPARED,
        employee_class,
        {
            "validate": "list",
            "source": classes,
            "error_message": _("Choose one of the employee classes in the list."),
        },
    )
    roster.data_validation(
        1,
        start,
        ROWS_PREPARED,
        start,
        {
            "validate": "date",
            "criteria": ">",
            "minimum": date(1900, 1, 1),
            "error_message": _("Write a date, e.g. 2024-01-01."),
        },
    )
    intro = book.add_sheet(_("Instructions"))
    intro.set_column(0, 0, 110)
    example = "  |  ".join(
        (
            "分公司/营销部门/公众客户部"
            if lang == "zh_CN"
            else "Branch/Marketing/Public customers",
            "客户经理" if lang == "zh_CN" else "Account manager",
            "E1001",
            "王芳" if lang == "zh_CN" else "Wang Fang",
            "2024-01-01",
            no,
            classes[1],
        )
    )
    lines = (
        _("Roster: one row per person. kpidesk creates or updates units, positions, people and"),
        _("assignments from it (File › Import from Excel…, or kpidesk import)."),
        "",
        _("Unit path: the units from the top down, separated by / (also ／, \\ or >)."),
        _(
            "A firm with one top-level unit: a path may leave it out (a department's name alone is "
            "read under it)."
        ),
        _("Position: its name within the unit. A position is found by unit path and name."),
        _(
            "Employee code: the key of a person; a new code adds a person, a known one updates the name."
        ),
        _("Start date: when the person took the position. Someone who holds another position"),
        _("moves: the old assignment ends the day before. A date before an assignment the person"),
        _("already has is refused."),
        _("Dates: a date cell, or 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日."),
        _("Key position: yes or no (是/否, Y/N, 1/0). Blank: an existing position stays as it is,"),
        _("a new one is not key (key positions are the few that get a performance contract)."),
        _("Employee class: one of the list; blank keeps an existing position's class."),
        "",
        _("People of the firm who are not in the roster are left unchanged: nobody is removed."),
        _(
            "A roster with any bad row is refused whole, with every problem listed by row and column."
        ),
        "",
        _("Example (a row of the roster sheet):"),
        example,
    )
    for row, line in enumerate(lines):
        intro.write_string(row, 0, line)
    book.close()
