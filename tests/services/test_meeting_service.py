"""The meeting's operations on the demo firm: each one changes the document, is audited, and
its undo restores what was there (its undo's result redoes it)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kpidesk.services import open_document
from kpidesk.services.editing import EditRefused
from kpidesk.services.firm import FirmService
from kpidesk.services.meetings import MEETING_SOURCE, MeetingService
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.records import ActualRecord, PeriodRecord
from kpidesk.storage.review_records import ActionItemRecord, MeetingItemRecord

# The demo: 2003, five signed contracts in the organisation's order (seed, services/demo.py).
DEMO_ORDER = ["营销部门总经理", "公众客户部经理", "营业厅营业员", "人力资源部总监", "员工发展和绩效管理"]


@pytest.fixture
def service(demo_path):
    with open_document(demo_path) as document:
        yield MeetingService(FirmService(document))


def _meeting(service, period: str, kind: str = "M"):
    return next(m for m in service.meetings(2003) if m.period == period and m.kind == kind)


def _audited(service, entity: str) -> list[tuple[str, int | None]]:
    with service.document.reading() as session:
        return [
            (r.action, r.entity_id)
            for r in session.scalars(select(AuditRecord).where(AuditRecord.entity == entity))
        ]


def test_the_calendar_is_made_once_and_undone(service):
    made = service.make_calendar(2003)
    meetings = service.meetings(2003)
    assert len(meetings) == 17
    june = _meeting(service, "2003-06")
    assert (june.held_on, june.status) == (date(2003, 7, 15), "planned")
    again = service.make_calendar(2003)  # what is planned already is kept
    assert again.value == [] and len(service.meetings(2003)) == 17
    assert ("insert", june.id) in _audited(service, "review_meetings")
    redo = made.undo()
    assert service.meetings(2003) == []
    redo.undo()
    assert [m.id for m in service.meetings(2003)] == [m.id for m in meetings]


def test_a_meeting_edited_and_undone(service):
    service.make_calendar(2003)
    june = _meeting(service, "2003-06")
    done = service.edit_meeting(june.id, held_on=date(2003, 7, 16), place="三楼会议室")
    assert (service.meeting(june.id).held_on, service.meeting(june.id).place) == (
        date(2003, 7, 16),
        "三楼会议室",
    )
    done.undo()
    assert (service.meeting(june.id).held_on, service.meeting(june.id).place) == (
        date(2003, 7, 15),
        "",
    )
    with pytest.raises(EditRefused):
        service.edit_meeting(june.id, kind="weekly")


def test_the_agenda_prepared_reordered_and_undone(service):
    service.make_calendar(2003)
    june = _meeting(service, "2003-06")
    prepared = service.prepare(june.id)
    assert prepared.value == 5
    agenda = service.agenda(june.id)
    # June: every line delivered, no total near 60 or 90 (84.2, …): the tree's order stays.
    assert [p.position for p in agenda] == DEMO_ORDER
    assert all(p.item.minutes == 5 for p in agenda)
    with pytest.raises(EditRefused):  # prepared once: the notes would go
        service.prepare(june.id)
    last = agenda[-1].item.id
    moved = service.move_item(last, -1)
    assert [p.item.id for p in service.agenda(june.id)][3] == last
    moved.undo()
    assert [p.item.id for p in service.agenda(june.id)][4] == last
    redo = prepared.undo()
    assert service.agenda(june.id) == []
    redo.undo()
    assert len(service.agenda(june.id)) == 5


def test_july_with_no_data_puts_missing_first(service):
    service.make_calendar(2003)
    july = _meeting(service, "2003-07")
    service.prepare(july.id)
    agenda = service.agenda(july.id)
    assert all("missing" in p.item.reasons for p in agenda)


def test_item_fields_actions_attendance_and_undo(service):
    service.make_calendar(2003)
    june = _meeting(service, "2003-06")
    service.prepare(june.id)
    item = service.agenda(june.id)[0].item
    said = service.set_item(item.id, notes="收入下降", decision="维持目标", discussed=True)
    got = service.item(item.id)
    assert (got.notes, got.decision, got.discussed) == ("收入下降", "维持目标", True)
    assert ("update", item.id) in _audited(service, "meeting_items")
    said.undo()
    got = service.item(item.id)
    assert (got.notes, got.decision, got.discussed) == ("", "", False)
    with pytest.raises(EditRefused):
        service.set_item(item.id, minutes=0)

    added = service.add_action(item.id, "催收两笔大额欠款", "周明杰", date(2003, 7, 31))
    (action,) = service.actions(item.id)
    assert (action.what, action.owner, action.due) == ("催收两笔大额欠款", "周明杰", date(2003, 7, 31))
    redo = added.undo()
    assert service.actions(item.id) == []
    redo.undo()
    assert service.actions(item.id)[0].id == action.id  # put back with its id
    with pytest.raises(EditRefused):
        service.add_action(item.id, "   ")

    present = service.add_attendee(june.id, None, "郑国华", "主持")
    absent = service.set_present(present.value, False)
    assert service.attendance(june.id)[0].present is False
    absent.undo()
    assert service.attendance(june.id)[0].present is True


def test_open_actions_are_listed_at_the_next_meeting_until_done(service):
    service.make_calendar(2003)
    may, june = _meeting(service, "2003-05"), _meeting(service, "2003-06")
    service.prepare(may.id)
    item = service.agenda(may.id)[0].item
    action_id = service.add_action(item.id, "复核营销成本", "陈晓梅").value
    assert [a.id for a in service.open_actions(june.id)] == [action_id]
    assert service.open_actions(may.id) == []  # not "earlier" at its own meeting
    done = service.set_action_done(action_id, june.held_on, june.id)
    assert service.open_actions(june.id) == []
    done.undo()
    assert [a.id for a in service.open_actions(june.id)] == [action_id]
    with service.document.reading() as session:
        assert session.get(ActionItemRecord, action_id).done_on is None


def q2_actual(line_id: int):
    return (
        select(ActualRecord)
        .join(PeriodRecord)
        .where(ActualRecord.line_id == line_id, PeriodRecord.code == "2003-Q2")
    )


def test_a_committee_rating_is_the_lines_actual_and_undone(service):
    service.make_calendar(2003)
    q2 = _meeting(service, "2003-Q2", "R")
    service.prepare(q2.id)
    contract = service.firm.contract(service.agenda(q2.id)[4].item.contract_id)
    (line,) = [l for l in contract.lines if l.rule.get("rater") == "committee"]
    label = line.rule["levels"][0]["label"]
    rated = service.rate_line(line.id, "2003-Q2", label)
    with service.document.reading() as session:
        (actual,) = session.scalars(q2_actual(line.id))
        assert (actual.value_text, actual.source) == (label, MEETING_SOURCE)
    rated.undo()
    with service.document.reading() as session:
        assert list(session.scalars(q2_actual(line.id))) == []


def test_the_item_view_reads_one_contract(service):
    service.make_calendar(2003)
    june = _meeting(service, "2003-06")
    service.prepare(june.id)
    view = service.item_view(service.agenda(june.id)[0].item.id)
    # 营销部门总经理, June 2003 (the seed): 84.2 against May's 93.7; no 2002 contract.
    assert round(view.total, 1) == 84.2
    assert round(view.previous_total, 1) == 93.7
    assert view.year_ago_total is None
    assert [p.period for p in view.trend][:3] == ["2003-01", "2003-02", "2003-03"]
    assert view.aggregate is None  # a monthly meeting shows no §7 aggregate


def test_the_end_and_the_self_report(service):
    service.make_calendar(2003)
    q2 = _meeting(service, "2003-Q2", "R")
    service.prepare(q2.id)
    entry = service.agenda(q2.id)[0]
    service.record_self_report(entry.employee_id, "2003", date(2003, 7, 10), "完成收入目标")
    view = service.item_view(entry.item.id)
    assert view.self_report == (date(2003, 7, 10), "完成收入目标")
    assert view.aggregate is not None  # the quarter from its months (§7)
    ended = service.end(q2.id)
    assert service.meeting(q2.id).status == "held"
    ended.undo()
    assert service.meeting(q2.id).status == "planned"
    with service.document.reading() as session:
        assert session.scalar(select(MeetingItemRecord.id).limit(1)) is not None


def test_a_quarter_without_its_own_actuals_counts_its_months(service):
    """Q2 2003 in the demo: monthly actuals April–June, none typed for the quarter itself; the
    quarter's agenda does not call that missing (§7: the quarter from its months). The HR-EDP
    contract's committee-rated line is still to be rated, which is not missing either."""
    service.make_calendar(2003)
    q2 = _meeting(service, "2003-Q2", "R")
    service.prepare(q2.id)
    agenda = service.agenda(q2.id)
    assert len(agenda) == 5
    assert all("missing" not in p.item.reasons for p in agenda)


def test_the_quarters_item_view_stands_on_its_complete_months(service):
    """Q2 2003, 刘思源 (员工发展和绩效管理): no table of the quarter's own, April–June complete.
    The projector shows the months' result, not every line missing (review finding 4)."""
    service.make_calendar(2003)
    q2 = _meeting(service, "2003-Q2", "R")
    service.prepare(q2.id)
    entry = next(p for p in service.agenda(q2.id) if p.person == "刘思源")
    view = service.item_view(entry.item.id)
    # The seed's month totals for 刘思源 (June 85.9, as the June meeting shows): their mean.
    june = service.item_view(
        next(p for p in service.agenda(_prepared(service, "2003-06")) if p.person == "刘思源").item.id
    )
    assert round(june.total, 1) == 85.9
    assert view.total is not None and view.built_total == view.aggregate
    months = {p.period: p.total for p in june.trend}  # April 77.7, May 82.1, June 85.9
    assert round(months["2003-05"], 1) == 82.1
    quarter = (months["2003-04"] + months["2003-05"] + months["2003-06"]) / 3
    assert round(view.total, 6) == round(quarter, 6) and round(view.total, 1) == 81.9
    states = {r.state.name for r in view.readiness.values()}
    assert "MISSING" not in states  # the committee-rated line is still to be rated
    assert "TO_RATE" in states
    assert round(sum(view.month_points.values()), 1) == round(view.total, 1)


def _prepared(service, period: str) -> int:
    meeting = _meeting(service, period)
    if not service.agenda(meeting.id):
        service.prepare(meeting.id)
    return meeting.id
