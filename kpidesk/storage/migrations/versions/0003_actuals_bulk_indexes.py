"""actuals: drop the single-column indexes (line_id is covered by the unique (line_id,
period_id) index; period_id alone only slows bulk imports)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:40:00
"""

from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actuals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actuals_line_id"))
        batch_op.drop_index(batch_op.f("ix_actuals_period_id"))


def downgrade() -> None:
    with op.batch_alter_table("actuals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actuals_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actuals_line_id"), ["line_id"], unique=False)
