"""HR's roster sheet read into typed rows and the problems of each cell (issue 11)."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
import xlsxwriter

from kpidesk.exchange.reader import read_workbook
from kpidesk.exchange.roster import is_roster, read_roster
from kpidesk.exchange.roster_template import write_roster_template

ZH = ("组织单元路径", "岗位", "员工代码", "员工姓名", "任职日期", "关键岗位", "员工类别")
EN = ("Unit path", "Position", "Employee code", "Employee", "Start date", "Key position", "Employee class")


def workbook(path, rows, headers=ZH, title="Sheet1", above=()):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(title)
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for number, line in enumerate(above):  # a title row HR put above the headers
        sheet.write_row(number, 0, line)
    sheet.write_row(len(above), 0, headers)
    for number, row in enumerate(rows, start=len(above) + 1):
        for column, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(number, column, datetime(value.year, value.month, value.day), day)
            elif value is not None:
                sheet.write(number, column, value)
    book.close()
    return path


def roster_of(path):
    sheets, problems = read_workbook(path)
    assert problems == []
    [sheet] = [s for s in sheets if is_roster(s)]
    return sheet


@pytest.mark.parametrize("headers", [ZH, EN])
def test_a_roster_in_either_language_is_recognised_and_read(tmp_path, headers):
    path = workbook(
        tmp_path / "roster.xlsx",
        [("分公司/营销部门/公众客户部", "客户经理", 1001, "王芳", date(2024, 3, 1), "否", "销售服务类")],
        headers,
    )
    rows, problems = read_roster(roster_of(path))
    assert problems == []
    [row] = rows
    assert (row.row, row.unit_path, row.position, row.employee_code, row.name, row.start) == (
        2,
        ("分公司", "营销部门", "公众客户部"),
        "客户经理",
        "1001",  # a number typed as the employee number reads as its digits
        "王芳",
        date(2024, 3, 1),
    )
    assert (row.key_position, row.employee_class) == (False, "sales_service")


def test_hr_s_own_column_titles_are_read_below_a_title_row(tmp_path):
    path = workbook(
        tmp_path / "hr.xlsx",
        [("总部>人力资源部", "招聘专员", "E7", "李雷", "2024-01-02", "Y", "Management")],
        ("部门路径", "岗位名称", "工号", "姓名", "到岗日期", "是否关键岗位", "人员类别"),
        title="人员名单",
        above=[("2024 年 3 月在岗人员花名册",)],
    )
    rows, problems = read_roster(roster_of(path))
    assert problems == []
    assert [(r.row, r.unit_path, r.employee_code, r.start, r.key_position, r.employee_class) for r in rows] == [
        (3, ("总部", "人力资源部"), "E7", date(2024, 1, 2), True, "management")
    ]


@pytest.mark.parametrize(
    "typed, read",
    [("是", True), ("否", False), ("Y", True), ("n", False), ("TRUE", True), ("false", False),
     (1, True), (0, False), ("1", True), ("0", False), (None, None), (True, True)],
)
def test_the_key_flag_is_read_in_every_way_people_write_it(tmp_path, typed, read):
    path = workbook(tmp_path / "k.xlsx", [("总部", "经理", "E1", "甲", date(2024, 1, 1), typed)])
    rows, problems = read_roster(roster_of(path))
    assert problems == [] and rows[0].key_position is read


def test_every_bad_cell_is_named_by_row_and_column(tmp_path):
    path = workbook(
        tmp_path / "bad.xlsx",
        [
            ("分公司//公众客户部", "经理", "E1", "甲", date(2024, 1, 1)),
            ("分公司", "", "E2", "乙", date(2024, 1, 1), "也许"),
            ("分公司", "经理", "", "", "2024-13-01", None, "文员类"),
            ("分公司", "经理", "E4", "丁", None),
        ],
    )
    rows, problems = read_roster(roster_of(path), example=date(2024, 5, 20))
    assert rows == []
    assert [(p.row, p.column, p.problem.message("en")) for p in problems] == [
        (2, "unit_path", "the unit path '分公司//公众客户部' has an empty part (two separators in a row, or one at an end)"),
        (3, "position", "Position is empty"),
        (3, "key_position", "'也许' is not yes or no: write 是 or 否 (Y/N, true/false, 1/0)"),
        (4, "employee_code", "Employee code is empty"),
        (4, "employee", "Employee is empty"),
        (4, "start", "'2024-13-01' is not a date: write it like 2024-05-20, 2024/5/20 or 2024年5月20日"),
        (4, "employee_class", "unknown employee class '文员类': use one of Management, Sales and service, Research and development"),
        (5, "start", "Start date is empty"),
    ]


def test_a_number_repeated_on_a_row_with_another_problem_is_still_named(tmp_path):
    path = workbook(
        tmp_path / "twice.xlsx",
        [("分公司", "经理", "E1", "甲", date(2024, 1, 1)), ("分公司", "副经理", "E1", "乙", "soon")],
    )
    _rows, problems = read_roster(roster_of(path))
    assert [(p.row, p.column) for p in problems] == [(3, "start"), (3, "employee_code")]
    assert problems[1].problem.message("en") == (
        "employee number E1 is also on row 2, named 甲; here it is named 乙"
    )


def test_an_actuals_sheet_is_not_a_roster(exported):
    sheets, _problems = read_workbook(exported)
    assert not any(is_roster(sheet) for sheet in sheets)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_template_is_an_empty_roster_with_lists_and_instructions(tmp_path, lang):
    path = tmp_path / f"roster-{lang}.xlsx"
    write_roster_template(path, lang)
    sheets, problems = read_workbook(path)
    assert problems == []
    [roster] = sheets  # the instructions sheet is not data
    assert is_roster(roster) and roster.rows == []
    assert list(roster.columns) == [
        "unit_path", "position", "employee_code", "employee", "start", "key_position", "employee_class"
    ]
    book = openpyxl.load_workbook(path)
    roster_sheet, instructions = book.worksheets
    assert roster_sheet.title == ("花名册" if lang == "zh_CN" else "Roster")
    assert [c.value for c in roster_sheet[1]] == list(ZH if lang == "zh_CN" else EN)
    lists = {str(v.sqref): v.formula1 for v in roster_sheet.data_validations.dataValidation}
    assert lists["F2:F5001"] == ('"是,否"' if lang == "zh_CN" else '"Yes,No"')
    assert lists["G2:G5001"] == (
        '"管理类,销售服务类,研发类"' if lang == "zh_CN" else '"Management,Sales and service,Research and development"'
    )
    text = "\n".join(str(row[0].value or "") for row in instructions.iter_rows())
    if lang == "zh_CN":
        assert "花名册：每人一行" in text and "不会删除任何人" in text
        assert "分公司/营销部门/公众客户部  |  客户经理  |  E1001  |  王芳" in text
    else:
        assert "Roster: one row per person" in text and "nobody is removed" in text


# issue 11 review: dates and headers as HR writes them -------------------------------------------
def test_a_start_date_is_read_as_hr_writes_it(tmp_path):
    forms = ["2024/03/01", "2024.3.1", "2024-3-1", "2024年3月1日", "２０２４－０３－０１", "20240301"]
    rows = [("分公司", "经理", f"E{n}", "甲", form) for n, form in enumerate(forms)]
    rows.append(("分公司", "经理", "E90", "乙", 45352))  # an Excel date serial in a number cell
    rows.append(("分公司", "经理", "E91", "丙", date(2024, 3, 1)))  # a real date cell
    read, problems = read_roster(roster_of(workbook(tmp_path / "dates.xlsx", rows)))
    assert problems == []
    assert [r.start for r in read] == [date(2024, 3, 1)] * 8


@pytest.mark.parametrize("value", ["2024-02-30", "3/1/2024", "next week", 12.5, -3])
def test_a_start_date_that_is_none_of_those_shows_an_example_of_the_year_given(tmp_path, value):
    path = workbook(tmp_path / "bad.xlsx", [("分公司", "经理", "E1", "甲", value)])
    _rows, [problem] = read_roster(roster_of(path), example=date(2026, 12, 1))
    assert problem.problem.message("en").endswith(
        "is not a date: write it like 2026-12-01, 2026/12/1 or 2026年12月1日"
    )


def test_the_example_date_is_today_in_the_firms_year_or_the_first_of_this_month():
    from kpidesk.exchange.roster import example_day

    assert example_day(2026, today=date(2026, 12, 1)) == date(2026, 12, 1)
    assert example_day(2024, today=date(2026, 12, 17)) == date(2024, 12, 1)


@pytest.mark.parametrize(
    "headers",
    [
        ("部门", "岗位", "工号", "姓名", "入职日期"),
        ("部门路径", "职位", "工号", "姓名", "到岗日期"),
        ("所属部门", "岗位", "员工编号", "姓名", "入职日期"),
    ],
)
def test_hrs_usual_headers_are_a_roster(tmp_path, headers):
    path = workbook(tmp_path / "hr.xlsx", [("营销部门", "客户经理", "E1", "王芳", date(2024, 3, 1))], headers)
    [row], problems = read_roster(roster_of(path))
    assert problems == []
    assert (row.unit_path, row.position, row.employee_code, row.name, row.start) == (
        ("营销部门",),
        "客户经理",
        "E1",
        "王芳",
        date(2024, 3, 1),
    )
