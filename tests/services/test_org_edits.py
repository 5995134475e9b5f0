"""Setting up the organisation by service calls: each edit is one undoable, audited operation;
a delete of what something refers to is refused with the reason; a person who moves keeps
their history, the old assignment ending the day before."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kpidesk.core import org as rules
from kpidesk.services import open_document
from kpidesk.services.editing import EditRefused
from kpidesk.services.org_edits import OrgEdits
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.records import AssignmentRecord, EmployeeRecord, PositionRecord, UnitRecord


@pytest.fixture
def org(demo_path):
    with open_document(demo_path) as document:
        yield OrgEdits(document)


def _audit(org, entity: str, entity_id: int) -> list[tuple[str, str, object, object]]:
    with org.document.reading() as session:
        return [
            (r.action, r.field, r.old, r.new)
            for r in session.scalars(
                select(AuditRecord)
                .where(AuditRecord.entity == entity, AuditRecord.entity_id == entity_id)
                .order_by(AuditRecord.id)
            )
        ]


def _assignments(org, employee_id: int) -> list[tuple[int, int, date, date | None]]:
    with org.document.reading() as session:
        return [
            (r.id, r.position_id, r.start, r.end)
            for r in session.scalars(
                select(AssignmentRecord)
                .where(AssignmentRecord.employee_id == employee_id)
                .order_by(AssignmentRecord.id)
            )
        ]


def _position_id(org, name: str) -> int:
    with org.document.reading() as session:
        return session.scalars(select(PositionRecord.id).where(PositionRecord.name == name)).one()


def test_a_unit_added_under_the_company_is_a_department_with_a_generated_code(org):
    result = org.add_unit(1, "财务部")  # 1: 分公司, the company
    units, _positions, _details = org.tree()
    added = next(u for u in units if u.id == result.value)
    assert (added.code, added.name, added.kind, added.parent_id) == (
        "U001",
        "财务部",
        "department",
        1,
    )
    assert ("insert", "name", None, "财务部") in _audit(org, "units", result.value)
    second = org.add_unit(result.value, "会计科")
    assert next(u for u in org.tree()[0] if u.id == second.value).code == "U002"
    assert next(u for u in org.tree()[0] if u.id == second.value).kind == "sub_department"
    # Undo deletes it; the redo puts it back with its id.
    redo = second.undo()
    assert second.value not in [u.id for u in org.tree()[0]]
    assert redo.undo().value == second.value
    assert second.value in [u.id for u in org.tree()[0]]


def test_a_unit_kind_must_rank_below_its_parent_and_above_its_sub_units(org):
    with pytest.raises(EditRefused) as refused:
        org.set_unit_kind(2, "team")  # 营销部门 holds 公众客户部, a sub-department
    assert str(refused.value) == (
        "营销部门 cannot be a team: it holds a sub-department, which must rank below it"
    )
    with pytest.raises(EditRefused) as refused:
        org.set_unit_kind(5, "company")  # 人力资源部 under the company
    assert "it belongs to a company" in str(refused.value)
    result = org.set_unit_kind(5, "division")
    assert result.value == "department"
    assert ("update", "kind", "department", "division") in _audit(org, "units", 5)
    result.undo()
    assert next(u.kind for u in org.tree()[0] if u.id == 5) == "department"


def test_deleting_a_used_position_is_refused_with_what_refers_to_it_and_changes_nothing(org):
    gm = _position_id(org, "总经理")
    with org.document.reading() as session:
        before = session.scalar(select(PositionRecord.name).where(PositionRecord.id == gm))
    with pytest.raises(EditRefused) as refused:
        org.delete_position(gm)
    assert str(refused.value) == (
        "总经理 cannot be deleted: it has holders in its history (1), positions reporting to it "
        "(2). Archive it instead: it leaves the tree and its history stays."
    )
    clerk = _position_id(org, "营业厅营业员")
    with pytest.raises(EditRefused, match=r"contracts \(1\)"):
        org.delete_position(clerk)
    with org.document.reading() as session:
        assert session.scalar(select(PositionRecord.name).where(PositionRecord.id == gm)) == before
    assert "delete" not in [a for a, *_rest in _audit(org, "positions", gm)]


def test_a_unit_with_sub_units_or_positions_is_refused_and_an_empty_one_deleted_and_restored(org):
    with pytest.raises(EditRefused, match=r"sub-units \(1\), positions \(1\)"):
        org.delete_unit(2)  # 营销部门: 公众客户部 and its general manager
    unit = org.add_unit(1, "临时小组").value
    deleted = org.delete_unit(unit)
    assert deleted.value["name"] == "临时小组"
    assert unit not in [u.id for u in org.tree()[0]]
    assert org.deletion_refusal("unit", 1) is not None
    restored = deleted.undo()
    assert restored.value == unit
    assert next(u.name for u in org.tree()[0] if u.id == unit) == "临时小组"
    assert [action for action, field, *_ in _audit(org, "units", unit) if field == "name"] == [
        "insert",
        "delete",
        "insert",
    ]


def test_an_unused_position_deleted_comes_back_with_its_id_and_its_fields(org):
    added = org.add_position(5, "招聘专员", key=False, employee_class="sales_service")
    position_id = added.value
    deleted = org.delete_position(position_id)
    with org.document.reading() as session:
        assert session.get(PositionRecord, position_id) is None
    assert deleted.undo().value == position_id
    with org.document.reading() as session:
        back = session.get(PositionRecord, position_id)
        assert (back.name, back.unit_id, back.key_position, back.employee_class) == (
            "招聘专员",
            5,
            False,
            "sales_service",
        )


def test_a_position_cannot_report_to_itself_or_to_one_below_it(org):
    gm, marketing = _position_id(org, "总经理"), _position_id(org, "营销部门总经理")
    hall = _position_id(org, "营业厅经理")  # reports to 公众客户部经理, who reports to marketing
    with pytest.raises(EditRefused, match="cannot report to itself"):
        org.set_reports_to(gm, gm)
    with pytest.raises(EditRefused, match="cannot report to itself or to a position that"):
        org.set_reports_to(marketing, hall)
    result = org.set_reports_to(hall, gm)
    assert ("update", "reports_to_id", result.value, gm) in _audit(org, "positions", hall)
    result.undo()
    assert org.position_details(hall)["reports_to_id"] == result.value


def test_a_person_who_moves_keeps_the_history_the_old_assignment_ending_the_day_before(org):
    accountant = org.add_position(5, "薪酬专员").value
    person = org.add_employee(None, "王小红").value
    # The demo's numbers are E01…E07: the next one follows the highest.
    assert next(p.code for p in org.people().persons if p.id == person) == "E008"
    first = org.assign(person, accountant, date(2003, 3, 1))
    hall = _position_id(org, "营业厅经理")  # held by 黄立新 from 2003-01-01
    moved = org.assign(person, hall, date(2003, 6, 1))
    (a1, p1, s1, e1), (a2, p2, s2, e2) = _assignments(org, person)
    assert (p1, s1, e1) == (accountant, date(2003, 3, 1), date(2003, 5, 31))
    assert (p2, s2, e2) == (hall, date(2003, 6, 1), None)
    huang = next(p for p in org.people().persons if p.name == "黄立新")
    assert [(h.position, h.start, h.end) for h in huang.history] == [
        ("营业厅经理", date(2003, 1, 1), date(2003, 5, 31))
    ]
    me = next(p for p in org.people(date(2003, 12, 31)).persons if p.id == person)
    assert [(h.position, h.start, h.end) for h in me.history] == [
        ("薪酬专员", date(2003, 3, 1), date(2003, 5, 31)),
        ("营业厅经理", date(2003, 6, 1), None),
    ]
    assert ("update", "end", None, "2003-05-31") in _audit(org, "assignments", a1)
    # Undo restores the exact rows: the move's row goes, the ends run on again.
    redo = moved.undo()
    assert _assignments(org, person) == [(a1, accountant, date(2003, 3, 1), None)]
    huang = next(p for p in org.people().persons if p.name == "黄立新")
    assert huang.history[0].end is None
    redo.undo()
    assert _assignments(org, person) == [(a1, p1, s1, e1), (a2, p2, s2, e2)]
    assert first.value == a1


def test_assigning_from_a_date_before_the_running_assignment_began_is_refused(org):
    person = org.add_employee("HR-9", "赵六").value
    pos = org.add_position(5, "培训专员").value
    org.assign(person, pos, date(2003, 6, 1))
    with pytest.raises(EditRefused, match="choose a date after 2003-06-01"):
        org.assign(person, _position_id(org, "营业厅经理"), date(2003, 5, 1))


def test_a_person_who_leaves_has_every_assignment_ended_and_undo_puts_them_back(org):
    liu = next(p for p in org.people().persons if p.name == "刘思源")
    left = org.archive_employee(liu.id, date(2003, 9, 30))
    after = next(p for p in org.people(date(2003, 12, 31)).persons if p.id == liu.id)
    assert after.archived and after.current == ()
    assert after.history[-1].end == date(2003, 9, 30)
    left.undo()
    back = next(p for p in org.people(date(2003, 12, 31)).persons if p.id == liu.id)
    assert not back.archived and back.history[-1].end is None


def test_people_name_vacant_positions_and_holders_without_a_contract(org):
    people = org.people(date(2003, 12, 31))
    # The demo: 总经理 (林志远) and 营业厅经理 (黄立新) are held and have no 2003 contract.
    lacking = {
        (p.name, h.position)
        for p in people.persons
        for h in p.current
        if (p.id, h.position_id) in people.without_contract
    }
    assert lacking == {("林志远", "总经理"), ("黄立新", "营业厅经理")}
    assert people.vacant == ()
    org.add_position(5, "薪酬专员")
    assert [v.position for v in org.people(date(2003, 12, 31)).vacant] == ["薪酬专员"]


def test_an_archived_unit_leaves_the_tree_with_its_sub_units_and_comes_back(org):
    # (公众客户部 itself has holders and open contracts: archiving it is refused, see below.)
    centre = org.add_unit(2, "客服中心").value
    org.add_unit(centre, "热线班")
    result = org.archive_unit(centre)
    names = {u.name for u in org.tree()[0]}
    assert "客服中心" not in names and "热线班" not in names
    assert {"客服中心", "热线班"} <= {u.name for u in org.tree(show_archived=True)[0]}
    assert ("update", "archived", False, True) in _audit(org, "units", centre)
    result.undo()
    assert "热线班" in {u.name for u in org.tree()[0]}


def test_rules_codes_days_and_kinds():
    assert rules.next_code("U", ["U001", "U007", "X9", "U1a"]) == "U008"
    assert rules.next_code("P", []) == "P001"
    assert rules.day_before(date(2003, 3, 1)) == date(2003, 2, 28)
    assert rules.day_before(date(2004, 3, 1)) == date(2004, 2, 29)
    assert rules.kinds_allowed("department") == ["sub_department", "team"]
    assert rules.kinds_allowed(None, ["department"]) == ["company", "division"]
    assert rules.child_kind("company") == "department"


def test_unit_records_keep_their_codes_after_an_add(org):
    org.add_unit(None, "另一公司", "company")
    with org.document.reading() as session:
        codes = list(session.scalars(select(UnitRecord.code).order_by(UnitRecord.id)))
    assert codes == ["BR", "MKT", "PUB", "HALL", "HR", "U001"]


def test_people_changes_are_audited(org):
    person = org.add_employee("HR-7", "钱七").value
    assert ("insert", "name", None, "钱七") in _audit(org, "employees", person)
    org.rename_employee(person, "钱琪")
    assert ("update", "name", "钱七", "钱琪") in _audit(org, "employees", person)
    assignment = org.assign(person, _position_id(org, "营业厅经理"), date(2003, 4, 1)).value
    assert ("insert", "start", None, "2003-04-01") in _audit(org, "assignments", assignment)
    org.archive_employee(person, date(2003, 10, 31))
    assert ("update", "archived", False, True) in _audit(org, "employees", person)
    assert ("update", "end", None, "2003-10-31") in _audit(org, "assignments", assignment)


def test_a_sibling_goes_just_after_the_unit_or_position_it_was_added_beside(org):
    def children(parent_id):
        return [u.name for u in org.tree()[0] if u.parent_id == parent_id]

    assert children(1) == ["营销部门", "人力资源部"]
    org.add_unit(1, "财务部")
    org.add_unit(1, "网络部", "department", after=2)  # beside 营销部门
    assert children(1) == ["营销部门", "网络部", "人力资源部", "财务部"]
    hr_positions = lambda: [p.name for p in org.tree()[1][5]]  # noqa: E731
    assert hr_positions() == ["人力资源部总监", "员工发展和绩效管理"]
    director = _position_id(org, "人力资源部总监")
    org.add_position(5, "人力资源部副总监", after=director)
    assert hr_positions() == ["人力资源部总监", "人力资源部副总监", "员工发展和绩效管理"]


def test_a_person_who_left_is_no_longer_offered_as_a_party_but_their_contract_still_names_them(
    org,
):
    from kpidesk.services import FirmService

    firm = FirmService(org.document)
    clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
    contractee = clerk.contractee
    person = next(p for p in firm.people(date(2003, 6, 1)) if p.name == contractee)
    org.archive_employee(person.id, date(2003, 6, 30))
    assert contractee not in [p.name for p in firm.people(date(2003, 7, 1))]
    assert firm.contract(clerk.id).contractee == contractee  # the signed contract keeps them


# issue 11 review: duplicate names, name and code checks, several holders, archiving ----------
def _refusal(call) -> str:
    with pytest.raises(EditRefused) as refused:
        call()
    return str(refused.value)


def _names(org, record, **where) -> list[str]:
    with org.document.reading() as session:
        return list(session.scalars(select(record.name).filter_by(**where)))


def test_a_unit_name_a_sibling_already_has_is_refused_at_add_and_rename(org):
    assert _refusal(lambda: org.add_unit(1, " 营销部门 ")) == (
        "分公司 already has a unit named 营销部门: choose another name"
    )
    assert _refusal(lambda: org.rename_unit(5, "营销部门")) == (  # 5: 人力资源部, beside it
        "分公司 already has a unit named 营销部门: choose another name"
    )
    assert _refusal(lambda: org.add_unit(None, "分公司")) == (
        "There is already a top-level unit named 分公司: choose another name"
    )
    assert _names(org, UnitRecord, parent_id=1) == ["营销部门", "人力资源部"]
    # Under another parent the name is free; renaming a unit to its own name is no clash.
    org.add_unit(2, "人力资源部")
    org.rename_unit(5, "人力资源部")
    assert sorted(_names(org, UnitRecord, name="人力资源部")) == ["人力资源部", "人力资源部"]


def test_a_position_name_its_unit_already_has_is_refused_at_add_and_rename(org):
    assert _refusal(lambda: org.add_position(2, "营销部门总经理")) == (
        "营销部门 already has a position named 营销部门总经理: choose another name"
    )
    hr_director = _position_id(org, "人力资源部总监")
    assert _refusal(lambda: org.rename_position(7, "人力资源部总监")) == (
        "人力资源部 already has a position named 人力资源部总监: choose another name"
    )
    assert _names(org, PositionRecord, unit_id=5) == ["人力资源部总监", "员工发展和绩效管理"]
    org.add_position(2, "人力资源部总监")  # another unit: free
    org.rename_position(hr_director, "人力资源部总监")


def test_names_are_one_trimmed_line_of_at_most_200_characters_and_numbers_one_word(org):
    assert _refusal(lambda: org.add_unit(1, "财务\n部")) == (
        "The name of a unit is one line: remove the line break or tab from 财务 部"
    )
    assert _refusal(lambda: org.rename_position(7, "a" * 201)) == (
        "The name of a position has at most 200 characters; aaaaaaaaaaaaaaaaaaaa… has 201"
    )
    assert _refusal(lambda: org.add_employee(None, "张\r三")).startswith(
        "The name of a person is one line"
    )
    assert _refusal(lambda: org.add_employee("E 9", "张三")) == (
        "An employee number has no spaces or line breaks: E 9"
    )
    assert _refusal(lambda: org.add_employee("E9\nX", "张三")) == (
        "An employee number has no spaces or line breaks: E9 X"
    )
    assert _refusal(lambda: org.add_employee("9" * 65, "张三")) == (
        "An employee number has at most 64 characters; 99999999999999999999… has 65"
    )
    employee_id = org.add_employee("  E099 ", "  王五 ").value
    with org.document.reading() as session:
        added = session.get(EmployeeRecord, employee_id)
        assert (added.code, added.name) == ("E099", "王五")
    org.add_unit(1, "财" * 200)  # exactly 200: accepted


def test_a_non_key_position_keeps_its_holders_and_a_key_position_has_one(org):
    clerk, hall_manager = _position_id(org, "营业厅营业员"), _position_id(org, "营业厅经理")
    org.set_key_position(clerk, False)
    newcomer = org.add_employee(None, "新人").value
    org.assign(newcomer, clerk, date(2003, 7, 1))
    # 吴佳怡 (E05) still holds 营业厅营业员: a second counter clerk joins, nobody leaves.
    assert _assignments(org, 5) == [(5, clerk, date(2003, 1, 1), None)]
    details = org.tree()[2]
    assert details[("position", clerk)]["holders"] == ["吴佳怡", "新人"]
    # A key position has one holder: the newcomer takes over from 黄立新, who leaves it.
    result = org.assign(newcomer, hall_manager, date(2003, 9, 1))
    assert _assignments(org, 4) == [(4, hall_manager, date(2003, 1, 1), date(2003, 8, 31))]
    assert org.tree()[2][("position", hall_manager)]["holders"] == ["新人"]
    result.undo()
    assert _assignments(org, 4) == [(4, hall_manager, date(2003, 1, 1), None)]


def test_archiving_is_refused_while_someone_holds_a_position_there_or_a_contract_is_open(org):
    assert _refusal(lambda: org.archive_unit(4)) == (  # 4: 营业厅
        "营业厅 cannot be archived: current holders 黄立新, 吴佳怡; contracts of this year not "
        "closed: 营业厅营业员 (吴佳怡). End the assignments and close the contracts first."
    )
    assert _refusal(lambda: org.archive_position(_position_id(org, "营业厅经理"))) == (
        "营业厅经理 cannot be archived: current holders 黄立新. End their assignments first."
    )
    org.archive_employee(5, date(2003, 11, 30))  # 吴佳怡 leaves; her signed contract stays
    assert _refusal(lambda: org.archive_position(_position_id(org, "营业厅营业员"))) == (
        "营业厅营业员 cannot be archived: contracts of this year not closed: 营业厅营业员 "
        "(吴佳怡). Close the contracts first."
    )
    # 公众客户部 holds 营业厅: its people count too.
    assert _refusal(lambda: org.archive_unit(3)).startswith(
        "公众客户部 cannot be archived: current holders 陈晓梅, 黄立新;"
    )
    with org.document.reading() as session:
        assert not session.get(UnitRecord, 4).archived and not session.get(UnitRecord, 3).archived


def test_nothing_new_goes_into_an_archived_unit_or_position(org):
    centre = org.add_unit(2, "客服中心").value
    seat = org.add_position(centre, "坐席").value
    newcomer = org.add_employee(None, "新人").value
    org.archive_unit(centre)
    assert _refusal(lambda: org.add_position(centre, "班长")) == (
        "客服中心 is archived: bring the unit back from the archive first"
    )
    assert _refusal(lambda: org.add_unit(centre, "热线班")) == (
        "客服中心 is archived: bring the unit back from the archive first"
    )
    assert _refusal(lambda: org.assign(newcomer, seat, date(2003, 7, 1))) == (
        "客服中心 is archived: bring the unit back from the archive first"
    )
    org.unarchive_unit(centre)
    org.archive_position(seat)
    assert _refusal(lambda: org.assign(newcomer, seat, date(2003, 7, 1))) == (
        "坐席 is archived: bring the position back from the archive first"
    )
    assert _assignments(org, newcomer) == []
