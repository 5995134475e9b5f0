"""A user error is a Problem (code, where, values) put into words where it is shown: raised
while the app speaks English, it reads in Chinese once the user has switched to Chinese. Only
kpidesk's own errors are shown as the user's mistake; a ValueError from a bug is not."""

from __future__ import annotations

import pytest

from kpidesk import i18n
from kpidesk.core.errors import RuleError
from kpidesk.core.periods import Period
from kpidesk.core.problems import Cell, KpideskError, Problem


@pytest.fixture
def english_then_chinese():
    before = i18n.language()
    i18n.set_language("en")
    yield lambda: i18n.set_language("zh_CN")
    i18n.set_language(before)


def test_an_error_raised_in_english_reads_in_chinese_when_shown(english_then_chinese):
    with pytest.raises(KpideskError) as raised:
        Period.parse("2003-13")
    assert str(raised.value) == (
        "'2003-13' is not a period code (use 2003-01, 2003-Q1, 2003-H1 or 2003)"
    )
    english_then_chinese()
    assert str(raised.value) == "“2003-13”不是周期代码（请使用 2003-01、2003-Q1、2003-H1 或 2003）"
    assert raised.value.text("en").startswith("'2003-13' is not a period code")


def test_a_problem_keeps_its_code_place_and_values(english_then_chinese):
    with pytest.raises(RuleError) as raised:
        from kpidesk.core.pay import appraisal_coefficient

        appraisal_coefficient(80, ((90, 1.0), (60, 0.5)))
    problem = raised.value.problem
    assert problem.code == "pay breakpoints must rise in score"
    assert problem.where == "breakpoints" and raised.value.field == "breakpoints"
    english_then_chinese()
    assert "pay breakpoints" not in str(raised.value)


def test_a_status_inside_a_message_is_a_word_of_the_users_language(demo_path, english_then_chinese):
    from kpidesk.storage.contract_repo import ContractRepository
    from kpidesk.storage.document import open_document

    with open_document(demo_path) as document:
        with pytest.raises(KpideskError) as raised:
            with document.transaction() as session:
                ContractRepository(session).delete_draft(1)  # the demo's contract 1 is signed
    assert str(raised.value) == "only a draft contract can be deleted, not a signed one"
    english_then_chinese()
    assert str(raised.value) == "只能删除草稿状态的绩效合同，不能删除已签订的绩效合同"


def test_a_workbook_problem_names_sheet_row_and_column_in_the_language_shown(
    tmp_path, english_then_chinese
):
    from kpidesk.exchange.reader import read_workbook

    not_a_workbook = tmp_path / "actuals.xlsx"
    not_a_workbook.write_text("these are not cells")
    _sheets, problems = read_workbook(not_a_workbook)
    assert str(problems[0]).startswith("actuals.xlsx: cannot be read as an Excel workbook:")
    english_then_chinese()
    assert str(problems[0]).startswith("actuals.xlsx：无法作为 Excel 工作簿读取：")
    located = Problem("not a number", Cell("实际完成值", 7, "F (实际完成值)"))
    assert located.text("zh_CN") == "实际完成值 第 7 行 F 列 (实际完成值)：不是数字"
    assert located.text("en") == "实际完成值 row 7 column F (实际完成值): not a number"


def test_the_old_call_style_keeps_working_until_its_raise_sites_are_converted():
    """``RuleError(_("…"), field)`` (a message already in words) reads as it was given."""
    error = RuleError(i18n.gettext("a scoring rule must be a JSON object", "zh_CN"), "kind")
    assert isinstance(error, ValueError) and error.field == "kind"
    assert str(error) == i18n.gettext("a scoring rule must be a JSON object", "zh_CN")
    assert error.text("en") == str(error)  # in words already: it cannot change language


def test_a_value_error_from_a_bug_is_not_reported_as_the_users_mistake(
    demo_path, monkeypatch, capsys
):
    """The CLI says a user's mistake in one paragraph and exits 2; a bug is not dressed up as
    one (it tracebacks, to be reported)."""
    from kpidesk.cli import main as cli

    def buggy_info(_args):
        raise ValueError("invalid literal for int() with base 10: 'x'")

    monkeypatch.setattr(cli, "_info", buggy_info)
    with pytest.raises(ValueError, match="invalid literal"):
        cli.main(["info", str(demo_path)])
    assert cli.main(["print", str(demo_path), "--period", "2003-13", "--out", "x"]) == 2
    assert "not a period code" in capsys.readouterr().err


def test_an_error_crosses_a_process_boundary_with_its_problems(english_then_chinese):
    """Contracts are laid out in a process pool: an error raised there arrives whole."""
    import pickle

    from kpidesk.services.importer import ImportRejected
    from kpidesk.storage.errors import NotKpideskFile

    error = NotKpideskFile(Problem("There is no file {path}.", "path", {"path": "a.kpidesk"}))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is NotKpideskFile and again.problems == error.problems
    rejected = pickle.loads(pickle.dumps(ImportRejected([Problem("not a number", Cell("x", 2))])))
    assert rejected.problems[0].where == Cell("x", 2)
    english_then_chinese()
    assert str(again) == "文件 a.kpidesk 不存在。"


def test_a_rejected_import_read_in_english_shows_in_chinese(
    demo_path, tmp_path, english_then_chinese
):
    """An actual typed as "n/a": the problem names sheet, row and column, and its words
    follow the language the user reads it in."""
    import openpyxl

    from kpidesk.services import open_document
    from kpidesk.services.exchange import ExchangeService, ImportRejected

    workbook = tmp_path / "firm.xlsx"
    with open_document(demo_path) as document:
        ExchangeService(document).export(workbook, "en")
        book = openpyxl.load_workbook(workbook)
        sheet = book["Actuals"]
        header = [cell.value for cell in sheet[1]]
        column = header.index("Actual") + 1
        sheet.cell(row=2, column=column).value = "n/a"
        book.save(workbook)
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(workbook)
    [problem] = rejected.value.problems
    letter = openpyxl.utils.get_column_letter(column)
    assert str(problem) == f"Actuals row 2 column {letter} (Actual): 'n/a' is not a number"
    assert str(rejected.value) == "1 problem; nothing was imported"
    english_then_chinese()
    assert str(problem) == f"Actuals 第 2 行 {letter} 列 (Actual)：“n/a”不是数字"
    assert str(rejected.value) == "发现 1 个问题；未导入任何数据"
