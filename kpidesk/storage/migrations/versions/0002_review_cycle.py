"""review cycle: meetings, calibration, interviews, appeals

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:27:30.185888
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f("fk_appeals_employee_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name=op.f("fk_appeals_period_id_periods")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appeals_employee_id"), ["employee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeals_period_id"), ["period_id"], unique=False)

    op.create_table(
        "feedback_interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("interviewer", sa.String(length=200), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("improvements", sa.Text(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("next_targets", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_feedback_interviews_employee_id_employees"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name=op.f("fk_feedback_interviews_period_id_periods")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_interviews")),
    )
    with op.batch_alter_table("feedback_interviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_interviews_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_interviews_period_id"), ["period_id"], unique=False
        )

    op.create_table(
        "review_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name=op.f("fk_review_meetings_period_id_periods")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_meetings")),
    )
    with op.batch_alter_table("review_meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_meetings_period_id"), ["period_id"], unique=False
        )

    op.create_table(
        "appeal_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"],
            ["appeals.id"],
            name=op.f("fk_appeal_steps_appeal_id_appeals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal_steps")),
    )
    with op.batch_alter_table("appeal_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appeal_steps_appeal_id"), ["appeal_id"], unique=False)

    op.create_table(
        "calibration_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("grade", sa.String(length=32), nullable=False),
        sa.Column("performance_level", sa.String(length=8), nullable=True),
        sa.Column("potential_level", sa.String(length=8), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_calibration_grades_employee_id_employees"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["review_meetings.id"],
            name=op.f("fk_calibration_grades_meeting_id_review_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name=op.f("fk_calibration_grades_period_id_periods")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calibration_grades")),
    )
    with op.batch_alter_table("calibration_grades", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calibration_grades_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_calibration_grades_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_calibration_grades_period_id"), ["period_id"], unique=False
        )

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table("calibration_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calibration_grades_period_id"))
        batch_op.drop_index(batch_op.f("ix_calibration_grades_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_calibration_grades_employee_id"))

    op.drop_table("calibration_grades")
    with op.batch_alter_table("appeal_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeal_steps_appeal_id"))

    op.drop_table("appeal_steps")
    with op.batch_alter_table("review_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_meetings_period_id"))

    op.drop_table("review_meetings")
    with op.batch_alter_table("feedback_interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_interviews_period_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_interviews_employee_id"))

    op.drop_table("feedback_interviews")
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeals_period_id"))
        batch_op.drop_index(batch_op.f("ix_appeals_employee_id"))

    op.drop_table("appeals")
    # ### end Alembic commands ###
