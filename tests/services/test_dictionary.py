"""The KPI dictionary's service: every edit one audited transaction with its undo; an entry in
use is never deleted; merging moves every line and node to the survivor and undo puts each
back (METHOD.md §4)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kpidesk.services import FirmService, open_document
from kpidesk.services.dictionary import DictionaryService
from kpidesk.services.editing import EditRefused, EditService
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.records import ActualRecord, ContractLineRecord, IndicatorRecord, TreeNodeRecord


@pytest.fixture
def document(demo_path):
    with open_document(demo_path) as document:
        yield document


@pytest.fixture
def service(document):
    return DictionaryService(document)


def _codes(entries):
    return [e.code for e in entries]


def _audit(document, entity_id, action):
    with document.reading() as session:
        return list(
            session.scalars(
                select(AuditRecord).where(
                    AuditRecord.entity == "indicators",
                    AuditRecord.entity_id == entity_id,
                    AuditRecord.action == action,
                )
            )
        )


def test_search_by_pinyin_initials_and_by_data_source(service):
    assert _codes(service.search("khmyd")) == ["CSAT"]
    # The seed's entries provided by 计划财务部 in 万元 (branch_2003.json).
    assert _codes(service.search("计划财务部 万元")) == ["MKTC", "PREV", "DMKTC"]


def test_create_gives_the_next_code_and_is_audited_and_undone(service, document):
    result = service.create({"name": " 网点覆盖率 ", "unit": "%", "category": "service"})
    entry = service.entry(result.value)
    assert (entry.code, entry.name, entry.unit) == ("K001", "网点覆盖率", "%")
    assert result.changes.dictionary
    inserted = {row.field: row.new for row in _audit(document, entry.id, "insert")}
    assert inserted["name"] == "网点覆盖率" and inserted["code"] == "K001"
    redo = result.undo()
    assert "K001" not in _codes(service.entries())
    assert redo.undo().value == entry.id  # redo: the same entry, with its id
    assert service.entry(entry.id) == entry


def test_a_wrong_entry_is_refused_naming_each_field(service):
    with pytest.raises(EditRefused) as refused:
        service.create({"name": "", "code": "rev", "category": "people"})
    assert [p.where for p in refused.value.problems] == ["name", "code", "category"]


def test_delete_of_an_entry_in_use_names_the_contracts(service):
    csat = next(e for e in service.entries() if e.code == "CSAT")
    with pytest.raises(EditRefused) as refused:
        service.delete(csat.id)
    text = str(refused.value)
    for position in ("公众客户部经理", "营业厅营业员", "营销部门总经理"):
        assert position in text
    assert "CSAT" in _codes(service.entries())


def test_delete_of_an_unused_entry_is_undone_with_its_id(service, document):
    created = service.create({"name": "新指标", "category": "learning"}).value
    deleted = service.delete(created)
    assert created not in [e.id for e in service.entries()]
    assert _audit(document, created, "delete")
    assert deleted.undo().value == created
    assert service.entry(created).name == "新指标"


def test_a_signed_contract_keeps_the_name_it_shows(service):
    csat = next(e for e in service.entries() if e.code == "CSAT")
    with pytest.raises(EditRefused) as refused:
        service.edit(csat.id, {"name": "顾客满意度"})
    assert "营销部门总经理" in str(refused.value)
    result = service.edit(csat.id, {"agreed_reading": "以第三方季度调查为准", "doubt_points": "抽样"})
    assert service.entry(csat.id).agreed_reading == "以第三方季度调查为准"
    result.undo()
    assert service.entry(csat.id) == csat


@pytest.fixture
def drafted(document, service):
    """Two new entries, each on a line of a draft contract (with weight, targets and an
    actual), the second also on a value-tree node."""
    edits, firm = EditService(document), FirmService(document)
    clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
    manager = next(p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理")
    contract_id = edits.new_contract(manager.id, 2003, clerk.id).value
    survivor = service.create({"name": "宽带新增用户", "category": "service", "unit": "户"}).value
    merged = service.create({"name": "宽带新装户数", "category": "service", "unit": "户"}).value
    codes = {e.id: e.code for e in service.entries()}
    kept = edits.add_line(
        contract_id, codes[survivor], weight=10, minimum=80, base=100, challenge=120
    ).value
    moved = edits.add_line(
        contract_id, codes[merged], weight=15, minimum=50, base=60, challenge=75
    ).value
    edits.record_actual(moved, "2003-01", 66)
    with document.transaction() as session:
        node = FirmRepository(session).add_tree_node(
            "bb", "宽带新装户数", parent=1, indicator=codes[merged]
        )
    return contract_id, survivor, merged, kept, moved, node


def _line(document, line_id):
    with document.reading() as session:
        line = session.get(ContractLineRecord, line_id)
        return (line.indicator_id, line.weight, line.minimum, line.base, line.challenge)


def _actuals(document, line_id):
    with document.reading() as session:
        return list(
            session.scalars(select(ActualRecord.value).where(ActualRecord.line_id == line_id))
        )


def _node_indicator(document, node_id):
    with document.reading() as session:
        return session.get(TreeNodeRecord, node_id).indicator_id


def test_merging_keeps_every_line_and_undo_puts_each_back(document, service, drafted):
    contract_id, survivor, merged, kept, moved, node = drafted
    result = service.merge(survivor, merged)
    assert _line(document, kept) == (survivor, 10, 80, 100, 120)
    assert _line(document, moved) == (survivor, 15, 50, 60, 75)
    assert _node_indicator(document, node) == survivor
    assert merged not in [e.id for e in service.entries()]
    assert result.changes.dictionary and result.changes.value_tree
    assert result.changes.lines == {moved}
    assert _actuals(document, moved) == [66]  # the actual stays on its line
    with document.reading() as session:
        audited = session.scalars(
            select(AuditRecord).where(
                AuditRecord.entity == "contract_lines",
                AuditRecord.entity_id == moved,
                AuditRecord.field == "indicator_id",
            )
        ).all()
        assert [(a.old, a.new) for a in audited] == [(merged, survivor)]
    redo = result.undo()
    assert _line(document, moved) == (merged, 15, 50, 60, 75)
    assert _line(document, kept) == (survivor, 10, 80, 100, 120)
    assert _node_indicator(document, node) == merged
    assert service.entry(merged).name == "宽带新装户数"
    assert _actuals(document, moved) == [66]
    redo.undo()
    assert _line(document, moved)[0] == survivor


def test_merging_a_kpi_signed_contracts_use_is_refused(document, service):
    entries = {e.code: e.id for e in service.entries()}
    with pytest.raises(EditRefused) as refused:
        service.merge(entries["REV"], entries["CSAT"])
    assert "营业厅营业员" in str(refused.value)
    with document.reading() as session:
        assert session.get(IndicatorRecord, entries["CSAT"]) is not None


def test_where_used_names_contracts_and_nodes(service):
    rev = next(e for e in service.entries() if e.code == "REV")
    usage = service.where_used(rev.id)
    assert {(u.position, u.year, u.status) for u in usage.lines} >= {("营销部门总经理", 2003, "signed")}
    assert [n.label for n in usage.nodes] == ["实际收入"]


# review of issue 11 ------------------------------------------------------------------------------
def _label(document, node_id):
    with document.reading() as session:
        return session.get(TreeNodeRecord, node_id).label


def test_a_second_kpi_of_the_same_name_is_refused(service):
    with pytest.raises(EditRefused) as refused:
        service.create({"name": "客户满意度", "category": "service"})
    assert [p.where for p in refused.value.problems] == ["name"]
    created = service.create({"name": "宽带新增用户", "category": "service"}).value
    with pytest.raises(EditRefused):
        service.edit(created, {"name": "客户满意度"})
    assert [e.name for e in service.entries()].count("客户满意度") == 1


def test_delete_refused_for_signed_contracts_does_not_advise_a_merge(service):
    csat = next(e for e in service.entries() if e.code == "CSAT")
    with pytest.raises(EditRefused) as refused:
        service.delete(csat.id)
    text = str(refused.value)
    assert "Merge" not in text and "as long as they use it" in text
    assert "营销部门总经理" in text


def test_delete_of_an_entry_only_drafts_and_nodes_use_still_advises_a_merge(service, drafted):
    _contract, _survivor, merged, *_rest = drafted
    with pytest.raises(EditRefused) as refused:
        service.delete(merged)
    assert "Merge it into another KPI" in str(refused.value)


def test_a_node_showing_the_kpi_name_follows_a_rename_and_undo(document, service, drafted):
    _contract, _survivor, merged, _kept, _moved, node = drafted
    result = service.edit(merged, {"name": "宽带新装用户数"})
    assert _label(document, node) == "宽带新装用户数"
    assert result.changes.value_tree
    result.undo()
    assert _label(document, node) == "宽带新装户数"


def test_a_node_with_its_own_label_keeps_it_on_rename(document, service, drafted):
    _contract, _survivor, merged, _kept, _moved, node = drafted
    with document.transaction() as session:
        session.get(TreeNodeRecord, node).label = "新装宽带（户）"
    service.edit(merged, {"name": "宽带新装用户数"})
    assert _label(document, node) == "新装宽带（户）"


def test_a_node_follows_a_merge_and_undo_gives_its_label_back(document, service, drafted):
    _contract, survivor, merged, _kept, _moved, node = drafted
    result = service.merge(survivor, merged)
    assert _label(document, node) == "宽带新增用户"
    result.undo()
    assert _label(document, node) == "宽带新装户数"
