"""Bulk reads and writes for spreadsheets: whole tables as rows keyed by codes, and upserts
that touch only what changed (so re-importing the same file changes nothing)."""

from __future__ import annotations

import json

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session, aliased

from .bulk_actuals import ActualColumns, Origin, upsert_actuals
from .records import (
    ActualRecord,
    AssignmentRecord,
    CategoryRecord,
    ContractLineRecord,
    ContractRecord,
    DeductionEventRecord,
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



class ExchangeRepository:
    def __init__(self, session: Session):
        self.session = session

    # whole tables ----------------------------------------------------------------------------
    @reads_stored_values
    def units(self) -> list[dict]:
        parent = aliased(UnitRecord)
        rows = self.session.execute(
            select(UnitRecord.code, UnitRecord.name, UnitRecord.kind, parent.code)
            .outerjoin(parent, UnitRecord.parent_id == parent.id)
            .order_by(UnitRecord.sort, UnitRecord.id)
        )
        return [dict(unit_code=c, unit=n, kind=k, parent_code=p) for c, n, k, p in rows]

    @reads_stored_values
    def employees(self) -> list[dict]:
        rows = self.session.execute(
            select(EmployeeRecord.code, EmployeeRecord.name).order_by(EmployeeRecord.id)
        )
        return [dict(employee_code=c, employee=n) for c, n in rows]

    @reads_stored_values
    def positions(self) -> list[dict]:
        boss = aliased(PositionRecord)
        holders = {
            pid: (code, start)
            for pid, code, start in self.session.execute(
                select(AssignmentRecord.position_id, EmployeeRecord.code, AssignmentRecord.start)
                .join(EmployeeRecord, AssignmentRecord.employee_id == EmployeeRecord.id)
                .where(AssignmentRecord.end.is_(None))
                .order_by(AssignmentRecord.start)
            )
        }
        rows = self.session.execute(
            select(
                PositionRecord.id,
                PositionRecord.code,
                PositionRecord.name,
                UnitRecord.code,
                PositionRecord.employee_class,
                boss.code,
            )
            .join(UnitRecord, PositionRecord.unit_id == UnitRecord.id)
            .outerjoin(boss, PositionRecord.reports_to_id == boss.id)
            .order_by(PositionRecord.sort, PositionRecord.id)
        )
        return [
            dict(
                position_code=code,
                position=name,
                unit_code=unit,
                employee_class=cls,
                reports_to=reports,
                holder_code=holders.get(pid, (None, None))[0],
                valid_from=holders.get(pid, (None, None))[1],
            )
            for pid, code, name, unit, cls, reports in rows
        ]

    def dictionary(self) -> list[dict]:
        records = self.session.scalars(select(IndicatorRecord).order_by(IndicatorRecord.id))
        return [
            dict(
                kpi_code=r.code,
                kpi=r.name,
                kpi_en=r.name_en,
                definition=r.definition,
                formula=r.formula,
                unit_of_measure=r.unit,
                direction=r.direction,
                category=r.category,
                quantitative=r.quantitative,
                data_source=r.data_source,
                cycle=r.cycle,
                monitoring=r.monitoring,
            )
            for r in records
        ]

    @reads_stored_values
    def contracts(self) -> list[dict]:
        people = dict(self.session.execute(select(EmployeeRecord.id, EmployeeRecord.code)).all())
        rows = self.session.execute(
            select(ContractRecord, PositionRecord.code, YearRecord.year)
            .join(PositionRecord, ContractRecord.position_id == PositionRecord.id)
            .join(YearRecord, ContractRecord.year_id == YearRecord.id)
            .order_by(ContractRecord.id)
        )
        return [
            dict(
                position_code=code,
                year=year,
                contractee_code=people.get(c.contractee_id),
                issuer1_code=people.get(c.issuer1_id),
                issuer2_code=people.get(c.issuer2_id),
                valid_from=c.valid_from,
                valid_to=c.valid_to,
                status=c.status,
                signed_on=c.signed_on,
                content_hash=c.content_hash,
            )
            for c, code, year in rows
        ]

    @reads_stored_values
    def lines(self) -> list[dict]:
        rows = self.session.execute(
            _line_context(
                select(
                    ContractLineRecord, PositionRecord.code, YearRecord.year, IndicatorRecord.code
                )
            ).order_by(ContractRecord.id, ContractLineRecord.sort)
        )
        return [
            dict(
                position_code=pos,
                year=year,
                line_no=l.sort + 1,
                kpi_code=kpi,
                category=l.category,
                weight=l.weight,
                unit_of_measure=l.unit,
                minimum=l.minimum,
                base=l.base,
                challenge=l.challenge,
                target_note=l.target_note,
                rule=l.rule,
                data_source=l.data_source,
                cycle=l.cycle,
            )
            for l, pos, year, kpi in rows
        ]

    @reads_stored_values
    def actuals(self) -> list[dict]:
        query = select(
            PositionRecord.code,
            IndicatorRecord.code,
            ContractLineRecord.sort,
            PeriodRecord.code,
            ActualRecord.value,
            ActualRecord.value_text,
            ActualRecord.source,
        ).join(ContractLineRecord, ActualRecord.line_id == ContractLineRecord.id)
        rows = self.session.execute(
            _line_context(query)
            .join(PeriodRecord, ActualRecord.period_id == PeriodRecord.id)
            .order_by(ContractRecord.id, PeriodRecord.id, ContractLineRecord.sort)
        )
        return [
            dict(
                position_code=pos,
                kpi_code=kpi,
                line_no=sort + 1,
                period=period,
                actual=value if value is not None else text,
                source=source,
            )
            for pos, kpi, sort, period, value, text, source in rows
        ]

    def value_tree(self) -> list[dict]:
        """Every value-tree node, numbered in the order written, parents first."""
        nodes = list(
            self.session.scalars(
                select(TreeNodeRecord).order_by(
                    TreeNodeRecord.tree, TreeNodeRecord.sort, TreeNodeRecord.id
                )
            )
        )
        number = {node.id: i + 1 for i, node in enumerate(nodes)}
        kpis = dict(self.session.execute(select(IndicatorRecord.id, IndicatorRecord.code)).all())
        units = dict(self.session.execute(select(UnitRecord.id, UnitRecord.code)).all())
        positions = dict(self.session.execute(select(PositionRecord.id, PositionRecord.code)).all())
        return [
            {
                "tree": node.tree,
                "node": number[node.id],
                "parent_node": number.get(node.parent_id),
                "label": node.label,
                "operator": node.operator,
                "kpi_code": kpis.get(node.indicator_id),
                "owner_unit_code": units.get(node.owner_unit_id),
                "owner_position_code": positions.get(node.owner_position_id),
                "baseline": node.baseline,
            }
            for node in nodes
        ]

    def tree_names(self) -> set[str]:
        return set(self.session.scalars(select(TreeNodeRecord.tree).distinct()))

    def categories(self) -> list[dict]:
        return [
            {
                "category_set": c.category_set,
                "category_code": c.code,
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "default_weight": c.default_weight,
                "deduction": c.deduction,
            }
            for c in self.session.scalars(
                select(CategoryRecord).order_by(
                    CategoryRecord.category_set, CategoryRecord.sort, CategoryRecord.id
                )
            )
        ]

    def settings(self) -> list[dict]:
        """Firm policy, each value as the JSON it is kept as."""
        return [
            {"setting": record.key, "value": json.dumps(record.value, ensure_ascii=False)}
            for record in self.session.scalars(select(SettingRecord).order_by(SettingRecord.key))
        ]

    def periods(self) -> list[dict]:
        return [
            {"period": code, "closed": bool(closed)}
            for code, closed in self.session.execute(
                select(PeriodRecord.code, PeriodRecord.closed).order_by(PeriodRecord.id)
            )
        ]

    def close_period(self, code: str) -> None:
        self.session.scalars(
            select(PeriodRecord).where(PeriodRecord.code == code)
        ).one().closed = True

    @reads_stored_values
    def deduction_events(self) -> list[dict]:
        query = select(
            PositionRecord.code,
            PositionRecord.name,
            IndicatorRecord.code,
            IndicatorRecord.name,
            ContractLineRecord.sort,
            PeriodRecord.code,
            DeductionEventRecord.occurred_on,
            DeductionEventRecord.count,
            DeductionEventRecord.note,
        ).join(ContractLineRecord, DeductionEventRecord.line_id == ContractLineRecord.id)
        rows = self.session.execute(
            _line_context(query)
            .join(PeriodRecord, DeductionEventRecord.period_id == PeriodRecord.id)
            .order_by(DeductionEventRecord.occurred_on, DeductionEventRecord.id)
        )
        return [
            dict(
                position_code=pc,
                position=pn,
                kpi_code=kc,
                kpi=kn,
                line_no=sort + 1,
                period=period,
                occurred_on=day,
                count=count,
                note=note,
            )
            for pc, pn, kc, kn, sort, period, day, count, note in rows
        ]

    def event_keys(self) -> set[tuple]:
        """(line id, period id, date, count, note) of every deduction event, to import once."""
        return set(
            self.session.execute(
                select(
                    DeductionEventRecord.line_id,
                    DeductionEventRecord.period_id,
                    DeductionEventRecord.occurred_on,
                    DeductionEventRecord.count,
                    DeductionEventRecord.note,
                )
            ).all()
        )

    def add_events(self, rows: list[dict]) -> None:
        # As ORM objects, so the flush audits each event (storage.tamper replays the log):
        # events are few, a bulk insert would leave them without a trail.
        self.session.add_all(DeductionEventRecord(**row) for row in rows)
        self.session.flush()

    # lookups for importing ---------------------------------------------------------------------
    @reads_stored_values
    def line_table(self) -> list[tuple]:
        """Every contract line as (line id, position code, year, line no, KPI code, rule,
        weight, status), for resolving imported rows to their line."""
        rows = self.session.execute(
            _line_context(
                select(
                    ContractLineRecord.id,
                    PositionRecord.code,
                    YearRecord.year,
                    ContractLineRecord.sort,
                    IndicatorRecord.code,
                    cast(ContractLineRecord.rule, Text),  # decoded once per distinct rule
                    ContractLineRecord.weight,
                    ContractRecord.status,
                )
            )
        )
        rules: dict[str, dict] = {}
        return [
            (
                lid,
                pos,
                year,
                sort + 1,
                kpi,
                rules.get(rule) or rules.setdefault(rule, json.loads(rule)),
                weight,
                status,
            )
            for lid, pos, year, sort, kpi, rule, weight, status in rows
        ]

    def period_index(self) -> dict[str, dict]:
        return {
            code: dict(id=pid, closed=closed, year=year)
            for pid, code, closed, year in self.session.execute(
                select(
                    PeriodRecord.id, PeriodRecord.code, PeriodRecord.closed, YearRecord.year
                ).join(YearRecord, PeriodRecord.year_id == YearRecord.id)
            )
        }

    def codes(self, kind: str) -> dict[str, int]:
        """code → id of ``units``, ``positions``, ``employees`` or ``indicators``."""
        record = {
            "units": UnitRecord,
            "positions": PositionRecord,
            "employees": EmployeeRecord,
            "indicators": IndicatorRecord,
        }[kind]
        return dict(self.session.execute(select(record.code, record.id)).all())

    def years(self) -> set[int]:
        return set(self.session.scalars(select(YearRecord.year)))

    def update_indicator(self, indicator_id: int, fields: dict) -> bool:
        record = self.session.get(IndicatorRecord, indicator_id)
        changed = {k: v for k, v in fields.items() if getattr(record, k) != v}
        for key, value in changed.items():
            setattr(record, key, value)
        return bool(changed)

    def set_reports_to(self, position_id: int, boss_id: int) -> None:
        self.session.get(PositionRecord, position_id).reports_to_id = boss_id

    # bulk writing ---------------------------------------------------------------------------------
    def upsert_actuals(self, columns: ActualColumns, origin: Origin) -> tuple[int, int]:
        """Inserts new actuals, updates changed ones (one audit row per change), leaves equal
        ones alone; returns (inserted, updated)."""
        return upsert_actuals(self.session, columns, origin)


def _line_context(query):
    """Join a query over contract lines to their contract, position, year and KPI."""
    return (
        query.join(ContractRecord, ContractLineRecord.contract_id == ContractRecord.id)
        .join(PositionRecord, ContractRecord.position_id == PositionRecord.id)
        .join(YearRecord, ContractRecord.year_id == YearRecord.id)
        .join(IndicatorRecord, ContractLineRecord.indicator_id == IndicatorRecord.id)
    )

