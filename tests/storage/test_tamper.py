"""Rows changed, added or deleted behind kpidesk's back (raw SQL through the sqlite3 module,
as a user with a database browser would), found by replaying the audit log
(storage/tamper.py); kpidesk's own writes are never reported."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidesk.storage.document import open_document
from kpidesk.storage.tamper import tampered_rows


def _raw(path, *statements):
    with closing(sqlite3.connect(path)) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()


def _found(path):
    with open_document(path) as document, document.reading() as session:
        return [
            (
                t.table,
                t.kind,
                t.row_id,
                t.contract_id,
                t.line_number,
                t.period,
                t.field,
                t.old,
                t.new,
            )
            for t in tampered_rows(session)
        ]


def test_the_demo_firm_as_kpidesk_wrote_it_has_no_finding(demo_path):
    assert _found(demo_path) == []


def test_an_actual_changed_added_and_deleted(demo_path):
    # The demo's actuals 1 and 2 are contract 1's line 1 (通信业务收入) in Jan and Feb 2003:
    # 23 and 24.13 (resources/demo/branch_2003.json).
    _raw(
        demo_path,
        "UPDATE actuals SET value = 99 WHERE id = 1",
        "DELETE FROM actuals WHERE id = 2",
        "INSERT INTO actuals (line_id, period_id, value, source, entered_by, entered_at) "
        "SELECT line_id, (SELECT id FROM periods WHERE code = '2003-12'), 5, '', 'x', "
        "'2003-12-31 00:00:00' FROM actuals WHERE id = 1",
    )
    found = _found(demo_path)
    assert ("actuals", "changed", 1, 1, 1, "2003-01", "value", 23, 99) in found
    assert ("actuals", "deleted", 2, 1, 1, "2003-02", None, 24.13, None) in found
    (added,) = [f for f in found if f[1] == "added"]
    assert added[0] == "actuals" and added[3:6] == (1, 1, "2003-12") and added[8] == 5
    assert len(found) == 3


def test_an_actual_moved_to_another_month(demo_path):
    _raw(
        demo_path,
        "UPDATE actuals SET period_id = (SELECT id FROM periods WHERE code = '2003-12') WHERE id = 3",
    )
    (moved,) = _found(demo_path)
    assert moved[:3] == ("actuals", "changed", 3) and moved[6] == "period_id"


def test_a_deduction_event_changed_added_and_deleted(demo_path):
    # The demo's two events, one each: contract 1's line 11 (重大投诉) in March 2003 and
    # contract 3's line 8 in May 2003.
    _raw(demo_path, "UPDATE deduction_events SET count = 7 WHERE id = 1")
    assert _found(demo_path) == [
        ("deduction_events", "changed", 1, 1, 11, "2003-03", "count", 1, 7)
    ]
    _raw(
        demo_path,
        "UPDATE deduction_events SET count = 1 WHERE id = 1",
        "INSERT INTO deduction_events (line_id, period_id, occurred_on, count, note) "
        "SELECT line_id, period_id, '2003-03-20', 3, 'slipped in' FROM deduction_events "
        "WHERE id = 1",
        "DELETE FROM deduction_events WHERE id = 2",
    )
    found = _found(demo_path)
    assert [f[:3] for f in found] == [
        ("deduction_events", "added", 3),
        ("deduction_events", "deleted", 2),
    ]
    assert found[0][8] == 3 and found[1][7] == 1


def test_official_results_changed_added_and_deleted(demo_path):
    from kpidesk.services import FirmService
    from kpidesk.services.results import ResultsService

    with open_document(demo_path, actor="hr.head") as document:
        ResultsService(document, FirmService(document).policy).make_official("2003-06", "王总经理")
    assert _found(demo_path) == []
    _raw(demo_path, "UPDATE official_results SET snapshot = '[]'")
    (changed,) = _found(demo_path)
    assert changed[:2] == ("official_results", "changed") and changed[6] == "snapshot"
    _raw(
        demo_path,
        "INSERT INTO official_results (period_id, reviewer, made_by, made_at, snapshot, warnings)"
        " SELECT id, 'x', 'x', '2003-08-01 00:00:00', '[]', '[]' FROM periods "
        "WHERE code = '2003-07'",
    )
    kinds = sorted(f[1] for f in _found(demo_path))
    assert kinds == ["added", "changed"]
    _raw(demo_path, "DELETE FROM official_results")
    assert [f[:2] for f in _found(demo_path)] == [("official_results", "deleted")]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.dictionaries(
        st.integers(min_value=1, max_value=270),  # the demo's 270 actuals
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda v: round(v, 3)),
        min_size=1,
        max_size=6,
    )
)
def test_every_raw_edit_of_an_actual_value_is_found(demo_master, tmp_path_factory, edits):
    import shutil

    path = tmp_path_factory.mktemp("tampered") / "firm.kpidesk"
    shutil.copy2(demo_master, path)
    with closing(sqlite3.connect(path)) as db:
        before = dict(db.execute("SELECT id, value FROM actuals").fetchall())
    _raw(path, *(f"UPDATE actuals SET value = {v!r} WHERE id = {i}" for i, v in edits.items()))
    really = {i: v for i, v in edits.items() if v != before[i]}
    found = {f[2]: (f[7], f[8]) for f in _found(path) if f[:2] == ("actuals", "changed")}
    assert found == {i: (before[i], v) for i, v in really.items()}


def test_a_correction_of_official_results_rewritten(demo_path):
    from kpidesk.services import FirmService
    from kpidesk.services.results import ResultsService

    with open_document(demo_path, actor="hr.head") as document:
        results = ResultsService(document, FirmService(document).policy)
        results.make_official("2003-06", "王总经理")
        line_id = FirmService(document).contracts()[0].lines[0].id
        results.correct(line_id, "2003-06", "30", "Late cash receipts counted")
    assert _found(demo_path) == []
    _raw(demo_path, "UPDATE result_corrections SET reason = 'nothing happened'")
    (changed,) = _found(demo_path)
    assert changed[:2] == ("result_corrections", "changed") and changed[6:] == (
        "reason",
        "Late cash receipts counted",
        "nothing happened",
    )
