"""Excel in and out: export, templates, and imports that are all or nothing."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidesk.services import FirmService, create_document, open_document
from kpidesk.services.exchange import ExchangeService, ImportRejected


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_has_every_sheet_with_frozen_headers_and_real_numbers(exported):
    book = openpyxl.load_workbook(exported)
    assert book.sheetnames == [
        "组织单元",
        "员工",
        "岗位",
        "KPI辞典",
        "绩效合同",
        "合同指标",
        "实际完成值",
        "扣分事件",
        "得分",
        "价值树",
        "指标类型",
        "考核周期",
        "设置",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
    lines = book["合同指标"]
    headers = [c.value for c in lines[1]]
    weight = headers.index("权重 %") + 1
    assert all(
        isinstance(lines.cell(r, weight).value, (int, float)) for r in range(2, lines.max_row + 1)
    )
    assert lines.column_dimensions["A"].width > 8
    actuals = pd.read_excel(exported, sheet_name="实际完成值", engine="calamine")
    assert len(actuals) == 270 and actuals["实际完成值"].notna().all()


def test_template_locks_keys_offers_levels_and_explains(demo_path, tmp_path):
    out = tmp_path / "template.xlsx"
    with open_document(demo_path) as document:
        count = ExchangeService(document).template("2003-07", out, "en")
    # every monthly line of the five signed contracts; the quarterly ones wait for September
    assert count == 25
    book = openpyxl.load_workbook(out)
    assert (
        book.sheetnames[0] == "Instructions"
        and "Actuals template for period Jul 2003" in book["Instructions"]["A1"].value
    )
    assert book["Lists"].sheet_state == "hidden"
    finance = book["计划财务部"]
    assert (
        finance.protection.sheet
        and finance["A2"].protection.locked
        and not finance["J2"].protection.locked
    )
    hall = book["营业厅经理"]  # 服务规范, a grade line rated by the hall's manager
    lists = [v for v in hall.data_validations.dataValidation if v.type == "list"]
    assert lists and all(v.formula1.startswith("levels_") for v in lists)
    assert "levels_1" in book.defined_names


def fill(template, values: dict[tuple[str, int], object], out):
    """Type values into the Actual column of a template, as a data provider would."""
    book = openpyxl.load_workbook(template)
    for (sheet, row), value in values.items():
        book[sheet].cell(row, 10).value = value
    book.save(out)


def test_a_filled_template_imports_messy_numbers(demo_path, tmp_path):
    template, filled = tmp_path / "t.xlsx", tmp_path / "f.xlsx"
    with open_document(demo_path) as document:
        ExchangeService(document).template("2003-07", template, "zh_CN")
    book = openpyxl.load_workbook(template)
    finance = book["计划财务部"]
    rows = {
        finance.cell(r, 5).value: r
        for r in range(2, finance.max_row + 1)
        if finance.cell(r, 2).value == "营销部门总经理"
    }
    fill(
        template,
        {
            ("计划财务部", rows["通信业务收入"]): "２３.１",  # full-width digits
            ("计划财务部", rows["营销成本"]): "34,100",  # thousands separator
            ("计划财务部", rows["净营运资产贡献率"]): "9.1%",
        },  # a % sign
        filled,
    )
    with open_document(demo_path) as document:
        report = ExchangeService(document).import_workbook(filled)
        firm = FirmService(document)
        gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
        july = firm.score(gm.id, "2003-07").actuals
    assert report.actuals_inserted >= 3
    values = {line.indicator: july.get(line.id) for line in gm.lines}
    assert (
        values["通信业务收入"] == 23.1
        and values["营销成本"] == 34100
        and values["净营运资产贡献率"] == 9.1
    )


def _bad_workbook(exported, tmp_path, change) -> object:
    frame = pd.read_excel(exported, sheet_name="实际完成值", engine="calamine")
    change(frame)
    out = tmp_path / "bad.xlsx"
    frame.to_excel(out, sheet_name="实际完成值", index=False, engine="openpyxl")
    return out


@pytest.mark.parametrize(
    "change, where, words",
    [
        (
            lambda f: f.__setitem__("岗位代码", f["岗位代码"].where(f.index != 3, "NOPE")),
            "row 5",
            "no line",
        ),
        (
            lambda f: f.__setitem__("指标代码", f["指标代码"].where(f.index != 7, "XX")),
            "row 9",
            "no line 'XX'",
        ),
        (
            lambda f: f.__setitem__(
                "实际完成值", f["实际完成值"].astype(object).where(f.index != 2, "约100")
            ),
            "row 4 column G",
            "is not a number",
        ),
        (
            lambda f: f.__setitem__("考核周期", f["考核周期"].where(f.index != 1, "2004-01")),
            "row 3",
            "not in any assessment year",
        ),
        (
            lambda f: f.__setitem__("考核周期", f["考核周期"].where(f.index != 1, "2003-13")),
            "row 3",
            "not a period code",
        ),
        (
            lambda f: f.loc.__setitem__(len(f), f.iloc[0]),
            "row 272",
            "the same line and period as row 2",
        ),
        (
            lambda f: f.__setitem__("行号", f["行号"].astype(object).where(f.index != 4, "第三行")),
            "row 6 column E",
            "'第三行' is not a number",
        ),
    ],
)
def test_every_bad_row_is_named_and_nothing_is_written(
    demo_path, exported, tmp_path, change, where, words
):
    bad = _bad_workbook(exported, tmp_path, change)
    before = digest(demo_path)
    with open_document(demo_path) as document:
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(bad)
    problems = [str(p) for p in rejected.value.problems]
    assert any(where in p and words in p for p in problems), problems
    assert digest(demo_path) == before


def test_a_closed_period_refuses_new_values(demo_path, exported, tmp_path):
    import sqlite3

    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE periods SET closed = 1 WHERE code = '2003-01'")
    connection.commit()
    connection.close()
    bad = _bad_workbook(
        exported,
        tmp_path,
        lambda f: f.__setitem__(
            "实际完成值", f["实际完成值"].astype(object).where(f["考核周期"] != "2003-01", 1.0)
        ),
    )
    before = digest(demo_path)
    with open_document(demo_path) as document:
        with pytest.raises(ImportRejected, match="problems") as rejected:
            ExchangeService(document).import_workbook(bad)
    assert any("2003-01 is closed" in str(p) for p in rejected.value.problems)
    assert digest(demo_path) == before


def test_messy_layout_title_rows_merged_headers_and_blank_rows(demo_path, exported, tmp_path):
    frame = pd.read_excel(exported, sheet_name="实际完成值", engine="calamine").head(5)
    frame["实际完成值"] = frame["实际完成值"].map(
        lambda v: str(v) if isinstance(v, float) else v
    )  # numbers as text
    out = tmp_path / "messy.xlsx"
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="实际完成值", index=False, startrow=2)
        sheet = writer.sheets["实际完成值"]
        sheet["A1"] = "2003年6月 实际完成值(计划财务部报送)"
        sheet.merge_cells("A1:H2")
        for row in range(9, 14):  # trailing blank rows with stray formatting
            sheet.cell(row, 1).value = ""
    with open_document(demo_path) as document:
        report = ExchangeService(document).import_workbook(out)
    assert report.actuals_unchanged == 5


def test_reimporting_changes_nothing(demo_path, exported):
    with open_document(demo_path) as document:
        service = ExchangeService(document)
        first = service.import_workbook(exported)
        with document.reading() as session:
            from sqlalchemy import func, select

            from kpidesk.storage.audit import AuditRecord

            audits = session.scalar(select(func.count()).select_from(AuditRecord))
        second = service.import_workbook(exported)
        with document.reading() as session:
            assert session.scalar(select(func.count()).select_from(AuditRecord)) == audits
    assert first.created == {} and second.created == {}
    assert (
        second.actuals_unchanged == 270 and second.actuals_inserted == second.actuals_updated == 0
    )


def test_round_trip_reproduces_the_firm(exported, tmp_path):
    fresh = tmp_path / "fresh.kpidesk"
    again = tmp_path / "again.xlsx"
    with create_document(fresh) as document:
        report = ExchangeService(document).import_workbook(exported)
        assert report.created == {
            "units": 5,
            "employees": 7,
            "positions": 7,
            "indicators": 47,
            "categories": 4,
            "settings": 11,  # with weight_rules (issue 11) and the review settings (issue 12)
            "value tree nodes": 12,
            "contracts": 5,
        }
        assert report.actuals_inserted == 270
        ExchangeService(document).export(again, "zh_CN")
        assert FirmService(document).check().findings == []  # the signatures still verify
    first = pd.read_excel(exported, sheet_name=None, engine="calamine")
    second = pd.read_excel(again, sheet_name=None, engine="calamine")
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name], check_dtype=False, obj=name)


def test_a_tampered_signed_contract_is_refused(exported, tmp_path):
    book = openpyxl.load_workbook(exported)
    lines = book["合同指标"]
    weight = [c.value for c in lines[1]].index("权重 %") + 1
    lines.cell(2, weight).value = 30  # the marketing GM's revenue weight, signed at 25
    tampered = tmp_path / "tampered.xlsx"
    book.save(tampered)
    with create_document(tmp_path / "fresh.kpidesk") as document:
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(tampered)
    assert any("differ from what was signed" in str(p) for p in rejected.value.problems)


def test_a_file_that_is_not_a_workbook(demo_path, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_text("hello")
    with open_document(demo_path) as document:
        with pytest.raises(ImportRejected, match="1 problem;") as rejected:
            ExchangeService(document).import_workbook(junk)
    assert "cannot be read as an Excel workbook" in str(rejected.value.problems[0])


printable = st.characters(blacklist_categories=("Cc", "Cs"))  # what a spreadsheet cell can hold
cells = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=printable, max_size=8),
    st.sampled_from(["优秀", "良好", "12.5%", "１２", "1,000", "延期天数=2", "-", "0"]),
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(cells, min_size=3, max_size=3))
def test_fuzzed_actuals_import_whole_or_not_at_all(demo_master, exported, tmp_path_factory, values):
    folder = tmp_path_factory.mktemp("fuzz")
    firm = folder / "firm.kpidesk"
    firm.write_bytes(demo_master.read_bytes())
    frame = pd.read_excel(exported, sheet_name="实际完成值", engine="calamine").head(3)
    frame["实际完成值"] = pd.Series(values, dtype=object)
    workbook = folder / "fuzz.xlsx"
    frame.to_excel(workbook, sheet_name="实际完成值", index=False, engine="openpyxl")
    before = digest(firm)
    with open_document(firm) as document:
        try:
            ExchangeService(document).import_workbook(workbook)
        except ImportRejected as rejected:
            assert rejected.problems and all("row" in str(p) for p in rejected.problems)
            rejected_it = True
        else:
            rejected_it = False
    if rejected_it:
        assert digest(firm) == before


def test_command_line_export_template_import(demo_path, tmp_path):
    run = lambda *args: subprocess.run(
        [sys.executable, "-m", "kpidesk", *map(str, args)], capture_output=True, text=True
    )
    assert run("export", demo_path, tmp_path / "e.xlsx").returncode == 0
    made = run("template", "actuals", demo_path, tmp_path / "t.xlsx", "--period", "2003-07")
    assert made.returncode == 0 and "25 lines" in made.stdout  # the lines due in July
    imported = run("import", demo_path, tmp_path / "e.xlsx")
    assert imported.returncode == 0 and "270 unchanged" in imported.stdout
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x")
    refused = run("import", demo_path, bad)
    assert refused.returncode == 1 and "cannot be read as an Excel workbook" in refused.stderr


def test_the_import_after_a_preview_reuses_its_reading_of_the_same_bytes(
    demo_path, exported, tmp_path, monkeypatch
):
    import kpidesk.services.exchange as exchange

    reads = []
    real = exchange.read_workbook
    monkeypatch.setattr(exchange, "read_workbook", lambda *a: reads.append(a) or real(*a))
    with open_document(demo_path) as document:
        service = ExchangeService(document)
        service.import_workbook(exported, dry_run=True)
        assert service.import_workbook(exported).actuals_unchanged == 270
        assert len(reads) == 1

        service.import_workbook(exported, dry_run=True)  # then the file changes on disk
        book = openpyxl.load_workbook(exported)
        sheet = book["实际完成值"]
        column = [c.value for c in sheet[1]].index("实际完成值") + 1
        sheet.cell(2, column).value = sheet.cell(2, column).value + 1
        book.save(exported)
        assert service.import_workbook(exported).actuals_updated == 1
        assert len(reads) == 3


def test_closed_periods_and_the_value_tree_travel_and_a_broken_tree_is_named(demo_path, tmp_path):
    import sqlite3

    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE periods SET closed = 1 WHERE code = '2003-01'")
    connection.commit()
    connection.close()
    out = tmp_path / "firm.xlsx"
    with open_document(demo_path) as document:
        ExchangeService(document).export(out, "en")
        tree = [(n.label, n.owner, n.baseline) for n in FirmService(document).value_tree()]
    with create_document(tmp_path / "fresh.kpidesk") as document:
        ExchangeService(document).import_workbook(out)
        assert [(n.label, n.owner, n.baseline) for n in FirmService(document).value_tree()] == tree
        from kpidesk.storage.exchange_repo import ExchangeRepository

        with document.reading() as session:
            closed = {p["period"]: p["closed"] for p in ExchangeRepository(session).periods()}
    assert closed["2003-01"] is True and closed["2003-02"] is False

    book = openpyxl.load_workbook(out)
    nodes = book["Value tree"]
    titles = [c.value for c in nodes[1]]
    nodes.cell(3, titles.index("Parent node") + 1).value = 99
    nodes.cell(4, titles.index("KPI code") + 1).value = "NOPE"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    with create_document(tmp_path / "other.kpidesk") as document:
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(broken)
    problems = [str(p) for p in rejected.value.problems]
    assert any("row 4" in p and "unknown code 'NOPE'" in p for p in problems), problems
    assert any("row 3" in p and "parent node is not in the sheet" in p for p in problems)


def test_deduction_events_are_matched_to_their_line_checked_and_imported_once(demo_path, tmp_path):
    out = tmp_path / "firm.xlsx"
    with open_document(demo_path) as document:
        ExchangeService(document).export(out, "en")
    events = pd.read_excel(out, sheet_name="Deduction events", engine="calamine")
    new = events.iloc[[0]].assign(
        **{"Period": "2003-04", "Event date": "2003-04-02", "Note": "again"}
    )
    good = tmp_path / "good.xlsx"
    pd.concat([events, new]).to_excel(good, sheet_name="Deduction events", index=False)
    wrong = pd.concat(
        [
            new.assign(**{"KPI code": "REV", "Line": 1}),  # a scored line, not a deduction item
            new.assign(**{"Position code": "NOPE"}),
            new.assign(**{"Event date": "not a day"}),
        ]
    )
    bad = tmp_path / "bad.xlsx"
    wrong.to_excel(bad, sheet_name="Deduction events", index=False)
    with open_document(demo_path) as document:
        service = ExchangeService(document)
        with pytest.raises(ImportRejected) as rejected:
            service.import_workbook(bad)
        problems = [str(p) for p in rejected.value.problems]
        assert any("row 2" in p and "deduction items only" in p for p in problems), problems
        assert any("row 3" in p and "no line 'MCOMP'" in p for p in problems), problems
        assert any("row 4" in p and "not a date" in p for p in problems), problems
        firm = FirmService(document)
        gm = next(c for c in firm.contracts() if c.position == "营销部门总经理")
        before = len(firm.deduction_events(gm.id, "2003-04"))
        service.import_workbook(good)
        service.import_workbook(good)  # the same events again: nothing new
        assert len(firm.deduction_events(gm.id, "2003-04")) == before + 1
