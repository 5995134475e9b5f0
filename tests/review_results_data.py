"""A held meeting of the demo's June 2003, written through the records (the meeting helper
writes these rows in the app), and the period made official by it: for the minutes, the
export and the CLI tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from kpidesk.services import FirmService
from kpidesk.services.results import ResultsService
from kpidesk.storage.records import PeriodRecord
from kpidesk.storage.review_records import (
    ActionItemRecord,
    AttendanceRecord,
    MeetingItemRecord,
    MeetingRecord,
)


def held_meeting(document) -> int:
    """The meeting's id: three items (the first with an action item and its own attendance),
    three attendees of whom one absent, a meeting-wide action item."""
    contracts = {c.contractee: c for c in FirmService(document).contracts()}
    with document.transaction() as session:
        period = session.scalar(select(PeriodRecord.id).where(PeriodRecord.code == "2003-06"))
        meeting = MeetingRecord(
            kind="M", held_on=date(2003, 7, 15), period_id=period, place="三楼会议室", status="held"
        )
        session.add(meeting)
        session.flush()
        items = []
        for sort, (person, decision) in enumerate(
            (("周明杰", "营销成本下月复核"), ("陈晓梅", "维持评分"), ("吴佳怡", "表扬服务规范"))
        ):
            item = MeetingItemRecord(
                meeting_id=meeting.id,
                sort=sort,
                contract_id=contracts[person].id,
                decision=decision,
                discussed=True,
            )
            session.add(item)
            session.flush()
            items.append(item)
        session.add_all(
            [
                AttendanceRecord(meeting_id=meeting.id, name="王总经理", role="主持人"),
                AttendanceRecord(meeting_id=meeting.id, name="李文", role="记录人"),
                AttendanceRecord(
                    meeting_id=meeting.id, name="赵财务", role="财务部", present=False
                ),
                AttendanceRecord(
                    meeting_id=meeting.id, item_id=items[0].id, name="周明杰", role="被考核人"
                ),
                ActionItemRecord(
                    meeting_id=meeting.id,
                    item_id=items[0].id,
                    what="核实营销成本数据",
                    owner="周明杰",
                    due=date(2003, 8, 8),
                ),
                ActionItemRecord(
                    meeting_id=meeting.id, what="下月8日前收齐数据", owner="人力资源部"
                ),
            ]
        )
        return meeting.id


def official_june(document) -> int:
    meeting = held_meeting(document)
    ResultsService(document, FirmService(document).policy).make_official(
        "2003-06", "王总经理", meeting
    )
    return meeting
