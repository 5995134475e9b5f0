"""The period overview on the demo firm (2003, five signed contracts, actuals January–June):
what is due by provider and unit, the committee's line apart, a far-off actual suspicious with
its reason; the fast readiness agrees with ``line_readiness`` line by line; the templates list
only what is due."""

from __future__ import annotations

import openpyxl
import pytest

from kpidesk.core.periods import Period, periods_of_year
from kpidesk.core.readiness import LineState, line_readiness
from kpidesk.services import FirmService, open_document
from kpidesk.services.exchange import ExchangeService, NothingDue
from kpidesk.services.period import PeriodService
from kpidesk.services.period_overview import COMMITTEE, OTHER, default_period, overview

M, S, D, R = LineState.MISSING, LineState.SUSPICIOUS, LineState.DELIVERED, LineState.TO_RATE


@pytest.fixture
def document(demo_path):
    with open_document(demo_path) as document:
        yield document


def test_july_everything_due_is_missing_per_provider_and_unit(document):
    found = overview(document, "2003-07")
    # The demo's monthly lines by data source (the seed's contracts): 25 in all.
    assert {p: dict(found.providers[p].counts) for p in found.provider_names()} == {
        "人力资源部": {M: 1},
        "监察审计室": {M: 1},
        "营业厅经理": {M: 1},
        "营销中心": {M: 9},
        "计划财务部": {M: 13},
    }
    assert {u.name: dict(u.counts) for u in found.units.values() if u.due} == {
        "营销部门": {M: 7},
        "公众客户部": {M: 7},
        "营业厅": {M: 7},
        "人力资源部": {M: 4},
    }
    assert found.missing_providers() == [
        "人力资源部",
        "监察审计室",
        "营业厅经理",
        "营销中心",
        "计划财务部",
    ]
    lines = found.lines(provider="监察审计室")
    assert len(lines) == 1 and lines[0].state is M and lines[0].actual is None


def test_the_committee_rated_line_waits_for_the_meeting_not_for_a_provider(document):
    found = overview(document, "2003-09")  # a quarter's end: the quarterly lines are due too
    assert found.providers[COMMITTEE].counts == {R: 1}
    (rated,) = found.lines(provider=COMMITTEE)
    assert (
        rated.line.indicator == "绩效管理的有效性"
        and rated.contract.row.position == "员工发展和绩效管理"
    )
    assert found.provider_names()[-1] is COMMITTEE
    assert COMMITTEE not in found.missing_providers()
    assert rated.line.data_source not in found.providers or all(
        item.state is not R for item in found.lines(provider=rated.line.data_source or OTHER)
    )


def test_june_is_delivered_and_a_far_off_actual_is_suspicious_with_its_reason(document):
    june = overview(document, "2003-06")
    assert june.total[M] == 0 and june.total[S] == 0 and june.total[D] > 0
    firm = FirmService(document)
    gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    revenue = next(l for l in gm.lines if l.indicator == "通信业务收入")  # 21.5 / 22.73 / 23.2
    _import_far_off_revenue(document, "2003-06")
    june = overview(document, "2003-06")
    (odd,) = june.lines(states={S})
    assert odd.line.id == revenue.id and odd.actual == 2273
    assert odd.readiness.why.message("en") == "2273 lies far outside the targets 21.5–23.2"
    assert june.providers["计划财务部"].counts[S] == 1


def _import_far_off_revenue(document, period) -> None:
    """2273 typed for 22.73 in the GM's revenue, through the finance department's template."""
    from pathlib import Path
    from tempfile import mkdtemp

    folder = Path(mkdtemp())
    service = ExchangeService(document)
    ((path, _count),) = service.provider_templates(period, folder, "en", ["计划财务部"])
    book = openpyxl.load_workbook(path)
    sheet = book["计划财务部"]
    for row in range(2, sheet.max_row + 1):
        if (
            sheet.cell(row, 2).value == "营销部门总经理"
            and sheet.cell(row, 5).value == "通信业务收入"
        ):
            sheet.cell(row, 10).value = 2273
    book.save(path)
    service.import_workbook(path)


def test_the_default_period_is_the_first_month_without_its_data(document):
    assert default_period(document) == Period(2003, "month", 7)


def test_the_fast_readiness_agrees_with_line_readiness_for_every_line_and_period(document):
    firm = FirmService(document)
    service = PeriodService(document, firm.policy)
    review = firm.policy.review
    checked = 0
    for period in periods_of_year(2003):
        results = service.results(period)
        for contract in results.contracts:
            for line in contract.lines:
                slow = line_readiness(
                    line,
                    period,
                    contract.actuals.get(line.id),
                    contract.previous.get(line.id),
                    review,
                )
                assert contract.state(line.id) is slow.state, (period, line.indicator)
                assert (contract.readiness.get(line.id) or slow).why == slow.why
                checked += 1
    assert checked > 400


def test_a_template_lists_only_the_lines_due_by_their_cycle(document, tmp_path):
    service = ExchangeService(document)
    july = service.template("2003-07", tmp_path / "july.xlsx", "en")
    september = service.template("2003-09", tmp_path / "sept.xlsx", "en")
    # July: the 25 monthly lines; September also the quarterly ones (the committee's line is
    # rated in the meeting, never in a template).
    assert (july, september) == (25, 43)
    book = openpyxl.load_workbook(tmp_path / "july.xlsx")
    assert "人力资源部总监" not in book.sheetnames  # the HR director's lines are quarterly
    kpis = {
        book[s].cell(r, 5).value for s in book.sheetnames[2:] for r in range(2, book[s].max_row + 1)
    }
    assert "绩效管理的有效性" not in kpis


def test_a_task_line_names_its_shortfalls_in_the_template(document, tmp_path):
    ExchangeService(document).template("2003-09", tmp_path / "t.xlsx", "zh_CN")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["总经理"]
    notes = [c.comment.text for c in sheet["J"] if c.comment is not None]
    assert len(notes) == 1
    for name in ("延期天数", "缺少渠道数", "主管否决渠道数"):
        assert f"{name}=0" in notes[0]


def test_a_period_with_nothing_due_writes_no_template(document, tmp_path):
    out = tmp_path / "empty.xlsx"
    with pytest.raises(NothingDue) as refused:
        ExchangeService(document).template("2003-07", out, "en", providers={"nobody"})
    assert str(refused.value) == "nothing is due in 2003-07: no template was written"
    assert not out.exists()


def test_one_template_per_provider_named_after_it(document, tmp_path):
    written = ExchangeService(document).provider_templates(
        "2003-07", tmp_path, "en", ["营销中心", "计划财务部"]
    )
    assert [(p.name, n) for p, n in written] == [
        ("营销中心-2003-07.xlsx", 9),
        ("计划财务部-2003-07.xlsx", 13),
    ]
