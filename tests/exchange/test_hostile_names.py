"""Names that would break a workbook or a file, and an import that would rename or turn around
a KPI a signed contract uses: templates never fail on a provider's name; the import refuses
the row, naming the KPI, the contracts and what would change."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from kpidesk.exchange.writer import write_template
from kpidesk.services import open_document
from kpidesk.services.dictionary import DictionaryService
from kpidesk.services.exchange import ExchangeService, ImportRejected


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_template_survives_providers_named_like_nothing_excel_allows(tmp_path):
    row = {"position_code": "P1", "kpi_code": "K1", "line_no": 1, "period": "2003-07"}
    providers = {
        "计划财务部/统计:一组": [row],
        "History": [row],
        "'引号'": [row],
        "Lists": [row],  # the name of the template's hidden sheet of levels
        "填写说明": [row],  # the name of its instructions, in Chinese
        "市场经营部" * 8: [row],
        "市场经营部" * 8 + "二": [row],
        "DATA": [row],
        "data": [row],
    }
    path = tmp_path / "t.xlsx"
    write_template(providers, "2003-07", path, "zh_CN")
    # the providers' sheets in the order of their names, after the instructions and the lists
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == [
        "填写说明",
        "Lists",
        "引号",
        "DATA",
        "History_",
        "Lists (2)",
        "data (2)",
        "填写说明 (2)",
        "市场经营部" * 6 + "市",
        "市场经营部" * 5 + "市场 (2)",
        "计划财务部_统计_一组",
    ]


def _dictionary_row(exported: Path, tmp_path: Path, code: str, **cells: str) -> Path:
    """The export's KPI dictionary sheet alone, with the row of ``code`` changed by column title."""
    book = openpyxl.load_workbook(exported)
    for title in list(book.sheetnames):
        if title != "KPI辞典":
            del book[title]
    sheet = book["KPI辞典"]
    titles = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == code:
            for title, value in cells.items():
                row[titles.index(title)].value = value
    path = tmp_path / "dictionary.xlsx"
    book.save(path)
    return path


def test_an_import_may_not_rename_a_kpi_a_signed_contract_uses(demo_path, exported, tmp_path):
    path = _dictionary_row(exported, tmp_path, "REV", 关键绩效指标="营业收入")
    before = digest(demo_path)
    run = subprocess.run(
        [sys.executable, "-m", "kpidesk", "import", str(demo_path), str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "KPIDESK_LANG": "zh_CN"},
    )
    assert run.returncode == 1
    said = run.stderr
    assert (
        "KPI辞典 第 2 行 B 列 (关键绩效指标)：指标 REV“通信业务收入”已用于已签订的绩效合同："
        "人力资源部总监的2003年绩效合同（已签订）、员工发展和绩效管理的2003年绩效合同（已签订）、"
        "营销部门总经理的2003年绩效合同（已签订）。导入不能把它改名为“营业收入”；"
        "请先在 KPI辞典中修订并记录变更，或为新的含义另建指标。"
    ) in said, said
    assert digest(demo_path) == before


def test_an_import_may_not_turn_a_signed_kpi_around(demo_path, exported, tmp_path):
    path = _dictionary_row(exported, tmp_path, "REV", 方向="lower", 计量单位="万元")
    with open_document(demo_path) as document:
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(path)
    (problem,) = rejected.value.problems
    said = problem.text("zh_CN")
    assert "把指标方向由“越高越好”改为“越低越好”、把计量单位由“亿元”改为“万元”" in said, said
    assert problem.text("en").startswith(
        "KPI辞典 row 2 column B (关键绩效指标): KPI REV '通信业务收入' is used by signed "
        "contracts: the contract of"
    ), problem.text("en")


def test_definition_texts_of_a_signed_kpi_may_still_change(demo_path, exported, tmp_path):
    path = _dictionary_row(exported, tmp_path, "REV", 指标内涵="以财务月报为准（修订）")
    with open_document(demo_path) as document:
        ExchangeService(document).import_workbook(path)
        entry = next(e for e in DictionaryService(document).entries() if e.code == "REV")
    assert entry.definition == "以财务月报为准（修订）" and entry.name == "通信业务收入"


def test_a_sheet_without_a_direction_column_leaves_the_direction_alone(
    demo_path, exported, tmp_path
):
    with open_document(demo_path) as document:
        lower = next(e for e in DictionaryService(document).entries() if e.direction == "lower")
    book = openpyxl.load_workbook(exported)
    for title in list(book.sheetnames):
        if title != "KPI辞典":
            del book[title]
    book["KPI辞典"].delete_cols([cell.value for cell in book["KPI辞典"][1]].index("方向") + 1)
    path = tmp_path / "no_direction.xlsx"
    book.save(path)
    with open_document(demo_path) as document:
        ExchangeService(document).import_workbook(path)
        again = next(e for e in DictionaryService(document).entries() if e.code == lower.code)
    assert again.direction == "lower"
