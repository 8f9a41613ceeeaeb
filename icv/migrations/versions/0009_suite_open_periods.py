"""suite open periods: when a contingency suite is open, so the rota visits it only then

Revision ID: 0009_suite_open_periods
Revises: 0008_figures_indexes
Create Date: 2026-11-28 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009_suite_open_periods"
down_revision = "0008_figures_indexes"
branch_labels = None
depends_on = None


def upgrade():
    # Checked by hand: a new table only, nothing to backfill (a contingency suite with no
    # period is closed, as the rota treated it before); constraint names follow the naming
    # convention in icv/extensions.py, so SQLite and PostgreSQL get the same ones.
    op.create_table(
        "suite_open_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suite_id", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["suite_id"],
            ["suites.id"],
            name=op.f("fk_suite_open_periods_suite_id_suites"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suite_open_periods")),
    )
    with op.batch_alter_table("suite_open_periods", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_suite_open_periods_suite_id"), ["suite_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("suite_open_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suite_open_periods_suite_id"))
    op.drop_table("suite_open_periods")
