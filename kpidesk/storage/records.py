"""ORM records: the schema of a .kpidesk document (METHOD.md §2–§10).

Everything is portable SQL through SQLAlchemy: the same records live in SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    pass


Base.metadata.naming_convention = NAMING


def _fk(target: str, nullable: bool = False, ondelete: str | None = None) -> Mapped:
    return mapped_column(ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class SettingRecord(Base):
    """Firm policy and firm facts as JSON values (category set, quotas, pay breakpoints…)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class CategoryRecord(Base):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("category_set", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    category_set: Mapped[str] = mapped_column(String(64), default="default")
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    default_weight: Mapped[float] = mapped_column(Float, default=0)
    deduction: Mapped[bool] = mapped_column(Boolean, default=False)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class UnitRecord(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = _fk("units.id", nullable=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(
        String(32), default="department"
    )  # company/division/department…
    sort: Mapped[int] = mapped_column(Integer, default=0)
    # Ended, not deleted: contracts and history still name it; it leaves the working tree.
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    positions: Mapped[list[PositionRecord]] = relationship(
        back_populates="unit", order_by="PositionRecord.sort"
    )


class PositionRecord(Base):
    __tablename__ = "positions"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = _fk("units.id")
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    key_position: Mapped[bool] = mapped_column(Boolean, default=True)
    employee_class: Mapped[str] = mapped_column(String(32), default="management")
    reports_to_id: Mapped[int | None] = _fk("positions.id", nullable=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[UnitRecord] = relationship(back_populates="positions")


class EmployeeRecord(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)  # left the firm


class AssignmentRecord(Base):
    """Who holds which position when."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = _fk("employees.id")
    position_id: Mapped[int] = _fk("positions.id")
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)


class IndicatorRecord(Base):
    """A KPI dictionary entry (§4)."""

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    definition: Mapped[str] = mapped_column(Text, default="")  # 内涵
    # §5 step 2: the points a reader may doubt, and the reading everyone agreed on.
    doubt_points: Mapped[str] = mapped_column(Text, default="")
    agreed_reading: Mapped[str] = mapped_column(Text, default="")
    formula: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(32), default="")
    direction: Mapped[str] = mapped_column(String(8), default="higher")
    category: Mapped[str] = mapped_column(String(32))
    quantitative: Mapped[bool] = mapped_column(Boolean, default=True)
    data_source: Mapped[str] = mapped_column(String(200), default="")
    cycle: Mapped[str] = mapped_column(String(16), default="month")
    monitoring: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_level: Mapped[str] = mapped_column(String(32), default="")


class ValueTreeRecord(Base):
    """One value tree of the firm (seed 000: each division its own view); its nodes carry its
    code in ``value_tree_nodes.tree``."""

    __tablename__ = "value_trees"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int | None] = _fk("units.id", nullable=True)  # the division it serves
    sort: Mapped[int] = mapped_column(Integer, default=0)


class TreeNodeRecord(Base):
    __tablename__ = "value_tree_nodes"
    id: Mapped[int] = mapped_column(primary_key=True)
    tree: Mapped[str] = mapped_column(String(64), default="main")
    label: Mapped[str] = mapped_column(String(200))
    indicator_id: Mapped[int | None] = _fk("indicators.id", nullable=True)
    parent_id: Mapped[int | None] = _fk("value_tree_nodes.id", nullable=True)
    operator: Mapped[str] = mapped_column(String(1), default="+")
    owner_unit_id: Mapped[int | None] = _fk("units.id", nullable=True)
    owner_position_id: Mapped[int | None] = _fk("positions.id", nullable=True)
    baseline: Mapped[float | None] = mapped_column(Float, nullable=True)  # leaf value for what-ifs
    sort: Mapped[int] = mapped_column(Integer, default=0)


class YearRecord(Base):
    __tablename__ = "assessment_years"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    periods: Mapped[list[PeriodRecord]] = relationship(order_by="PeriodRecord.id")


class PeriodRecord(Base):
    __tablename__ = "periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = _fk("assessment_years.id")
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class ContractRecord(Base):
    __tablename__ = "contracts"
    __table_args__ = (UniqueConstraint("position_id", "year_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = _fk("positions.id")
    year_id: Mapped[int] = _fk("assessment_years.id")
    contractee_id: Mapped[int | None] = _fk("employees.id", nullable=True)
    issuer1_id: Mapped[int | None] = _fk("employees.id", nullable=True)
    issuer2_id: Mapped[int | None] = _fk("employees.id", nullable=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    lines: Mapped[list[ContractLineRecord]] = relationship(
        back_populates="contract", order_by="ContractLineRecord.sort", cascade="all, delete-orphan"
    )
    position: Mapped[PositionRecord] = relationship()


class ContractLineRecord(Base):
    __tablename__ = "contract_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = _fk("contracts.id", ondelete="CASCADE")
    sort: Mapped[int] = mapped_column(Integer, default=0)
    indicator_id: Mapped[int] = _fk("indicators.id")
    category: Mapped[str] = mapped_column(String(32))
    weight: Mapped[float] = mapped_column(Float, default=0)
    unit: Mapped[str] = mapped_column(String(32), default="")
    minimum: Mapped[float | None] = mapped_column(Float, nullable=True)
    base: Mapped[float | None] = mapped_column(Float, nullable=True)
    challenge: Mapped[float | None] = mapped_column(Float, nullable=True)
    target_note: Mapped[str] = mapped_column(
        String(200), default=""
    )  # e.g. "力争23.2", product mix
    rule: Mapped[dict] = mapped_column(JSON)
    data_source: Mapped[str] = mapped_column(String(200), default="")
    cycle: Mapped[str] = mapped_column(String(16), default="month")
    contract: Mapped[ContractRecord] = relationship(back_populates="lines")
    indicator: Mapped[IndicatorRecord] = relationship()


class AmendmentRecord(Base):
    """A target changed after signing (§8: within the flex band, approved and recorded)."""

    __tablename__ = "target_amendments"
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = _fk("contract_lines.id", ondelete="CASCADE")
    field: Mapped[str] = mapped_column(String(32))
    old: Mapped[object] = mapped_column(JSON, nullable=True)
    new: Mapped[object] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)
    # The period code from which the new value governs; None: from the first period.
    effective_from: Mapped[str | None] = mapped_column(String(16), nullable=True)


class ImportRecord(Base):
    """One workbook imported: who, when, which file (its SHA-256), how many actuals it added
    and changed. Actuals it added point here instead of taking an audit row each; those it
    changed get one each, with the old value."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    who: Mapped[str] = mapped_column(String(200))
    file: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)


class ActualRecord(Base):
    __tablename__ = "actuals"
    __table_args__ = (UniqueConstraint("line_id", "period_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique (line_id, period_id) index serves lookups by line. No index on line_id or
    # period_id alone: each costs a bulk import of 600,000 rows a third more time, and a period
    # is read across all lines only by whole-table passes (exports, meeting packs).
    line_id: Mapped[int] = mapped_column(
        ForeignKey("contract_lines.id", ondelete="CASCADE"), nullable=False
    )
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"), nullable=False)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    value_text: Mapped[object] = mapped_column(
        JSON, nullable=True
    )  # grade label or task shortfalls
    source: Mapped[str] = mapped_column(String(200), default="")
    entered_by: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("imports.id"), nullable=True
    )  # the import that wrote the value, if one did


class DeductionEventRecord(Base):
    __tablename__ = "deduction_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = _fk("contract_lines.id", ondelete="CASCADE")
    period_id: Mapped[int] = _fk("periods.id")
    occurred_on: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")


class RatingRecord(Base):
    """Ability and attitude ratings (seed 001 slides 40–43)."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = _fk("employees.id")
    period_id: Mapped[int] = _fk("periods.id")
    kind: Mapped[str] = mapped_column(String(16))  # ability / attitude
    factor: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    rater: Mapped[str] = mapped_column(String(200), default="")
