"""Writing workbooks: the export of a whole firm and the actuals template for data providers.
XlsxWriter writes large sheets fast and does protection, validation lists and defined names."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import xlsxwriter
import xlsxwriter.exceptions

from kpidesk.core.periods import period_label
from kpidesk.core.safe_names import sheet_name
from kpidesk.i18n import gettext

from .columns import column_title, sheet_title

EXPORT_LAYOUT = {
    "units": ("unit_code", "unit", "kind", "parent_code"),
    "employees": ("employee_code", "employee"),
    "positions": (
        "position_code",
        "position",
        "unit_code",
        "employee_class",
        "reports_to",
        "holder_code",
        "valid_from",
    ),
    "dictionary": (
        "kpi_code",
        "kpi",
        "kpi_en",
        "definition",
        "formula",
        "unit_of_measure",
        "direction",
        "category",
        "quantitative",
        "data_source",
        "cycle",
        "monitoring",
    ),
    "contracts": (
        "position_code",
        "year",
        "contractee_code",
        "issuer1_code",
        "issuer2_code",
        "valid_from",
        "valid_to",
        "status",
        "signed_on",
        "content_hash",
    ),
    "lines": (
        "position_code",
        "year",
        "line_no",
        "kpi_code",
        "category",
        "weight",
        "unit_of_measure",
        "minimum",
        "base",
        "challenge",
        "target_note",
        "rule",
        "data_source",
        "cycle",
    ),
    "actuals": (
        "position_code",
        "position",
        "kpi_code",
        "kpi",
        "line_no",
        "period",
        "actual",
        "source",
    ),
    "deduction_events": (
        "position_code",
        "position",
        "kpi_code",
        "kpi",
        "line_no",
        "period",
        "occurred_on",
        "count",
        "note",
    ),
    "scores": (
        "position_code",
        "position",
        "contractee",
        "period",
        "total",
        "deductions",
        "coefficient",
        "complete",
    ),
    "value_tree": (
        "tree",
        "node",
        "parent_node",
        "label",
        "operator",
        "kpi_code",
        "owner_unit_code",
        "owner_position_code",
        "baseline",
    ),
    "categories": (
        "category_set",
        "category_code",
        "name_zh",
        "name_en",
        "default_weight",
        "deduction",
    ),
    "periods": ("period", "closed"),
    "settings": ("setting", "value"),
}
TEMPLATE_COLUMNS = (
    "position_code",
    "position",
    "contractee",
    "kpi_code",
    "kpi",
    "line_no",
    "unit_of_measure",
    "base",
    "period",
    "actual",
    "source",
)
EDITABLE = {"actual", "source"}
WIDE = {
    "definition": 50,
    "formula": 30,
    "rule": 60,
    "kpi": 24,
    "position": 20,
    "unit": 16,
    "target_note": 24,
    "content_hash": 20,
}


def cell_value(value):
    """Numbers stay numbers, dates dates; rules and task shortfalls become readable text."""
    if isinstance(value, dict) and "kind" in value:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "; ".join(
            f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in value.items()
        )
    return value


class _Book:
    def __init__(self, path: Path):
        self.book = xlsxwriter.Workbook(
            str(path), {"constant_memory": False, "strings_to_numbers": False}
        )
        self.header = self.book.add_format(
            {
                "bold": True,
                "bg_color": "#DDE4EE",
                "border": 1,
                "text_wrap": True,
                "valign": "top",
                "locked": True,
            }
        )
        self.sheet_names: set[str] = set()  # case-folded, as Excel compares them
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.unlocked = self.book.add_format({"locked": False, "bg_color": "#FFF8D6"})
        self.unlocked_date = self.book.add_format(
            {"locked": False, "bg_color": "#FFF8D6", "num_format": "yyyy-mm-dd"}
        )

    def add_sheet(self, title: str):
        """A sheet titled ``title`` made safe for Excel (characters, length, "History", a title
        taken already): a provider's name never makes a template fail."""
        return self.book.add_worksheet(sheet_name(title, self.sheet_names))

    def table(
        self,
        title: str,
        keys: tuple[str, ...],
        rows: list[dict],
        lang: str,
        editable: set[str] = frozenset(),
    ):
        sheet = self.add_sheet(title)
        for column, key in enumerate(keys):
            sheet.write(0, column, column_title(key, lang), self.header)
            sheet.set_column(column, column, WIDE.get(key, 13))
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(rows, start=1):
            for column, key in enumerate(keys):
                value = cell_value(row.get(key))
                editable_cell = key in editable
                if isinstance(value, date):
                    sheet.write_datetime(
                        number, column, value, self.unlocked_date if editable_cell else self.date
                    )
                elif value is None:
                    if editable_cell:
                        sheet.write_blank(number, column, None, self.unlocked)
                elif isinstance(value, bool):
                    sheet.write_boolean(number, column, value)
                elif isinstance(value, (int, float)):
                    sheet.write_number(
                        number, column, value, self.unlocked if editable_cell else None
                    )
                else:
                    sheet.write_string(
                        number, column, str(value), self.unlocked if editable_cell else None
                    )
        return sheet

    def close(self) -> None:
        try:
            self.book.close()
        except xlsxwriter.exceptions.FileCreateError as exc:
            # The file could not be created (open in Excel, a folder, no permission): raise the
            # operating system's error, which every caller already reports in words.
            raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(
                str(exc)
            ) from exc


def write_export(tables: dict[str, list[dict]], path: Path, lang: str) -> None:
    book = _Book(path)
    for key, columns in EXPORT_LAYOUT.items():
        book.table(sheet_title(key, lang), columns, tables.get(key, []), lang)
    book.close()


def write_template(providers: dict[str, list[dict]], period: str, path: Path, lang: str) -> None:
    """One sheet per data provider listing the lines they report for ``period``: key columns
    locked, the actual column open, grade levels offered as drop-down lists."""
    _ = lambda message: gettext(message, lang)  # noqa: E731
    book = _Book(path)
    intro = book.add_sheet(_("Instructions"))
    intro.set_column(0, 0, 110)
    for row, line in enumerate(
        (
            _("Actuals template for period {period}").format(period=period_label(period, lang)),
            _(
                "Each sheet lists the KPIs one data provider reports. Fill in the yellow Actual column only;"
            ),
            _("the other columns identify the line and are locked."),
            _(
                "Numbers may carry thousands separators or a % sign (12.5% means 12.5). Grade KPIs offer"
            ),
            _(
                "their levels as a list. For task KPIs write shortfalls as name=amount; name=amount."
            ),
            _(
                "Import the file in kpidesk (kpidesk import). A file with any bad row is refused whole,"
            ),
            _(
                "with every problem listed by sheet, row and column; nothing is written until all are fixed."
            ),
        )
    ):
        intro.write_string(row, 0, line)
    lists = book.add_sheet("Lists")  # first: the names below refer to it as "Lists"
    lists.hide()
    list_names: dict[tuple, str] = {}
    for title, rows in sorted(providers.items()):
        sheet = book.table(title or _("Other"), TEMPLATE_COLUMNS, rows, lang, EDITABLE)
        actual_column = TEMPLATE_COLUMNS.index("actual")
        for number, row in enumerate(rows, start=1):
            dimensions = row.get("dimensions") or ()
            if dimensions:  # a task line: say which shortfalls to write, and how
                # TRANSLATORS: a note on a task line's Actual cell; {example} is e.g. 延期天数=0
                sheet.write_comment(
                    number,
                    actual_column,
                    _("Shortfalls of this task, as name=amount; …: {example}").format(
                        example="; ".join(f"{name}=0" for name in dimensions)
                    ),
                    {"x_scale": 2, "y_scale": 1.2},
                )
            labels = tuple(row.get("levels") or ())
            if not labels:
                continue
            if labels not in list_names:
                column = len(list_names)
                for i, label in enumerate(labels):
                    lists.write_string(i, column, label)
                name = f"levels_{column + 1}"
                letter = xlsxwriter.utility.xl_col_to_name(column)
                book.book.define_name(name, f"=Lists!${letter}$1:${letter}${len(labels)}")
                list_names[labels] = name
            sheet.data_validation(
                number,
                actual_column,
                number,
                actual_column,
                {"validate": "list", "source": f"={list_names[labels]}"},
            )
        sheet.protect(
            "",
            {
                "autofilter": True,
                "sort": False,
                "select_locked_cells": True,
                "select_unlocked_cells": True,
            },
        )
    book.close()
