"""Official results stay as they were made (storage/official_lock.py): an official period's
actuals and deduction events change only with a correction written in the same transaction,
and the review's logs are never rewritten — whatever path the change takes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused, EditService
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.official_lock import ResultsOfficial
from kpidesk.storage.records import ActualRecord, PeriodRecord
from kpidesk.storage.review_records import (
    GradeChangeRecord,
    OfficialResultRecord,
    ResultCorrectionRecord,
)


@pytest.fixture
def firm(demo_path):
    with open_document(demo_path) as document:
        yield FirmService(document)


def make_official(firm: FirmService, code: str) -> None:
    with firm.document.transaction() as session:
        period = session.scalars(select(PeriodRecord).where(PeriodRecord.code == code)).one()
        session.add(
            OfficialResultRecord(
                period_id=period.id,
                reviewer="林志远",
                made_by="hr",
                made_at=datetime(2003, 7, 15, 16, 0),
                snapshot=[],
                warnings=[],
            )
        )


def revenue_line(firm: FirmService) -> int:
    contract = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    return next(l.id for l in contract.lines if l.indicator_code == "REV")


def test_an_official_periods_actual_is_refused_with_who_and_when(firm):
    line = revenue_line(firm)
    before = firm.score(firm.contracts()[0].id, "2003-06").actuals[line]
    make_official(firm, "2003-06")
    with pytest.raises(EditRefused) as refused:
        EditService(firm.document).record_actual(line, "2003-06", 23.0)
    assert str(refused.value) == (
        "The results of Jun 2003 were made official by 林志远 on 2003-07-15 16:00: they change "
        "only through Review › Correct an official result… with a reason."
    )
    assert firm.score(firm.contracts()[0].id, "2003-06").actuals[line] == before
    EditService(firm.document).record_actual(line, "2003-07", 23.0)  # July is still open


def test_an_official_periods_deduction_event_is_refused(firm):
    contract = next(c for c in firm.contracts() if c.position == "营销部门总经理")
    complaints = next(l.id for l in contract.lines if l.deduction)
    make_official(firm, "2003-06")
    with pytest.raises(EditRefused):
        EditService(firm.document).add_deduction_event(complaints, "2003-06", date(2003, 6, 3), 1)


def test_a_correction_in_the_same_transaction_may_change_it_and_keeps_the_old(firm):
    line = revenue_line(firm)
    make_official(firm, "2003-06")
    with firm.document.transaction() as session:
        period = session.scalars(select(PeriodRecord).where(PeriodRecord.code == "2003-06")).one()
        actual = session.scalars(
            select(ActualRecord).where(
                ActualRecord.line_id == line, ActualRecord.period_id == period.id
            )
        ).one()
        old = actual.value
        session.add(
            ResultCorrectionRecord(
                period_id=period.id,
                line_id=line,
                what="actual",
                kind="appeal",
                old=old,
                new=23.0,
                reason="财务重报",
                by="hr",
                at=datetime(2003, 7, 20),
            )
        )
        actual.value = 23.0
    with firm.document.reading() as session:
        assert ContractRepository(session).actuals(firm.contracts()[0].id, "2003-06")[line] == 23.0
        audited = session.scalars(
            select(AuditRecord).where(AuditRecord.entity == "result_corrections")
        ).all()
        assert {(a.field, a.new) for a in audited} >= {("old", old), ("new", 23.0)}


def test_the_review_logs_are_never_rewritten(firm):
    make_official(firm, "2003-06")
    with pytest.raises(ResultsOfficial):
        with firm.document.transaction() as session:
            session.scalars(select(OfficialResultRecord)).one().reviewer = "someone else"
    with firm.document.transaction() as session:
        period_id = session.scalars(
            select(PeriodRecord.id).where(PeriodRecord.code == "2003-Q2")
        ).one()
        session.add(
            GradeChangeRecord(
                period_id=period_id,
                employee_id=1,
                old_grade="competent",
                new_grade="excellent",
                reason="跨部门项目",
                authorised_by="林志远",
                by="hr",
                at=datetime(2003, 7, 20),
            )
        )
    with pytest.raises(ResultsOfficial):
        with firm.document.transaction() as session:
            session.delete(session.scalars(select(GradeChangeRecord)).one())
    with firm.document.reading() as session:
        assert session.scalars(select(OfficialResultRecord.reviewer)).one() == "林志远"
        assert len(session.scalars(select(GradeChangeRecord)).all()) == 1
