"""`kpidesk template roster OUT.xlsx` and `kpidesk import FIRM roster.xlsx` (issue 11)."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from kpidesk.cli.main import main
from tests.exchange.test_roster import workbook


@pytest.mark.parametrize("lang, sheets", [("zh", ["花名册", "填写说明"]), ("en", ["Roster", "Instructions"])])
def test_template_roster_needs_no_document(tmp_path, capsys, lang, sheets):
    out = tmp_path / "roster.xlsx"
    assert main(["template", "roster", str(out), "--lang", lang]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    assert openpyxl.load_workbook(out).sheetnames == sheets


def test_template_roster_refuses_a_document_or_a_period(demo_path, tmp_path, capsys):
    out = tmp_path / "roster.xlsx"
    assert main(["template", "roster", str(demo_path), str(out)]) == 2
    assert capsys.readouterr().err.strip() == (
        "kpidesk: the roster template needs only the file to write (no document, no --period)"
    )
    assert main(["template", "roster", str(out), "--period", "2003-07"]) == 2
    assert not out.exists()


def test_template_actuals_still_needs_its_period(demo_path, tmp_path, capsys):
    out = tmp_path / "actuals.xlsx"
    assert main(["template", "actuals", str(demo_path), str(out)]) == 2
    assert "needs a document, the file to write and --period" in capsys.readouterr().err
    assert main(["template", "actuals", str(demo_path), str(out), "--period", "2003-07"]) == 0
    assert out.exists()


def test_import_recognises_a_roster_and_says_what_it_did(demo_path, tmp_path, capsys):
    roster = workbook(
        tmp_path / "roster.xlsx",
        [
            ("分公司/营销部门/政企客户部", "客户经理", "E05", "吴佳怡", date(2004, 3, 1), "否", "销售服务类"),
            ("分公司/营销部门/政企客户部", "客户经理", "E100", "王芳", date(2004, 3, 1)),
        ],
    )
    assert main(["import", str(demo_path), str(roster)]) == 0
    out = capsys.readouterr().out
    assert "Creates 1 unit, 1 position, 1 person.\nStarts 2 assignments.\nMoves 1 person" in out
    assert "6 people in the firm are not in the roster: left unchanged." in out
    assert "actuals" not in out  # a roster alone says nothing of actuals
    assert main(["import", str(demo_path), str(roster)]) == 0
    assert "The roster changes nothing" in capsys.readouterr().out


def test_import_of_a_bad_roster_lists_each_problem_and_exits_1(demo_path, tmp_path, capsys):
    roster = workbook(
        tmp_path / "bad.xlsx",
        [("分公司\\\\营销部门", "客户经理", "E100", "王芳", date(2004, 3, 1))],
        title="花名册",
    )
    assert main(["import", str(demo_path), str(roster)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "花名册 row 2 column A (组织单元路径): the unit path '分公司\\\\营销部门' has an empty part "
        "(two separators in a row, or one at an end)",
        "kpidesk: 1 problem; nothing was imported",
    ]


# issue 11 review: the template speaks kpidesk's language unless --lang says otherwise -----------
@pytest.mark.parametrize(
    "lang_option, sheets, header",
    [((), ["Roster", "Instructions"], "Unit path"), (("--lang", "zh"), ["花名册", "填写说明"], "组织单元路径")],
)
def test_template_roster_follows_kpidesks_language_unless_told(tmp_path, lang_option, sheets, header):
    import os
    import subprocess
    import sys

    out = tmp_path / "roster.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "kpidesk.cli.main", "template", "roster", str(out), *lang_option],
        env={**os.environ, "KPIDESK_LANG": "en"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == sheets
    assert book[sheets[0]]["A1"].value == header


def test_template_roster_in_the_clis_language(tmp_path, capsys):
    from kpidesk.i18n import language, set_language

    out, was = tmp_path / "roster.xlsx", language()
    set_language("en")
    try:
        assert main(["template", "roster", str(out)]) == 0
    finally:
        set_language(was)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Roster", "Instructions"]
    instructions = [row[0] for row in book["Instructions"].iter_rows(values_only=True)]
    assert "a new one is not key (key positions are the few that get a performance contract)." in (
        instructions
    )
