"""bulk imports: an imports table the actuals point to; actuals lose their single-column
indexes (line_id is covered by the unique (line_id, period_id) index; period_id alone only
slows bulk imports)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("file", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    with op.batch_alter_table("actuals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actuals_line_id"))
        batch_op.drop_index(batch_op.f("ix_actuals_period_id"))
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_actuals_import_id_imports"), "imports", ["import_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("actuals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_actuals_import_id_imports"), type_="foreignkey")
        batch_op.drop_column("import_id")
        batch_op.create_index(batch_op.f("ix_actuals_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actuals_line_id"), ["line_id"], unique=False)
    op.drop_table("imports")
