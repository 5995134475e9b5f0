"""The audit trail and the seal on signed contracts, enforced at flush time so that no code
path (GUI, CLI, import, script) can change audited data without a trace."""

from __future__ import annotations

import getpass
from datetime import date, datetime
from weakref import WeakKeyDictionary

from sqlalchemy import JSON, DateTime, Integer, String, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from .records import (
    ActualRecord,
    AmendmentRecord,
    AssignmentRecord,
    Base,
    CategoryRecord,
    ContractLineRecord,
    ContractRecord,
    DeductionEventRecord,
    EmployeeRecord,
    ImportRecord,
    IndicatorRecord,
    PositionRecord,
    RatingRecord,
    SettingRecord,
    TreeNodeRecord,
    UnitRecord,
    ValueTreeRecord,
)
from . import audit_order, official_lock
from .review_records import (
    ActionItemRecord,
    AttendanceRecord,
    GradeChangeRecord,
    GradeRecord,
    MeetingItemRecord,
    MeetingRecord,
    OfficialResultRecord,
    ResultCorrectionRecord,
    SelfReportRecord,
)
from .line_rows import dependents, described
from kpidesk.core.lifecycle import LIFECYCLE
from kpidesk.core.problems import KpideskError, term
from kpidesk.i18n import N_

AUDITED: dict[type, tuple[str, ...]] = {
    ContractLineRecord: ("weight", *LIFECYCLE.amendable_fields),
    ActualRecord: ("value", "value_text"),
    GradeRecord: ("score", "grade", "proposed", "performance_level", "potential_level"),
    RatingRecord: ("score",),
    ContractRecord: (
        "status",
        "content_hash",
        "contractee_id",
        "issuer1_id",
        "issuer2_id",
        "signed_on",
    ),
    SettingRecord: ("value",),
    ImportRecord: ("file", "sha256", "inserted", "updated"),
    # The firm's set-up (issue 11): the organisation, its people, the KPI dictionary and the
    # value trees are the firm's own records too; every change to them is someone's.
    UnitRecord: ("code", "name", "kind", "parent_id", "sort", "archived"),
    PositionRecord: (
        "code",
        "name",
        "unit_id",
        "key_position",
        "employee_class",
        "reports_to_id",
        "sort",
        "archived",
    ),
    EmployeeRecord: ("code", "name", "archived"),
    AssignmentRecord: ("employee_id", "position_id", "start", "end"),
    IndicatorRecord: (
        "code",
        "name",
        "name_en",
        "definition",
        "doubt_points",
        "agreed_reading",
        "formula",
        "unit",
        "direction",
        "category",
        "quantitative",
        "data_source",
        "cycle",
        "monitoring",
        "owner_level",
    ),
    CategoryRecord: ("code", "name_zh", "name_en", "default_weight", "deduction", "sort"),
    ValueTreeRecord: ("code", "name", "unit_id", "sort"),
    TreeNodeRecord: (
        "tree",
        "label",
        "indicator_id",
        "parent_id",
        "operator",
        "owner_unit_id",
        "owner_position_id",
        "baseline",
        "sort",
    ),
    # The review cycle (issue 12): meetings and what they decided, official results and the
    # logs that follow them.
    MeetingRecord: ("kind", "held_on", "period_id", "status", "place", "started_at", "ended_at"),
    MeetingItemRecord: (
        "meeting_id",
        "sort",
        "contract_id",
        "minutes",
        "discussed",
        "notes",
        "decision",
    ),
    AttendanceRecord: ("meeting_id", "item_id", "name", "role", "present"),
    ActionItemRecord: ("meeting_id", "item_id", "what", "owner", "due", "done_on"),
    OfficialResultRecord: ("period_id", "meeting_id", "reviewer", "made_by", "made_at"),
    ResultCorrectionRecord: ("period_id", "line_id", "what", "kind", "old", "new", "reason"),
    GradeChangeRecord: (
        "period_id",
        "employee_id",
        "old_grade",
        "new_grade",
        "reason",
        "authorised_by",
    ),
    SelfReportRecord: ("employee_id", "period_id", "filed_on", "text"),
}
# Issue 13: where an actual belongs, every deduction event and the official snapshot, so that
# replaying the log (storage.tamper) names a row changed, added or deleted behind kpidesk's back.
AUDITED[ActualRecord] = (*AUDITED[ActualRecord], "line_id", "period_id")
AUDITED[DeductionEventRecord] = ("line_id", "period_id", "occurred_on", "count", "note")
AUDITED[OfficialResultRecord] = (*AUDITED[OfficialResultRecord], "snapshot", "warnings")
# A sealed field as a message names it: a word of the user's language, not its column name.
FIELD_WORDS = {
    "weight": N_("Weight"),
    "category": N_("Category"),
    "indicator_id": N_("KPI"),
    "minimum": N_("Minimum"),
    "base": N_("Base"),
    "challenge": N_("Challenge"),
    "target_note": N_("Target note"),
    "rule": N_("Scoring rule"),
}


class AuditRecord(Base):
    """Every change to weights, targets, actuals and scores: who, when, old, new."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    who: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(8))  # insert / update / delete / reason
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    field: Mapped[str] = mapped_column(String(64))
    old: Mapped[object] = mapped_column(JSON, nullable=True)
    new: Mapped[object] = mapped_column(JSON, nullable=True)
    # Schema 0006: the link of the hash chain (core.audit_chain), sealed before commit.
    digest: Mapped[str | None] = mapped_column(String(64), nullable=True)


# How many committed transactions of this process changed the firm's settings, per engine: a
# policy loaded at an older count is stale (``services.firm`` reads the settings again).
_SETTINGS_CHANGES: WeakKeyDictionary = WeakKeyDictionary()


def settings_changes(engine) -> int:
    """Committed changes of the settings on ``engine`` so far (0: none since it opened)."""
    return _SETTINGS_CHANGES.get(engine, 0)


def settings_changed_elsewhere(engine) -> None:
    """Someone else committed a settings change (seen in the audit log of a server database):
    the policy loaded here is stale, as after a change of this process's own."""
    _SETTINGS_CHANGES[engine] = settings_changes(engine) + 1


class ContractLocked(KpideskError):
    """A signed or closed contract was edited without an amendment."""


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service account, odd platform)
        return "unknown"


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _contract_of(session: Session, line: ContractLineRecord) -> ContractRecord | None:
    if line.contract is not None:
        return line.contract
    return session.get(ContractRecord, line.contract_id) if line.contract_id else None


def _amended(session: Session, line: ContractLineRecord, field: str) -> bool:
    return any(
        isinstance(obj, AmendmentRecord)
        and obj.field == field
        and (obj.line_id == line.id or getattr(obj, "line", None) is line)
        for obj in session.new
    )


def _check_seal(
    session: Session, line: ContractLineRecord, changed: list[str], action: str
) -> None:
    contract = _contract_of(session, line)
    if contract is None or not LIFECYCLE.is_sealed(contract.status):
        return
    # The status may be changing in this very flush (signing); the seal holds from the old one.
    old_status = inspect(contract).attrs.status.history.deleted
    if old_status and not LIFECYCLE.is_sealed(old_status[0]):
        return
    if action != "update":
        message = (
            N_("contract {id} is {status}: lines cannot be added")
            if action == "insert"
            else N_("contract {id} is {status}: lines cannot be deleted")
        )
        raise ContractLocked(message, id=contract.id, status=term(contract.status))
    for field in changed:
        if field in LIFECYCLE.sealed_columns and not _amended(session, line, field):
            raise ContractLocked(
                N_(
                    "contract {id} is {status}: '{field}' of line {id1} changes only through an approved amendment"
                ),
                id=contract.id,
                status=term(contract.status),
                field=term(FIELD_WORDS.get(field, field)),
                id1=line.id,
            )


def _entries(session: Session, obj, action: str):
    fields = AUDITED.get(type(obj))
    if fields is None:
        return
    state = inspect(obj)
    for field in fields:
        history = state.attrs[field].history
        if action == "insert":
            old, new = None, getattr(obj, field)
        elif action == "delete":
            old, new = getattr(obj, field), None
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
        else:
            continue
        yield field, _plain(old), _plain(new)


def _orphaned(line: ContractLineRecord) -> bool:
    """Taken out of its contract's lines: the flush deletes it (delete-orphan), though it is not
    in ``session.deleted`` yet. It is sealed and audited as the deletion it is."""
    return line.contract is None and bool(inspect(line).attrs.contract.history.deleted)


def restoring(session: Session, line: ContractLineRecord) -> None:
    """Mark a line being put back (undo of its removal), so its audit entry says so."""
    session.info.setdefault("restored_lines", set()).add(line)


def _line_entries(session: Session, line: ContractLineRecord, action: str):
    """A removed line gets one entry naming its KPI, its place and every row that went with it
    (actuals with their values, who entered them and when, deduction events, amendments): the
    database deletes those rows with the line, and the entry keeps them. A restored line gets
    one saying it came back."""
    restored = line in session.info.get("restored_lines", ())
    if action not in ("delete", "insert") or (action == "insert" and not restored):
        return
    contract = _contract_of(session, line)
    indicator = line.indicator or session.get(IndicatorRecord, line.indicator_id)
    entry = {
        "indicator": indicator.code,
        "indicator_name": indicator.name,
        "contract_id": contract.id if contract is not None else line.contract_id,
        "sort": line.sort,
        "category": line.category,
    }
    if action == "insert":
        yield "line", None, {**entry, "restored": True}
    else:
        yield "line", {**entry, **described(session, dependents(session, line.id))}, None


def install(session_factory) -> None:
    """Hook the audit and the seal into every session the factory makes."""

    @event.listens_for(session_factory, "before_flush")
    def _before_flush(session: Session, flush_context, instances) -> None:
        pending = []
        for action, objects in (
            ("insert", session.new),
            ("update", session.dirty),
            ("delete", session.deleted),
        ):
            for obj in list(objects):
                if action == "update" and not session.is_modified(obj):
                    continue
                if isinstance(obj, SettingRecord):
                    session.info["settings_changed"] = True
                if isinstance(obj, AuditRecord):  # a repository's own entry (a reason)
                    session.info["audit_written"] = True
                entries, done = [], action
                with session.no_autoflush:
                    official_lock.check(session, obj, action)
                if isinstance(obj, ContractLineRecord):
                    if action == "update" and _orphaned(obj):
                        done = "delete"
                    changed = [a.key for a in inspect(obj).attrs if a.history.has_changes()]
                    with session.no_autoflush:
                        _check_seal(session, obj, changed, done)
                        entries.extend(_line_entries(session, obj, done))
                entries.extend(_entries(session, obj, done))
                if entries:
                    pending.append((done, obj, entries))
        session.info.setdefault("audit_pending", []).extend(pending)
        if pending or any(isinstance(obj, AuditRecord) for obj in session.new):
            audit_order.take_turn(session)  # a server database: audit ids in commit order

    @event.listens_for(session_factory, "after_commit")
    def _after_commit(session: Session) -> None:
        official_lock.forget(session)
        audit_order.turn_over(session)
        if session.info.pop("settings_changed", False):
            engine = session.get_bind()
            _SETTINGS_CHANGES[engine] = settings_changes(engine) + 1

    @event.listens_for(session_factory, "after_rollback")
    def _after_rollback(session: Session) -> None:
        official_lock.forget(session)
        audit_order.turn_over(session)
        session.info.pop("settings_changed", None)  # nothing changed after all (a dry run)

    @event.listens_for(session_factory, "after_flush")
    def _after_flush(session: Session, flush_context) -> None:
        # Ids of inserted rows exist only now; write the audit rows in the same transaction.
        pending = session.info.pop("audit_pending", [])
        if not pending:
            return
        who = session.info.get("actor") or default_actor()
        now = datetime.now().replace(microsecond=0)
        rows = [
            {
                "at": now,
                "who": who,
                "action": action,
                "entity": type(obj).__tablename__,
                "entity_id": getattr(obj, "id", None)
                if not isinstance(obj, SettingRecord)
                else None,
                "field": field if not isinstance(obj, SettingRecord) else f"{obj.key}",
                "old": old,
                "new": new,
            }
            for action, obj, entries in pending
            for field, old, new in entries
        ]
        session.execute(AuditRecord.__table__.insert(), rows)
        session.info["audit_written"] = True

    @event.listens_for(session_factory, "do_orm_execute")
    def _audit_insert(state) -> None:
        # An import's or a merge's bulk insert of audit rows: they are sealed before commit too.
        table = getattr(state.statement, "table", None)
        if state.is_insert and getattr(table, "name", None) == AuditRecord.__tablename__:
            state.session.info["audit_written"] = True
            audit_order.take_turn(state.session)
