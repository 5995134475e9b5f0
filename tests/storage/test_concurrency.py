"""Two people on one server database (issue 13): an edit made on data someone else changed
since the window last read it is refused, naming who and when, and nothing of it is written;
the other's value stays. Undo goes the same way. A .kpidesk file has one writer and no watch."""

from __future__ import annotations

import shutil
import threading
import uuid
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kpidesk.services import FirmService
from kpidesk.services.demo import populate_demo
from kpidesk.services.editing import EditRefused, EditService
from kpidesk.storage.concurrency import Watch, Witness, refusal, when
from kpidesk.storage.document import Document, _sqlite_engine, open_document
from kpidesk.storage.statements import counting_statements

_CLERK = "营业厅营业员"


@pytest.fixture
def firm_url(pg_url):
    """The demo firm on a server database."""
    with open_document(pg_url, actor="kpidesk demo") as document:
        populate_demo(document)
    return pg_url


def setup_draft(edits: EditService, firm: FirmService):
    """A draft contract (a signed one changes only by amendment): the clerk's contract copied
    for the business-hall manager."""
    clerk = next(c for c in firm.contracts() if c.position == _CLERK)
    manager = next(
        p for ps in firm.all_positions().values() for p in ps if p.name == "营业厅经理"
    )
    return firm.contract(edits.new_contract(manager.id, firm.current_year, clerk.id).value)


def _draft_line(edits: EditService, firm: FirmService) -> int:
    return setup_draft(edits, firm).lines[0].id


def _weight(document, line_id: int) -> float:
    return FirmService(document).lines({line_id})[line_id].weight


@pytest.mark.postgres
def test_an_edit_on_a_stale_view_is_refused_naming_who_and_when(firm_url):
    a = open_document(firm_url, actor="张三")
    b = open_document(firm_url, actor="王五")
    try:
        line = _draft_line(EditService(a), FirmService(a))
        b.watch.poll()  # B's window has read the new draft (its poll refreshed it)
        EditService(a).edit_line(line, "weight", 20)
        with pytest.raises(EditRefused) as refused:
            EditService(b).edit_line(line, "weight", 30)
        message = str(refused.value)
        assert message.startswith("张三 changed this line's Weight at ")
        assert "enter your change again" in message
        assert _weight(a, line) == 20 and _weight(b, line) == 20  # A's kept, B's not written
        # Refreshed (the window's poll), B's view is current and the same edit goes through.
        assert [w.who for w in b.watch.poll().witnesses] == ["张三"]
        EditService(b).edit_line(line, "weight", 30)
        assert _weight(a, line) == 30
    finally:
        a.close()
        b.close()


@pytest.mark.postgres
def test_an_undo_on_a_stale_view_is_refused_and_writes_nothing(firm_url):
    a = open_document(firm_url, actor="张三")
    b = open_document(firm_url, actor="王五")
    try:
        line = _draft_line(EditService(b), FirmService(b))
        done = EditService(b).edit_line(line, "weight", 12)  # B's edit, on B's undo stack
        a.watch.poll()
        EditService(a).edit_line(line, "weight", 40)
        with pytest.raises(EditRefused) as refused:
            done.undo()
        assert "张三" in str(refused.value)
        assert _weight(b, line) == 40
    finally:
        a.close()
        b.close()


@pytest.mark.postgres
def test_own_edits_and_other_rows_are_not_refused(firm_url):
    a = open_document(firm_url, actor="张三")
    b = open_document(firm_url, actor="王五")
    try:
        firm = FirmService(a)
        line = _draft_line(EditService(a), firm)
        contract = next(c for c in firm.contracts() if c.status == "draft")
        second = firm.contract(contract.id).lines[1].id
        b.watch.poll()
        EditService(a).edit_line(line, "weight", 21)
        EditService(a).edit_line(line, "weight", 22)  # A's own rows never stop A
        EditService(b).edit_line(second, "weight", 7)  # another line: B is not stale there
        assert _weight(a, line) == 22 and _weight(a, second) == 7
        # An actual A typed is a row B's stale view cannot overwrite either.
        EditService(a).record_actual(line, "2003-07", 95)
        with pytest.raises(EditRefused) as refused:
            EditService(b).record_actual(line, "2003-07", 80)
        assert str(refused.value).startswith("张三 changed this actual at ")
    finally:
        a.close()
        b.close()


@pytest.mark.postgres
def test_the_poll_names_others_and_not_oneself(firm_url):
    a = open_document(firm_url, actor="张三")
    b = open_document(firm_url, actor="王五")
    try:
        line = _draft_line(EditService(a), FirmService(a))
        assert a.watch.poll() is None  # only A's own rows since
        seen_by_b = b.watch.poll()
        assert [w.who for w in seen_by_b.witnesses] == ["张三"]
        assert not seen_by_b.contested  # B has written nothing: no undo history to spoil
        assert b.watch.poll() is None  # nothing new since
        EditService(b).edit_line(line, "weight", 9)
        assert b.watch.poll() is None
        seen_by_a = a.watch.poll()
        assert [w.who for w in seen_by_a.witnesses] == ["王五"]
        assert seen_by_a.contested  # A wrote that line: A's undo would put its value back
    finally:
        a.close()
        b.close()


@pytest.mark.postgres
def test_a_stale_check_costs_one_statement_per_edit(firm_url):
    with open_document(firm_url, actor="张三") as a:
        line = _draft_line(EditService(a), FirmService(a))
        with counting_statements(a) as counted:
            EditService(a).edit_line(line, "weight", 20)
        checks = [s for s in counted.statements if "audit_log AS audit_log_1" in s]
        print(f"weight edit on PostgreSQL: {counted.count} statements, {len(checks)} stale check")
        assert len(checks) == 1


def test_a_kpidesk_file_is_not_watched_and_its_edits_cost_nothing_more(demo_path):
    with open_document(demo_path) as document:
        assert document.watch is None
        line = _draft_line(EditService(document), FirmService(document))
        with counting_statements(document) as counted:
            EditService(document).edit_line(line, "weight", 20)
        assert not [s for s in counted.statements if "audit_log AS audit_log_1" in s]


def test_the_refusal_reads_as_a_manager_would_in_both_languages():
    witness = Witness("王五", datetime(2026, 12, 2, 10, 32), "contract_lines", "weight")
    assert refusal(witness, date(2026, 12, 2)).text("zh_CN") == (
        "王五 于 10:32 修改了这条合同指标的权重；您看到的是旧数据，已为您刷新，请重新输入。"
    )
    assert refusal(witness, date(2026, 12, 2)).text("en") == (
        "王五 changed this line's Weight at 10:32; you were looking at older data. "
        "The window has been refreshed: enter your change again."
    )
    assert when(datetime(2026, 12, 1, 9, 5), date(2026, 12, 2)) == "2026-12-01 09:05"


# Any interleaving of two people's edits and refreshes: an edit goes in exactly when the other
# has not changed that line since its author last refreshed (or it changes nothing), and what is
# stored is always the last edit that went in. Two documents on one SQLite file, each given the
# watch a server document has: the witness is the same SQL on either engine (the PostgreSQL
# cases above run it on the server), and a file is copied in a millisecond.
_STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("edit"), st.sampled_from("AB"), st.integers(0, 1), st.sampled_from([5, 10, 15, 20])
        ),
        st.tuples(st.just("refresh"), st.sampled_from("AB")),
    ),
    min_size=3,
    max_size=16,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_STEPS)
def test_any_interleaving_of_two_people_keeps_every_accepted_edit(demo_master, tmp_path, steps):
    path = tmp_path / f"firm-{uuid.uuid4().hex}.kpidesk"
    shutil.copy2(demo_master, path)
    with open_document(path, actor="kpidesk demo") as setup:
        lines = [
            line.id
            for line in setup_draft(EditService(setup), FirmService(setup)).lines[:3]
        ]
        stored = {line: _weight(setup, line) for line in lines}
    people = {}
    for name in "AB":
        document = Document(_sqlite_engine(path), actor=name)
        document.watch = Watch(document.engine)
        people[name] = document
    changed_since = {name: set() for name in "AB"}  # lines the other changed since my refresh
    try:
        for step in steps:
            if step[0] == "refresh":
                people[step[1]].watch.poll()
                changed_since[step[1]].clear()
                continue
            _edit, who, index, value = step
            line, other = lines[index], "B" if who == "A" else "A"
            noop = stored[line] == value
            try:
                EditService(people[who]).edit_line(line, "weight", value)
                accepted = True
            except EditRefused as refused:
                accepted = False
                event("an edit refused as stale")
                assert str(refused).startswith(f"{other} changed this line's Weight at ")
            assert accepted == (noop or line not in changed_since[who]), step
            if accepted and not noop:
                stored[line] = value
                changed_since[other].add(line)
            assert _weight(people["A"], line) == stored[line]
    finally:
        for document in people.values():
            document.engine.dispose()


@pytest.mark.postgres
def test_two_writers_at_once_leave_an_audit_chain_that_holds(firm_url):
    """A's transaction has written its audit row and not committed when B's edit starts: B
    waits for its turn (else B's rows would be linked first and A's never, or both from the
    same row, and `kpidesk check` would report a log nobody tampered with)."""
    from kpidesk.storage.audit_chain import verify
    from kpidesk.storage.contract_repo import ContractRepository

    a = open_document(firm_url, actor="张三")
    b = open_document(firm_url, actor="王五")
    try:
        draft = setup_draft(EditService(a), FirmService(a))
        first, second = draft.lines[0].id, draft.lines[1].id
        b.watch.poll()
        done = []
        with a.transaction() as session:
            ContractRepository(session).edit_line(first, "weight", 20)
            session.flush()  # A's audit row is written, A's transaction still open
            writer = threading.Thread(
                target=lambda: done.append(EditService(b).edit_line(second, "weight", 7))
            )
            writer.start()
            writer.join(timeout=1.0)  # B is waiting for its turn (without one, B is done now)
            assert not done
        writer.join(timeout=30)
        assert done
        with a.reading() as session:
            assert verify(session) is None
        assert _weight(a, first) == 20 and _weight(a, second) == 7
    finally:
        a.close()
        b.close()
