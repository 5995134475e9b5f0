"""``kpidesk check`` on a signed contract edited behind kpidesk's back (issue 13): each raw
edit makes the check exit 1 naming the contract and what differs; kpidesk's own writes — the
demo, edits and their undo, events, an import, making results official, a correction and its
undo — leave nothing to report."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date

import pytest

from kpidesk.cli.main import main
from kpidesk.services import FirmService
from kpidesk.services.editing import EditService
from kpidesk.services.exchange import ExchangeService
from kpidesk.services.results import ResultsService
from kpidesk.storage.document import open_document

CONTRACT_1 = "contract 1 (营销部门 营销部门总经理)"


def _raw(path, *statements, foreign_keys=False):
    with closing(sqlite3.connect(path)) as db:
        if foreign_keys:  # as DB Browser for SQLite does by default
            db.execute("PRAGMA foreign_keys = ON")
        for statement in statements:
            db.execute(statement)
        db.commit()


def _check(path, capsys) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["check", str(path)])
    return code, capsys.readouterr().out.splitlines()


LINE_EDITS = {
    "changed": ["UPDATE contract_lines SET weight = weight + 5 WHERE id = 1"],
    "added": [
        "INSERT INTO contract_lines (contract_id, sort, indicator_id, category, weight, unit, "
        "minimum, base, challenge, target_note, rule, data_source, cycle) SELECT contract_id, "
        "99, indicator_id, category, 5, unit, minimum, base, challenge, target_note, rule, "
        "data_source, cycle FROM contract_lines WHERE id = 1"
    ],
    "deleted": ["DELETE FROM contract_lines WHERE id = 2"],
}


@pytest.mark.parametrize("kind", sorted(LINE_EDITS))
def test_a_signed_contracts_line_edited_outside_kpidesk(demo_path, capsys, kind):
    _raw(demo_path, *LINE_EDITS[kind], foreign_keys=True)
    code, out = _check(demo_path, capsys)
    assert code == 1
    assert (
        f"error: {CONTRACT_1}: content differs from what was signed "
        "(an edit bypassed the amendment record)"
    ) in out


def test_a_cleared_seal(demo_path, capsys):
    _raw(demo_path, "UPDATE contracts SET content_hash = NULL WHERE id = 1")
    code, out = _check(demo_path, capsys)
    assert code == 1
    assert any(line.startswith(f"error: {CONTRACT_1}: signed, but its seal") for line in out)


def test_actuals_edited_outside_kpidesk_are_named_by_contract_line_and_month(demo_path, capsys):
    # actuals 1 and 2: contract 1's line 1 (通信业务收入), Jan and Feb 2003: 23 and 24.13
    _raw(
        demo_path,
        "UPDATE actuals SET value = 99 WHERE id = 1",
        "DELETE FROM actuals WHERE id = 2",
        "INSERT INTO actuals (line_id, period_id, value, source, entered_by, entered_at) "
        "SELECT 1, id, 12.5, '', 'x', '2003-12-31 00:00:00' FROM periods WHERE code = '2003-12'",
    )
    code, out = _check(demo_path, capsys)
    assert code == 1
    where = f"error: {CONTRACT_1} line 1 通信业务收入"
    assert out[:3] == [
        f"{where}: the actual for Jan 2003 was changed outside kpidesk: it should be 23, it is 99",
        f"{where}: an actual for Dec 2003 (12.5) was added outside kpidesk",
        f"{where}: the actual for Feb 2003 (24.13) was deleted outside kpidesk",
    ]
    assert out[3] == "3 errors, 0 warnings"


def test_in_chinese_the_finding_reads_as_a_manager_writes(demo_path):
    from kpidesk.i18n import language

    _raw(demo_path, "UPDATE actuals SET value = 99 WHERE id = 3")
    with open_document(demo_path) as document:
        (finding,) = FirmService(document).check().errors
    where, message = finding.text("zh_CN")
    assert where == "绩效合同 1（营销部门 营销部门总经理） 第 1 行 通信业务收入"
    assert message == "2003年3月的实际完成值在 kpidesk 之外被修改：应为 23.5，现为 99"
    assert language() is not None


def test_deduction_events_edited_outside_kpidesk(demo_path, capsys):
    # the demo's two events, one each: contract 1's line 11 (重大投诉) in March 2003 and
    # contract 3's line 8 (重大投诉) in May 2003
    _raw(
        demo_path,
        "UPDATE deduction_events SET count = 4 WHERE id = 1",
        "DELETE FROM deduction_events WHERE id = 2",
    )
    code, out = _check(demo_path, capsys)
    assert code == 1
    assert out[:3] == [
        f"error: {CONTRACT_1} line 11 重大投诉: a deduction event of Mar 2003 was changed "
        "outside kpidesk: its count should be 1, it is 4",
        "error: contract 3 (营业厅 营业厅营业员) line 8 重大投诉: a deduction event of May 2003 "
        "(1) was deleted outside kpidesk",
        "2 errors, 0 warnings",
    ]


def test_official_results_edited_outside_kpidesk(demo_path, capsys):
    with open_document(demo_path, actor="hr.head") as document:
        ResultsService(document, FirmService(document).policy).make_official("2003-06", "王总经理")
    assert _check(demo_path, capsys) == (0, ["no findings"])
    _raw(demo_path, "UPDATE official_results SET reviewer = '某人'")
    code, out = _check(demo_path, capsys)
    assert code == 1
    assert out[0] == (
        "error: official results: the official results of Jun 2003 were changed outside "
        "kpidesk: their reviewer differs from what was made official"
    )
    _raw(demo_path, "DELETE FROM official_results")
    code, out = _check(demo_path, capsys)
    assert code == 1
    assert out[0] == (
        "error: official results: the official results of Jun 2003 were deleted outside kpidesk"
    )


def test_kpideskss_own_writes_leave_nothing_to_report(demo_path, capsys, tmp_path):
    with open_document(demo_path, actor="hr.head") as document:
        firm, edits = FirmService(document), EditService(document)
        results = ResultsService(document, firm.policy)
        (contract,) = [c for c in firm.contracts() if c.contractee == "吴佳怡"]
        lines = firm.contract(contract.id).lines
        (deduction,) = [l for l in lines if l.deduction]
        revenue = next(l for l in lines if l.indicator == "营业收入")
        edits.record_actual(revenue.id, "2003-07", 300.5).undo().undo()  # undo, redo
        edits.record_actual(revenue.id, "2003-05", 271.0).undo()
        added = edits.add_deduction_event(deduction.id, "2003-06", date(2003, 6, 9), 2)
        removed = edits.add_deduction_event(deduction.id, "2003-06", date(2003, 6, 12), 1)
        removed.undo().undo()  # removed, then recorded again
        results.make_official("2003-06", "王总经理")
        results.correct(revenue.id, "2003-06", "280", "Late cash receipts counted").undo()
        results.correct(deduction.id, "2003-06", "1", "One complaint was withdrawn")
        assert added.value
    assert _check(demo_path, capsys) == (0, ["no findings"])


def test_imports_leave_nothing_to_report(demo_path, capsys, tmp_path):
    """The export imported into a new firm (every row a bulk insert) and, changed in one cell,
    back into the demo (a bulk update)."""
    import openpyxl

    from kpidesk.storage.document import create_document

    workbook = tmp_path / "firm.xlsx"
    with open_document(demo_path) as document:
        ExchangeService(document).export(workbook, "zh_CN")
    new = create_document(tmp_path / "new.kpidesk")
    try:
        assert ExchangeService(new).import_workbook(workbook).actuals_inserted == 270
        assert FirmService(new).check().outside == []
    finally:
        new.close()
    book = openpyxl.load_workbook(workbook)
    sheet = book["实际完成值"]
    column = [c.value for c in sheet[1]].index("实际完成值") + 1
    sheet.cell(2, column).value = sheet.cell(2, column).value + 1
    book.save(workbook)
    with open_document(demo_path) as document:
        assert ExchangeService(document).import_workbook(workbook).actuals_updated == 1
    assert _check(demo_path, capsys) == (0, ["no findings"])
    # and an actual slipped in by hand next to imported ones is still found
    _raw(
        tmp_path / "new.kpidesk",
        "INSERT INTO actuals (line_id, period_id, value, source, entered_by, entered_at) "
        "SELECT 1, id, 12.5, '', 'x', '2003-12-31 00:00:00' FROM periods WHERE code = '2003-12'",
    )
    code, out = _check(tmp_path / "new.kpidesk", capsys)
    assert code == 1 and any("an actual for Dec 2003 (12.5) was added" in line for line in out)


def test_opening_a_large_firm_checks_what_grouped_queries_can(demo_path, monkeypatch):
    """Above ``SEALS_AT_OPENING`` contracts, opening checks the log, the actuals, events and
    official results, and cleared seals; a line's content against its signing hash waits for
    File › Check document… (about 20 ms a contract: minutes for 5,000)."""
    from kpidesk.services import checks

    _raw(
        demo_path,
        "UPDATE actuals SET value = 99 WHERE id = 1",
        "UPDATE contracts SET content_hash = NULL WHERE id = 2",
        "UPDATE contract_lines SET weight = weight + 5 WHERE id = 1",
    )
    monkeypatch.setattr(checks, "SEALS_AT_OPENING", 4)  # the demo has 5 contracts
    with open_document(demo_path) as document:
        quick = checks.opening_check(document)
        full = checks.check_document(document)
    assert [f.text("en") for f in quick.findings] == [
        (
            quick.findings[0].where,
            "signed, but its seal (the content hash taken at signing) is missing: it was "
            "removed outside kpidesk",
        ),
        (
            f"{CONTRACT_1} line 1 通信业务收入",
            "the actual for Jan 2003 was changed outside kpidesk: it should be 23, it is 99",
        ),
    ]
    assert quick.findings[0].where.startswith("contract 2 (")
    assert all(f.outside for f in quick.findings)
    assert (
        CONTRACT_1,
        "content differs from what was signed (an edit bypassed the amendment record)",
    ) in [f.text("en") for f in full.findings]
    monkeypatch.setattr(checks, "SEALS_AT_OPENING", 5)
    with open_document(demo_path) as document:
        assert len(checks.opening_check(document).findings) == len(full.findings)


def test_removing_a_line_and_its_undo_leave_nothing_to_report(tmp_path):
    """A draft's line removed with its actuals and events, then put back with their ids."""
    from kpidesk.services.demo import populate_demo
    from kpidesk.storage.document import create_document

    document = create_document(tmp_path / "firm.kpidesk")
    try:
        populate_demo(document)
        edits, firm = EditService(document), FirmService(document)
        clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
        manager = next(
            p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理"
        )
        contract_id, _ = edits.new_contract(manager.id, 2003, clerk.id)
        edits.set_status(contract_id, "agreed")
        lines = firm.contract(contract_id).lines
        line, complaints = lines[1], next(l for l in lines if l.deduction)
        edits.record_actual(line.id, "2003-01", 81.5)
        edits.add_deduction_event(complaints.id, "2003-02", date(2003, 2, 14), 2, "越级投诉")
        first, _ = edits.remove_line(line.id)
        second, _ = edits.remove_line(complaints.id)
        assert firm.check().outside == []
        edits.restore_line(second)
        edits.restore_line(first)
        assert firm.check().outside == []
    finally:
        document.close()


def _findings(path) -> dict:
    """(row, kind, field) → (what the log says, what the table holds) of each finding."""
    from kpidesk.storage.tamper import tampered_rows

    with open_document(path) as document, document.reading() as session:
        return {(t.row_id, t.kind, t.field): (t.old, t.new) for t in tampered_rows(session)}


def _numbers(path, count: int) -> list[tuple[int, float]]:
    """(id, value) of the first ``count`` actuals holding a number."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute(
            "SELECT id, value FROM actuals WHERE value IS NOT NULL ORDER BY id LIMIT ?", (count,)
        ).fetchall()


def _imported(demo_path, tmp_path):
    """The demo firm exported and imported into a new firm: its path, the import's report."""
    from kpidesk.storage.document import create_document

    workbook, path = tmp_path / "firm.xlsx", tmp_path / "imported.kpidesk"
    with open_document(demo_path) as document:
        ExchangeService(document).export(workbook, "zh_CN")
    new = create_document(path)
    try:
        return path, ExchangeService(new).import_workbook(workbook)
    finally:
        new.close()


def test_imported_actuals_changed_added_or_deleted_by_hand_are_found(demo_path, capsys, tmp_path):
    """Actuals a bulk import inserted have no audit row each: the import's witness row holds
    what it wrote, so a raw edit of one of them is found like any other."""
    path, report = _imported(demo_path, tmp_path)
    assert report.actuals_inserted == 270
    assert _check(path, capsys) == (0, ["no findings"])
    with closing(sqlite3.connect(path)) as db:
        first, value = db.execute(
            "SELECT id, value FROM actuals WHERE value IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()
        last = db.execute("SELECT max(id) FROM actuals WHERE value IS NOT NULL").fetchone()[0]
        line, month = db.execute(
            "SELECT line_id, p.code FROM actuals a JOIN periods p ON p.id = a.period_id "
            "WHERE a.id = ?",
            (last,),
        ).fetchone()
    assert value != 777
    _raw(
        path,
        f"UPDATE actuals SET value = 777 WHERE id = {first}",
        f"DELETE FROM actuals WHERE id = {last}",
        # a row slipped in under the import's name, for a month it never wrote
        "INSERT INTO actuals (line_id, period_id, value, source, entered_by, entered_at, import_id)"
        " SELECT 1, id, 12.5, '', 'x', '2003-12-31 00:00:00', 1 FROM periods WHERE code = '2003-12'",
    )
    code, out = _check(path, capsys)
    assert code == 1
    assert sum("it is 777" in line for line in out) == 1
    assert sum("an actual for Dec 2003 (12.5) was added" in line for line in out) == 1
    assert sum("was deleted outside kpidesk" in line for line in out) == 1
    assert len([line for line in out if "outside kpidesk" in line]) == 3, out


def test_an_imported_actual_edited_in_kpidesk_is_not_reported(demo_path, capsys, tmp_path):
    path, _ = _imported(demo_path, tmp_path)
    with closing(sqlite3.connect(path)) as db:
        line, month = db.execute(
            "SELECT a.line_id, p.code FROM actuals a JOIN periods p ON p.id = a.period_id "
            "WHERE a.value IS NOT NULL ORDER BY a.id LIMIT 1"
        ).fetchone()
    with open_document(path) as document:
        EditService(document).record_actual(line, month, 99.5)
    assert _check(path, capsys) == (0, ["no findings"])


def test_imported_levels_and_numbers_swapped_by_hand_are_found(demo_path, tmp_path):
    """The witness holds a grade line's level as text and a number as a number: a level
    rewritten, a number turned into text and a number moved to another month are each named
    with the field and the value the import wrote."""
    path, _ = _imported(demo_path, tmp_path)
    with closing(sqlite3.connect(path)) as db:
        level, text = db.execute(
            "SELECT id, value_text FROM actuals WHERE value_text IS NOT NULL "
            "AND value_text != 'null' ORDER BY id LIMIT 1"
        ).fetchone()
        moved = db.execute(
            "SELECT id FROM actuals WHERE value IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    ((number, value),) = _numbers(path, 1)
    _raw(
        path,
        f"UPDATE actuals SET value_text = '\"不存在\"' WHERE id = {level}",
        f"UPDATE actuals SET value = NULL, value_text = '\"优秀\"' WHERE id = {number}",
        # the last actual moved to a month no actual of its line holds
        f"UPDATE actuals SET period_id = (SELECT id FROM periods WHERE code = '2003-11') "
        f"WHERE id = {moved}",
    )
    found = _findings(path)
    assert found[(level, "changed", "value_text")] == (json.loads(text), "不存在")
    assert found[(number, "changed", "value")] == (value, None)
    # moved: no witness at its new place (added), and the place it left is empty (deleted)
    assert (moved, "added", None) in found
    assert any(kind == "deleted" and row == 0 for row, kind, _ in found)
    assert len(found) == 4, found


def test_an_id_kpidesk_freed_and_an_import_took_again_is_the_imports(demo_path, tmp_path):
    """Clearing the newest actual frees its id; SQLite hands it to the next import's first
    row, which its witness vouches for: nothing is reported."""
    from kpidesk.storage.tamper import tampered_rows

    path, _ = _imported(demo_path, tmp_path)
    with closing(sqlite3.connect(path)) as db:
        last, line, month = db.execute(
            "SELECT a.id, a.line_id, p.code FROM actuals a JOIN periods p ON p.id = a.period_id "
            "ORDER BY a.id DESC LIMIT 1"
        ).fetchone()
    with open_document(path) as document:
        EditService(document).record_actual(line, month, None)
        ExchangeService(document).import_workbook(tmp_path / "firm.xlsx")
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM actuals WHERE id = ?", (last,)).fetchone() == (1,)
    with open_document(path) as document, document.reading() as session:
        assert tampered_rows(session) == []


def test_text_or_a_fraction_where_an_id_or_a_number_belongs(demo_path, tmp_path):
    """SQLite keeps what a raw edit stores: a fraction as an imported actual's month, text as
    its value, text as a typed actual's line are each named, never a crash."""
    from kpidesk.storage.tamper import tampered_rows

    path, _ = _imported(demo_path, tmp_path)
    (moved, value), (worded, _) = _numbers(path, 2)
    _raw(
        path,
        f"UPDATE actuals SET period_id = period_id + 0.5 WHERE id = {moved}",
        f"UPDATE actuals SET value = 'abc' WHERE id = {worded}",
    )
    found = _findings(path)
    # the fraction: at no month the import wrote (added), and its month is empty (deleted)
    assert found[(moved, "added", None)] == (None, value)
    assert found[(0, "deleted", None)] == (value, None)
    assert found[(worded, "changed", "value")][1] == "abc"
    assert len(found) == 3, found

    _raw(demo_path, "UPDATE actuals SET line_id = 'x' WHERE id = 3")  # a typed (audited) actual
    with open_document(demo_path) as document, document.reading() as session:
        (row,) = tampered_rows(session)
    assert (row.row_id, row.kind, row.field, row.new) == (3, "changed", "line_id", "x")
