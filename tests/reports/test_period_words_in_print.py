"""Printed score sheets, the meeting pack and the Excel template name periods in words
(2003年7月, 2003年上半年 / Jul 2003, H1 2003); the code stays only where it is a key."""

from __future__ import annotations

import openpyxl

from kpidesk.services import open_document
from kpidesk.services.exchange import ExchangeService
from kpidesk.services.printing import PrintService

from .test_contract_pdf import text_of


def _squeezed(path) -> str:
    return text_of(path).replace("\n", "").replace(" ", "")


def test_score_sheets_and_the_pack_name_the_period_in_words(demo_path, tmp_path):
    with open_document(demo_path) as document:
        printer = PrintService(document)
        contract = next(c for c in printer.firm.contracts() if c.position == "营销部门总经理")
        july, half, pack = tmp_path / "july.pdf", tmp_path / "half.pdf", tmp_path / "pack.pdf"
        printer.print_score_sheet(contract.id, "2003-07", july, "zh_CN")
        printer.print_score_sheet(contract.id, "2003-H1", half, "zh_CN")
        printer.print_meeting_pack("2003-Q2", pack, "en")
    assert "绩效评分表2003年7月" in _squeezed(july) and "2003-07" not in text_of(july)
    assert "绩效评分表2003年上半年" in _squeezed(half) and "2003-H1" not in text_of(half)
    assert "Review meeting pack Q2 2003" in text_of(pack) and "2003-Q2" not in text_of(pack)


def test_the_year_sheet_names_its_months_in_chinese(demo_path, tmp_path):
    with open_document(demo_path) as document:
        printer = PrintService(document)
        contract = next(c for c in printer.firm.contracts() if c.position == "营销部门总经理")
        out = tmp_path / "year.pdf"
        printer.print_score_sheet(contract.id, "2003", out, "zh_CN")
    text = _squeezed(out)
    assert "绩效评分表2003年度" in text
    assert "依据数据完整的月份：2003年1月–6月。" in text  # the demo reported up to June


def test_the_actuals_template_titles_its_period_in_words(demo_path, tmp_path):
    out = tmp_path / "template.xlsx"
    with open_document(demo_path) as document:
        ExchangeService(document).template("2003-07", out, "zh_CN")
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A1"].value == "2003年7月实际完成值填报模板"
