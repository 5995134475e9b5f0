"""The minutes of the meeting that made June 2003 official, read back from the PDF's text:
attendance (absent too), each item's decision and action item, the official results table
with who made it official, the signature lines — in Chinese and English."""

from __future__ import annotations

import openpyxl
import pypdfium2
import pytest

from kpidesk.services import FirmService, open_document
from kpidesk.services.results import ResultsFiles, ResultsService
from tests.review_results_data import official_june


def _text(path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf).replace(" ", "")
    finally:
        pdf.close()


@pytest.fixture
def document(demo_path):
    with open_document(demo_path, actor="hr.head") as document:
        official_june(document)
        yield document


def test_the_chinese_minutes_say_who_decided_what(document, tmp_path):
    path = tmp_path / "minutes.pdf"
    ResultsFiles(document, FirmService(document).policy).print_minutes("2003-06", path, "zh_CN")
    text = _text(path)
    for expected in (
        "绩效考评会纪要",
        "三楼会议室",
        "赵财务",
        "缺席",
        "营销成本下月复核",
        "核实营销成本数据",
        "2003-08-08",
        "下月8日前收齐数据",
        "王总经理",
        "84.69",  # 吴佳怡's June total, as the scoring panel shows it
        "主持人",
        "记录人",
        "审核人",
    ):
        assert expected in text, expected


def test_the_english_minutes_list_a_correction_beside_the_official_total(document, tmp_path):
    results = ResultsService(document, FirmService(document).policy)
    clerk = next(r for r in results.official("2003-06").rows if r.person == "吴佳怡")
    revenue = next(l for l in clerk.lines if l.indicator == "营业收入")
    results.correct(revenue.line_id, "2003-06", "280", "Late receipts")
    path = tmp_path / "minutes.pdf"
    ResultsFiles(document, FirmService(document).policy).print_minutes("2003-06", path, "en")
    text = _text(path)
    assert "Performancereviewmeetingminutes" in text
    assert "absent" in text and "Chairedby" in text and "Reviewedby" in text
    assert "84.69→" in text and "269.98→280" in text and "Latereceipts" in text


def test_the_official_results_workbook_has_the_snapshot_and_the_corrections(document, tmp_path):
    results = ResultsService(document, FirmService(document).policy)
    clerk = next(r for r in results.official("2003-06").rows if r.person == "吴佳怡")
    revenue = next(l for l in clerk.lines if l.indicator == "营业收入")
    results.correct(revenue.line_id, "2003-06", "280", "迟到的收入")
    path = tmp_path / "official.xlsx"
    ResultsFiles(document, FirmService(document).policy).export("2003-06", path, "en")
    book = openpyxl.load_workbook(path)
    sheet = book["Official results"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    (clerk_row,) = [r for r in rows if r[3] == "吴佳怡"]
    assert clerk_row[5] == pytest.approx(84.6855, abs=0.0001)
    assert clerk_row[11] == 1  # one correction
    corrections = [[c.value for c in row] for row in book["Corrections"].iter_rows()]
    assert corrections[1][3:8] == [
        "营业收入",
        "Correction",
        pytest.approx(269.98),
        280,
        "迟到的收入",
    ]


def test_a_correction_shows_the_corrected_total_beside_the_official_one(document, tmp_path):
    """Fix round, finding 2, by hand: 2003-06 周明杰 通信业务收入 23.97 → 22; polyline S=20 →
    20·(22−21.5)/(22.73−21.5) = 8.13; total 84.21 − 25 + 8.13 = 67.34; coefficient between the
    60 (0.60) and 90 (1.00) breakpoints: 0.60 + 7.34/30 × 0.40 = 0.6979 (69.8%)."""
    policy = FirmService(document).policy
    results = ResultsService(document, policy)
    zhou = next(r for r in results.official("2003-06").rows if r.person == "周明杰")
    income = next(l for l in zhou.lines if l.indicator == "通信业务收入")
    assert zhou.total == pytest.approx(84.21, abs=0.005)
    results.correct(income.line_id, "2003-06", "22", "对账后更正")
    official = results.official("2003-06")
    made = next(r for r in official.rows if r.person == "周明杰")
    assert made.total == pytest.approx(84.21, abs=0.005)  # the original is never lost
    total, coefficient = official.corrected_total(made.contract_id)
    assert total == pytest.approx(67.34, abs=0.005)
    assert coefficient == pytest.approx(0.6979, abs=0.0001)
    clerk = next(r for r in official.rows if r.person == "吴佳怡")
    assert official.corrected_total(clerk.contract_id) is None  # untouched: no second figure
    # the workbook: total and coefficient as made official, the corrected ones beside them
    path = tmp_path / "official.xlsx"
    ResultsFiles(document, policy).export("2003-06", path, "en")
    sheet = openpyxl.load_workbook(path)["Official results"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "Total" in r)
    assert header[5:9] == ["Total", "Coefficient", "Corrected total", "Corrected coefficient"]
    (zhou_row,) = [r for r in rows if r[3] == "周明杰"]
    assert zhou_row[5] == pytest.approx(84.21, abs=0.005)
    assert zhou_row[7] == pytest.approx(67.34, abs=0.005)
    assert zhou_row[8] == pytest.approx(0.6979, abs=0.0001)
    # the minutes: both totals in the row, the corrected one marked
    minutes = tmp_path / "minutes.pdf"
    ResultsFiles(document, policy).print_minutes("2003-06", minutes, "en")
    text = _text(minutes)
    assert "84.21→67.34*" in text and "69.8%" in text
