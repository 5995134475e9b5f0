"""The review meetings as operations (METHOD.md §1, §9): the year's calendar made from the
settings, a meeting edited, its agenda prepared and reordered, and everything said in it —
notes, decision, discussed, time spent, action items, attendance, committee ratings, the self
report, the end. Each call is one transaction returning an ``OpResult`` whose undo is another
call here (whose own result carries the redo); storage audits every row at flush."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kpidesk.core import meetings as calendar
from kpidesk.core.agenda import Candidate, build_agenda
from kpidesk.core.changes import Changes, OpResult
from kpidesk.core.locks import actual_refusal
from kpidesk.core.periods import Period
from kpidesk.core.policy import FirmPolicy
from kpidesk.core.problems import Problem
from kpidesk.core.readiness import LineReadiness, LineState, line_readiness, previous_period
from kpidesk.core.rule_kinds import is_deduction
from kpidesk.i18n import N_
from kpidesk.services.editing import EditRefused, edit_transaction
from kpidesk.services.firm import FirmService, PeriodScore, TrendPoint
from kpidesk.services.period import PeriodService
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.document import Document
from kpidesk.storage.meeting_repo import (
    ActionRow,
    AttendanceRow,
    ItemRow,
    MeetingRepository,
    MeetingRow,
)
from kpidesk.storage.review_records import (
    ActionItemRecord,
    AttendanceRecord,
    MeetingItemRecord,
    MeetingRecord,
    SelfReportRecord,
)
from kpidesk.storage.firm_repo import FirmRepository

__all__ = ["ActionRow", "AttendanceRow", "ItemRow", "MeetingRow", "MeetingService"]

REVIEW = Changes(review=True)
MEETING_SOURCE = "考评会"  # an actual the committee gave in the meeting (the actual's source)
ITEM_FIELDS = ("notes", "decision", "discussed", "minutes", "seconds_spent")


@dataclass(frozen=True)
class PreparedItem:
    """An agenda item with where it sits in the firm, for the agenda list."""

    item: ItemRow
    unit: str
    position: str
    person: str | None
    employee_id: int | None


class MeetingService:
    def __init__(self, firm: FirmService):
        self.firm = firm
        self.document: Document = firm.document

    def _policy(self) -> FirmPolicy:
        return self.firm.policy  # as it stands now: the settings may change between calls

    @contextmanager
    def _edit(self):
        with edit_transaction(self.document) as session:
            yield MeetingRepository(session)

    # reads ----------------------------------------------------------------------------------
    def meetings(self, year: int) -> list[MeetingRow]:
        with self.document.reading() as session:
            return MeetingRepository(session).meetings(year)

    def meeting(self, meeting_id: int) -> MeetingRow:
        with self.document.reading() as session:
            return MeetingRepository(session).meeting(meeting_id)

    def next_meeting(self, year: int, today: date) -> MeetingRow | None:
        return calendar.next_planned(self.meetings(year), today)

    def agenda(self, meeting_id: int) -> list[PreparedItem]:
        """The meeting's items in their order, each named by unit, position and person (the
        names read once for the whole period, not item by item)."""
        with self.document.reading() as session:
            repo = MeetingRepository(session)
            items = repo.items(meeting_id)
            meeting = repo.meeting(meeting_id)
        rows = {}
        if meeting.period:
            from kpidesk.storage.period_repo import PeriodRepository

            with self.document.reading() as session:
                rows = {r.id: r for r in PeriodRepository(session).contracts(
                    Period.parse(meeting.period).year)}  # fmt: skip
        out = []
        for item in items:
            row = rows.get(item.contract_id) if item.contract_id else None
            out.append(
                PreparedItem(
                    item,
                    row.unit if row else "",
                    row.position if row else "",
                    row.person if row else None,
                    row.employee_id if row else None,
                )
            )
        return out

    def items(self, meeting_id: int) -> list[ItemRow]:
        """Just the items' own rows (after an edit: the names are known already)."""
        with self.document.reading() as session:
            return MeetingRepository(session).items(meeting_id)

    def item(self, item_id: int) -> ItemRow:
        with self.document.reading() as session:
            return MeetingRepository(session).item(item_id)

    def actions(self, item_id: int) -> list[ActionRow]:
        with self.document.reading() as session:
            return MeetingRepository(session).actions(item_id)

    def open_actions(self, meeting_id: int) -> list[ActionRow]:
        with self.document.reading() as session:
            return MeetingRepository(session).open_actions_before(meeting_id)

    def attendance(self, meeting_id: int) -> list[AttendanceRow]:
        with self.document.reading() as session:
            return MeetingRepository(session).attendance(meeting_id)

    def self_report(self, employee_id: int, period: str) -> tuple[date, str] | None:
        with self.document.reading() as session:
            found = MeetingRepository(session).self_report(employee_id, period)
            return (found.filed_on, found.text) if found is not None else None

    # the calendar ---------------------------------------------------------------------------
    def make_calendar(self, year: int) -> OpResult:
        """The year's meetings from the settings (``review.meeting_day``); meetings already
        planned for a period and kind are kept as they are (edited dates stay)."""
        planned = calendar.year_calendar(year, self._policy().review.meeting_day)
        with self._edit() as repo:
            have = {(m.kind, m.period) for m in repo.meetings(year)}
            ids = repo.period_ids([p.period for p in planned])
            missing = [p for p in planned if p.period not in ids]
            if missing:  # the annual period of a year the firm has not set up
                raise EditRefused(
                    Problem(N_("the firm has no period {code}"), None, {"code": missing[0].period})
                )
            added = [
                repo.add_meeting(p.kind, p.held_on, ids[p.period])
                for p in planned
                if (p.kind, p.period) not in have
            ]
        return OpResult(added, REVIEW, lambda: self.remove_meetings(added))

    def remove_meetings(self, meeting_ids: list[int]) -> OpResult:
        """Meetings removed whole (with their items, attendance and actions); the undo puts
        every row back with its id."""
        with self._edit() as repo:
            saved: list[tuple[type, dict[str, Any]]] = []
            for meeting_id in meeting_ids:
                saved.append((MeetingRecord, repo.copy(MeetingRecord, meeting_id)))
                for item_id in repo.item_ids(meeting_id):
                    saved.append((MeetingItemRecord, repo.copy(MeetingItemRecord, item_id)))
                for row in repo.attendance(meeting_id):
                    saved.append((AttendanceRecord, repo.copy(AttendanceRecord, row.id)))
            for record, values in reversed(saved):
                if record is not MeetingRecord:
                    repo.remove(record, values["id"])
            for meeting_id in meeting_ids:
                repo.remove(MeetingRecord, meeting_id)
        return OpResult(None, REVIEW, lambda: self._restore(saved))

    def _restore(self, saved: list[tuple[type, dict[str, Any]]]) -> OpResult:
        with self._edit() as repo:
            for record, values in saved:
                repo.restore(record, dict(values))
        meetings = [v["id"] for r, v in saved if r is MeetingRecord]
        return OpResult(None, REVIEW, lambda: self.remove_meetings(meetings))

    def edit_meeting(self, meeting_id: int, **values: Any) -> OpResult:
        """Change ``held_on``, ``place``, ``kind`` or ``status``/``started_at``/``ended_at``."""
        if not calendar.is_meeting_kind(values.get("kind", calendar.MONTHLY)):
            raise EditRefused(
                Problem(N_("a meeting is M, R or annual, not {kind}"), "kind",
                        {"kind": values["kind"]})  # fmt: skip
            )
        with self._edit() as repo:
            old = repo.update(MeetingRecord, meeting_id, values)
        return OpResult(old, REVIEW, lambda: self.edit_meeting(meeting_id, **old))

    # the agenda -----------------------------------------------------------------------------
    def prepare(self, meeting_id: int) -> OpResult:
        """The meeting's agenda from its period's results: every signed contract of the year,
        ordered by the settings (``review.agenda_order``), each item with its reasons and the
        time box of the settings. A meeting prepared already is refused (its notes would go)."""
        policy = self._policy()
        review = policy.review
        with self.document.reading() as session:
            repo = MeetingRepository(session)
            meeting = repo.meeting(meeting_id)
            if meeting.items:
                raise EditRefused(Problem(N_("This meeting's agenda is prepared already.")))
            if meeting.period is None:
                raise EditRefused(Problem(N_("This meeting reviews no period.")))
            appeals = repo.open_appeal_employees(meeting.period)
        periods = PeriodService(self.document, policy)
        results = periods.results(meeting.period)
        from_months = self._month_totals(periods, Period.parse(meeting.period))
        candidates = []
        for order, c in enumerate(results.contracts):
            score = c.score
            total, missing = c.total, len(c.missing)
            if total is None and c.id in from_months:  # §7: the quarter from its months
                total, missing = from_months[c.id], 0
            candidates.append(
                Candidate(
                    c.id, c.row.unit_id, c.row.position_id, order,
                    missing=missing,
                    vetoed=bool(score and score.vetoed),
                    events=sum(c.events.values()),
                    total=total,
                    previous_total=c.previous_total,
                    open_appeal=c.row.employee_id in appeals,
                )
            )  # fmt: skip
        boundaries = policy.coefficient_levels()
        agenda = build_agenda(
            candidates, review.agenda_order, boundaries, review.boundary_margin,
            review.jump_factor,
        )  # fmt: skip
        rows = [
            {"sort": n, "contract_id": e.contract_id, "unit_id": e.unit_id,
             "position_id": e.position_id, "minutes": review.item_minutes,
             "reasons": list(e.reasons), "discussed": False, "notes": "", "decision": "",
             "seconds_spent": 0}
            for n, e in enumerate(agenda)
        ]  # fmt: skip
        with self._edit() as repo:
            repo.add_items(meeting_id, rows)
        return OpResult(len(rows), REVIEW, lambda: self.unprepare(meeting_id))

    @staticmethod
    def _month_totals(periods: PeriodService, period: Period) -> dict[int, float]:
        """For a quarter or half: each contract whose months are all complete, with the mean
        of their totals (§7: a quarter without complete actuals of its own counts its months),
        so its agenda item does not say "data missing". A year is judged by its own actuals
        (twelve months read for 5,000 contracts would hold the meeting up)."""
        if period.kind not in ("quarter", "half"):
            return {}
        first, last = period.months
        totals: dict[int, list[float]] = {}
        for month in range(first, last + 1):
            for c in periods.results(f"{period.year}-{month:02d}").contracts:
                if c.total is not None:
                    totals.setdefault(c.id, []).append(c.total)
        months = last - first + 1
        return {cid: sum(t) / months for cid, t in totals.items() if len(t) == months}

    def unprepare(self, meeting_id: int) -> OpResult:
        """The agenda removed (the undo of ``prepare``); its undo prepares it again."""
        with self._edit() as repo:
            for item_id in repo.item_ids(meeting_id):
                repo.remove(MeetingItemRecord, item_id)
        return OpResult(None, REVIEW, lambda: self.prepare(meeting_id))

    def move_item(self, item_id: int, step: int) -> OpResult:
        """The item ``step`` places up (−1) or down (+1) the agenda; at an end, nothing moves."""
        with self._edit() as repo:
            item = repo.item(item_id)
            ids = [i.id for i in repo.items(item.meeting_id)]
            at = ids.index(item_id)
            to = max(0, min(len(ids) - 1, at + step))
            ids.insert(to, ids.pop(at))
            repo.set_sorts({i: n for n, i in enumerate(ids)})
        return OpResult(to, REVIEW, lambda: self.move_item(item_id, at - to))

    def set_item(self, item_id: int, **values: Any) -> OpResult:
        """What the meeting says of an item: ``notes``, ``decision``, ``discussed``,
        ``minutes`` (the time box), ``seconds_spent``."""
        unknown = set(values) - set(ITEM_FIELDS)
        if unknown:
            raise ValueError(f"not an item field: {sorted(unknown)}")
        if "minutes" in values and not 1 <= int(values["minutes"]) <= 240:
            raise EditRefused(
                Problem(N_("A time box is 1 to 240 minutes, not {minutes}"), "minutes",
                        {"minutes": values["minutes"]})  # fmt: skip
            )
        with self._edit() as repo:
            old = repo.update(MeetingItemRecord, item_id, values)
        return OpResult(old, REVIEW, lambda: self.set_item(item_id, **old))

    # actions, attendance, the self report ----------------------------------------------------
    def add_action(self, item_id: int, what: str, owner: str = "", due: date | None = None
                   ) -> OpResult:  # fmt: skip
        what = what.strip()
        if not what:
            raise EditRefused(Problem(N_("An action item needs to say what is to be done.")))
        with self._edit() as repo:
            meeting_id = repo.item(item_id).meeting_id
            action_id = repo.add_action(meeting_id, item_id, what, owner.strip(), due)
        return OpResult(action_id, REVIEW, lambda: self._remove_row(ActionItemRecord, action_id))

    def set_action_done(self, action_id: int, done_on: date | None, meeting_id: int | None
                        ) -> OpResult:  # fmt: skip
        with self._edit() as repo:
            old = repo.update(
                ActionItemRecord, action_id, {"done_on": done_on, "done_meeting_id": meeting_id}
            )
        return OpResult(
            old, REVIEW,
            lambda: self.set_action_done(action_id, old["done_on"], old["done_meeting_id"]),
        )  # fmt: skip

    def add_attendee(self, meeting_id: int, item_id: int | None, name: str, role: str = "",
                     present: bool = True) -> OpResult:  # fmt: skip
        name = name.strip()
        if not name:
            raise EditRefused(Problem(N_("An attendee needs a name.")))
        with self._edit() as repo:
            row_id = repo.add_attendance(meeting_id, item_id, name, role.strip(), present)
        return OpResult(row_id, REVIEW, lambda: self._remove_row(AttendanceRecord, row_id))

    def set_present(self, attendance_id: int, present: bool) -> OpResult:
        with self._edit() as repo:
            old = repo.update(AttendanceRecord, attendance_id, {"present": present})
        return OpResult(old, REVIEW, lambda: self.set_present(attendance_id, old["present"]))

    def _remove_row(self, record: type, row_id: int) -> OpResult:
        with self._edit() as repo:
            saved = repo.copy(record, row_id)
            repo.remove(record, row_id)
        return OpResult(None, REVIEW, lambda: self._put_back(record, saved))

    def _put_back(self, record: type, saved: dict[str, Any]) -> OpResult:
        with self._edit() as repo:
            repo.restore(record, dict(saved))
        return OpResult(saved["id"], REVIEW, lambda: self._remove_row(record, saved["id"]))

    def record_self_report(self, employee_id: int, period: str, filed_on: date, text: str
                           ) -> OpResult:  # fmt: skip
        """The person's self-report (述职) for the period: added, or its text and date changed."""
        with self._edit() as repo:
            found = repo.self_report(employee_id, period)
            if found is None:
                period_id = FirmRepository(repo.session).period_id(period)
                record = SelfReportRecord(
                    employee_id=employee_id, period_id=period_id, filed_on=filed_on, text=text
                )
                repo.session.add(record)
                repo.session.flush()
                row_id = record.id
                return OpResult(row_id, REVIEW,
                                lambda: self._remove_row(SelfReportRecord, row_id))  # fmt: skip
            old = repo.update(SelfReportRecord, found.id, {"filed_on": filed_on, "text": text})
        return OpResult(
            found.id, REVIEW,
            lambda: self.record_self_report(employee_id, period, old["filed_on"], old["text"]),
        )  # fmt: skip

    # the committee's rating, the start and the end -------------------------------------------
    def rate_line(self, line_id: int, period: str, label: object) -> OpResult:
        """The committee's rating of a qualitative line: the line's actual for the period,
        its source the review meeting (None clears it); the undo writes the old value back."""
        with edit_transaction(self.document) as session:
            contracts = ContractRepository(session)
            line = contracts._line(line_id)
            refused = actual_refusal(line.contract.status, is_deduction(line.rule))
            if refused:
                raise EditRefused(refused)
            contract_id = line.contract_id
            old = contracts.actuals(contract_id, period).get(line_id)
            if label is None:
                contracts.clear_actual(line_id, period)
            else:
                contracts.record_actual(
                    line_id, period, label, source=MEETING_SOURCE, entered_by=self.document.actor
                )
        changes = Changes(
            actuals=contract_id, lines=frozenset({line_id}), periods=frozenset({period}),
            review=True,
        )  # fmt: skip
        return OpResult(old, changes, lambda: self.rate_line(line_id, period, old))

    def start(self, meeting_id: int) -> OpResult:
        """The meeting begins now (the window asks only while no start is recorded)."""
        return self.edit_meeting(meeting_id, started_at=datetime.now().replace(microsecond=0))

    def end(self, meeting_id: int) -> OpResult:
        """The meeting held: its end time and status recorded."""
        return self.edit_meeting(
            meeting_id, status="held", ended_at=datetime.now().replace(microsecond=0)
        )

    def started_at(self, meeting_id: int) -> datetime | None:
        with self.document.reading() as session:
            return MeetingRepository(session).get(MeetingRecord, meeting_id).started_at

    # one item on the projector ----------------------------------------------------------------
    def item_view(self, item_id: int) -> ItemView:
        """Everything the projector shows of one item, read for its contract alone (a dozen
        statements whatever the firm's size): the lines with the period's actuals, readiness
        and points, the total against last period and the same period last year, the year's
        month totals, deduction events, the §7 aggregate for a quarter or the year and the
        person's self-report."""
        firm = self.firm
        policy = self._policy()
        with self.document.reading() as session:
            repo = MeetingRepository(session)
            item = repo.item(item_id)
            meeting = repo.meeting(item.meeting_id)
            contracts = ContractRepository(session)
            contract = contracts.contract(item.contract_id) if item.contract_id else None
            employee = (
                contracts.party_ids(contract.id)[0] if contract is not None else None
            )
            last_year = (
                contracts.contract_for(contract.position_id, contract.year - 1)
                if contract is not None else None
            )  # fmt: skip
        if contract is None or meeting.period is None:
            return ItemView(item, meeting, None)
        period = Period.parse(meeting.period)
        before = previous_period(period)
        months = [f"{period.year}-{m:02d}" for m in range(1, 13)]
        now, trend = firm.contract_scores(contract, period.code, months)
        then = firm.contract_scores(contract, before.code, [])[0] if before else None
        assert now is not None
        readiness = {
            l.id: line_readiness(
                l, period, now.actuals.get(l.id),
                then.actuals.get(l.id) if then else None, policy.review,
            )  # fmt: skip
            for l in now.contract.lines
        }
        previous_total = then.score.total if then is not None and then.actuals and then.complete else None
        year_ago = None
        if last_year is not None:
            old = firm.score(last_year, Period(period.year - 1, period.kind, period.index).code)
            year_ago = old.score.total if old.actuals and old.complete else None
        own = now.score.total if now.actuals and now.complete else None
        aggregate: float | None = None
        built: float | None = None  # §7: the period from its complete months
        month_points: dict[int, float] = {}
        if meeting.kind in (calendar.QUARTERLY, calendar.ANNUAL):
            if period.kind == "year":
                year = firm.year_score(contract.id)
                aggregate = year.result.total if year.result.complete else None
                built = aggregate if own is None else None
            else:
                made = firm.months_result(contract.id, period.code)
                aggregate = own if made is None else made.total
                if made is not None and own is None:
                    built = made.total
                    month_points = self._month_points(firm, contract, made.months)
        if built is not None:  # the months are complete: the period's own table is not missing
            readiness = {
                k: _FROM_MONTHS if r.state == LineState.MISSING else r for k, r in readiness.items()
            }
        report = None
        if employee is not None and meeting.kind in (calendar.QUARTERLY, calendar.ANNUAL):
            report = self.self_report(employee, str(period.year))
        return ItemView(
            item, meeting, now, readiness=readiness, previous_total=previous_total,
            year_ago_total=year_ago, trend=trend, events=firm.deduction_events(contract.id, period.code),
            aggregate=aggregate, employee_id=employee, self_report=report,
            built_total=built, month_points=month_points,
        )  # fmt: skip

    @staticmethod
    def _month_points(firm: FirmService, contract, months: tuple[str, ...]) -> dict[int, float]:
        """Each line's points as the mean over the months (the total's own mean, line by line),
        so the projector's points add up to the total built from the months."""
        sums: dict[int, float] = {}
        for month in months:
            scored = firm.contract_scores(contract, month, [])[0]
            assert scored is not None
            for line in scored.score.lines:
                if line.points is not None:
                    sums[line.key] = sums.get(line.key, 0.0) + line.points
        return {key: total / len(months) for key, total in sums.items()}


_FROM_MONTHS = LineReadiness(LineState.DELIVERED)  # a line the complete months stand for


@dataclass(frozen=True)
class ItemView:
    """One agenda item as the projector shows it (``score`` None: no contract to show)."""

    item: ItemRow
    meeting: MeetingRow
    score: PeriodScore | None
    readiness: dict[int, LineReadiness] = field(default_factory=dict)
    previous_total: float | None = None
    year_ago_total: float | None = None
    trend: list[TrendPoint] = field(default_factory=list)
    events: list = field(default_factory=list)  # (id, line id, date, count, note)
    aggregate: float | None = None  # §7: the quarter's or year's result (R and annual only)
    employee_id: int | None = None
    self_report: tuple[date, str] | None = None
    # §7: a quarter/half/year whose own table is incomplete but whose months are complete is
    # the months' result (``built_total``; per line ``month_points``), not "data missing".
    built_total: float | None = None
    month_points: dict[int, float] = field(default_factory=dict)

    @property
    def total(self) -> float | None:
        if self.score is not None and self.score.complete and self.score.actuals:
            return self.score.score.total
        return self.built_total
