"""A whole period read at once (services/period.py): every signed contract of the year, its
lines as they stood for the period, readiness per line, totals equal to the scoring panel's."""

from __future__ import annotations

import pytest

from kpidesk.core.readiness import LineState
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService
from kpidesk.services.period import PeriodService
from kpidesk.storage.statements import counting_statements


@pytest.fixture
def firm(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document)


def results(firm: FirmService, period: str):
    return PeriodService(firm.document, firm.policy).results(period)


def line_of(firm: FirmService, position: str, kpi: str):
    contract = next(c for c in firm.contracts() if c.position == position)
    return contract, next(l for l in contract.lines if l.indicator_code == kpi)


def test_june_every_contract_complete_with_the_panels_totals(firm):
    june = results(firm, "2003-06")
    assert [c.row.position for c in june.contracts] == [
        "营销部门总经理",
        "公众客户部经理",
        "营业厅营业员",
        "人力资源部总监",
        "员工发展和绩效管理",
    ]
    assert [c.row.person for c in june.contracts] == [
        "周明杰",
        "陈晓梅",
        "吴佳怡",
        "郑国华",
        "刘思源",
    ]
    for contract in june.contracts:
        panel = firm.score(contract.id, "2003-06")  # what the scoring panel shows
        assert contract.complete and panel.complete
        assert contract.total == pytest.approx(panel.score.total)
        assert contract.previous_total == pytest.approx(
            firm.score(contract.id, "2003-05").score.total
        )
    assert set(june.counts()) == {LineState.DELIVERED}


def test_july_has_nothing_in_yet(firm):
    july = results(firm, "2003-07")
    assert all(c.total is None and not c.complete for c in july.contracts)
    counts = july.counts()
    assert set(counts) == {LineState.MISSING}
    marketing = july.contracts[0]
    # Its seven monthly lines (收入 … 市场占有率); 客户满意度, 商业客户转为大客户数 and 关键人才流失率
    # are quarterly, 重大投诉 is a deduction item.
    assert [l.indicator_code for l in marketing.missing] == [
        "REV",
        "NOAC",
        "BNCC",
        "MKTC",
        "ART",
        "GCR",
        "MSH",
    ]


def test_the_committee_rates_its_line_in_september(firm):
    september = results(firm, "2003-09")
    rated = [
        (c.row.position, line.indicator)
        for c in september.contracts
        for line in c.lines
        if c.state(line.id) is LineState.TO_RATE
    ]
    assert rated == [("员工发展和绩效管理", "绩效管理的有效性")]


def test_a_typing_slip_shows_as_suspicious_with_its_reason(firm):
    contract, revenue = line_of(firm, "营销部门总经理", "REV")  # 22.73 亿元, challenge 23.2
    EditService(firm.document).record_actual(revenue.id, "2003-07", 2273)
    july = results(firm, "2003-07")
    marketing = next(c for c in july.contracts if c.id == contract.id)
    found = marketing.readiness[revenue.id]
    assert found.state is LineState.SUSPICIOUS
    assert found.why.message("en") == "2273 lies far outside the targets 21.5–23.2"


def test_a_period_is_scored_with_the_targets_it_had(firm):
    contract, revenue = line_of(firm, "营销部门总经理", "REV")
    EditService(firm.document).amend(
        revenue.id, "base", 22.9, reason="市场变化", approved_by="林志远", effective_from="2003-06"
    )
    may, june = results(firm, "2003-05"), results(firm, "2003-06")
    mine = lambda r: next(c for c in r.contracts if c.id == contract.id)
    assert next(l for l in mine(may).lines if l.id == revenue.id).base == 22.73
    assert next(l for l in mine(june).lines if l.id == revenue.id).base == 22.9
    assert mine(may).total == pytest.approx(firm.score(contract.id, "2003-05").score.total)
    assert mine(june).total == pytest.approx(firm.score(contract.id, "2003-06").score.total)


def test_a_whole_period_costs_a_handful_of_statements(firm):
    with counting_statements(firm.document) as counted:
        results(firm, "2003-06")
    # Contracts, lines, two periods' actuals, their deduction counts, the amendments.
    assert counted.count <= 6, "\n".join(counted.statements)
