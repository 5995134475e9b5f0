"""Sheet and file names made from anything people type: Excel and every file system accept them."""

from __future__ import annotations

import openpyxl
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidesk.core.safe_names import file_name, sheet_name
from kpidesk.services.printing import file_name as pdf_name


def test_sheet_names_follow_excel_rules():
    taken: set[str] = set()
    assert sheet_name("销售部/华东:一组", taken) == "销售部_华东_一组"
    assert sheet_name("[x]*?\\", taken) == "_x____"
    assert sheet_name("History", taken) == "History_"  # Excel reserves it in any case
    assert sheet_name("'引号'", taken) == "引号"
    assert sheet_name("", taken) == "Sheet"
    assert sheet_name("   ", taken) == "Sheet (2)"
    # 31 characters, a Chinese character counting one
    assert sheet_name("市场经营部" * 8, taken) == "市场经营部" * 6 + "市"
    # an emoji is two UTF-16 units, as Excel counts
    assert sheet_name("😀" * 20, taken) == "😀" * 15


def test_sheet_names_collide_case_insensitively_and_suffix_within_31():
    taken: set[str] = set()
    assert sheet_name("Data", taken) == "Data"
    assert sheet_name("DATA", taken) == "DATA (2)"
    assert sheet_name("data", taken) == "data (3)"
    long = "A" * 40
    assert sheet_name(long, taken) == "A" * 31
    assert sheet_name(long, taken) == "A" * 27 + " (2)"
    # the suffix never leaves an apostrophe at the end of the kept part
    assert sheet_name("B" * 26 + "'xyz", taken) == "B" * 26 + "'xyz"
    assert sheet_name("B" * 26 + "'xyz", taken) == "B" * 26 + " (2)"


def test_file_names_are_safe_on_windows_macos_and_linux():
    assert file_name(["市场部", "客户经理 A", 2003], ".pdf") == "市场部-客户经理_A-2003.pdf"
    assert file_name(['a<b>c:d"e/f\\g|h?i*j'], "pdf") == "a_b_c_d_e_f_g_h_i_j.pdf"
    assert file_name(["CON"], ".pdf") == "_CON.pdf"
    assert file_name(["lpt9.tar"], ".pdf") == "_lpt9.tar.pdf"
    assert file_name(["com1 "], ".pdf") == "_com1.pdf"
    assert file_name(["CONSOLE"], ".pdf") == "CONSOLE.pdf"  # only the device names themselves
    assert file_name(["...hidden.. "], ".pdf") == "hidden.pdf"
    assert file_name(["", None], ".pdf") == "_.pdf"
    assert file_name(["a\x00b\x1fc"], ".xlsx") == "abc.xlsx"
    # a long Chinese name: 78 characters of three bytes each and ".pdf" fit 240 bytes with ".pdf"
    long = file_name(["绩效合同" * 100], ".pdf")
    assert long == "绩效合同" * 19 + "绩效.pdf"
    assert len(long.encode("utf-8")) <= 240 and len(long) <= 120
    assert len(file_name(["x" * 500], ".pdf")) == 120


def test_printing_names_its_pdfs_with_the_same_rule():
    assert pdf_name("市场部", "客户经理", 2003) == "市场部-客户经理-2003.pdf"
    assert pdf_name("AUX", "", None) == "_AUX.pdf"
    assert pdf_name("AUX", "2003-07") == "AUX-2003-07.pdf"  # not the device: nothing to do


DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789"}
names = st.text(st.characters(codec="utf-8"), max_size=60)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(names, min_size=1, max_size=6))
def test_any_names_make_a_workbook_excel_accepts(tmp_path, titles):
    """XlsxWriter refuses every name Excel refuses (characters, length, duplicates in any
    case, "History", apostrophes); openpyxl reads the sheets back under the same names."""
    taken: set[str] = set()
    made = [sheet_name(title, taken) for title in titles]
    path = tmp_path / "names.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for name in made:
        book.add_worksheet(name).write_string(0, 0, "x")
    book.close()
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == made
    assert all(len(name.encode("utf-16-le")) <= 62 for name in made)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.one_of(names, st.integers()), max_size=4), st.sampled_from([".pdf", ".xlsx", "pdf"])
)
def test_any_parts_make_a_file_that_can_be_created(tmp_path, parts, ext):
    name = file_name(parts, ext)
    assert name.endswith(ext if ext.startswith(".") else "." + ext)
    assert len(name) <= 120 and len(name.encode("utf-8")) <= 240
    assert not any(c in name for c in '<>:"/\\|?*') and all(ord(c) >= 32 for c in name)
    assert name.split(".")[0].upper().rstrip() not in DEVICES
    path = tmp_path / name
    path.write_bytes(b"%PDF")
    assert path.read_bytes() == b"%PDF" and path.parent == tmp_path
    path.unlink()
