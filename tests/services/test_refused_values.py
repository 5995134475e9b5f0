"""Values and edits that must be refused (issue 13): whatever reaches the edit service — from a
cell, a script or a damaged caller — an actual a line cannot hold, an impossible deduction event
or a row that does not exist is refused in words and nothing is written."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused, EditService


@pytest.fixture
def firm(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document), EditService(document)


def lines(firm: FirmService):
    contract = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    revenue = next(l for l in contract.lines if l.indicator_code == "REV")
    complaints = next(l for l in contract.lines if l.deduction)
    clerk = next(c for c in firm.contracts() if c.position == "营业厅营业员")
    graded = next(l for l in clerk.lines if l.indicator_code == "SVCSTD")
    return contract, revenue, complaints, graded


@pytest.mark.parametrize(
    "value, words",
    [
        (math.inf, "inf is not a finite number"),
        (-math.inf, "-inf is not a finite number"),
        (math.nan, "nan is not a finite number"),
        ("a lot", "'a lot' is not a number"),
        ({"x": 1}, "{'x': 1} is not a number"),
        (True, "True is not a number"),
    ],
)
def test_a_numeric_line_refuses_what_is_not_a_finite_number(firm, value, words):
    service, edits = firm
    contract, revenue, _complaints, _graded = lines(service)
    before = service.score(contract.id, "2003-07").actuals
    with pytest.raises(EditRefused) as refused:
        edits.record_actual(revenue.id, "2003-07", value)
    assert str(refused.value) == words
    assert service.score(contract.id, "2003-07").actuals == before


def test_a_level_line_takes_only_its_levels(firm):
    service, edits = firm
    _contract, _revenue, _complaints, graded = lines(service)
    with pytest.raises(EditRefused, match="'极好' is not a level"):
        edits.record_actual(graded.id, "2003-07", "极好")
    with pytest.raises(EditRefused, match="3 is not a level of this scale"):
        edits.record_actual(graded.id, "2003-07", 3)
    edits.record_actual(graded.id, "2003-07", "良好")


def test_a_deduction_line_takes_events_not_an_actual(firm):
    service, edits = firm
    _contract, _revenue, complaints, _graded = lines(service)
    with pytest.raises(EditRefused):
        edits.record_actual(complaints.id, "2003-07", 2)


@pytest.mark.parametrize(
    "count, on, words",
    [
        (0, date(2003, 7, 3), "0 events: a count is a whole number from 1 to 999"),
        (-2, date(2003, 7, 3), "-2 events: a count is a whole number from 1 to 999"),
        (100000, date(2003, 7, 3), "100000 events: a count is a whole number from 1 to 999"),
        (1.5, date(2003, 7, 3), "1.5 events: a count is a whole number from 1 to 999"),
        (
            1,
            date(2004, 2, 1),
            "an event on 2004-02-01 lies outside the contract's validity (2003-01-01 – 2003-12-31)",
        ),
    ],
)
def test_impossible_deduction_events_are_refused(firm, count, on, words):
    service, edits = firm
    contract, _revenue, complaints, _graded = lines(service)
    before = service.deduction_events(contract.id, "2003-07")
    with pytest.raises(EditRefused) as refused:
        edits.add_deduction_event(complaints.id, "2003-07", on, count)
    assert str(refused.value) == words
    assert service.deduction_events(contract.id, "2003-07") == before


def test_events_on_a_line_that_is_no_deduction_item_are_refused(firm):
    service, edits = firm
    _contract, revenue, _complaints, _graded = lines(service)
    with pytest.raises(EditRefused, match="not a deduction item"):
        edits.add_deduction_event(revenue.id, "2003-07", date(2003, 7, 3), 1)


def test_removing_what_does_not_exist_is_refused_in_words(firm):
    _service, edits = firm
    with pytest.raises(EditRefused, match="no deduction event 987654"):
        edits.remove_deduction_event(987654)
    with pytest.raises(EditRefused, match="no contract line 987654"):
        edits.remove_line(987654)


@settings(max_examples=60)
@given(
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).filter(lambda v: not math.isfinite(v)),
        st.text(max_size=12),
        st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
        st.lists(st.integers(), max_size=3),
        st.booleans(),
    )
)
def test_no_hostile_value_reaches_a_numeric_line(demo_master, tmp_path_factory, value):
    import shutil

    path = tmp_path_factory.mktemp("hostile") / "firm.kpidesk"
    shutil.copy2(demo_master, path)
    with open_document(path) as document:
        service, edits = FirmService(document), EditService(document)
        contract, revenue, _complaints, _graded = lines(service)
        with pytest.raises(EditRefused):
            edits.record_actual(revenue.id, "2003-07", value)
        assert revenue.id not in service.score(contract.id, "2003-07").actuals
