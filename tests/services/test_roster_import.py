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
