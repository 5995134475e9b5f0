"""A qualitative rating line travels like the others: its level goes out in the actuals sheet
and comes back (by label or by its place on the scale), the template offers its levels, and
the printed contract and score sheet state the scale."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

from kpidesk.i18n import gettext
from kpidesk.core.rule_kinds import rule_kind
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService
from kpidesk.services.exchange import ExchangeService
from kpidesk.services.printing import PrintService

if not shutil.which("pdftotext"):
    pytest.fail("poppler-utils is not installed; packaging/dev.sh test installs it")


def _squeezed_text(path) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.replace("\n", "").replace(" ", "")


@pytest.fixture
def rated(demo_path):
    """The business-hall manager's contract, copied from the clerk's, with 服务规范 (weight 10)
    rated on the default Chinese scale, agreed, rated 良好 for July."""
    with open_document(demo_path) as document:
        firm, edit = FirmService(document), EditService(document)
        clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
        manager = next(
            p for ps in firm.all_positions(2003).values() for p in ps if p.name == "营业厅经理"
        )
        contract_id, _c = edit.new_contract(manager.id, 2003, clerk.id)
        line = next(l for l in firm.contract(contract_id).lines if l.indicator == "服务规范")
        scale = rule_kind("rating").new_rule(10, lambda m: gettext(m, "zh_CN"))
        edit.edit_line(line.id, "rule", scale)
        edit.set_status(contract_id, "agreed")
        edit.record_actual(line.id, "2003-07", "良好")
        yield document, contract_id, line.id


def _rating_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["岗位"] == "营业厅经理") & (frame["关键绩效指标"] == "服务规范")]


def test_a_rating_level_goes_out_and_comes_back_by_label_or_place(rated, tmp_path):
    document, contract_id, line_id = rated
    exchange, firm = ExchangeService(document), FirmService(document)
    out = tmp_path / "firm.xlsx"
    exchange.export(out, "zh_CN")
    frame = pd.read_excel(out, sheet_name="实际完成值", engine="calamine")
    rows = _rating_rows(frame)
    assert rows["实际完成值"].tolist() == ["良好"]
    again = exchange.import_workbook(out)
    assert again.actuals_updated == again.actuals_inserted == 0  # nothing changed

    book = openpyxl.load_workbook(out)
    sheet = book["实际完成值"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(header, (cell.value for cell in row)))
        if values["岗位"] == "营业厅经理" and values["关键绩效指标"] == "服务规范":
            row[header.index("实际完成值")].value = "1"  # the best level, by its place
    book.save(out)
    report = exchange.import_workbook(out)
    assert report.actuals_updated == 1
    july = firm.score(contract_id, "2003-07")
    assert july.actuals[line_id] == "优秀"
    assert next(p.points for p in july.score.lines if p.key == line_id) == 10.0


def test_a_level_not_on_the_scale_is_named_and_nothing_is_written(rated, tmp_path):
    document, contract_id, line_id = rated
    out = tmp_path / "firm.xlsx"
    ExchangeService(document).export(out, "zh_CN")
    book = openpyxl.load_workbook(out)
    sheet = book["实际完成值"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(header, (cell.value for cell in row)))
        if values["岗位"] == "营业厅经理" and values["关键绩效指标"] == "服务规范":
            row[header.index("实际完成值")].value = "很好"
    book.save(out)
    from kpidesk.services.exchange import ImportRejected

    with pytest.raises(ImportRejected) as rejected:
        ExchangeService(document).import_workbook(out)
    [problem] = rejected.value.problems
    assert problem.sheet == "实际完成值" and "'很好' is not a level" in problem.message()
    assert "优秀, 良好, 合格, 需改进, 不合格" in problem.message()
    assert FirmService(document).score(contract_id, "2003-07").actuals[line_id] == "良好"


def test_the_template_offers_the_scale_as_a_list(rated, tmp_path):
    document, _contract, _line = rated
    out = tmp_path / "template.xlsx"
    ExchangeService(document).template("2003-07", out, "zh_CN")
    book = openpyxl.load_workbook(out)
    offered = [
        [
            cell.value
            for sheet, cells in book.defined_names[name].destinations
            for row in book[sheet.strip("'")][cells]
            for cell in row
            if cell.value
        ]
        for name in book.defined_names
        if name.startswith("levels_")
    ]
    assert ["优秀", "良好", "合格", "需改进", "不合格"] in offered


def test_the_printed_contract_and_score_sheet_state_the_scale(rated, tmp_path):
    document, contract_id, _line = rated
    printer = PrintService(document)
    contract_pdf, sheet_pdf = tmp_path / "c.pdf", tmp_path / "s.pdf"
    printer.contract(contract_id, contract_pdf, "zh_CN")
    printer.print_score_sheet(contract_id, "2003-07", sheet_pdf, "zh_CN")
    contract_text = _squeezed_text(contract_pdf)
    assert (
        "由直接上级按分级评估表评定一个等级：优秀（远超目标）10分；良好（超过目标）9分；"
        "合格（达到目标）8分；需改进（部分达到目标）6分；不合格（未达到目标）0分。"
    ) in contract_text
    sheet_text = _squeezed_text(sheet_pdf)
    assert "服务规范" in sheet_text and "良好" in sheet_text and "9.00" in sheet_text
