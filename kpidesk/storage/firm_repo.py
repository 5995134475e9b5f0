"""Organisation, people, KPI dictionary, value tree, periods and settings: records ↔ core objects."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpidesk.core.model import Indicator, Position, Unit
from kpidesk.core.org import position_name_refusal, sibling_unit_refusal
from kpidesk.core.periods import Period, periods_of_year
from kpidesk.core.policy import FirmPolicy

from .records import (
    ActualRecord,
    AssignmentRecord,
    CategoryRecord,
    ContractLineRecord,
    ContractRecord,
    EmployeeRecord,
    IndicatorRecord,
    PeriodRecord,
    PositionRecord,
    SettingRecord,
    TreeNodeRecord,
    UnitRecord,
    YearRecord,
)
from .stored_values import reads_stored_values
from kpidesk.core.problems import InputError, NotFoundError
from kpidesk.i18n import N_


class NotFound(NotFoundError):
    """A code or id that names nothing in this firm."""


def _one(session: Session, record, **where):
    found = session.scalars(select(record).filter_by(**where)).first()
    if found is None:
        what = ", ".join(f"{k} {v!r}" for k, v in where.items())
        raise NotFound(
            N_("no {value1} with {what}"),
            value1=record.__tablename__[:-1].replace("_", " "),
            what=what,
        )
    return found


def _insert(session: Session, record) -> int:
    """Add a record and return its new id."""
    session.add(record)
    session.flush()
    return record.id


class FirmRepository:
    def __init__(self, session: Session):
        self.session = session

    # organisation -----------------------------------------------------------------------
    def add_unit(
        self,
        code: str,
        name: str,
        kind: str = "department",
        parent: str | None = None,
        sort: int = 0,
    ) -> int:
        parent_id = _one(self.session, UnitRecord, code=parent).id if parent else None
        record = UnitRecord(code=code, name=name, kind=kind, parent_id=parent_id, sort=sort)
        return _insert(self.session, record)

    def add_position(
        self,
        code: str,
        unit: str,
        name: str,
        *,
        employee_class: str = "management",
        reports_to: str | None = None,
        key_position: bool = True,
        sort: int = 0,
    ) -> int:
        record = PositionRecord(
            code=code,
            name=name,
            unit_id=_one(self.session, UnitRecord, code=unit).id,
            employee_class=employee_class,
            key_position=key_position,
            sort=sort,
            reports_to_id=_one(self.session, PositionRecord, code=reports_to).id
            if reports_to
            else None,
        )
        return _insert(self.session, record)

    def add_employee(self, code: str, name: str, *, sample: bool = False) -> int:
        record = EmployeeRecord(code=code, name=name, sample=sample)
        return _insert(self.session, record)

    def assign(self, employee: str, position: str, start: date, end: date | None = None) -> None:
        self.session.add(
            AssignmentRecord(
                employee_id=_one(self.session, EmployeeRecord, code=employee).id,
                position_id=_one(self.session, PositionRecord, code=position).id,
                start=start,
                end=end,
            )
        )

    def units(self) -> list[Unit]:
        rows = self.session.scalars(select(UnitRecord).order_by(UnitRecord.sort, UnitRecord.id))
        return [Unit(r.id, r.parent_id, r.code, r.name, r.kind) for r in rows]

    @reads_stored_values
    def holder(self, position_id: int, on: date) -> tuple[int, str] | None:
        row = self.session.execute(
            select(EmployeeRecord.id, EmployeeRecord.name)
            .join(AssignmentRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
            .where(
                AssignmentRecord.position_id == position_id,
                AssignmentRecord.start <= on,
                (AssignmentRecord.end.is_(None)) | (AssignmentRecord.end >= on),
            )
            .order_by(AssignmentRecord.start.desc())
        ).first()
        return (row[0], row[1]) if row else None

    def move_unit(self, unit_id: int, parent_id: int | None) -> int | None:
        """Re-parent a unit; return the old parent. A unit cannot move under itself."""
        unit = self.session.get(UnitRecord, unit_id)
        ancestor = parent_id
        while ancestor is not None:
            if ancestor == unit_id:
                raise InputError(
                    N_("{name} cannot move under itself or its own sub-unit"), name=unit.name
                )
            ancestor = self.session.get(UnitRecord, ancestor).parent_id
        siblings = self.session.scalars(
            select(UnitRecord.name).where(
                UnitRecord.parent_id.is_(None) if parent_id is None else UnitRecord.parent_id == parent_id,
                UnitRecord.id != unit_id,
            )
        )
        parent = self.session.get(UnitRecord, parent_id).name if parent_id is not None else None
        # A move may not make two units of one parent share a name (core.org, as at add).
        if (refused := sibling_unit_refusal(unit.name, parent, siblings)) is not None:
            raise InputError(refused.code, refused.where, **refused.params)
        old, unit.parent_id = unit.parent_id, parent_id
        return old

    def move_position(self, position_id: int, unit_id: int) -> int:
        position = self.session.get(PositionRecord, position_id)
        others = self.session.scalars(
            select(PositionRecord.name).where(
                PositionRecord.unit_id == unit_id, PositionRecord.id != position_id
            )
        )
        unit = self.session.get(UnitRecord, unit_id).name
        if (refused := position_name_refusal(position.name, unit, others)) is not None:
            raise InputError(refused.code, refused.where, **refused.params)
        old, position.unit_id = position.unit_id, unit_id
        return old

    def set_tree_owner(self, node_id: int, position_id: int | None) -> int | None:
        """Make a position own a value-tree node (§3: every leaf is owned)."""
        node = self.session.get(TreeNodeRecord, node_id)
        old, node.owner_position_id = node.owner_position_id, position_id
        if position_id is not None:
            node.owner_unit_id = self.session.get(PositionRecord, position_id).unit_id
        return old

    @reads_stored_values
    def all_positions(self, year: int) -> dict[int, list[Position]]:
        """Every position by unit, with holder and contract status, in three queries."""
        year_id = self.session.scalar(select(YearRecord.id).where(YearRecord.year == year))
        contracts = {
            pid: (cid, status)
            for cid, pid, status in self.session.execute(
                select(ContractRecord.id, ContractRecord.position_id, ContractRecord.status).where(
                    ContractRecord.year_id == year_id
                )
            )
        }
        on = date(year, 12, 31)
        holders = {
            pid: name
            for pid, name in self.session.execute(
                select(AssignmentRecord.position_id, EmployeeRecord.name)
                .join(EmployeeRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
                .where(
                    AssignmentRecord.start <= on,
                    (AssignmentRecord.end.is_(None)) | (AssignmentRecord.end >= on),
                )
                .order_by(AssignmentRecord.start)
            )
        }
        result: dict[int, list[Position]] = {}
        for pid, unit_id, code, name in self.session.execute(
            select(
                PositionRecord.id, PositionRecord.unit_id, PositionRecord.code, PositionRecord.name
            ).order_by(PositionRecord.sort, PositionRecord.id)
        ):
            contract_id, status = contracts.get(pid, (None, None))
            result.setdefault(unit_id, []).append(
                Position(pid, unit_id, code, name, holders.get(pid), contract_id, status)
            )
        return result

    def indicator_names_by_position(self, year: int) -> dict[int, list[str]]:
        """The KPIs (Chinese and English names) on each position's contract of ``year``, in
        one query: what the organisation tree's filter finds a position by."""
        names: dict[int, list[str]] = {}
        for position_id, name, name_en in self.session.execute(
            select(ContractRecord.position_id, IndicatorRecord.name, IndicatorRecord.name_en)
            .join(YearRecord, YearRecord.id == ContractRecord.year_id)
            .join(ContractLineRecord, ContractLineRecord.contract_id == ContractRecord.id)
            .join(IndicatorRecord, IndicatorRecord.id == ContractLineRecord.indicator_id)
            .where(YearRecord.year == year)
        ):
            names.setdefault(position_id, []).extend(n for n in (name, name_en) if n)
        return names

    def position_names(self) -> dict[int, str]:
        return dict(self.session.execute(select(PositionRecord.id, PositionRecord.name)).all())

    def employee_class(self, position_id: int) -> str:
        """The position's employee class, which picks its §7 period shares."""
        return self.session.get(PositionRecord, position_id).employee_class

    @reads_stored_values
    def positions(self, unit_id: int, year: int) -> list[Position]:
        year_id = self.session.scalar(select(YearRecord.id).where(YearRecord.year == year))
        result = []
        for record in self.session.scalars(
            select(PositionRecord)
            .where(PositionRecord.unit_id == unit_id)
            .order_by(PositionRecord.sort, PositionRecord.id)
        ):
            contract = self.session.scalars(
                select(ContractRecord).where(
                    ContractRecord.position_id == record.id, ContractRecord.year_id == year_id
                )
            ).first()
            holder = self.holder(record.id, date(year, 12, 31))
            result.append(
                Position(
                    record.id,
                    record.unit_id,
                    record.code,
                    record.name,
                    holder[1] if holder else None,
                    contract.id if contract else None,
                    contract.status if contract else None,
                )
            )
        return result

    # dictionary ---------------------------------------------------------------------------
    def add_category(
        self,
        code: str,
        name_zh: str,
        name_en: str,
        default_weight: float,
        deduction: bool = False,
        category_set: str = "default",
        sort: int = 0,
    ) -> None:
        self.session.add(
            CategoryRecord(
                code=code,
                name_zh=name_zh,
                name_en=name_en,
                sort=sort,
                default_weight=default_weight,
                deduction=deduction,
                category_set=category_set,
            )
        )

    def categories(self, category_set: str = "default") -> list[CategoryRecord]:
        return list(
            self.session.scalars(
                select(CategoryRecord)
                .where(CategoryRecord.category_set == category_set)
                .order_by(CategoryRecord.sort)
            )
        )

    def add_indicator(self, code: str, name: str, category: str, **fields) -> int:
        record = IndicatorRecord(code=code, name=name, category=category, **fields)
        return _insert(self.session, record)

    @reads_stored_values
    def indicators(self) -> list[Indicator]:
        return [
            Indicator(
                r.id,
                r.code,
                r.name,
                r.name_en,
                r.unit,
                r.direction,
                r.category,
                r.definition,
                r.formula,
                r.quantitative,
                r.data_source,
                r.cycle,
                r.monitoring,
            )
            for r in self.session.scalars(select(IndicatorRecord).order_by(IndicatorRecord.id))
        ]

    # value tree ---------------------------------------------------------------------------
    def add_tree_node(
        self,
        key: str,
        label: str,
        *,
        parent: int | None,
        operator: str = "+",
        indicator: str | None = None,
        owner_unit: str | None = None,
        baseline: float | None = None,
        tree: str = "main",
        sort: int = 0,
    ) -> int:
        record = TreeNodeRecord(
            tree=tree,
            label=label,
            parent_id=parent,
            operator=operator,
            baseline=baseline,
            sort=sort,
            indicator_id=_one(self.session, IndicatorRecord, code=indicator).id
            if indicator
            else None,
            owner_unit_id=_one(self.session, UnitRecord, code=owner_unit).id
            if owner_unit
            else None,
        )
        return _insert(self.session, record)

    def tree_nodes(self, tree: str = "main") -> list[TreeNodeRecord]:
        return list(
            self.session.scalars(
                select(TreeNodeRecord)
                .where(TreeNodeRecord.tree == tree)
                .order_by(TreeNodeRecord.sort, TreeNodeRecord.id)
            )
        )

    # years, periods, settings ---------------------------------------------------------------
    def add_year(self, year: int) -> int:
        record = YearRecord(year=year)
        self.session.add(record)
        self.session.flush()
        for period in periods_of_year(year):
            self.session.add(
                PeriodRecord(
                    year_id=record.id,
                    code=period.code,
                    kind=period.kind,
                    start=period.start,
                    end=period.end,
                )
            )
        self.session.flush()
        return record.id

    def period_id(self, code: str) -> int:
        return _one(self.session, PeriodRecord, code=Period.parse(code).code).id

    def periods(self, year: int) -> list[str]:
        return list(
            self.session.scalars(
                select(PeriodRecord.code)
                .join(YearRecord)
                .where(YearRecord.year == year)
                .order_by(PeriodRecord.id)
            )
        )

    def latest_period_with_actuals(self) -> str | None:
        # One pass over the actuals for the periods that have any (actuals are not indexed by
        # period alone), rather than a probe per period.
        return self.session.scalar(
            select(PeriodRecord.code)
            .where(PeriodRecord.id.in_(select(ActualRecord.period_id).distinct()))
            .order_by(PeriodRecord.end.desc(), PeriodRecord.start.desc())
            .limit(1)
        )

    def settings(self) -> dict[str, object]:
        """Every setting of the firm (key → its JSON value), in one query."""
        return dict(self.session.execute(select(SettingRecord.key, SettingRecord.value)).all())

    def policy(self) -> FirmPolicy:
        """The firm's policy as its settings state it (METHOD.md defaults for what they lack)."""
        return FirmPolicy.from_settings(self.settings())

    def setting(self, key: str, default=None):
        record = self.session.get(SettingRecord, key)
        return default if record is None else record.value

    def set_setting(self, key: str, value) -> None:
        record = self.session.get(SettingRecord, key)
        if record is None:
            self.session.add(SettingRecord(key=key, value=value))
        else:
            record.value = value

    def counts(self) -> dict[str, int]:
        tables = {
            "units": UnitRecord,
            "positions": PositionRecord,
            "employees": EmployeeRecord,
            "indicators": IndicatorRecord,
            "contracts": ContractRecord,
            "contract_lines": ContractLineRecord,
            "periods": PeriodRecord,
            "actuals": ActualRecord,
        }
        return {
            name: self.session.scalar(select(func.count()).select_from(record))
            for name, record in tables.items()
        }
