"""Signing with a contractee who holds another position, or an issuer 1 who is not the direct
superior (METHOD.md §8): the signing dialog warns, signing is still possible (a newly hired
person may not be assigned yet), and the printed contract shows each party's own position and
department on the signing date."""

from __future__ import annotations

import subprocess

import pytest

from kpidesk.ui.contract.signing_dialog import SigningDialog

pytestmark = pytest.mark.gui

LIN, ZHOU, CHEN, ZHENG = 1, 2, 3, 6  # 林志远 总经理, 周明杰 营销部门总经理, 陈晓梅, 郑国华


def _agreed_draft(window, position: str, copied_from: str):
    source = next(c for c in window.firm.contracts() if c.position == copied_from)
    assert window.select_position(position)
    window.contract_edits.create_contract(window.current_position()[0], source.id)
    window.editor.buttons["agreed"].click()
    assert window.editor.contract.status == "agreed"
    return window


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "contract.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_contractee_holding_another_position_is_warned_signed_and_printed_as_held(
    window, answer_safely, tmp_path
):
    # The 总经理 draft, copied from the 营销部门总经理 contract, signed by 周明杰, who holds
    # 营销部门总经理 (the reviewer's case).
    _agreed_draft(window, "总经理", "营销部门总经理")
    seen: dict = {}

    def fill(dialog: SigningDialog):
        dialog.contractee.setCurrentIndex(dialog.contractee.findData(ZHOU))
        dialog.issuer1.setCurrentIndex(dialog.issuer1.findData(ZHENG))
        seen["warning"] = dialog.party_warnings.text()
        seen["warning_shown"] = dialog.party_warnings.isVisibleTo(dialog)
        seen["ok"] = dialog.ok_button.isEnabled()
        # The holder of the position itself: no warning.
        dialog.contractee.setCurrentIndex(dialog.contractee.findData(LIN))
        seen["holder_warning"] = dialog.party_warnings.isVisibleTo(dialog)
        dialog.contractee.setCurrentIndex(dialog.contractee.findData(ZHOU))
        dialog.ok_button.click()

    answer_safely(fill, seen)
    window.editor.buttons["signed"].click()
    assert "error" not in seen, seen.get("error")
    assert seen["dialog"] is SigningDialog
    assert seen["warning_shown"] and not seen["holder_warning"]
    assert (
        "On the signing date the contractee 周明杰 holds 营销部门总经理 (营销部门), "
        "not this contract's 总经理 (分公司)." in seen["warning"]
    )
    assert seen["ok"]  # a warning, not a block
    contract = window.editor.contract
    assert (contract.status, contract.contractee, contract.issuer1) == (
        "signed",
        "周明杰",
        "郑国华",
    )

    # The warning is recorded with the signature (the audit trail's reason for the status).
    reasons = window.firm.status_reasons(contract.id)
    assert [(old, why) for _at, _who, old, why in reasons] == [
        (
            "agreed",
            "Signed despite: On the signing date the contractee 周明杰 holds 营销部门总经理 "
            "(营销部门), not this contract's 总经理 (分公司).",
        )
    ]

    pdf, _name = window.files.preview_pdf()
    lines = [line.split() for line in _pdf_text(pdf, tmp_path).splitlines()]
    # The party table's rows (the signature block further down names the roles again).
    contractee = next(words for words in lines if words[:1] == ["Contractee"])
    issuer1 = next(words for words in lines if words[:2] == ["Issuer", "1"])
    assert contractee == ["Contractee", "周明杰", "营销部门总经理", "营销部门"]
    assert issuer1 == ["Issuer", "1", "郑国华", "人力资源部总监", "人力资源部"]


def test_an_issuer_1_who_is_not_the_direct_superior_is_warned(window, answer_safely):
    # 营业厅经理 reports to 公众客户部经理 (陈晓梅); 林志远 as issuer 1 deserves a second look.
    _agreed_draft(window, "营业厅经理", "营业厅营业员")
    seen: dict = {}

    def fill(dialog: SigningDialog):
        seen["proposed"] = dialog.party_warnings.isVisibleTo(dialog)
        dialog.issuer1.setCurrentIndex(dialog.issuer1.findData(LIN))
        seen["warning"] = dialog.party_warnings.text()
        seen["ok"] = dialog.ok_button.isEnabled()
        dialog.reject()

    answer_safely(fill, seen)
    window.editor.buttons["signed"].click()
    assert "error" not in seen, seen.get("error")
    assert not seen["proposed"]  # the organisation's proposal needs no second look
    assert (
        "Issuer 1 is usually the direct superior: on the signing date that is 陈晓梅 "
        "(公众客户部经理, 公众客户部), not 林志远." in seen["warning"]
    )
    assert seen["ok"]
