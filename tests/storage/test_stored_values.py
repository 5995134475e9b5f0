"""Stored values of the wrong type (issue 13): one pass finds every one of them, and
``kpidesk check`` reports them all instead of stopping on the first with a traceback."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kpidesk.core.problems import KpideskError
from kpidesk.services import FirmService, open_document
from kpidesk.services.stored_values import stored_value_findings
from kpidesk.storage.stored_values import AUDITED, wrong_value_problem, wrong_values
from tests.wrong_types_data import CORRUPTIONS, corrupt


def _found(path) -> list[str]:
    with open_document(path) as document, document.reading() as session:
        return [wrong_value_problem(v).text("en") for v in wrong_values(session)]


def test_the_demo_firm_holds_no_value_of_the_wrong_type(demo_path):
    assert _found(demo_path) == []


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_each_kind_of_wrong_value_is_found_by_its_row_and_column(demo_path, name):
    statement, expected = CORRUPTIONS[name]
    corrupt(demo_path, statement)
    assert _found(demo_path) == [expected]


def test_every_wrong_value_is_found_in_one_pass_and_check_reports_them_all(demo_path):
    corrupt(demo_path, *(statement for statement, _ in CORRUPTIONS.values()))
    expected = {message for _, message in CORRUPTIONS.values()}
    assert set(_found(demo_path)) == expected
    with open_document(demo_path) as document:
        findings = stored_value_findings(document)
        assert {f.text("en")[1] for f in findings} == expected
        assert {f.severity for f in findings} == {"error"}
        # the weight on line 2 of contract 1 is named by its contract and line
        weight = next(f for f in findings if "weight" in f.message)
        assert weight.text("en")[0] == "contract 1, line id 2"
        report = FirmService(document).check()
    assert expected <= {f.text("en")[1] for f in report.findings}
    assert report.errors


def test_finding_a_wrong_value_costs_one_query_per_audited_table(demo_path):
    corrupt(demo_path, CORRUPTIONS["text weight"][0])
    with open_document(demo_path) as document, document.reading() as session:
        statements = []
        from sqlalchemy import event

        engine = session.get_bind()
        listen = lambda *args: statements.append(args[2])
        event.listen(engine, "before_cursor_execute", listen)
        try:
            wrong_values(session)
        finally:
            event.remove(engine, "before_cursor_execute", listen)
    # one per table, plus one telling the lines' contracts
    assert len(statements) == len(AUDITED) + 1


GARBAGE = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),  # SQLite stores a NaN as NULL: the NOT NULL columns refuse it
    st.binary(max_size=8),
    st.sampled_from(["{", "[]", "null", "2003-02-30", "inf", '{"kind": "magic"}', "true"]),
)
COLUMNS = [(table, column.name) for table, columns in AUDITED.items() for column in columns]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# what earlier runs found: a day the month lacks (SQLite's date() takes it as written), year 0,
# bytes that are no UTF-8, an empty JSON text
@example(writes=[(("contracts", "valid_from"), 1, "0001-02-30")])
@example(writes=[(("actuals", "entered_at"), 1, "2003-02-30 10:00:00")])
@example(writes=[(("contracts", "valid_from"), 1, "0000-01-01")])
@example(writes=[(("actuals", "value_text"), 1, b"\x80")])
@example(writes=[(("actuals", "value_text"), 1, "")])
@given(
    st.lists(
        st.tuples(st.sampled_from(COLUMNS), st.integers(min_value=1, max_value=4), GARBAGE),
        min_size=1,
        max_size=4,
    )
)
def test_check_never_raises_whatever_is_written_into_the_audited_columns(
    demo_master, tmp_path, writes
):
    path = tmp_path / "garbage.kpidesk"
    shutil.copy2(demo_master, path)
    connection = sqlite3.connect(path)
    try:
        for (table, column), row, value in writes:
            with contextlib.suppress(sqlite3.IntegrityError):  # NULL into NOT NULL: refused
                connection.execute(f'UPDATE {table} SET "{column}" = ? WHERE id = ?', (value, row))
        connection.commit()
    finally:
        connection.close()
    with open_document(path) as document:
        firm = FirmService(document)
        report = firm.check()
        try:  # info reads every contract: it works, or says in words which value stops it
            firm.info()
        except KpideskError as exc:
            assert "'kpidesk check' lists every one" in str(exc)
    assert all(f.where and f.message for f in report.findings)


def test_the_queries_run_on_either_database(new_document):
    """PostgreSQL's column types refuse most wrong values; what they let through (an infinite
    float, a count out of range, a rule that is JSON but no object) is still asked there."""
    with new_document.reading() as session:
        assert wrong_values(session) == []
    assert stored_value_findings(new_document) == []
