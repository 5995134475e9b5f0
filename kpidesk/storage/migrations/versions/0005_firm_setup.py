"""firm setup: units, positions and people can be archived (ended, never deleted while
contracts or history name them); a KPI dictionary entry keeps its doubt points and agreed
reading (§5 step 2); a firm may hold several value trees (``value_trees``, one row per tree
its nodes already name)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 06:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ARCHIVABLE = ("units", "positions", "employees")


def upgrade() -> None:
    # Columns are added in place: copying ``units`` to a new table (batch mode's way) would
    # break the foreign keys that point at it.
    for table in ARCHIVABLE:
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.add_column(
                sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false())
            )
    with op.batch_alter_table("indicators", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("doubt_points", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("agreed_reading", sa.Text(), nullable=False, server_default="")
        )
    trees = op.create_table(
        "value_trees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_value_trees_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_value_trees")),
        sa.UniqueConstraint("code", name=op.f("uq_value_trees_code")),
    )
    with op.batch_alter_table("value_trees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_value_trees_unit_id"), ["unit_id"], unique=False)
    # Every tree the nodes already name becomes a row; the first is named after the firm's
    # main tree, as the app showed it until now.
    codes = [
        row[0]
        for row in op.get_bind().execute(
            sa.text("SELECT DISTINCT tree FROM value_tree_nodes ORDER BY tree")
        )
    ]
    op.bulk_insert(
        trees,
        [
            {"code": code, "name": "价值树" if code == "main" else code, "unit_id": None, "sort": i}
            for i, code in enumerate(codes)
        ],
    )


def downgrade() -> None:
    # Dropped in place too (SQLite 3.35+).
    with op.batch_alter_table("value_trees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_value_trees_unit_id"))
    op.drop_table("value_trees")
    with op.batch_alter_table("indicators", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("agreed_reading")
        batch_op.drop_column("doubt_points")
    for table in ARCHIVABLE:
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_column("archived")
