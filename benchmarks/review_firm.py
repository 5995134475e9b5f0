"""The firm the review-cycle benchmarks work on (issue 12): 5,000 key positions in 500 units,
one signed contract of 10 monthly lines each (50,000 lines, four data providers), every holder
in one of the three employee classes, and actuals for January–June (300,000 rows) with a few
missing and a few far off. Written in bulk (setup, not what is measured) and deterministic.

    from benchmarks.review_firm import review_firm
    path = review_firm(folder, positions=5000)   # returns the .kpidesk file's path
    empty = review_firm(folder, positions=5000, months=0)   # the same firm, no actuals yet
"""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import insert, select

from kpidesk.services import create_document
from kpidesk.storage.firm_repo import FirmRepository
from kpidesk.storage.records import (
    ActualRecord,
    AssignmentRecord,
    ContractLineRecord,
    ContractRecord,
    EmployeeRecord,
    IndicatorRecord,
    PeriodRecord,
    PositionRecord,
    UnitRecord,
)

RULE = {"kind": "polyline", "challenge": 120.0, "base": 100.0, "minimum": 80.0}
LINES = 10
PROVIDERS = ("计划财务部", "市场经营部", "网络运维部", "人力资源部")
CLASSES = ("management", "sales_service", "research")
MONTHS = 6


def firm_file(folder: Path, positions: int, months: int = MONTHS) -> Path:
    name = f"review_{positions}" + ("" if months == MONTHS else f"_{months}m")
    return Path(folder) / f"{name}.kpidesk"


def review_firm(folder: Path, positions: int = 5000, months: int = MONTHS) -> Path:
    path = firm_file(folder, positions, months)
    if path.exists():
        return path
    rng = random.Random(2003)
    units = max(1, positions // 10)
    with create_document(path, actor="benchmark") as document, document.transaction() as session:
        firm = FirmRepository(session)
        firm.set_setting("current_year", 2003)
        firm.set_setting("firm_name", "基准集团")
        firm.add_year(2003)
        session.execute(
            insert(UnitRecord),
            [dict(id=1, code="U0", name="集团公司", kind="company", sort=0)]
            + [
                dict(
                    id=u + 1, code=f"U{u}", name=f"部门{u}", kind="department", parent_id=1, sort=u
                )
                for u in range(1, units + 1)
            ],
        )
        session.execute(
            insert(IndicatorRecord),
            [
                dict(
                    id=k + 1,
                    code=f"K{k}",
                    name=f"指标{k}",
                    category="financial",
                    data_source=PROVIDERS[k % len(PROVIDERS)],
                )
                for k in range(LINES)
            ],
        )
        session.execute(
            insert(EmployeeRecord),
            [dict(id=p + 1, code=f"E{p}", name=f"员工{p}") for p in range(positions)],
        )
        session.execute(
            insert(PositionRecord),
            [
                dict(
                    id=p + 1,
                    unit_id=p % units + 2,
                    code=f"P{p}",
                    name=f"岗位{p}",
                    sort=p,
                    key_position=True,
                    employee_class=CLASSES[p % 3],
                )
                for p in range(positions)
            ],
        )
        session.execute(
            insert(AssignmentRecord),
            [
                dict(employee_id=p + 1, position_id=p + 1, start=date(2003, 1, 1))
                for p in range(positions)
            ],
        )
        session.execute(
            insert(ContractRecord),
            [
                dict(
                    id=p + 1,
                    position_id=p + 1,
                    year_id=1,
                    contractee_id=p + 1,
                    valid_from=date(2003, 1, 1),
                    valid_to=date(2003, 12, 31),
                    status="signed",
                    signed_on=date(2003, 1, 8),
                )
                for p in range(positions)
            ],
        )
        session.execute(
            insert(ContractLineRecord),
            [
                dict(
                    id=p * LINES + k + 1,
                    contract_id=p + 1,
                    sort=k,
                    indicator_id=k + 1,
                    category="financial",
                    weight=10.0,
                    rule=RULE,
                    minimum=80.0,
                    base=100.0,
                    challenge=120.0,
                    data_source=PROVIDERS[k % len(PROVIDERS)],
                    cycle="month",
                )
                for p in range(positions)
                for k in range(LINES)
            ],
        )
        month_ids = dict(
            session.execute(
                select(PeriodRecord.code, PeriodRecord.id).where(PeriodRecord.kind == "month")
            ).all()
        )
        now = datetime(2003, 7, 8)
        rows = []
        for m in range(1, months + 1):
            period_id = month_ids[f"2003-{m:02d}"]
            for line in range(1, positions * LINES + 1):
                if m == months and rng.random() < 0.02:
                    continue  # June: a few not delivered yet
                value = rng.uniform(85, 118)
                if rng.random() < 0.002:
                    value *= 100  # a typing slip
                rows.append(
                    dict(
                        line_id=line,
                        period_id=period_id,
                        value=round(value, 2),
                        source="benchmark",
                        entered_by="benchmark",
                        entered_at=now,
                    )
                )
        if rows:
            session.execute(insert(ActualRecord), rows)
    return path
