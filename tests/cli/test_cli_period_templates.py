"""``kpidesk template actuals`` says when a period has nothing due instead of writing an empty
workbook; ``kpidesk import --problems OUT.xlsx`` writes a refused workbook's problems for the
provider."""

from __future__ import annotations

import openpyxl

from kpidesk.cli.main import main


def test_a_period_with_nothing_due_writes_no_template(demo_path, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    # The demo's contracts are of 2003: nothing is due in 2004.
    code = main(["template", "actuals", str(demo_path), str(out), "--period", "2004-01"])
    assert code != 0 and not out.exists()
    assert "nothing is due in 2004-01: no template was written" in capsys.readouterr().err


def test_a_refused_import_writes_its_problems_for_the_provider(demo_path, tmp_path, capsys):
    template, back = tmp_path / "t.xlsx", tmp_path / "back.xlsx"
    assert main(["template", "actuals", str(demo_path), str(template), "--period", "2003-07"]) == 0
    book = openpyxl.load_workbook(template)
    book["计划财务部"].cell(2, 10).value = "n/a"
    book.save(template)
    code = main(["import", str(demo_path), str(template), "--problems", str(back)])
    assert code == 1
    sheet = openpyxl.load_workbook(back)["计划财务部"]
    # the template's own column title (Chinese, its default), the problem in the CLI's language
    assert sheet.cell(2, 12).value == "J (实际完成值): 'n/a' is not a number"
