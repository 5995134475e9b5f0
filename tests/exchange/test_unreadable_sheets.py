"""A workbook kpidesk cannot read a row of is refused with the reason, never "no problems"."""

from __future__ import annotations

import openpyxl
import pytest

from kpidesk.i18n import gettext
from kpidesk.services import open_document
from kpidesk.services.exchange import ExchangeService
from kpidesk.services.exchange import ImportRejected


@pytest.fixture
def document(demo_path):
    with open_document(demo_path) as document:
        yield document


def test_an_actuals_sheet_without_the_position_code_column_names_it(document, tmp_path):
    out = tmp_path / "firm.xlsx"
    ExchangeService(document).export(out, "zh_CN")
    book = openpyxl.load_workbook(out)
    sheet = book["实际完成值"]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_cols(header.index("岗位代码") + 1)
    book.save(out)
    with pytest.raises(ImportRejected) as rejected:
        ExchangeService(document).import_workbook(out)
    [problem] = [p for p in rejected.value.problems if p.sheet == "实际完成值"]
    assert problem.message("zh_CN") == "该工作表缺少 岗位代码 列，其中各行均无法读取"
    assert problem.message("en") == (
        "the sheet lacks the column Position code: none of its rows can be read"
    )


def test_a_workbook_whose_sheets_place_no_row_says_what_a_sheet_of_actuals_needs(
    document, tmp_path
):
    out = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Budget"
    book.active.append(["Period", "Actual"])  # kpidesk columns, not enough to place a row
    book.active.append(["2003-07", 12])
    book.save(out)
    with pytest.raises(ImportRejected) as rejected:
        ExchangeService(document).import_workbook(out)
    [problem] = rejected.value.problems
    assert problem.sheet == "Budget"
    assert gettext("Position code", "zh_CN") in problem.message("zh_CN")
    assert problem.message("zh_CN").startswith("此工作簿中没有可导入的工作表")
