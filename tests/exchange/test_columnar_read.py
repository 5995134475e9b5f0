"""A sheet read column by column from calamine, a block of rows at a time, each distinct text
and number kept once: what the import sees must be exactly what the workbook holds — every
cell at its Excel row and column, TRUE never taken for 1, -0.0 never for 0.0."""

from __future__ import annotations

import math
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidesk.exchange import reader
from kpidesk.exchange.reader import read_workbook

HEADER = ["岗位代码", "指标代码", "行号", "考核期间", "实际完成值"]


def _book(path: Path, rows: list[list], top: int = 0, left: int = 0) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("实际完成值")
    for r, cells in enumerate([HEADER, *rows]):
        for c, cell in enumerate(cells):
            if isinstance(cell, bool):
                sheet.write_boolean(top + r, left + c, cell)
            elif isinstance(cell, (int, float)):
                sheet.write_number(top + r, left + c, cell)
            elif cell != "":
                sheet.write_string(top + r, left + c, cell)
    book.close()
    return path


def _cells(sheet, key: str) -> list:
    return sheet.column(key).tolist()


def test_a_table_starting_at_c3_keeps_its_excel_rows_and_columns(tmp_path):
    path = _book(tmp_path / "offset.xlsx", [["P1", "K1", 1, "2003-01", 7.5]], top=2, left=2)
    (sheet,), problems = read_workbook(path)
    assert problems == []
    assert sheet.columns["actual"] == 6  # column G: A and B are empty, as in Excel
    assert sheet.where("actual") == "G (实际完成值)"
    assert sheet.first_row == 4 and sheet.row_numbers.tolist() == [4]
    assert _cells(sheet, "actual") == [7.5]


def test_rows_across_many_blocks_are_read_in_order_with_their_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "_CHUNK_ROWS", 7)  # a block boundary every 7 rows
    rows = [[f"P{i % 3}", "K1", 1, "2003-01", i / 4] for i in range(40)]
    (sheet,), _ = read_workbook(_book(tmp_path / "blocks.xlsx", rows))
    assert _cells(sheet, "actual") == [i / 4 for i in range(40)]
    assert _cells(sheet, "position_code")[:7] == ["P0", "P1", "P2", "P0", "P1", "P2", "P0"]
    assert sheet.row_numbers.tolist() == list(range(2, 42))


def test_true_one_and_minus_zero_stay_what_they_are(tmp_path):
    rows = [["P1", "K1", 1, "2003-01", v] for v in (True, 1.0, 1, -0.0, 0.0, "1", False)]
    (sheet,), _ = read_workbook(_book(tmp_path / "kinds.xlsx", rows))
    cells = _cells(sheet, "actual")
    assert [type(c) for c in cells[:3]] == [bool, float, float]  # Excel stores 1 as 1.0
    assert math.copysign(1, cells[3]) == -1 and math.copysign(1, cells[4]) == 1
    assert cells[5] == "1" and cells[6] is False


_cell = st.one_of(
    st.booleans(),
    # as Excel keeps a number: 15 significant digits (more are the writer's, not ours)
    st.floats(allow_nan=False, allow_infinity=False)
    .map(lambda f: float(f"{f:.15g}"))
    .filter(math.isfinite),
    st.text(alphabet="AB12 -考核", min_size=1, max_size=4).filter(str.strip),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(_cell, min_size=1, max_size=30))
def test_any_column_of_cells_reads_back_cell_for_cell(tmp_path_factory, values):
    reader._CHUNK_ROWS, saved = 4, reader._CHUNK_ROWS  # blocks smaller than the column
    try:
        path = tmp_path_factory.mktemp("any") / "any.xlsx"
        (sheet,), _ = read_workbook(_book(path, [["P1", "K1", 1, "2003-01", v] for v in values]))
    finally:
        reader._CHUNK_ROWS = saved
    got = _cells(sheet, "actual")
    assert [(type(g), g) for g in got] == [(type(v), v) for v in values]
    assert [math.copysign(1, g) for g in got if type(g) is float] == [
        math.copysign(1, v) for v in values if type(v) is float
    ]
