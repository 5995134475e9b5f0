"""review meeting and the audit chain: the meeting calendar and agenda items, attendance, action items, official
results with their snapshot, corrections of official results, the calibration grade log and
annual self-reports (述职) (METHOD.md §9, issue 12); each audit row's digest linking it to the one
before (issue 13), computed here for the rows already written

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(table: str, column: str, target: str, ondelete: str | None = None):
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _seal_audit_log() -> None:
    """Link every audit row already written, oldest first (core.audit_chain's rule)."""
    from kpidesk.core.audit_chain import GENESIS, row_digest

    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime()),
        sa.column("who", sa.String()),
        sa.column("action", sa.String()),
        sa.column("entity", sa.String()),
        sa.column("entity_id", sa.Integer()),
        sa.column("field", sa.String()),
        sa.column("old", sa.JSON()),
        sa.column("new", sa.JSON()),
        sa.column("digest", sa.String()),
    )
    connection = op.get_bind()
    previous, links = GENESIS, []
    for row in connection.execute(
        sa.select(
            audit.c.id,
            audit.c.at,
            audit.c.who,
            audit.c.action,
            audit.c.entity,
            audit.c.entity_id,
            audit.c.field,
            audit.c.old,
            audit.c.new,
        ).order_by(audit.c.id)
    ):
        previous = row_digest(previous, *row[1:])
        links.append({"row_id": row.id, "row_digest": previous})
    if links:
        connection.execute(
            audit.update()
            .where(audit.c.id == sa.bindparam("row_id"))
            .values(digest=sa.bindparam("row_digest")),
            links,
        )


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
    _seal_audit_log()
    # Columns are added in place: copying a table would break the foreign keys into it.
    with op.batch_alter_table("review_meetings", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="planned")
        )
        batch_op.add_column(sa.Column("started_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("place", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("calibration_grades", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("proposed", sa.String(length=32), nullable=True))

    op.create_table(
        "meeting_items",
        _id(),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("discussed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("seconds_spent", sa.Integer(), nullable=False),
        _fk("meeting_items", "meeting_id", "review_meetings", "CASCADE"),
        _fk("meeting_items", "unit_id", "units"),
        _fk("meeting_items", "position_id", "positions"),
        _fk("meeting_items", "contract_id", "contracts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_items")),
    )
    _indexes("meeting_items", "meeting_id", "unit_id", "position_id", "contract_id")

    op.create_table(
        "meeting_attendance",
        _id(),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        _fk("meeting_attendance", "meeting_id", "review_meetings", "CASCADE"),
        _fk("meeting_attendance", "item_id", "meeting_items", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
    )
    _indexes("meeting_attendance", "meeting_id", "item_id")

    op.create_table(
        "action_items",
        _id(),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_meeting_id", sa.Integer(), nullable=True),
        _fk("action_items", "meeting_id", "review_meetings"),
        _fk("action_items", "item_id", "meeting_items"),
        _fk("action_items", "done_meeting_id", "review_meetings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    _indexes("action_items", "meeting_id", "item_id", "done_meeting_id")

    op.create_table(
        "official_results",
        _id(),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("made_by", sa.String(length=200), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        _fk("official_results", "period_id", "periods"),
        _fk("official_results", "meeting_id", "review_meetings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_results")),
        sa.UniqueConstraint("period_id", name=op.f("uq_official_results_period_id")),
    )
    _indexes("official_results", "meeting_id")

    op.create_table(
        "result_corrections",
        _id(),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=True),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        _fk("result_corrections", "period_id", "periods"),
        _fk("result_corrections", "line_id", "contract_lines"),
        _fk("result_corrections", "appeal_id", "appeals"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_result_corrections")),
    )
    _indexes("result_corrections", "period_id", "line_id", "appeal_id")

    op.create_table(
        "grade_changes",
        _id(),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("old_grade", sa.String(length=32), nullable=True),
        sa.Column("new_grade", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("authorised_by", sa.String(length=200), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        _fk("grade_changes", "period_id", "periods"),
        _fk("grade_changes", "employee_id", "employees"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_changes")),
    )
    _indexes("grade_changes", "period_id", "employee_id")

    op.create_table(
        "self_reports",
        _id(),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("self_reports", "employee_id", "employees"),
        _fk("self_reports", "period_id", "periods"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_reports")),
        sa.UniqueConstraint("employee_id", "period_id", name=op.f("uq_self_reports_employee_id")),
    )
    _indexes("self_reports", "employee_id", "period_id")


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("digest")
    for table in (
        "self_reports",
        "grade_changes",
        "result_corrections",
        "official_results",
        "action_items",
        "meeting_attendance",
        "meeting_items",
    ):
        op.drop_table(table)
    with op.batch_alter_table("calibration_grades", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("proposed")
    with op.batch_alter_table("review_meetings", schema=None, recreate="never") as batch_op:
        for column in ("place", "ended_at", "started_at", "status"):
            batch_op.drop_column(column)
