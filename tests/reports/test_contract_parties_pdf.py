"""The printed contract's head names each party with post and department, the signing date and
the validity, as a 业绩合同 does (METHOD.md §8)."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from kpidesk.services import open_document
from kpidesk.services.editing import EditService
from kpidesk.services.printing import PrintService


def _text(path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.replace(" ", "")


@pytest.fixture
def document(demo_path):
    with open_document(demo_path) as document:
        yield document


def test_the_gm_contract_names_the_issuers_posts_and_departments(document, tmp_path):
    printer = PrintService(document)
    gm = next(c for c in printer.firm.contracts() if c.position == "营销部门总经理")
    out = tmp_path / "gm.pdf"
    printer.contract(gm.id, out, "zh_CN")
    rows = [line for line in _text(out).splitlines() if line]
    # 受约人 周明杰 in the contract's post; 发约人1 林志远, the branch's general manager.
    assert "受约人周明杰营销部门总经理营销部门" in rows
    assert "发约人1林志远总经理分公司" in rows
    assert "签订日期2003年1月8日有效期2003年1月1日至2003年12月31日" in rows
    assert "签约方姓名岗位部门" in rows


def test_a_second_issuer_prints_with_post_and_department_in_english(document, tmp_path):
    edits, printer = EditService(document), PrintService(document)
    clerk = next(c for c in printer.firm.contracts() if c.position == "营业厅营业员")
    manager = next(
        p for ps in printer.firm.all_positions().values() for p in ps if p.name == "营业厅经理"
    )
    contract_id, _changes = edits.new_contract(manager.id, 2003, clerk.id)
    edits.set_status(contract_id, "agreed")
    edits.sign(contract_id, 4, 3, 6, date(2003, 1, 9))  # 黄立新; 陈晓梅; 郑国华 (HR director)
    out = tmp_path / "manager.pdf"
    printer.contract(contract_id, out, "en")
    text = _text(out)
    assert "Issuer1陈晓梅公众客户部经理公众客户部" in text
    assert "Issuer2郑国华人力资源部总监人力资源部" in text
    assert "Dateofsigning2003-01-09" in text
