"""training records and TACT-designated suites (issue 16): who is trained on what, until
when, and which suites only TACT-trained volunteers visit

Revision ID: 0016_training_and_tact_suites
Revises: 0015_police
Create Date: 2026-12-02 05:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_training_and_tact_suites"
down_revision = "0015_police"
branch_labels = None
depends_on = None


def upgrade():
    # Checked by hand: new tables and one column with a default, nothing to backfill (no suite
    # was TACT-designated before); constraint names follow icv/extensions.py's convention.
    op.create_table(
        "training_courses",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_training_courses")),
    )
    op.create_table(
        "training_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_code", sa.String(length=40), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_training_records_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_training_records_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_records")),
    )
    with op.batch_alter_table("training_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_records_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("suites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tact_designated", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("suites", schema=None) as batch_op:
        batch_op.drop_column("tact_designated")
    with op.batch_alter_table("training_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_records_user_id"))
    op.drop_table("training_records")
    op.drop_table("training_courses")
