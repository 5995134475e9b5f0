"""line targets: an amendment takes effect from a period (target_amendments.effective_from;
existing amendments govern from the first period, as before); a line whose scoring rule kept
its own copy of a target level different from the line's shown targets is repaired: the shown
level wins, and on a signed or closed contract the repair is recorded as an amendment so the
seal still verifies

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 01:30:00
"""

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from kpidesk.core.rules import line_rule, target_disagreements
from kpidesk.i18n import _

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

REPAIRER = "kpidesk"
_TYPED = (
    sa.bindparam("old", type_=sa.JSON(none_as_null=True)),
    sa.bindparam("new", type_=sa.JSON(none_as_null=True)),
    sa.bindparam("at", type_=sa.DateTime()),
)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def repair_line_targets(connection) -> int:
    """Rewrite every rule that disagrees with its line's shown targets; an empty shown level
    takes the rule's value (what was scored). Returns how many lines were repaired."""
    rows = connection.execute(
        sa.text(
            "SELECT l.id, l.rule, l.minimum, l.base, l.challenge, c.status "
            "FROM contract_lines l JOIN contracts c ON c.id = l.contract_id"
        )
    ).all()
    now = datetime.now().replace(microsecond=0)
    reason = _("Repaired by the upgrade: the scoring rule now uses the targets the line shows")
    repaired = 0
    for line_id, rule_text, minimum, base, challenge, status in rows:
        rule = _json(rule_text)
        if not isinstance(rule, dict):
            continue
        disagreements = target_disagreements(rule, minimum, base, challenge)
        if not disagreements:
            continue
        shown = {"minimum": minimum, "base": base, "challenge": challenge}
        changes = []  # (field, old, new)
        for level, line_value, rule_value in disagreements:
            if line_value is None:  # nothing shown: the line shows what was scored
                shown[level] = rule_value
                changes.append((level, None, rule_value))
        new_rule = line_rule(rule, shown["minimum"], shown["base"], shown["challenge"])
        if new_rule != rule:
            changes.append(("rule", rule, new_rule))
        connection.execute(
            sa.text(
                "UPDATE contract_lines SET rule = :rule, minimum = :minimum, base = :base, "
                "challenge = :challenge WHERE id = :id"
            ).bindparams(sa.bindparam("rule", type_=sa.JSON())),
            {"rule": new_rule, "id": line_id, **shown},
        )
        for field, old, new in changes:
            values = {"line_id": line_id, "field": field, "old": old, "new": new, "at": now}
            connection.execute(
                sa.text(
                    "INSERT INTO audit_log (at, who, action, entity, entity_id, field, old, new) "
                    "VALUES (:at, :who, 'update', 'contract_lines', :line_id, :field, :old, :new)"
                ).bindparams(*_TYPED),
                {**values, "who": REPAIRER},
            )
            if status in ("signed", "closed"):
                connection.execute(
                    sa.text(
                        "INSERT INTO target_amendments "
                        "(line_id, field, old, new, reason, approved_by, at) "
                        "VALUES (:line_id, :field, :old, :new, :reason, :approved_by, :at)"
                    ).bindparams(*_TYPED),
                    {**values, "reason": reason, "approved_by": REPAIRER},
                )
        repaired += 1
    return repaired


def upgrade() -> None:
    with op.batch_alter_table("target_amendments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effective_from", sa.String(length=16), nullable=True))
    repair_line_targets(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("target_amendments", schema=None) as batch_op:
        batch_op.drop_column("effective_from")
