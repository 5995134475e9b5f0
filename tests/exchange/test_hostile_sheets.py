"""Hostile workbooks: an absurd used range, cells holding errors, NaN or infinity, two columns
of one title, rule JSON nested a thousand deep or a megabyte long. Each is read in memory in
proportion to what it holds and refused (or read) with the cell named."""

from __future__ import annotations

import contextlib
import hashlib
import re
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidesk.exchange.cells import CellError, json_value
from kpidesk.exchange.problem_workbook import write_problem_workbook
from kpidesk.exchange.reader import read_workbook
from kpidesk.services import open_document
from kpidesk.services.exchange import ExchangeService, ImportRejected

HEADER = ["岗位代码", "考核周期", "实际完成值"]
LINE = ["岗位代码", "指标代码", "行号", "考核周期", "实际完成值"]  # what names a demo line


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _actuals(path: Path, rows, stray: dict[str, object] | None = None, header=HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "实际完成值"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell, value in (stray or {}).items():
        sheet[cell] = value
        if isinstance(value, str) and value.startswith("#"):
            sheet[cell].data_type = "e"  # an error cell, as Excel saves =1/0
    book.save(path)
    return path


def _patched(source: Path, target: Path, change) -> Path:
    """``source`` with its first sheet's XML passed through ``change``: what no library writes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            new.writestr(item, data)
    return target


def _rows(path: Path) -> list[tuple[int, list]]:
    sheets, problems = read_workbook(path)
    assert problems == []
    return sheets[0].rows


def _peak_of_reading(path: Path) -> int:
    tracemalloc.start()
    try:
        read_workbook(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# absurd used range ---------------------------------------------------------------------------
def test_one_stray_cell_at_the_last_row_and_column_is_not_a_block_of_17_billion(tmp_path):
    path = _actuals(tmp_path / "corner.xlsx", [["P001", "2003-01", 5]], {"XFD1048576": "x"})
    # calamine alone would ask for 512 GB and abort the process: read in a child to be sure
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from kpidesk.exchange.reader import read_workbook; read_workbook({str(path)!r})",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert _peak_of_reading(path) < 50_000_000
    # the real row is read; the stray cell lies right of every column and is not data
    assert _rows(path) == [(2, ["P001", "2003-01", 5])]


def test_a_cell_a_million_rows_down_is_read_as_its_row_not_as_a_million(tmp_path):
    path = _actuals(
        tmp_path / "far.xlsx", [["P001", "2003-01", 5], ["P002", "2003-01", 6]], {"A1000000": "x"}
    )
    assert _peak_of_reading(path) < 50_000_000
    rows = _rows(path)
    assert rows[:2] == [(2, ["P001", "2003-01", 5]), (3, ["P002", "2003-01", 6])]
    assert rows[2][0] == 1_000_000 and rows[2][1][0] == "x"  # named by its own row number


def test_a_dimension_claiming_the_whole_sheet_is_not_believed(tmp_path):
    plain = _actuals(
        tmp_path / "plain.xlsx",
        [["P001", "2003-01", 5], ["P002", "2003-01", 6], ["P003", "2003-02", 7]],
    )
    claimed = _patched(
        plain,
        tmp_path / "claimed.xlsx",
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    assert b"A1:XFD1048576" in zipfile.ZipFile(claimed).read("xl/worksheets/sheet1.xml")
    assert _peak_of_reading(claimed) < 50_000_000
    assert [number for number, _cells in _rows(claimed)] == [2, 3, 4]


def test_a_stray_cell_in_a_filled_template_still_imports_its_rows(demo_path, exported, tmp_path):
    book = openpyxl.load_workbook(exported)
    for title in list(book.sheetnames):
        if title != "实际完成值":
            del book[title]
    book["实际完成值"]["XFD1048576"] = "stray"
    path = tmp_path / "stray.xlsx"
    book.save(path)
    with open_document(demo_path) as document:
        report = ExchangeService(document).import_workbook(path, dry_run=True)
    assert report.actuals_unchanged == 270  # every actual of the demo, read and compared


def test_a_refused_sheet_with_a_far_row_comes_back_with_that_row_marked(demo_path, tmp_path):
    path = _actuals(
        tmp_path / "far.xlsx", [["MKT-GM", "REV", 1, "2003-01", 23]], {"A1000000": "NOPE"}, LINE
    )
    with open_document(demo_path) as document:
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(path)
    assert [p.where.row for p in rejected.value.problems] == [1_000_000]
    out = tmp_path / "back.xlsx"
    assert write_problem_workbook(path, rejected.value.problems, out, "zh_CN") >= 1
    back = openpyxl.load_workbook(out, read_only=True)
    sheet = back["实际完成值"]
    assert sheet.cell(1_000_000, 1).value == "NOPE" and sheet.cell(1_000_000, 6).value
    assert [row[0] for row in sheet.iter_rows(max_row=2, values_only=True)] == [
        "岗位代码",
        "MKT-GM",
    ]


# errors, NaN, infinity -----------------------------------------------------------------------
def test_nan_infinity_and_error_cells_are_refused_by_cell(tmp_path):
    path = _actuals(
        tmp_path / "nan.xlsx",
        [
            ["P001", "2003-01", float("nan")],  # openpyxl writes an empty value
            ["P002", "2003-01", float("inf")],
            ["P003", "2003-01"],
        ],
        {"C4": "#DIV/0!"},
    )
    sheets, problems = read_workbook(path)
    said = [p.text("zh_CN") for p in problems]
    assert len(said) == 3, said
    assert "第 2 行 C 列 (实际完成值)" in said[0] and "NaN" in said[0]
    assert "第 3 行" in said[1] and "第 4 行" in said[2] and "#DIV/0!" in said[2]
    assert "Excel 错误值、非数值或无穷大" in said[2]


def test_xlsxwriter_errors_and_written_infinities_are_refused(tmp_path):
    path = tmp_path / "errors.xlsx"
    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
    sheet = book.add_worksheet("实际完成值")
    sheet.write_row(0, 0, HEADER + ["草稿"])
    sheet.write_row(1, 0, ["P001", "2003-01"])
    sheet.write_number(1, 2, float("nan"))  # becomes #NUM!
    sheet.write_row(2, 0, ["P002", "2003-01"])
    sheet.write_number(2, 2, float("-inf"))  # becomes #DIV/0!
    sheet.write_row(3, 0, ["P003", "2003-01", 4])
    sheet.write_number(3, 3, float("inf"))  # a column no import reads: no refusal
    book.close()
    inf = _patched(  # a hand-made file holding the number "inf" itself
        path, tmp_path / "inf.xlsx", lambda xml: xml.replace(b"<v>4</v>", b"<v>inf</v>")
    )
    sheets, problems = read_workbook(inf)
    found = [(p.where.row, p.where.column, p.params["value"]) for p in problems]
    assert found == [
        (2, "C (实际完成值)", "#NUM!"),
        (3, "C (实际完成值)", "#DIV/0!"),
        (4, "C (实际完成值)", "inf"),
    ]


@pytest.mark.parametrize("typed", ["NaN", "inf", "∞", "-Infinity", "#NUM!", "#DIV/0!"])
def test_text_that_looks_like_nan_or_an_error_is_refused_as_an_actual(demo_path, tmp_path, typed):
    path = _actuals(tmp_path / "typed.xlsx", [["MKT-GM", "REV", 1, "2003-01", typed]], header=LINE)
    before = digest(demo_path)
    with open_document(demo_path) as document:
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(path)
    assert [(p.where.row, p.where.column) for p in rejected.value.problems] == [
        (2, "E (实际完成值)")
    ]
    assert digest(demo_path) == before


# duplicate column titles -----------------------------------------------------------------------
@pytest.mark.parametrize("second", ["实际完成值", " 实际完成值 ", "Actual", "ＡＣＴＵＡＬ"])
def test_two_columns_of_one_title_are_refused_by_name(tmp_path, second):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "实际完成值"
    sheet.append(["岗位代码", "考核周期", "实际完成值", "备注", "数据提供方", second])
    sheet.append(["P001", "2003-01", 5, "", "", 6])
    book.save(tmp_path / "twice.xlsx")
    _sheets, problems = read_workbook(tmp_path / "twice.xlsx")
    assert [p.text("zh_CN") for p in problems] == [
        "实际完成值 第 1 行：列名“实际完成值”出现了两次：C 列和 F 列"
    ]


# rule JSON ----------------------------------------------------------------------------------
def _lines_with_rule(exported: Path, tmp_path: Path, rule: str) -> Path:
    book = openpyxl.load_workbook(exported)
    for title in list(book.sheetnames):
        if title != "合同指标":
            del book[title]
    book["合同指标"]["L2"] = rule
    path = tmp_path / "rule.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(
    "rule, words",
    [
        ("[" * 1000 + "]" * 1000, "嵌套超过 20 层"),
        ('{"kind": "polyline", "note": "' + "x" * 1_000_000 + '"}', "最多 20000 个字符"),
        ('{"kind": "polyline", "base": NaN}', "不是有效的 JSON"),
        ('{"kind": "polyline", "base": ' + "9" * 5000 + "}", "不是有效的 JSON"),
        ("[1, 2]", "JSON 对象"),
    ],
)
def test_hostile_rule_json_is_refused_by_cell(demo_path, exported, tmp_path, rule, words):
    path = _lines_with_rule(exported, tmp_path, rule)
    before = digest(demo_path)
    with open_document(demo_path) as document:
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(path)
    said = [p.text("zh_CN") for p in rejected.value.problems]
    assert len(said) == 1 and "第 2 行 L 列" in said[0] and words in said[0], said
    assert digest(demo_path) == before


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet='[]{}":,0123456789.eE-+ nulltrfaseNIy', max_size=400))
def test_any_text_in_a_json_cell_is_a_value_or_a_cell_error(raw):
    with contextlib.suppress(CellError):  # anything else would reach the user as a traceback
        json_value(raw, 300)


cell_values = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False).map(lambda f: round(f, 3)),
    st.text("ABCxyz销售部门123 ", min_size=1, max_size=8).filter(str.strip),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.dictionaries(
        st.integers(2, 60), st.lists(cell_values, min_size=3, max_size=3), max_size=12
    ),
    stray=st.one_of(
        st.none(),
        st.tuples(st.integers(1, 1_048_576), st.integers(200, 16_384)),  # far right: not data
        st.tuples(st.integers(70_000, 1_048_576), st.just(1)),  # far down: a row of its own
    ),
)
def test_any_sheet_reads_the_rows_it_holds_however_far_a_stray_cell_lies(tmp_path, rows, stray):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "实际完成值"
    for column, title in enumerate(HEADER, 1):
        sheet.cell(1, column, title)
    for number, cells in rows.items():
        for column, value in enumerate(cells, 1):
            sheet.cell(number, column, value)
    expected = {number: list(cells) for number, cells in rows.items()}
    if stray:
        sheet.cell(*stray, "stray")
        if stray[1] == 1:
            expected[stray[0]] = ["stray", "", ""]
    book.save(tmp_path / "any.xlsx")
    # what lies under the three columns; a stray cell right of them is no column's value
    read = {n: cells[:3] for n, cells in _rows(tmp_path / "any.xlsx") if cells[:3] != ["", "", ""]}
    assert read == expected


def test_a_workbook_kpidesk_cannot_look_into_first_is_refused_with_the_way_out(tmp_path):
    """An .xls, .xlsb or .ods cannot be scanned before calamine reads it (one stray far cell
    would abort the process): refused in words, with what to do, before any reading."""
    from kpidesk.exchange.reader import read_workbook

    for name in ("实际完成值.xls", "book.ods", "book.XLSB"):
        path = tmp_path / name
        path.write_bytes(b"\xd0\xcf\x11\xe0 whatever it holds")
        sheets, problems = read_workbook(path)
        assert sheets == [] and len(problems) == 1
        assert name in str(problems[0]) and "save this file as an .xlsx workbook" in str(
            problems[0]
        )


def test_the_openpyxl_engine_is_protected_as_calamine_is(tmp_path):
    """``--engine openpyxl`` reads what the scan found too: a far stray cell built the whole
    grid in pandas (24 GB before the system killed it), and error cells read as empty."""
    path = _actuals(tmp_path / "corner.xlsx", [["P001", "2003-01", 5]], {"XFD1048576": "x"})
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
            "from kpidesk.exchange.reader import read_workbook; "
            f"sheets, problems = read_workbook({str(path)!r}, 'openpyxl'); "
            "print(len(sheets), len(problems))",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout.split() == ["1", "0"]
    faulty = _actuals(tmp_path / "div.xlsx", [["P001", "2003-01", 5]], {"C3": "#DIV/0!"})
    sheets, problems = read_workbook(faulty, "openpyxl")
    assert len(problems) == 1 and "#DIV/0!" in problems[0].text("zh_CN")
