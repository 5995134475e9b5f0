"""What a roster changes, decided from the rows and the organisation as plain data (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest

from kpidesk.core.problems import KpideskError
from kpidesk.core.roster import (
    OrgAssignment,
    Organisation,
    OrgPerson,
    OrgPosition,
    OrgUnit,
    RosterRow,
    class_code,
    parse_unit_path,
    plan,
)

BRANCH = ("分公司",)
MARKETING = ("分公司", "营销部门")
PUBLIC = ("分公司", "营销部门", "公众客户部")


@pytest.mark.parametrize(
    "text",
    [
        "分公司/营销部门/公众客户部",
        "分公司／营销部门／公众客户部",
        "分公司\\营销部门\\公众客户部",
        "分公司>营销部门>公众客户部",
        " 分公司 > 营销部门 ／ 公众客户部 ",
    ],
)
def test_a_unit_path_is_read_with_any_separator(text):
    assert parse_unit_path(text) == PUBLIC


@pytest.mark.parametrize("text", ["分公司//公众客户部", "/分公司", "分公司/", "分公司/ /部"])
def test_a_unit_path_with_an_empty_part_is_refused_naming_it(text):
    with pytest.raises(KpideskError) as refused:
        parse_unit_path(text)
    assert "empty part" in str(refused.value) and text.strip() in str(refused.value)


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_unit_path_is_refused(text):
    with pytest.raises(KpideskError, match="the unit path is empty"):
        parse_unit_path(text)


@pytest.mark.parametrize(
    "word, code",
    [
        ("管理类", "management"),
        ("销售服务类", "sales_service"),
        ("研发类", "research"),
        ("Sales & service", "sales_service"),
        ("r&d", "research"),
        ("management", "management"),
    ],
)
def test_an_employee_class_is_read_in_either_language(word, code):
    assert class_code(word) == code


def test_an_unknown_class_lists_the_classes_allowed():
    with pytest.raises(KpideskError) as refused:
        class_code("文员类")
    assert str(refused.value) == (
        "unknown employee class '文员类': use one of Management, Sales and service, Research and development"
    )
    assert refused.value.problem.text("zh_CN") == (
        "未知的员工类别“文员类”：请填写 管理类、销售服务类、研发类 之一"
    )


def row(number, path, position, code, name, start=date(2024, 3, 1), key=None, cls=None):
    return RosterRow(number, path, position, code, name, start, key, cls)


def test_a_roster_into_an_empty_firm_creates_every_unit_position_person_and_assignment():
    rows = [
        row(2, BRANCH, "总经理", "E01", "林志远"),
        row(3, PUBLIC, "公众客户部经理", "E02", "陈晓梅", cls="management"),
        row(4, PUBLIC, "客户经理", "E03", "王芳", key=False, cls="sales_service"),
        row(5, PUBLIC, "客户经理", "E04", "李雷"),
    ]
    result = plan(rows, Organisation())
    assert [u.path for u in result.units] == [BRANCH, MARKETING, PUBLIC]
    assert [u.kind for u in result.units] == ["company", "department", "sub_department"]
    assert [u.code for u in result.units] == ["U0001", "U0002", "U0003"]
    assert [(p.unit_path, p.name) for p in result.positions] == [
        (BRANCH, "总经理"),
        (PUBLIC, "公众客户部经理"),
        (PUBLIC, "客户经理"),  # two people, one position: matched by unit path and name
    ]
    # the first row naming the position says its flag and class; blank: not key, management
    assert [(p.key_position, p.employee_class) for p in result.positions] == [
        (False, "management"),
        (False, "management"),
        (False, "sales_service"),
    ]
    assert [p.code for p in result.people] == ["E01", "E02", "E03", "E04"]
    assert len(result.starts) == 4 and result.moves == 0 and not result.ends
    assert result.problems == ()
    assert result.counts()["not_in_roster"] == 0


def _firm() -> Organisation:
    """分公司 › 营销部门 › 公众客户部, three positions, two people holding one each, a third who
    left the firm."""
    return Organisation(
        units=[
            OrgUnit(1, None, "BR", "分公司", kind="company"),
            OrgUnit(2, 1, "MKT", "营销部门", kind="department"),
            OrgUnit(3, 2, "PUB", "公众客户部", kind="sub_department"),
        ],
        positions=[
            OrgPosition(10, 1, "BR-GM", "总经理", True, "management"),
            OrgPosition(11, 3, "PUB-MGR", "公众客户部经理", True, "management"),
            OrgPosition(12, 3, "PUB-AM", "客户经理", False, "sales_service"),
        ],
        people=[
            OrgPerson(100, "E01", "林志远"),
            OrgPerson(101, "E02", "陈晓梅"),
            OrgPerson(102, "E09", "赵六", archived=True),
        ],
        assignments=[
            OrgAssignment(1000, 100, 10, date(2020, 1, 1), None),
            OrgAssignment(1001, 101, 11, date(2021, 6, 1), None),
        ],
    )


def test_the_same_roster_again_changes_nothing():
    rows = [
        row(2, BRANCH, "总经理", "E01", "林志远", start=date(2020, 1, 1)),
        row(3, PUBLIC, "公众客户部经理", "E02", "陈晓梅", start=date(2021, 6, 1), key=True),
    ]
    result = plan(rows, _firm())
    assert result.changes_nothing and result.problems == ()


def test_a_later_start_in_the_position_held_keeps_the_assignment():
    result = plan([row(2, BRANCH, "总经理", "E01", "林志远", start=date(2024, 1, 1))], _firm())
    assert result.changes_nothing
    assert result.not_in_roster == 1  # 陈晓梅; 赵六 left the firm and is not counted


def test_a_person_in_another_position_moves_and_the_old_assignment_ends_the_day_before():
    result = plan([row(2, PUBLIC, "客户经理", "E02", "陈晓梅", start=date(2024, 3, 1))], _firm())
    assert [(e.assignment_id, e.end) for e in result.ends] == [(1001, date(2024, 2, 29))]
    [start] = result.starts
    assert (start.employee_code, start.position_id, start.start, start.moves) == (
        "E02",
        12,
        date(2024, 3, 1),
        True,
    )
    assert result.moves == 1 and not result.units and not result.positions


def test_a_start_before_an_assignment_the_person_has_is_refused_with_its_row():
    result = plan([row(7, PUBLIC, "客户经理", "E02", "陈晓梅", start=date(2021, 6, 1))], _firm())
    [problem] = result.problems
    assert (problem.row, problem.column) == (7, "start")
    assert problem.problem.message("en") == (
        "陈晓梅 cannot move to 分公司/营销部门/公众客户部 · 客户经理 on 2021-06-01: they hold "
        "分公司/营销部门/公众客户部 · 公众客户部经理 from 2021-06-01, and a move must start after "
        "that day (write a later start date, or change the history in the organisation)"
    )
    assert not result.ends


def test_a_start_before_the_position_already_held_is_refused_too():
    result = plan([row(4, BRANCH, "总经理", "E01", "林志远", start=date(2019, 12, 31))], _firm())
    assert [(p.row, p.column) for p in result.problems] == [(4, "start")]


def test_the_same_employee_number_twice_names_both_rows():
    rows = [
        row(2, PUBLIC, "客户经理", "E20", "王芳"),
        row(3, PUBLIC, "客户经理", "E21", "李雷"),
        row(5, PUBLIC, "客户经理", "E20", "王小芳"),
        row(6, PUBLIC, "客户经理", "E21", "李雷"),
    ]
    problems = plan(rows, _firm()).problems
    assert [(p.row, p.column, p.problem.message("en")) for p in problems] == [
        (
            5,
            "employee_code",
            "employee number E20 is also on row 2, named 王芳; here it is named 王小芳",
        ),
        (6, "employee_code", "李雷 (E21) is also on row 3: one row per person"),
    ]


def test_a_new_name_renames_and_a_person_who_left_comes_back():
    rows = [
        row(2, BRANCH, "总经理", "E01", "林智远", start=date(2020, 1, 1)),
        row(3, PUBLIC, "客户经理", "E09", "赵六", start=date(2024, 3, 1)),
    ]
    result = plan(rows, _firm())
    assert [(u.person_id, u.name, u.renamed, u.returns) for u in result.person_updates] == [
        (100, "林智远", True, False),
        (102, "赵六", False, True),
    ]
    assert result.counts()["people_renamed"] == 1 and result.counts()["people_returning"] == 1


def test_a_flag_or_class_given_updates_an_existing_position_and_a_blank_one_keeps_it():
    rows = [
        row(2, PUBLIC, "客户经理", "E30", "王芳", key=True),  # class blank: stays sales_service
        row(3, PUBLIC, "公众客户部经理", "E02", "陈晓梅", start=date(2021, 6, 1), cls="management"),
    ]
    result = plan(rows, _firm())
    assert [(u.position_id, u.key_position, u.employee_class) for u in result.position_updates] == [
        (12, True, None)
    ]


def test_two_rows_that_disagree_on_a_position_are_a_problem():
    rows = [
        row(2, PUBLIC, "营业员", "E30", "王芳", key=False),
        row(3, PUBLIC, "营业员", "E31", "李雷", key=True, cls="research"),
    ]
    problems = plan(rows, _firm()).problems
    assert [(p.row, p.column) for p in problems] == [(3, "key_position")]
    assert problems[0].problem.message("en") == (
        "row 2 says otherwise for the same position 分公司/营销部门/公众客户部 · 营业员"
    )


def test_new_codes_skip_those_the_firm_uses():
    firm = Organisation(units=[OrgUnit(1, None, "U0001", "总部")])
    result = plan([row(2, ("分公司",), "经理", "E1", "甲")], firm)
    assert [u.code for u in result.units] == ["U0002"]


def test_an_archived_unit_is_not_matched_but_named_as_archived():
    firm = Organisation(units=[OrgUnit(1, None, "BR", "分公司", archived=True)])
    result = plan([row(2, BRANCH, "经理", "E1", "甲")], firm)
    assert not result.units  # not matched, and no second 分公司 made beside it
    assert [(p.row, p.column, p.problem.message("en")) for p in result.problems] == [
        (
            2,
            "unit_path",
            "the unit 分公司 is archived: restore it in the organisation (Show archived units and "
            "positions), or name another unit",
        )
    ]


def test_one_row_may_give_the_flag_and_another_the_class_of_a_shared_position():
    rows = [
        row(2, PUBLIC, "营业员", "E30", "王芳", key=False),
        row(3, PUBLIC, "营业员", "E31", "李雷", cls="research"),
        row(4, PUBLIC, "营业员", "E32", "韩梅"),
    ]
    result = plan(rows, _firm())
    assert [(p.name, p.key_position, p.employee_class) for p in result.positions] == [
        ("营业员", False, "research")
    ]
    assert result.problems == () and len(result.starts) == 3


# issue 11 review: ambiguous and archived names, the firm's one top-level unit, kinds, key flag ---
def _twins() -> Organisation:
    """分公司 with two units named 营销部门 (a copy made by hand, or an old file), and a
    公众客户部 with two positions named 客户经理."""
    return Organisation(
        units=[
            OrgUnit(1, None, "BR", "分公司", kind="company"),
            OrgUnit(2, 1, "MKT", "营销部门", kind="department"),
            OrgUnit(3, 1, "MKT2", "营销部门", kind="department"),
            OrgUnit(4, 1, "HR", "人力资源部", kind="department"),
        ],
        positions=[
            OrgPosition(10, 4, "HR-AM", "专员", False, "management"),
            OrgPosition(11, 4, "HR-AM2", "专员", False, "management"),
            OrgPosition(12, 2, "MKT-GM", "营销部门总经理", True, "management"),
        ],
    )


def test_a_path_naming_two_units_is_a_problem_of_its_row_naming_the_path():
    rows = [
        row(2, ("分公司", "营销部门"), "营销部门总经理", "E9001", "新人"),
        row(3, ("分公司", "营销部门", "公众客户部"), "客户经理", "E9002", "新人二"),
    ]
    result = plan(rows, _twins())
    assert [(p.row, p.column, p.problem.message("en")) for p in result.problems] == [
        (
            2,
            "unit_path",
            "分公司/营销部门 names 2 units of the firm (the same name under the same parent): the "
            "roster cannot tell which one is meant (rename one in the organisation, then import "
            "again)",
        ),
        (
            3,
            "unit_path",
            "分公司/营销部门 names 2 units of the firm (the same name under the same parent): the "
            "roster cannot tell which one is meant (rename one in the organisation, then import "
            "again)",
        ),
    ]
    assert not result.units and not result.positions and not result.starts


def test_a_position_named_twice_in_its_unit_is_a_problem_of_its_row():
    result = plan([row(4, ("分公司", "人力资源部"), "专员", "E9003", "新人")], _twins())
    [problem] = result.problems
    assert (problem.row, problem.column) == (4, "position")
    assert problem.problem.message("en") == (
        "分公司/人力资源部 has 2 positions named 专员: the roster cannot tell which one is meant "
        "(rename one in the organisation, then import again)"
    )
    assert problem.problem.message("zh_CN") == (
        "分公司/人力资源部 下有 2 个名为 专员 的岗位，无法判断花名册指的是哪一个（请先在组织架构中"
        "将其中一个改名，再重新导入）"
    )


def test_an_archived_position_is_named_as_archived():
    firm = Organisation(
        units=[OrgUnit(1, None, "BR", "分公司", kind="company")],
        positions=[OrgPosition(10, 1, "BR-GM", "总经理", True, "management", archived=True)],
    )
    [problem] = plan([row(2, BRANCH, "总经理", "E1", "甲")], firm).problems
    assert (problem.row, problem.column, problem.problem.message("en")) == (
        2,
        "position",
        "the position 总经理 of 分公司 is archived: restore it in the organisation (Show archived "
        "units and positions), or name another position",
    )


def test_a_unit_under_an_archived_unit_is_named_by_the_archived_one():
    firm = Organisation(
        units=[
            OrgUnit(1, None, "BR", "分公司", kind="company"),
            OrgUnit(2, 1, "MKT", "营销部门", archived=True, kind="department"),
            OrgUnit(3, 2, "PUB", "公众客户部", kind="sub_department"),
        ]
    )
    [problem] = plan([row(2, PUBLIC, "客户经理", "E1", "甲")], firm).problems
    assert problem.problem.message("en").startswith("the unit 分公司/营销部门 is archived")


def test_a_path_without_the_firms_one_top_level_unit_is_read_under_it():
    rows = [
        row(2, ("营销部门", "公众客户部"), "公众客户部经理", "E02", "陈晓梅", start=date(2024, 1, 1)),
        row(3, ("综合部",), "主任", "E40", "周敏"),
    ]
    result = plan(rows, _firm())
    assert result.problems == ()
    # 陈晓梅 holds 分公司/营销部门/公众客户部 · 公众客户部经理 already: nobody moves
    assert result.moves == 0 and not result.ends
    assert [(u.path, u.kind, u.parent_id) for u in result.units] == [
        (("分公司", "综合部"), "department", 1)
    ]
    assert [(p.unit_path, p.name) for p in result.positions] == [(("分公司", "综合部"), "主任")]


def test_a_firm_with_two_top_level_units_reads_a_path_as_written():
    firm = Organisation(
        units=[OrgUnit(1, None, "BR", "分公司", kind="company"), OrgUnit(2, None, "HQ", "总部", kind="company")]
    )
    result = plan([row(2, ("综合部",), "主任", "E1", "甲")], firm)
    assert [(u.path, u.kind, u.parent_id) for u in result.units] == [(("综合部",), "company", None)]


def test_new_units_take_the_kind_a_unit_added_by_hand_under_the_same_parent_takes():
    firm = Organisation(
        units=[
            OrgUnit(1, None, "GRP", "集团", kind="company"),
            OrgUnit(2, 1, "DIV", "网络事业部", kind="division"),
        ]
    )
    rows = [row(2, ("集团", "网络事业部", "运维部", "传输科", "一班"), "班长", "E1", "甲")]
    result = plan(rows, firm)
    # under a division a department (as Insert in the tree makes), then a level down each time
    assert [(u.name, u.kind) for u in result.units] == [
        ("运维部", "department"),
        ("传输科", "sub_department"),
        ("一班", "team"),
    ]


def test_a_new_position_with_a_blank_key_flag_is_not_key():
    rows = [
        row(2, PUBLIC, "营业员", "E30", "王芳"),
        row(3, PUBLIC, "大客户经理", "E31", "李雷", key=True),
    ]
    result = plan(rows, _firm())
    assert [(p.name, p.key_position) for p in result.positions] == [
        ("营业员", False),
        ("大客户经理", True),
    ]


def test_a_move_onto_the_day_an_assignment_starts_says_what_is_wrong_in_plain_words():
    result = plan([row(5, BRANCH, "总经理", "E02", "陈晓梅", start=date(2021, 6, 1))], _firm())
    [problem] = result.problems
    assert problem.problem.message("zh_CN") == (
        "陈晓梅 不能于 2021-06-01 调任 分公司 · 总经理：其自 2021-06-01 起任 "
        "分公司/营销部门/公众客户部 · 公众客户部经理，调岗日期须晚于该日（请填写更晚的任职日期，"
        "或在组织架构中修改任职记录）"
    )


def test_a_new_person_in_an_existing_position_starts_in_that_position():
    result = plan([row(2, PUBLIC, "客户经理", "E50", "新人")], _firm())
    [start] = result.starts
    assert (start.employee_code, start.position_id, start.moves) == ("E50", 12, False)
    assert not result.positions
