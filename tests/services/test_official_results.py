"""Making a period's results official, the lock in words, corrections (issue 12, METHOD.md §9).
Expected figures are the demo's 2003-06 as the scoring panel shows them."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import select

from kpidesk.services import FirmService
from kpidesk.services.editing import EditRefused, EditService
from kpidesk.services.exchange import ExchangeService
from kpidesk.services.importer import ImportRejected
from kpidesk.services.results import ResultsService
from kpidesk.storage.document import open_document
from kpidesk.storage.review_records import OfficialResultRecord, ResultCorrectionRecord


@pytest.fixture
def document(demo_path):
    with open_document(demo_path, actor="hr.head") as document:
        yield document


@pytest.fixture
def results(document):
    return ResultsService(document, FirmService(document).policy)


def _row(official, person):
    (row,) = [r for r in official.rows if r.person == person]
    return row


def _line(row, indicator):
    (line,) = [l for l in row.lines if l.indicator == indicator]
    return line


def test_make_official_keeps_a_snapshot_of_the_period(results):
    results.make_official("2003-06", "王总经理")
    official = results.official("2003-06")
    assert (official.reviewer, official.made_by) == ("王总经理", "hr.head")
    assert len(official.rows) == 5
    clerk = _row(official, "吴佳怡")
    assert (clerk.unit, clerk.position, clerk.employee_class) == (
        "营业厅",
        "营业厅营业员",
        "sales_service",
    )
    assert clerk.total == pytest.approx(84.69, abs=0.005)
    # 84.69 between the 60 (0.60) and 90 (1.00) breakpoints: 0.60 + 24.69 / 30 × 0.40.
    assert clerk.coefficient == pytest.approx(0.9291, abs=0.0001)
    assert clerk.complete
    assert _line(clerk, "营业收入").actual == pytest.approx(269.98)
    assert _line(clerk, "服务规范").actual == "良好"
    assert _line(clerk, "服务规范").points == pytest.approx(8.5)
    hr_head = _row(official, "郑国华")
    assert hr_head.total == pytest.approx(77.48, abs=0.005)


def test_a_period_with_missing_actuals_is_refused_naming_who(results, document):
    with pytest.raises(EditRefused) as refused:
        results.make_official("2003-07", "王总经理")
    words = str(refused.value)
    assert "Jul 2003" in words and "吴佳怡" in words and "营业收入" in words
    with document.reading() as session:
        assert session.scalars(select(OfficialResultRecord)).all() == []


def test_the_reviewer_is_required_and_undo_is_refused(results):
    with pytest.raises(EditRefused, match="reviewer"):
        results.make_official("2003-06", "  ")
    made = results.make_official("2003-06", "王总经理")
    with pytest.raises(EditRefused, match="not taken back"):
        made.undo()
    with pytest.raises(EditRefused, match="official"):
        results.make_official("2003-06", "王总经理")


def _actual(document, line_id, period):
    from kpidesk.storage.records import ActualRecord, PeriodRecord

    with document.reading() as session:
        return session.scalar(
            select(ActualRecord.value)
            .join(PeriodRecord, ActualRecord.period_id == PeriodRecord.id)
            .where(ActualRecord.line_id == line_id, PeriodRecord.code == period)
        )


def _clerk_revenue_line(document):
    firm = FirmService(document)
    (contract,) = [c for c in firm.contracts() if c.contractee == "吴佳怡"]
    (line,) = [l for l in firm.contract(contract.id).lines if l.indicator == "营业收入"]
    return contract.id, line.id


def test_an_official_period_refuses_edits_and_events_with_the_reason(results, document):
    results.make_official("2003-06", "王总经理")
    _contract, line_id = _clerk_revenue_line(document)
    edits = EditService(document)
    with pytest.raises(EditRefused) as refused:
        edits.record_actual(line_id, "2003-06", 300.0)
    words = str(refused.value)
    assert "王总经理" in words and "Correct an official result" in words
    edits.record_actual(line_id, "2003-05", 250.0)  # another period is not locked
    firm = FirmService(document)
    (contract,) = [c for c in firm.contracts() if c.contractee == "吴佳怡"]
    (deduction,) = [l for l in firm.contract(contract.id).lines if l.deduction]
    from datetime import date

    with pytest.raises(EditRefused, match="official"):
        edits.add_deduction_event(deduction.id, "2003-06", date(2003, 6, 3))


def test_an_import_into_an_official_period_is_refused_row_by_row(results, document, tmp_path):
    results.make_official("2003-06", "王总经理")
    workbook = tmp_path / "late.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["position_code", "kpi_code", "period", "actual"])
    firm = FirmService(document)
    (contract,) = [c for c in firm.contracts() if c.contractee == "吴佳怡"]
    line = [l for l in firm.contract(contract.id).lines if l.indicator == "营业收入"][0]
    code = _row(results.official("2003-06"), "吴佳怡").position_code
    sheet.append([code, line.indicator_code, "2003-06", 300])
    book.save(workbook)
    with pytest.raises(ImportRejected) as rejected:
        ExchangeService(document).import_workbook(workbook)
    (problem,) = rejected.value.problems
    assert problem.where.row == 2 and "王总经理" in problem.text("en")
    assert _actual(document, line.id, "2003-06") == pytest.approx(269.98)


def test_a_correction_writes_the_change_and_keeps_the_old_value(results, document):
    results.make_official("2003-06", "王总经理")
    contract_id, line_id = _clerk_revenue_line(document)
    done = results.correct(line_id, "2003-06", "280", "Late cash receipts counted")
    assert _actual(document, line_id, "2003-06") == pytest.approx(280)
    official = results.official("2003-06")
    (correction,) = official.corrections
    assert (correction.old, correction.new, correction.kind) == (
        pytest.approx(269.98),
        280,
        "correction",
    )
    assert correction.by == "hr.head"
    # the snapshot itself is not rewritten
    assert _line(_row(official, "吴佳怡"), "营业收入").actual == pytest.approx(269.98)
    redo = done.undo()
    assert _actual(document, line_id, "2003-06") == pytest.approx(269.98)
    redo.undo().undo()  # redo, then undo again
    assert _actual(document, line_id, "2003-06") == pytest.approx(269.98)
    with document.reading() as session:
        reasons = [
            c.reason
            for c in session.scalars(
                select(ResultCorrectionRecord).order_by(ResultCorrectionRecord.id)
            )
        ]
    # a redo records the reason given again, never "Undo of the correction: Undo of …"
    assert reasons == [
        "Late cash receipts counted",
        "Undo of the correction: Late cash receipts counted",
        "Late cash receipts counted",
        "Undo of the correction: Late cash receipts counted",
    ]


def test_a_correction_needs_a_reason_and_an_official_period(results, document):
    _contract, line_id = _clerk_revenue_line(document)
    with pytest.raises(EditRefused, match="not official"):
        results.correct(line_id, "2003-06", "280", "why")
    results.make_official("2003-06", "王总经理")
    with pytest.raises(EditRefused, match="reason"):
        results.correct(line_id, "2003-06", "280", " ")


def test_an_event_count_is_corrected_and_the_undo_brings_it_back(results, document):
    from datetime import date

    firm = FirmService(document)
    (contract,) = [c for c in firm.contracts() if c.contractee == "吴佳怡"]
    (deduction,) = [l for l in firm.contract(contract.id).lines if l.deduction]
    EditService(document).add_deduction_event(deduction.id, "2003-06", date(2003, 6, 9), 2)
    results.make_official("2003-06", "王总经理")
    done = results.correct(
        deduction.id, "2003-06", "1", "One complaint was withdrawn", kind="appeal"
    )
    assert done.value == (2, 1)
    assert sum(e[3] for e in firm.deduction_events(contract.id, "2003-06")) == 1
    done.undo()
    assert sum(e[3] for e in firm.deduction_events(contract.id, "2003-06")) == 2
    with pytest.raises(EditRefused):
        results.correct(deduction.id, "2003-06", "-1", "negative")


def test_a_quarter_stands_on_its_months_and_the_year_waits_for_july(results, document):
    """§7: Q2 without its own actuals is the mean of April, May and June (each as the
    scoring panel shows it); the year cannot be made official with July to December empty."""
    firm = FirmService(document)
    (contract,) = [c for c in firm.contracts() if c.contractee == "吴佳怡"]
    months = [firm.score(contract.id, m).score.total for m in ("2003-04", "2003-05", "2003-06")]
    assert months[2] == pytest.approx(84.69, abs=0.005)
    results.make_official("2003-Q2", "王总经理")
    clerk = _row(results.official("2003-Q2"), "吴佳怡")
    assert clerk.basis == "months"
    assert clerk.total == pytest.approx(sum(months) / 3)
    with pytest.raises(EditRefused) as refused:
        results.make_official("2003", "王总经理")
    assert "2003-07" in str(refused.value) and "2003-12" in str(refused.value)


def test_an_official_quarter_locks_its_months_everywhere(results, document, tmp_path):
    """Fix round, finding 1: after 2003-Q2 is official, 2003-05's actual is refused by the
    service, the import, the flush check and the scoring panel's lock words; 2003-03 is not."""
    from types import SimpleNamespace

    from kpidesk.core.locks import covering_official
    from kpidesk.services.editing import edit_transaction
    from kpidesk.storage.contract_repo import ContractRepository
    from kpidesk.ui.scoring.scoring_panel import official_lock_of

    results.make_official("2003-Q2", "王总经理")
    _contract, line_id = _clerk_revenue_line(document)
    before = _actual(document, line_id, "2003-05")
    edits = EditService(document)
    with pytest.raises(EditRefused) as refused:
        edits.record_actual(line_id, "2003-05", 300.0)
    assert "王总经理" in str(refused.value)
    # the flush check, below the service: no code path gets round it
    with pytest.raises(EditRefused, match="official"):
        with edit_transaction(document) as session:
            ContractRepository(session).record_actual(line_id, "2003-05", 301.0)
    assert _actual(document, line_id, "2003-05") == pytest.approx(before)
    # the import, row by row
    firm = FirmService(document)
    (contract,) = [c for c in firm.contracts() if c.contractee == "吴佳怡"]
    line = [l for l in firm.contract(contract.id).lines if l.indicator == "营业收入"][0]
    code = _row(results.official("2003-Q2"), "吴佳怡").position_code
    workbook = tmp_path / "may.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["position_code", "kpi_code", "period", "actual"])
    book.active.append([code, line.indicator_code, "2003-05", 300])
    book.save(workbook)
    with pytest.raises(ImportRejected) as rejected:
        ExchangeService(document).import_workbook(workbook)
    (problem,) = rejected.value.problems
    assert problem.where.row == 2 and "王总经理" in problem.text("en")
    assert _actual(document, line_id, "2003-05") == pytest.approx(before)
    # the scoring panel's lock words
    panel_firm = SimpleNamespace(document=document, policy=results.policy)
    assert "王总经理" in official_lock_of(panel_firm, "2003-05")
    assert official_lock_of(panel_firm, "2003-03") is None
    edits.record_actual(line_id, "2003-03", 250.0)  # a month outside the quarter is not locked
    # a year official locks its months, quarters and halves
    assert covering_official("2003-05", {"2003": 0}) == "2003"
    assert covering_official("2003-Q3", {"2003": 0}) == "2003"
    assert covering_official("2003-H2", {"2003": 0}) == "2003"
    assert covering_official("2003-Q2", {"2003-05": 0}) is None  # a month does not lock Q2
    assert covering_official("2004-05", {"2003": 0}) is None


def test_the_official_messages_name_the_period_as_people_read_it(results, document):
    """Fix round, finding 13: 2003年6月 / Jun 2003 in the sentence, never the code 2003-06."""
    made = results.make_official("2003-06", "王总经理")
    with pytest.raises(EditRefused) as kept:
        made.undo()
    _contract, line_id = _clerk_revenue_line(document)
    with pytest.raises(EditRefused) as locked:
        EditService(document).record_actual(line_id, "2003-06", 300.0)
    with pytest.raises(EditRefused) as not_official:
        results.correct(line_id, "2003-05", "280", "why")
    for refused, zh in ((kept, "2003年6月"), (locked, "2003年6月"), (not_official, "2003年5月")):
        (problem,) = refused.value.problems
        assert zh in problem.text("zh_CN") and "2003-0" not in problem.text("zh_CN")
        assert "2003-0" not in problem.text("en")
