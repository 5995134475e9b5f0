"""A refused import's problems as a workbook for the provider: their rows as they sent them, a
last column saying everything wrong in each row (in the language asked for), the cells at fault
filled, and every problem listed on a first sheet."""

from __future__ import annotations

import openpyxl
import pytest

from kpidesk.services import open_document
from kpidesk.services.exchange import ExchangeService, ImportRejected


def _spoilt_finance_template(document, tmp_path):
    service = ExchangeService(document)
    ((path, count),) = service.provider_templates("2003-07", tmp_path, "zh_CN", ["计划财务部"])
    assert count == 13
    book = openpyxl.load_workbook(path)
    sheet = book["计划财务部"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 10).value = 20
    sheet.cell(3, 10).value = "abc"  # row 3: not a number
    sheet.cell(5, 10).value = "x1"  # row 5: not a number
    sheet.cell(5, 6).value = 99  # row 5 also names a line its contract does not have
    book.save(path)
    return path


def test_the_provider_gets_its_rows_back_with_what_is_wrong(demo_path, tmp_path):
    with open_document(demo_path) as document:
        path = _spoilt_finance_template(document, tmp_path)
        service = ExchangeService(document)
        with pytest.raises(ImportRejected) as refused:
            service.import_workbook(path)
        out = tmp_path / "back.xlsx"
        marked = service.problem_workbook(path, refused.value.problems, out, "zh_CN")
    assert marked == 2  # rows 3 and 5
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["问题清单", "计划财务部"]
    listed = [c.value for c in book["问题清单"]["A"] if c.value]
    assert listed[0].startswith(f"共 {len(refused.value.problems)} 个问题")
    assert "计划财务部 第 3 行 J 列 (实际完成值)：“abc”不是数字" in listed
    sheet = book["计划财务部"]
    original = openpyxl.load_workbook(path)["计划财务部"]
    # Their own rows as sent (13 lines and the header), one column more.
    assert sheet.max_row == original.max_row == 14
    assert sheet.max_column == original.max_column + 1 == 12
    for row in range(1, 15):
        assert [sheet.cell(row, c).value for c in range(1, 12)] == [
            original.cell(row, c).value for c in range(1, 12)
        ]
    assert sheet.cell(1, 12).value == "问题说明"
    assert sheet.cell(3, 12).value == "J (实际完成值): “abc”不是数字"
    # Row 5 names a line its contract lacks: the KPI code column is at fault there.
    assert sheet.cell(5, 12).value.startswith("D (指标代码): ")
    assert sheet.cell(4, 12).value is None  # a clean row says nothing
    fill = lambda row, col: sheet.cell(row, col).fill.fgColor.rgb  # noqa: E731
    assert fill(3, 10).endswith("F4B6AE") and fill(5, 4).endswith("F4B6AE")
    assert not fill(4, 10).endswith("F4B6AE") and not fill(3, 9).endswith("F4B6AE")


def test_in_english_too(demo_path, tmp_path):
    with open_document(demo_path) as document:
        path = _spoilt_finance_template(document, tmp_path)
        service = ExchangeService(document)
        with pytest.raises(ImportRejected) as refused:
            service.import_workbook(path)
        service.problem_workbook(path, refused.value.problems, tmp_path / "en.xlsx", "en")
    sheet = openpyxl.load_workbook(tmp_path / "en.xlsx")["计划财务部"]
    assert sheet.cell(1, 12).value == "What is wrong"
    assert sheet.cell(3, 12).value == "J (实际完成值): 'abc' is not a number"
