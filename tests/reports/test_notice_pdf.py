"""The result notice (绩效考核结果通知书) of the demo's June 2003, made official by its meeting,
read back from the PDF's text: one page per person, the hand-known numbers, the corrected
total beside the official one, the firm's appeal route, the receipt lines — refused for a
period that is not official. And the audit chain's head on every printed page: what
``storage.audit_chain.head`` says the file holds, short on each page, whole on the last."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidesk.reports.anchor import ChainHead
from kpidesk.reports.notice_pdf import Notice, NoticeLine, render_notices
from kpidesk.core.official import OfficialRow
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused
from kpidesk.services.printing import PrintService
from kpidesk.services.results import ResultsFiles, ResultsService
from kpidesk.storage import audit_chain
from tests.review_results_data import official_june
from tests.test_pseudo_locale import pseudo  # noqa: F401  (the fixture)


def _pages(path_or_bytes) -> list[str]:
    source = path_or_bytes if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    pdf = pypdfium2.PdfDocument(source)
    try:
        # whitespace out: the groups of four, and the breaks of wrapped lines; pdfium reads a
        # hyphen that ends a line as a soft hyphen (U+FFFE): it is printed as "-"
        texts = (page.get_textpage().get_text_range().replace("\ufffe", "-") for page in pdf)
        return ["".join(text.split()) for text in texts]
    finally:
        pdf.close()


def _head(document) -> tuple[int, str]:
    with document.reading() as session:
        found = audit_chain.head(session)
    assert found is not None
    return found


@pytest.fixture
def document(demo_path):
    with open_document(demo_path, actor="hr.head") as document:
        official_june(document)
        yield document


def _files(document) -> ResultsFiles:
    return ResultsFiles(document, FirmService(document).policy)


def test_the_anchor_groups_the_digest_in_fours():
    head = ChainHead(1234, "3f9a21c07b1d44e2" + "0" * 47 + "f")
    assert head.grouped(16) == "3F9A 21C0 7B1D 44E2"
    assert head.short("en") == "Audit record #1234 · 3F9A 21C0 7B1D 44E2 …"
    assert head.full("zh_CN").startswith("审计记录第 1234 条 · 3F9A 21C0 7B1D 44E2 0000")
    assert head.full("zh_CN").endswith("000F")


def test_each_notice_is_a_page_with_the_clerks_june_numbers(document, tmp_path):
    """吴佳怡, 营业厅营业员, June 2003 (the minutes' 84.69): 营业收入 30 %, target 270, actual
    269.98, 23.98 points; coefficient between the 60 (60 %) and 90 (100 %) breakpoints:
    0.60 + 24.69 / 30 × 0.40 = 92.9 %."""
    path = tmp_path / "notices.pdf"
    _files(document).print_notices("2003-06", path, "zh_CN")
    pages = _pages(path)
    assert len(pages) == 5  # the five contractees of the demo
    (clerk,) = [p for p in pages if "吴佳怡" in p]
    for expected in (
        "绩效考核结果通知书",
        "示例分公司",
        "营业厅营业员",
        "营业厅",
        "2003年6月",
        "营业收入万元30%270269.9823.98",  # one table row: KPI, unit, weight, target, actual, points
        "考核总分：84.69（满分100）",
        "考核系数：92.9%",
        "王总经理审核",
        "被考核人签收：",
        "人力资源部（盖章）：",
        "由人力资源部调查核实并反馈结果，绩效管理委员会作最终裁决。",
    ):
        assert expected in clerk, expected


def test_a_corrected_result_shows_both_totals(document, tmp_path):
    """周明杰's 通信业务收入 23.97 → 22 after June was made official (tests/reports/
    test_minutes_pdf.py derives it by hand): 67.34 now, 84.21 as made official; coefficient
    69.8 % now, 92.3 % as made official."""
    results = ResultsService(document, FirmService(document).policy)
    zhou = next(r for r in results.official("2003-06").rows if r.person == "周明杰")
    income = next(l for l in zhou.lines if l.indicator == "通信业务收入")
    results.correct(income.line_id, "2003-06", "22", "Reconciled")
    path = tmp_path / "notices.pdf"
    _files(document).print_notices("2003-06", path, "en")
    (page,) = [p for p in _pages(path) if "周明杰" in p]
    assert "Performanceresultnotice" in page
    assert "Total:67.34of100" in page and "Appraisalcoefficient:69.8%" in page
    assert "Asmadeofficial:total84.21,appraisalcoefficient92.3%" in page
    # the line: actual and points as made official, then now — polyline S=20:
    # 20·(22−21.5)/(22.73−21.5) = 8.13
    assert "通信业务收入亿元25%22.7323.97→2225.00→8.13" in page
    assert "通信业务收入:23.97→22(Reconciled," in page
    assert "performancemanagementcommitteerulesfinally" in page


def test_a_period_not_official_is_refused_and_nothing_written(document, tmp_path):
    path = tmp_path / "notices.pdf"
    with pytest.raises(EditRefused) as refused:
        _files(document).print_notices("2003-05", path, "en")
    assert "May 2003" in str(refused.value) and "not official" in str(refused.value)
    assert not path.exists()


def test_one_file_per_person_when_asked(document, tmp_path):
    written = _files(document).print_notices(
        "2003-06", tmp_path / "all.pdf", "zh_CN", folder=tmp_path / "each"
    )
    assert len(written) == 5
    for path in written:
        (page,) = _pages(path)
        assert "绩效考核结果通知书" in page


def test_every_printed_page_carries_the_files_chain_head(document, tmp_path):
    """Contract (two pages), score sheet, meeting pack, minutes and notices: the head the file
    holds, short on every page but the last, whole on the last; each notice numbered on its
    own and whole on its last page (handed out alone)."""
    row_id, digest = _head(document)
    grouped = digest.upper()  # the spaces between the groups are taken out by ``_pages``
    short = f"审计记录第{row_id}条·{grouped[:16]}…"
    whole = f"审计记录第{row_id}条·{grouped}"
    printer = PrintService(document)
    contract = next(c for c in FirmService(document).contracts() if c.contractee == "周明杰")
    printer.contract(contract.id, tmp_path / "contract.pdf", "zh_CN", "2003-06")
    printer.print_score_sheet(contract.id, "2003-06", tmp_path / "sheet.pdf", "zh_CN")
    printer.print_meeting_pack("2003-06", tmp_path / "pack.pdf", "zh_CN")
    _files(document).print_minutes("2003-06", tmp_path / "minutes.pdf", "zh_CN")
    _files(document).print_notices("2003-06", tmp_path / "notices.pdf", "zh_CN")
    contract_pages = _pages(tmp_path / "contract.pdf")
    assert len(contract_pages) == 2
    assert short in contract_pages[0] and whole not in contract_pages[0]
    assert whole in contract_pages[-1]
    pack = _pages(tmp_path / "pack.pdf")
    assert len(pack) > 1 and all(short in page for page in pack[:-1]) and whole in pack[-1]
    for name in ("sheet.pdf", "minutes.pdf"):
        assert whole in _pages(tmp_path / name)[-1], name
    notices = _pages(tmp_path / "notices.pdf")
    assert all(whole in page and "第1页/共1页" in page for page in notices)


def test_the_head_is_the_one_when_the_run_began(document, tmp_path):
    """A print run reads the head once: its files agree even when an edit comes between."""
    printer = PrintService(document)
    first, second = FirmService(document).contracts()[:2]
    printer.contract(first.id, tmp_path / "a.pdf", "en")
    row_id, _digest = _head(document)
    ResultsService(document, FirmService(document).policy).correct(
        next(l.line_id for l in _files(document).notices("2003-06")[0].row.lines),
        "2003-06",
        "1",
        "a later edit",
    )
    assert _head(document)[0] > row_id
    printer.contract(second.id, tmp_path / "b.pdf", "en")
    assert f"Auditrecord#{row_id}·" in _pages(tmp_path / "b.pdf")[-1]


NAMES = st.text(
    alphabet=st.sampled_from("营销部门总经理人力资源员工发展和绩效管理（）、，。ABCxyz0123 -—…"),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(person=NAMES, unit=NAMES, position=NAMES, indicator=NAMES)
def test_long_names_wrap_and_every_page_keeps_the_anchor(person, unit, position, indicator):
    """Names up to the 200 characters the app allows, Chinese punctuation among them: the
    cells wrap (kinsoku) and the names read whole; a notice too long for one page goes on,
    numbered, the whole digest on its last page."""
    from datetime import datetime

    row = OfficialRow(1, unit, "P001", position, person, "", 84.5, 0.927, True)
    lines = tuple(NoticeLine(indicator, "万元", 10.0, 270.0, 269.98, 9.5) for _ in range(4))
    notice = Notice("示例分公司", "2003-Q1", row, lines, "王总经理", datetime(2003, 4, 15))
    out = io.BytesIO()
    render_notices([notice], out, "zh_CN", chain_head=ChainHead(7, "ab" * 32))
    pages = _pages(out.getvalue())
    text = "".join(pages)
    assert "".join(person.split()) in text and "".join(position.split()) in text
    assert "2003年第1季度" in pages[0]
    assert "审计记录第7条·" + "AB" * 32 in pages[-1]
    assert all(f"第{n}页/共{len(pages)}页" in page for n, page in enumerate(pages, start=1))


def test_the_calibration_grade_stands_on_the_notice(demo_path, tmp_path):
    """Graded in June's calibration before June is made official: the grade goes into the
    snapshot and onto the notice."""
    from kpidesk.services.calibration import CalibrationService
    from tests.review_results_data import held_meeting

    with open_document(demo_path, actor="hr.head") as document:
        policy = FirmService(document).policy
        calibration = CalibrationService(document, policy)
        calibration.start("2003-06")
        clerk = next(p for p in calibration.calibration("2003-06").people if p.name == "吴佳怡")
        calibration.change_grade("2003-06", clerk.employee_id, "excellent", "服务规范", "王总经理")
        ResultsService(document, policy).make_official(
            "2003-06", "王总经理", held_meeting(document)
        )
        path = tmp_path / "notices.pdf"
        _files(document).print_notices("2003-06", path, "zh_CN")
    (page,) = [p for p in _pages(path) if "吴佳怡" in p]
    assert "考评等级：优秀" in page


def test_a_quarter_built_from_its_months_names_them(demo_path, tmp_path):
    """2003 Q1 has no quarterly actuals of its own in the demo: its total is the mean of its
    months (§7), and the notice names each month's total — their mean is the total printed —
    instead of empty actual and points columns."""
    import re

    with open_document(demo_path, actor="hr.head") as document:
        ResultsService(document, FirmService(document).policy).make_official("2003-Q1", "王总经理")
        path = tmp_path / "notices.pdf"
        _files(document).print_notices("2003-Q1", path, "zh_CN")
    (page,) = [p for p in _pages(path) if "吴佳怡" in p]
    assert "2003年第1季度" in page and "实际完成值" not in page
    months = re.search(
        r"各月总分的平均值（2003年1月(\d+\.\d\d)、2003年2月(\d+\.\d\d)、2003年3月(\d+\.\d\d)）",
        page,
    )
    assert months is not None, page
    total = re.search(r"考核总分：(\d+\.\d\d)（满分100）", page)
    assert total is not None
    mean = sum(float(m) for m in months.groups()) / 3
    assert float(total.group(1)) == pytest.approx(mean, abs=0.01)


def test_the_notice_speaks_only_through_the_catalogue(pseudo, document, tmp_path):  # noqa: F811
    """The pseudo-locale (every catalogue text in 〖…〗): nothing on the notice, its footer and
    anchor included, reaches the reader without the catalogue but the firm's own data."""
    from tests.test_pseudo_locale import OPEN, category_names, unwrapped

    path = tmp_path / "notices.pdf"
    _files(document).print_notices("2003-06", path, "zh_CN")
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert OPEN in text
    data = category_names(document) + ("王总经理", "示例分公司(样例数据)")
    assert not (found := unwrapped(text, data)), found
