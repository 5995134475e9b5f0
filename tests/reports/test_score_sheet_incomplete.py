"""A score sheet or meeting pack of a period whose data is incomplete prints no total and no
appraisal coefficient: it says the data is incomplete and names the lines."""

from __future__ import annotations

import pytest

from kpidesk.services import open_document
from kpidesk.services.editing import EditService
from kpidesk.services.printing import PrintService

from .test_contract_pdf import text_of


@pytest.fixture
def printer(demo_path):
    """The demo firm with the marketing GM's April revenue not reported yet."""
    with open_document(demo_path) as document:
        printer = PrintService(document)
        contract = next(c for c in printer.firm.contracts() if c.position == "营销部门总经理")
        line = next(l for l in contract.lines if l.indicator == "通信业务收入")
        EditService(document).record_actual(line.id, "2003-04", None)
        yield printer, contract


def _squeezed(path) -> str:
    return text_of(path).replace("\n", "").replace(" ", "")


def test_an_incomplete_score_sheet_prints_no_coefficient(printer, tmp_path):
    printer, contract = printer
    out = tmp_path / "sheet.pdf"
    printer.print_score_sheet(contract.id, "2003-04", out, "zh_CN")
    text = _squeezed(out)
    assert "数据不完整：1项指标缺实际完成值" in text
    assert "缺实际完成值：通信业务收入" in text
    assert "考核系数" not in text.replace("暂无总分和考核系数", "")
    complete = tmp_path / "may.pdf"
    printer.print_score_sheet(contract.id, "2003-05", complete, "zh_CN")
    assert "考核系数" in _squeezed(complete) and "数据不完整" not in _squeezed(complete)


def test_the_meeting_pack_summary_marks_the_incomplete_position(printer, tmp_path):
    printer, contract = printer
    out = tmp_path / "pack.pdf"
    printer.print_meeting_pack("2003-04", out, "en")
    summary = text_of(out, "-f", "1", "-l", "1", "-layout")
    row = next(line for line in summary.splitlines() if "营销部门总经理" in line)
    assert "incomplete" in row and "%" not in row
    others = [line for line in summary.splitlines() if "公众客户部经理" in line]
    assert others and "%" in others[0]


def test_the_year_sheet_prints_the_aggregation_and_no_coefficient_before_the_year_ends(
    printer, tmp_path
):
    printer, contract = printer
    out = tmp_path / "year.pdf"
    printer.print_score_sheet(contract.id, "2003", out, "en")
    text = text_of(out)
    assert "= 30% quarterly + 70% annual" in text  # the GM is management: §7 shares
    assert "Built from the complete months Jan–Mar 2003, May–Jun 2003." in text
    assert "Left out, incomplete: Apr 2003." in text
    assert "Provisional: no appraisal coefficient until the year is complete." in text
    assert "Appraisal coefficient" not in text
    pack = tmp_path / "pack.pdf"
    printer.print_meeting_pack("2003", pack, "en")
    row = next(
        line
        for line in text_of(pack, "-f", "1", "-l", "1", "-layout").splitlines()
        if "营销部门总经理" in line
    )
    assert "%" not in row and "no" in row


def test_a_contract_printed_with_an_incomplete_period_prints_no_total(printer, tmp_path):
    printer, contract = printer
    april, may = tmp_path / "april.pdf", tmp_path / "may.pdf"
    printer.contract(contract.id, april, "zh_CN", period="2003-04")
    printer.contract(contract.id, may, "zh_CN", period="2003-05")
    assert "数据不完整" in _squeezed(april)
    assert "数据不完整" not in _squeezed(may)
