"""A quarter's score sheet agrees with the scoring panel and the year: when the quarter has no
actuals of its own but its months are complete, it prints the result built from them."""

from __future__ import annotations

import re

from kpidesk.services import open_document
from kpidesk.services.printing import PrintService

from .test_contract_pdf import text_of


def _total(text: str) -> float:
    return float(re.search(r"Total (\d+\.\d\d) of 100", text).group(1))


def test_the_second_quarter_sheet_prints_the_result_built_from_april_to_june(
    demo_path, tmp_path
):
    with open_document(demo_path) as document:
        printer = PrintService(document)
        contract = next(c for c in printer.firm.contracts() if c.position == "营销部门总经理")
        months = []
        for month in ("2003-04", "2003-05", "2003-06"):
            out = tmp_path / f"{month}.pdf"
            printer.print_score_sheet(contract.id, month, out, "en")
            months.append(_total(" ".join(text_of(out).split())))
        quarter = tmp_path / "q2.pdf"
        printer.print_score_sheet(contract.id, "2003-Q2", quarter, "en")
        text = " ".join(text_of(quarter).split())
        assert "Data incomplete" not in text
        assert "built from the data of Apr–Jun 2003" in text
        assert abs(_total(text) - sum(months) / 3) < 0.01  # the mean of the three months
        third = tmp_path / "q3.pdf"
        printer.print_score_sheet(contract.id, "2003-Q3", third, "en")
        assert "Data incomplete" in text_of(third)
