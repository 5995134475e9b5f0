"""The demo firm holds METHOD.md §8 exactly: the branch company and its five worked contracts."""

from __future__ import annotations

import pytest

from kpidesk.core.contracts import content_hash
from kpidesk.services import FirmService, open_document
from kpidesk.services.demo import populate_demo

# §8, line by line: (category, KPI, weight, unit, base target). Deduction items weigh 0.
SECTION_8 = {
    "营销部门总经理": [
        ("financial", "通信业务收入", 25, "亿元", 22.73),
        ("financial", "净营运资产贡献率", 10, "%", 8.8),
        ("financial", "预算网络成本贡献率", 15, "%", 36.82),
        ("financial", "营销成本", 10, "万元", 34750),
        ("financial", "应收帐款周转次数", 10, "次", 13.8),
        ("service", "集团客户收入/总收入", 10, "%", None),
        ("service", "客户满意度", 5, "评分", None),
        ("service", "市场占有率", 5, "%", None),
        ("learning", "商业客户转为大客户数", 5, None, None),
        ("learning", "关键人才流失率", 5, "%", None),
        ("deduction", "重大投诉", 0, "次数", None),
    ],
    "公众客户部经理": [
        ("financial", "公众客户部收入", 25, "万元", 123230),
        ("financial", "预算网络成本贡献率", 10, None, 26.1),
        ("financial", "部门营销成本", 15, "万元", 1034.9),
        ("financial", "公众客户ARPU值", 15, "元/户", 55),
        ("service", "业务流失率", 10, None, 4),
        ("service", "客户满意度", 5, "评分", 85),
        ("service", "产品销售量(市区)", 10, None, None),
        ("learning", "劳动生产率", 5, None, None),
        ("learning", "关键人才流失率", 5, None, None),
        ("deduction", "重大投诉", 0, None, None),
    ],
    "营业厅营业员": [
        ("financial", "营业收入", 30, "万元", 270),
        ("service", "客户满意度", 10, "评分", 80),
        ("service", "固定电话", 20, "只", 4000),
        ("service", "来显", 10, "只", 5400),
        ("service", "固网短信", 10, "只", 600),
        ("service", "宽带", 10, "只", 240),
        ("service", "服务规范", 10, "评分", None),
        ("deduction", "重大投诉", 0, None, None),
    ],
    "人力资源部总监": [
        ("financial", "净营运资产贡献率", 10, None, 8.99),
        ("financial", "通信业务收入", 10, "亿元", 22.73),
        ("service", "关键岗位人员情况掌握", 15, "评分", None),
        ("service", "招聘工作完成有效性", 15, "评分", None),
        ("service", "培训计划完成情况", 5, "评分", None),
        ("service", "薪酬制度的实施效果", 10, "评分", None),
        ("service", "离退人员管理情况", 10, "评分", None),
        ("learning", "关键人才流失率", 5, "%", None),
        ("learning", "员工满意度", 10, None, None),
        ("learning", "关键岗位后备人才培养", 10, None, None),
        ("deduction", "安全生产", 0, "次数", None),
    ],
    "员工发展和绩效管理": [
        ("financial", "净营运资产贡献率", 10, None, 8.99),
        ("financial", "通信业务收入", 10, None, 22.73),
        ("service", "员工发展计划制定合理性", 20, "评分", None),
        ("service", "绩效考核结果反馈及时性", 20, "评分", None),
        ("service", "与员工沟通的及时性和有效性", 10, "评分", None),
        ("service", "考核奖惩工作完成有效性", 10, "评分", None),
        ("learning", "关键岗位后备人才培养", 10, None, None),
        ("learning", "关键人才流失率", 5, "%", None),
        ("learning", "绩效管理的有效性", 5, None, None),
        ("deduction", "重大错误", 0, "次数", None),
    ],
}
ISSUERS = {
    "营销部门总经理": "总经理",
    "公众客户部经理": "营销部门总经理",
    "营业厅营业员": "营业厅经理",
    "人力资源部总监": "总经理",
    "员工发展和绩效管理": "人力资源部总监",
}


@pytest.fixture
def firm(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document)


def test_the_five_contracts_are_those_of_section_8(firm):
    contracts = {c.position: c for c in firm.contracts()}
    assert set(contracts) == set(SECTION_8)
    for position, expected in SECTION_8.items():
        contract = contracts[position]
        assert contract.weight_total == 100
        actual = [(l.category, l.indicator, l.weight, l.unit, l.base) for l in contract.lines]
        assert len(actual) == len(expected), position
        for got, want in zip(actual, expected):
            assert got[:3] == want[:3], position
            if want[3] is not None:
                assert got[3] == want[3], (position, want)
            if want[4] is not None:
                assert got[4] == want[4], (position, want)
        deductions = [l for l in contract.lines if l.deduction]
        assert len(deductions) == 1 and deductions[0].weight == 0


def test_parties_validity_signing_and_hash(firm):
    units = {u.id: u for u in firm.units()}
    holders = {p.name: p.holder for u in units for p in firm.positions(u)}
    for contract in firm.contracts():
        assert contract.issuer1 == holders[ISSUERS[contract.position]]
        assert contract.contractee == holders[contract.position]
        assert (contract.valid_from.isoformat(), contract.valid_to.isoformat()) == (
            "2003-01-01",
            "2003-12-31",
        )
        assert contract.status == "signed"
        assert (
            contract.signed_on.year == 2003
            and contract.signed_on.month == 1
            and contract.signed_on.day <= 10
        )
        assert contract.content_hash == content_hash(contract.signed_content())
    assert "通信业务收入" in [l.indicator for l in firm.contracts()[0].lines]
    assert firm.contracts()[0].lines[0].target_note == "22.73(力争23.2)"


def test_the_organisation_of_the_branch(firm):
    units = {u.name: u for u in firm.units()}
    assert units["营销部门"].parent_id == units["分公司"].id
    assert units["公众客户部"].parent_id == units["营销部门"].id
    assert units["营业厅"].parent_id == units["公众客户部"].id
    assert units["人力资源部"].parent_id == units["分公司"].id
    assert [p.name for p in firm.positions(units["营业厅"].id)] == ["营业厅经理", "营业厅营业员"]
    assert [p.name for p in firm.positions(units["人力资源部"].id)] == [
        "人力资源部总监",
        "员工发展和绩效管理",
    ]
    assert firm.name.endswith("(样例数据)")


def test_every_indicator_used_has_a_chinese_definition(firm):
    from kpidesk.storage.firm_repo import FirmRepository

    with firm.document.reading() as session:
        dictionary = {i.code: i for i in FirmRepository(session).indicators()}
    used = {l.indicator_code for c in firm.contracts() for l in c.lines}
    assert used <= set(dictionary)
    for code in used:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in dictionary[code].definition), code


def test_periods_and_actuals_january_to_june(firm):
    assert firm.periods()[:3] == ["2003-01", "2003-02", "2003-03"]
    assert len(firm.periods()) == 19
    gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    for period in ("2003-01", "2003-06"):
        result = firm.score(gm.id, period)
        assert result.score.complete and 0 < result.score.total <= 100
    assert not firm.score(gm.id, "2003-07").actuals
    march = firm.score(gm.id, "2003-03")
    assert march.score.deduction_points == 5  # the sample major complaint


def test_actuals_are_deterministic(demo_path, tmp_path):
    from kpidesk.services.demo import write_demo

    other = tmp_path / "again.kpidesk"
    write_demo(other).close()
    with open_document(demo_path) as a, open_document(other) as b:
        fa, fb = FirmService(a), FirmService(b)
        for ca, cb in zip(fa.contracts(), fb.contracts()):
            assert fa.score(ca.id, "2003-04").actuals == fb.score(cb.id, "2003-04").actuals


def test_the_demo_is_clean_under_check(firm):
    assert firm.check().findings == []


@pytest.mark.postgres
def test_the_demo_firm_lives_on_postgresql_too(pg_url, demo_path):
    with open_document(pg_url) as server, open_document(demo_path) as local:
        populate_demo(server)
        on_server, on_file = FirmService(server), FirmService(local)
        assert {k: v for k, v in on_server.info().items()} == on_file.info()
        assert [c.lines for c in on_server.contracts()] == [c.lines for c in on_file.contracts()]
        assert on_server.check().findings == []
        gm = on_server.contracts()[0].id
        assert on_server.score(gm, "2003-02").score == on_file.score(gm, "2003-02").score
