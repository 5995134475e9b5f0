"""CalibrationService on the demo firm (2003-Q2: five signed contracts, actuals Jan–Jun).
Expected totals come from the demo's seeded actuals (the scoring panel shows the same)."""

from datetime import datetime

import pytest
from sqlalchemy import select

from kpidesk.services import FirmService, open_document
from kpidesk.services.calibration import CalibrationService, Population
from kpidesk.services.editing import EditRefused
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.official_lock import ResultsOfficial
from kpidesk.storage.records import PeriodRecord
from kpidesk.storage.review_records import GradeChangeRecord, OfficialResultRecord


@pytest.fixture
def demo(demo_path):
    with open_document(demo_path) as document:
        yield document, CalibrationService(document, FirmService(document).policy)


def names_and_grades(calibration):
    return [(p.name, p.grade) for p in calibration.people]


def test_a_quarter_without_its_own_actuals_is_the_mean_of_its_months(demo):
    _document, service = demo
    calibration = service.calibration("2003-Q2")
    assert [p.name for p in calibration.people] == [
        "周明杰",
        "吴佳怡",
        "郑国华",
        "刘思源",
        "陈晓梅",
    ]
    june = {p.name: p.score for p in service.calibration("2003-06").people}
    assert june["刘思源"] == pytest.approx(85.94, abs=0.01)
    assert not any(p.estimate for p in calibration.people)  # April–June all complete
    assert all(p.estimate for p in service.calibration("2003").people)  # July on: empty
    # five people, quotas 5/20/55/18/2 %: cut-offs at round(.25×5)=1, round(.8×5)=4
    assert [p.proposed for p in calibration.people] == [
        "excellent",
        "competent",
        "competent",
        "competent",
        "basically_competent",
    ]
    assert not calibration.started and calibration.locked is None


def test_populations(demo):
    _document, service = demo
    sales = service.calibration("2003-Q2", Population("class", "sales_service"))
    assert [p.name for p in sales.people] == ["吴佳怡"]
    everyone = service.calibration("2003-Q2").people
    hr_unit = next(p for p in everyone if p.name == "郑国华")
    units = FirmService(_document).units()
    hr = next(u for u in units if u.name == hr_unit.unit)
    assert {p.name for p in service.calibration("2003-Q2", Population("unit", hr.id)).people} == {
        "郑国华",
        "刘思源",
    }


def test_start_change_undo_redo_keep_an_append_only_log_and_audit(demo):
    document, service = demo
    started = service.start("2003-Q2")
    assert started.value == 5
    after = service.calibration("2003-Q2")
    assert after.started and all(p.grade == p.proposed for p in after.people)
    chen = next(p for p in after.people if p.name == "陈晓梅")
    with pytest.raises(EditRefused):
        service.change_grade("2003-Q2", chen.employee_id, "competent", "  ", "总经理")
    with pytest.raises(EditRefused):
        service.change_grade("2003-Q2", chen.employee_id, "competent", "回款补录", "")
    changed = service.change_grade("2003-Q2", chen.employee_id, "competent", "回款补录", "总经理")
    now = service.calibration("2003-Q2").person(chen.employee_id)
    assert now.grade == "competent" and now.proposed == "basically_competent" and now.changed
    assert now.performance == "mid"
    back = changed.undo()
    assert service.calibration("2003-Q2").person(chen.employee_id).grade == "basically_competent"
    back.undo()  # redo
    log = service.changes("2003-Q2")
    assert [(c.old_grade, c.new_grade, c.reason) for c in log] == [
        ("basically_competent", "competent", "回款补录"),
        ("competent", "basically_competent", "Undo of: 回款补录"),
        # the redo records the reason given, not an undo of the undo (fix round, finding 6)
        ("basically_competent", "competent", "回款补录"),
    ]
    assert all(c.authorised_by == "总经理" for c in log)
    with document.reading() as session:
        audited = session.scalars(
            select(AuditRecord.new).where(
                AuditRecord.entity == "calibration_grades", AuditRecord.field == "grade"
            )
        ).all()
        assert "competent" in audited and "basically_competent" in audited
        # the log cannot be rewritten
    with pytest.raises(ResultsOfficial), document.transaction() as session:
        session.scalars(select(GradeChangeRecord)).first().reason = "nothing happened"
    assert service.changes("2003-Q2")[0].reason == "回款补录"
    # undoing the start removes the stored grades
    started.undo()
    assert not service.calibration("2003-Q2").started


def test_potential_and_the_lock_after_official_results(demo):
    document, service = demo
    service.start("2003-Q2")
    first = service.calibration("2003-Q2").people[0]
    set_ = service.set_potential("2003-Q2", first.employee_id, "high")
    assert service.calibration("2003-Q2").person(first.employee_id).potential == "high"
    set_.undo()
    assert service.calibration("2003-Q2").person(first.employee_id).potential is None
    with document.transaction() as session:
        period_id = session.scalar(select(PeriodRecord.id).where(PeriodRecord.code == "2003-Q2"))
        session.add(
            OfficialResultRecord(
                period_id=period_id,
                reviewer="林志远",
                made_by="hr",
                made_at=datetime(2003, 7, 15, 16, 0),
                snapshot=[],
                warnings=[],
            )
        )
    locked = service.calibration("2003-Q2")
    assert "林志远" in locked.locked.text("en") and "2003-07-15" in locked.locked.text("en")
    with pytest.raises(EditRefused) as refused:
        service.change_grade("2003-Q2", first.employee_id, "outstanding", "r", "a")
    assert "locked" in str(refused.value.problems[0].text("en"))
    with pytest.raises(EditRefused):
        service.set_potential("2003-Q2", first.employee_id, "low")
    assert service.calibration("2003-Q2").person(first.employee_id).grade == first.grade
