"""The KPI dictionary's rules (METHOD.md §4): what makes an entry valid, its next code, how it
is found by what people type, what a signed contract keeps, and when a merge is refused."""

from __future__ import annotations

from kpidesk.core.dictionary import (
    DictionaryEntry,
    EntryFilter,
    LineUse,
    MergePlan,
    NodeUse,
    Usage,
    entry_problems,
    matches,
    merge_problems,
    next_code,
    search_text,
    sealed_changes,
)

CATEGORIES = ("financial", "service", "learning", "deduction")
SEALED = {"draft": False, "agreed": False, "signed": True, "closed": True}

CSAT = DictionaryEntry(
    code="CSAT",
    name="客户满意度",
    name_en="Customer satisfaction",
    category="service",
    unit="评分",
    data_source="监察审计室",
    owner_level="部门",
    id=7,
)


def _where(problems):
    return [p.where for p in problems]


def test_a_valid_entry_has_no_problems():
    assert entry_problems(CSAT, CATEGORIES, ["REV", "NOAC"]) == []


def test_each_wrong_field_is_named():
    entry = DictionaryEntry(
        code="rev", name="  ", category="people", direction="up", cycle="week"
    )
    problems = entry_problems(entry, CATEGORIES, ["REV"])
    assert _where(problems) == ["name", "code", "direction", "cycle", "category"]
    # A code differing only in case is the same code to a reader.
    assert "'rev'" in problems[1].text("en")
    assert "financial" in problems[4].text("en")


def test_a_code_is_needed():
    problems = entry_problems(DictionaryEntry(code="", name="x", category="service"), CATEGORIES, [])
    assert _where(problems) == ["code"]


def test_next_code_follows_the_k_series():
    assert next_code([]) == "K001"
    assert next_code(["REV", "K001", "K002"]) == "K003"
    assert next_code(["k009", "CSAT"]) == "K010"


def test_found_by_pinyin_initials_syllables_and_data_source():
    text = search_text(CSAT, "服务/经营类")
    assert matches(text, "khmyd")
    assert matches(text, "kehu manyidu")
    assert matches(text, "监察审计室")
    assert matches(text, "SATISFACTION 服务")  # any case, any order
    assert matches(text, "部门")  # owner level
    assert not matches(text, "khmyd 计划财务部")


def test_filters_are_exact():
    assert EntryFilter(unit="评分", data_source="监察审计室").accepts(CSAT)
    assert not EntryFilter(category="financial").accepts(CSAT)
    assert EntryFilter().accepts(CSAT)


def test_a_signed_contract_keeps_name_direction_and_unit():
    clearer = DictionaryEntry(**{**CSAT.fields(), "definition": "第三方调查", "id": 7})
    assert sealed_changes(CSAT, clearer) == []
    renamed = DictionaryEntry(**{**CSAT.fields(), "name": "顾客满意度", "unit": "%", "id": 7})
    assert sealed_changes(CSAT, renamed) == ["name", "unit"]


def _plan(status: str) -> MergePlan:
    survivor = DictionaryEntry(code="SAT", name="满意度", category="service", id=3)
    usage = Usage(
        (LineUse(11, 5, 2, "营业厅经理", 2003, status),),
        (NodeUse(4, "main", "客户满意度"),),
    )
    return MergePlan(survivor, CSAT, usage)


def test_a_merge_moving_only_draft_lines_is_allowed():
    plan = _plan("draft")
    assert merge_problems(plan, SEALED) == []
    assert plan.line_ids == (11,) and plan.node_ids == (4,) and plan.contract_ids == {5}


def test_a_merge_taking_a_signed_contracts_kpi_is_refused_naming_it():
    (problem,) = merge_problems(_plan("signed"), SEALED)
    text = problem.text("en")
    assert "营业厅经理" in text and "2003" in text and "signed" in text
    assert "客户满意度" in problem.text("zh_CN") and "已签订" in problem.text("zh_CN")


def test_an_entry_is_not_merged_into_itself():
    plan = MergePlan(CSAT, CSAT, Usage())
    assert len(merge_problems(plan, SEALED)) == 1


# review of issue 11 ------------------------------------------------------------------------------
def test_a_name_another_entry_has_is_refused():
    from kpidesk.core.dictionary import entry_problems as problems_of

    twin = DictionaryEntry(code="CSAT2", name=" 客户满意度 ", category="service")
    problems = problems_of(twin, CATEGORIES, ["CSAT"], ["客户满意度", "营业收入"])
    assert _where(problems) == ["name"]
    assert "'客户满意度'" in problems[0].text("en")
    assert problems_of(twin, CATEGORIES, ["CSAT"], ["营业收入"]) == []


def test_a_node_showing_the_kpi_name_follows_it_and_its_own_label_stays():
    from kpidesk.core.dictionary import following_labels

    nodes = [NodeUse(1, "价值树", "客户满意度"), NodeUse(2, "价值树", "满意度（第三方）")]
    assert following_labels(nodes, "客户满意度", "顾客满意度") == {1: "顾客满意度"}
    assert following_labels(nodes, "客户满意度", "客户满意度") == {}


def test_a_node_of_a_named_tree_is_named_once_as_tree_and_label():
    from kpidesk.core.dictionary import where_words

    usage = Usage((), (NodeUse(1, "价值树", "实际收入"),))
    assert where_words(usage).text("zh_CN") == "节点“价值树：实际收入”"
    assert where_words(usage).text("en") == "the node '价值树: 实际收入'"
