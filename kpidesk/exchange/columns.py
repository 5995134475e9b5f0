"""The sheets and columns kpidesk writes and reads, with their names in both languages.

Export writes the user's language; import accepts either language (and the stable keys), so a
workbook survives being passed between a Chinese and an English desk."""

from __future__ import annotations

import functools
import unicodedata
from itertools import chain

from kpidesk.core.problems import Problem, term
from kpidesk.i18n import N_ as _  # marked for the catalogue, translated when a sheet is written
from kpidesk.i18n import NP_, gettext, pgettext


SHEETS = {
    "units": _("Units"),
    "positions": _("Positions"),
    "employees": _("Employees"),
    "dictionary": _("KPI dictionary"),
    "contracts": _("Contracts"),
    "lines": _("Contract lines"),
    "actuals": _("Actuals"),
    "deduction_events": _("Deduction events"),
    "scores": _("Scores"),
    "value_tree": _("Value tree"),
    "categories": _("KPI categories"),
    "periods": _("Periods"),
    "settings": _("Settings"),
    "roster": _("Roster"),  # HR's list of people: one row per person (issue 11)
}
COLUMNS: dict[str, str | tuple[str, str]] = {
    "unit_code": _("Unit code"),
    "unit": NP_("organisation unit", "Unit"),  # not the KPI's unit of measure
    "kind": _("Kind"),
    "parent_code": _("Parent unit code"),
    "position_code": _("Position code"),
    "position": _("Position"),
    "employee_class": _("Employee class"),
    "reports_to": _("Reports to (position code)"),
    "employee_code": _("Employee code"),
    "employee": _("Employee"),
    "holder_code": _("Holder (employee code)"),
    "kpi_code": _("KPI code"),
    "kpi": _("KPI"),
    "kpi_en": _("KPI (English)"),
    "definition": _("Definition"),
    "formula": _("Formula"),
    "unit_of_measure": _("Unit of measure"),
    "direction": _("Direction"),
    "category": _("Category"),
    "quantitative": _("Quantitative"),
    "data_source": _("Data source"),
    "cycle": _("Cycle"),
    "monitoring": _("Monitoring only"),
    "year": _("Year"),
    "contractee_code": _("Contractee (employee code)"),
    "issuer1_code": _("Issuer 1 (employee code)"),
    "issuer2_code": _("Issuer 2 (employee code)"),
    "valid_from": _("Valid from"),
    "valid_to": _("Valid to"),
    "status": _("Status"),
    "signed_on": _("Signed on"),
    "line_no": _("Line"),
    "weight": _("Weight %"),
    "minimum": _("Minimum"),
    "base": _("Base"),
    "challenge": _("Challenge"),
    "target_note": _("Target note"),
    "rule": _("Scoring rule (JSON)"),
    "period": _("Period"),
    "actual": _("Actual"),
    "source": _("Source"),
    "total": _("Total"),
    "deductions": _("Deductions"),
    "coefficient": _("Appraisal coefficient"),
    "complete": _("Complete"),
    "contractee": _("Contractee"),
    "content_hash": _("Content hash"),
    "occurred_on": _("Event date"),
    "count": _("Events"),
    "note": _("Note"),
    "tree": _("Tree"),
    "node": _("Node"),
    "parent_node": _("Parent node"),
    "label": _("Label"),
    "operator": _("Operator"),
    "owner_unit_code": _("Owner unit code"),
    "owner_position_code": _("Owner position code"),
    "baseline": _("Baseline"),
    "category_set": _("Category set"),
    "category_code": _("Category code"),
    "name_zh": _("Name (Chinese)"),
    "name_en": _("Name (English)"),
    "default_weight": _("Default weight %"),
    "deduction": _("Deduction item"),
    "closed": NP_("period", "Closed"),  # a period closed to actuals, not a contract's status
    "setting": _("Setting"),
    "value": _("Value (JSON)"),
    # the roster's own columns (with position, employee_code, employee and employee_class)
    "unit_path": _("Unit path"),
    "start": _("Start date"),
    "key_position": _("Key position"),
}


def sheet_title(key: str, lang: str) -> str:
    return gettext(SHEETS[key], lang)[:31]  # Excel's limit


def column_title(key: str, lang: str) -> str:
    return _title(COLUMNS[key], lang)


def column_term(key: str) -> Problem:
    """A column's title as a word inside a message, in the language it is shown in."""
    title = COLUMNS[key]
    return term(title[1], title[0]) if isinstance(title, tuple) else term(title)


def _title(message: str | tuple[str, str], lang: str) -> str:
    if isinstance(message, tuple):
        return pgettext(*message, lang)
    return gettext(message, lang)


# Titles earlier versions wrote in Chinese, still read from the workbooks people keep.
EARLIER_SHEET_TITLES = {"考核期间": "periods"}
EARLIER_COLUMN_TITLES = {
    "考核期间": "period", "单位": "unit", "已关闭": "closed", "负责单位代码": "owner_unit_code"
}


# What HR's own rosters call the roster's columns (read only, never written).
ROSTER_COLUMN_TITLES = {
    "工号": "employee_code",
    "员工编号": "employee_code",
    "员工号": "employee_code",
    "人员编号": "employee_code",
    "Employee number": "employee_code",
    "Employee no.": "employee_code",
    "姓名": "employee",
    "Name": "employee",
    "部门路径": "unit_path",
    "组织路径": "unit_path",
    "所属部门": "unit_path",
    "部门": "unit_path",  # one unit's name: read under the firm's one top-level unit
    "Department": "unit_path",
    "岗位名称": "position",
    "职位": "position",  # HR's word, read only (the app says 岗位)
    "Job title": "position",
    "入职日期": "start",
    "到岗日期": "start",
    "开始日期": "start",
    "Start": "start",
    "是否关键岗位": "key_position",
    "人员类别": "employee_class",
}
EARLIER_SHEET_TITLES["人员花名册"] = "roster"


def sheet_key(title: str) -> str | None:
    title = str(title).strip()
    if title in EARLIER_SHEET_TITLES:
        return EARLIER_SHEET_TITLES[title]
    for key, english in SHEETS.items():
        if title in (key, english[:31], gettext(english, "zh_CN")[:31]):
            return key
    return None


def column_key(title) -> str | None:
    if title is None:
        return None
    text = str(title).strip().replace("\n", " ")
    if text in EARLIER_COLUMN_TITLES:
        return EARLIER_COLUMN_TITLES[text]
    if text in ROSTER_COLUMN_TITLES:
        return ROSTER_COLUMN_TITLES[text]
    for key, english in COLUMNS.items():
        if text in (
            key,
            english[-1] if isinstance(english, tuple) else english,
            _title(english, "zh_CN"),
        ):
            return key
    return _normalised_titles().get(_normalised(text))


def _normalised(title: str) -> str:
    """A title as people vary it: full-width letters and spaces (NFKC), case, runs of spaces."""
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


@functools.cache
def _normalised_titles() -> dict[str, str]:
    """Every title ``column_key`` knows, normalised; the first key of a title wins, as above."""
    titles: dict[str, str] = {}
    for title, key in chain(EARLIER_COLUMN_TITLES.items(), ROSTER_COLUMN_TITLES.items()):
        titles.setdefault(_normalised(title), key)
    for key, english in COLUMNS.items():
        for title in (key, english[-1] if isinstance(english, tuple) else english):
            titles.setdefault(_normalised(title), key)
        titles.setdefault(_normalised(_title(english, "zh_CN")), key)
    return titles
