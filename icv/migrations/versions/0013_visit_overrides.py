"""visit overrides: a coordinator's reason for setting a soft rota rule aside, or for putting
back a visit marked missed

Revision ID: 0013_visit_overrides
Revises: 0012_optional_report_fields
Create Date: 2026-12-02 01:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_visit_overrides"
down_revision = "0012_optional_report_fields"
branch_labels = None
depends_on = None


def upgrade():
    # Checked by hand: a new table only, nothing to backfill (no visit had an override before);
    # constraint names follow the naming convention in icv/extensions.py.
    op.create_table(
        "visit_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheduled_visit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["made_by_id"],
            ["users.id"],
            name=op.f("fk_visit_overrides_made_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["scheduled_visit_id"],
            ["scheduled_visits.id"],
            name=op.f("fk_visit_overrides_scheduled_visit_id_scheduled_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_overrides")),
    )
    with op.batch_alter_table("visit_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_overrides_scheduled_visit_id"),
            ["scheduled_visit_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("visit_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_overrides_scheduled_visit_id"))
    op.drop_table("visit_overrides")
