"""Importing HR's roster: all or nothing, row-level problems, audited, idempotent (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from benchmarks.bench_roster import roster_rows, write_roster
from kpidesk.services import create_document, open_document
from kpidesk.services.exchange import ExchangeService, ImportRejected
from kpidesk.services.roster_import import describe_roster
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.records import (
    AssignmentRecord,
    EmployeeRecord,
    ImportRecord,
    PositionRecord,
    UnitRecord,
)
from tests.exchange.test_roster import workbook


def counts(document) -> dict[str, int]:
    with document.reading() as session:
        return {
            record.__tablename__: session.scalar(select(func.count()).select_from(record))
            for record in (
                UnitRecord,
                PositionRecord,
                EmployeeRecord,
                AssignmentRecord,
                ImportRecord,
                AuditRecord,
            )
        }


@pytest.fixture
def new_firm(tmp_path):
    with create_document(tmp_path / "new.kpidesk", actor="HR") as document:
        yield document


def test_a_roster_with_problems_names_each_by_row_and_column_and_writes_nothing(demo_path, tmp_path):
    bad = workbook(
        tmp_path / "bad.xlsx",
        [
            ("分公司/营销部门/政企客户部", "客户经理", "E100", "王芳", date(2024, 3, 1), "否", "销售服务类"),
            ("分公司//政企客户部", "客户经理", "E101", "李雷", date(2024, 3, 1)),
            ("分公司/营销部门/政企客户部", "", "E102", "韩梅", date(2024, 3, 1), "也许"),
            ("分公司/营销部门/政企客户部", "客户经理", "E100", "王小芳", date(2024, 3, 1)),
            ("分公司", "总经理", "E01", "林志远", date(2002, 1, 1)),  # holds it from 2003-01-01
        ],
    )
    with open_document(demo_path) as document:
        before = counts(document)
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(bad)
        assert counts(document) == before
    assert [p.text("en") for p in rejected.value.problems] == [
        "Sheet1 row 3 column A (组织单元路径): the unit path '分公司//政企客户部' has an empty part "
        "(two separators in a row, or one at an end)",
        "Sheet1 row 4 column B (岗位): Position is empty",
        "Sheet1 row 4 column F (关键岗位): '也许' is not yes or no: write 是 or 否 (Y/N, true/false, 1/0)",
        "Sheet1 row 5 column C (员工代码): employee number E100 is also on row 2, named 王芳; here "
        "it is named 王小芳",
        "Sheet1 row 6 column E (任职日期): 林志远 already holds 分公司 · 总经理 from 2003-01-01, not "
        "from 2002-01-01: an import does not move the start of an assignment back (write "
        "2003-01-01, or change the start in the organisation)",
    ]
    assert str(rejected.value) == "5 problems; nothing was imported"


def test_a_clean_roster_of_2000_people_imports_into_a_new_firm(new_firm, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", roster_rows(2000))
    report = ExchangeService(new_firm).import_workbook(roster)
    # 总公司 + 10 事业部 + 10 × 20 部门; 3 positions in each 部门 (经理, 主管, 专员 shared by 8)
    assert counts(new_firm) | {"audit_log": None} == {
        "units": 211,
        "positions": 600,
        "employees": 2000,
        "assignments": 2000,
        "imports": 1,
        "audit_log": None,
    }
    assert report.roster == {
        "units": 211,
        "positions": 600,
        "positions_updated": 0,
        "people": 2000,
        "people_renamed": 0,
        "people_returning": 0,
        "assignments": 2000,
        "moves": 0,
        "not_in_roster": 0,
    }
    with new_firm.reading() as session:
        audited = dict(
            session.execute(
                select(AuditRecord.entity, func.count(func.distinct(AuditRecord.entity_id)))
                .where(AuditRecord.action == "insert")
                .group_by(AuditRecord.entity)
            ).all()
        )
        assert audited == {
            "units": 211,
            "positions": 600,
            "employees": 2000,
            "assignments": 2000,
            "imports": 1,
        }
        assert set(session.scalars(select(AuditRecord.who))) == {"HR"}
        record = session.scalars(select(ImportRecord)).one()
        assert (record.file, record.inserted, record.updated) == ("roster.xlsx", 4811, 0)
        manager = session.scalars(
            select(PositionRecord).where(PositionRecord.name == "经理").limit(1)
        ).one()
        clerk = session.scalars(
            select(PositionRecord).where(PositionRecord.name == "专员").limit(1)
        ).one()
        assert (manager.key_position, manager.employee_class) == (True, "management")
        assert (clerk.key_position, clerk.employee_class) == (False, "sales_service")
        kinds = dict(
            session.execute(
                select(UnitRecord.kind, func.count()).group_by(UnitRecord.kind)
            ).all()
        )
        assert kinds == {"company": 1, "department": 10, "sub_department": 200}


def test_importing_the_same_roster_again_changes_nothing(new_firm, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", roster_rows(30))
    service = ExchangeService(new_firm)
    service.import_workbook(roster)
    before = counts(new_firm)
    preview = service.import_workbook(roster, dry_run=True)
    assert describe_roster(preview.roster, "en") == [
        "The roster changes nothing: the organisation already matches it."
    ]
    service.import_workbook(roster)
    assert counts(new_firm) == before  # no row, no audit entry, no import record


def test_a_move_ends_the_old_assignment_the_day_before_and_keeps_the_history(demo_path, tmp_path):
    roster = workbook(
        tmp_path / "move.xlsx",
        [
            ("分公司/营销部门/政企客户部", "客户经理", "E05", "吴佳怡", date(2004, 3, 1), "否", "销售服务类"),
            ("分公司/营销部门/政企客户部", "客户经理", "E100", "王芳", date(2004, 3, 1)),
            ("分公司", "总经理", "E01", "林智远", date(2003, 1, 1)),  # a corrected name
        ],
    )
    with open_document(demo_path) as document:
        service = ExchangeService(document)
        preview = service.import_workbook(roster, dry_run=True)
        assert describe_roster(preview.roster, "en") == [
            "Creates 1 unit, 1 position, 1 person.",
            "Starts 2 assignments.",
            "Moves 1 person: the old assignment ends the day before the new one starts.",
            "Renames 1 person.",
            "5 people in the firm are not in the roster: left unchanged.",
        ]
        assert describe_roster(preview.roster, "zh_CN")[0] == "新建 1 个组织单元、1 个岗位、1 名员工。"
        before = counts(document)
        assert counts(document) == before  # the preview wrote nothing
        service.import_workbook(roster)
        after = counts(document)
        again = service.import_workbook(roster)  # moved already: the same roster is a no-op
        assert again.roster["assignments"] == again.roster["moves"] == 0
        assert counts(document) == after
        with document.reading() as session:
            history = session.execute(
                select(PositionRecord.code, AssignmentRecord.start, AssignmentRecord.end)
                .join(EmployeeRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
                .join(PositionRecord, AssignmentRecord.position_id == PositionRecord.id)
                .where(EmployeeRecord.code == "E05")
                .order_by(AssignmentRecord.start)
            ).all()
            assert [tuple(row) for row in history] == [
                ("HALL-CLK", date(2003, 1, 1), date(2004, 2, 29)),
                ("P0001", date(2004, 3, 1), None),
            ]
            ended = session.scalars(
                select(AuditRecord).where(
                    AuditRecord.entity == "assignments", AuditRecord.action == "update"
                )
            ).one()
            assert (ended.field, ended.old, ended.new) == ("end", None, "2004-02-29")
            renamed = session.scalars(
                select(AuditRecord).where(
                    AuditRecord.entity == "employees", AuditRecord.action == "update"
                )
            ).one()
            assert (renamed.field, renamed.old, renamed.new) == ("name", "林志远", "林智远")
    assert {k: after[k] - before[k] for k in after if k != "audit_log"} == {
        "units": 1,
        "positions": 1,
        "employees": 1,
        "assignments": 2,
        "imports": 1,
    }


def test_a_roster_beside_nothing_else_is_not_taken_for_actuals(demo_path, tmp_path):
    """A roster sheet alone is imported as a roster, never refused as an actuals sheet lacking
    its columns."""
    roster = workbook(tmp_path / "r.xlsx", [("分公司", "总经理", "E01", "林志远", date(2003, 1, 1))])
    with open_document(demo_path) as document:
        report = ExchangeService(document).import_workbook(roster, dry_run=True)
    assert report.roster["not_in_roster"] == 6
    assert report.actuals_inserted == report.actuals_updated == 0


# issue 11 review: what an import of HR's roster into a real firm meets ----------------------------
def _add_twin(document, record) -> None:
    """A second unit or position of a name the firm has (an old file, a design workbook, or an
    edit that allowed it): written as records, whatever the edits refuse today."""
    with document.transaction() as session:
        session.add(record)


@pytest.mark.parametrize(
    "twin, column, message",
    [
        (
            UnitRecord(code="MKT2", name="营销部门", kind="department", parent_id=1, sort=9),
            "A (组织单元路径)",
            "分公司/营销部门 names 2 units of the firm (the same name under the same parent): "
            "the roster cannot tell which one is meant (rename one in the organisation, then "
            "import again)",
        ),
        (
            PositionRecord(code="MKT-GM2", name="营销部门总经理", unit_id=2, sort=99),
            "B (岗位)",
            "分公司/营销部门 has 2 positions named 营销部门总经理: the roster cannot tell which "
            "one is meant (rename one in the organisation, then import again)",
        ),
    ],
)
def test_a_path_or_position_naming_two_of_the_firm_is_a_row_problem_not_a_crash(
    demo_path, tmp_path, twin, column, message
):
    roster = workbook(
        tmp_path / "r.xlsx", [("分公司/营销部门", "营销部门总经理", "E9001", "新人", date(2004, 6, 1))]
    )
    with open_document(demo_path) as document:
        _add_twin(document, twin)
        before = counts(document)
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(roster)
        assert counts(document) == before
    assert [p.text("en") for p in rejected.value.problems] == [f"Sheet1 row 2 column {column}: {message}"]


def test_an_archived_unit_named_by_a_path_is_said_to_be_archived(demo_path, tmp_path):
    from kpidesk.storage.records import UnitRecord

    roster = workbook(
        tmp_path / "r.xlsx",
        [("分公司/营销部门/公众客户部/营业厅", "营业厅营业员", "E05", "吴佳怡", date(2004, 1, 1))],
    )
    with open_document(demo_path) as document:
        # 营业厅 archived as the firm had it (today its holders would first be moved out).
        with document.transaction() as session:
            session.get(UnitRecord, 4).archived = True
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(roster)
    [problem] = rejected.value.problems
    assert problem.message("zh_CN") == (
        "组织单元 分公司/营销部门/公众客户部/营业厅 已归档：请在组织架构中将其恢复（显示已归档的组织单元和"
        "岗位），或填写其他组织单元"
    )


def test_hrs_own_sheet_with_short_paths_and_slashed_dates_imports_under_the_firms_top_unit(
    demo_path, tmp_path
):
    roster = workbook(
        tmp_path / "hr.xlsx",
        [
            ("营销部门", "营销部门总经理", "E02", "陈晓梅", "2003/1/1"),  # holds it already
            ("综合部", "主任", "E9001", "周敏", "2024年3月1日"),
            ("人力资源部", "招聘专员", "E9002", "郑华", 45352),
        ],
        headers=("部门", "岗位", "工号", "姓名", "入职日期"),
    )
    with open_document(demo_path) as document:
        ExchangeService(document).import_workbook(roster)
        with document.reading() as session:
            made = session.execute(
                select(UnitRecord.name, UnitRecord.kind, UnitRecord.parent_id).where(
                    UnitRecord.code.like("U%")
                )
            ).all()
            positions = session.execute(
                select(PositionRecord.name, PositionRecord.key_position, PositionRecord.unit_id)
                .where(PositionRecord.code.like("P0%"))
                .order_by(PositionRecord.id)
            ).all()
            roots = session.scalar(
                select(func.count()).select_from(UnitRecord).where(UnitRecord.parent_id.is_(None))
            )
            starts = session.scalars(
                select(AssignmentRecord.start).where(AssignmentRecord.end.is_(None))
                .join(EmployeeRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
                .where(EmployeeRecord.code.in_(["E9001", "E9002"]))
                .order_by(EmployeeRecord.code)
            ).all()
    assert [tuple(r) for r in made] == [("综合部", "department", 1)]  # under 分公司, not beside it
    assert roots == 1
    # new positions are not key: a blank flag does not give every position a contract to write
    assert [tuple(p) for p in positions] == [("主任", False, 6), ("招聘专员", False, 5)]
    assert starts == [date(2024, 3, 1), date(2024, 3, 1)]


def test_a_bad_date_shows_an_example_of_the_firms_current_year(tmp_path):
    roster = workbook(tmp_path / "r.xlsx", [("总部", "经理", "E1", "甲", "soon")])
    with create_document(tmp_path / "firm.kpidesk", actor="HR") as document:
        with document.transaction() as session:
            FirmRepository(session).set_setting("current_year", 2025)
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(roster)
    [problem] = rejected.value.problems
    month = date.today().month
    assert problem.message("en") == (
        f"'soon' is not a date: write it like 2025-{month:02d}-01, 2025/{month}/1 or "
        f"2025年{month}月1日"
    )


@pytest.mark.parametrize(
    "headers",
    [
        ("Budget", "Owner", "Amount"),  # no kpidesk column at all
        ("工号", "姓名", "金额"),  # two a roster has, but neither layout
    ],
)
def test_a_workbook_of_neither_layout_names_both_the_actuals_and_the_roster(
    demo_path, tmp_path, headers
):
    path = workbook(tmp_path / "other.xlsx", [("x", "y", 1)], headers)
    with open_document(demo_path) as document:
        with pytest.raises(ImportRejected) as rejected:
            ExchangeService(document).import_workbook(path)
    [problem] = rejected.value.problems
    english, chinese = problem.message("en"), problem.message("zh_CN")
    assert "a sheet of actuals needs the columns Position code, Period, Actual" in english
    assert "a roster needs Unit path, Position, Employee code, Employee, Start date" in english
    assert "花名册须有 组织单元路径、岗位、员工代码、员工姓名、任职日期 列" in chinese


def test_a_new_person_in_a_position_the_firm_has_is_imported(demo_path, tmp_path):
    """The reviewer's row: it crashed with a KeyError even without two units of one name."""
    roster = workbook(
        tmp_path / "r.xlsx", [("分公司/营销部门", "营销部门总经理", "E9001", "新人", date(2004, 6, 1))]
    )
    with open_document(demo_path) as document:
        report = ExchangeService(document).import_workbook(roster)
        with document.reading() as session:
            held = session.execute(
                select(PositionRecord.code, AssignmentRecord.start)
                .join(AssignmentRecord, AssignmentRecord.position_id == PositionRecord.id)
                .join(EmployeeRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
                .where(EmployeeRecord.code == "E9001")
            ).all()
    assert [tuple(h) for h in held] == [("MKT-GM", date(2004, 6, 1))]
    assert (report.roster["positions"], report.roster["people"]) == (0, 1)
