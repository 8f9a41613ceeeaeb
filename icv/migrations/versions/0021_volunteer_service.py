"""hours given and appraisals (issue 18): time volunteers gave at meetings and training,
observed visits and appraisals, and the day probation ended

Revision ID: 0021_volunteer_service
Revises: 0020_publishing
Create Date: 2026-12-02 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021_volunteer_service"
down_revision = "0020_publishing"
branch_labels = None
depends_on = None


def _user_key(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
    )


def upgrade():
    # Checked by hand: two new tables and one nullable column. Volunteers not on probation
    # finished it on a day nobody recorded: their appointment day stands in for it, so that
    # "on probation" (appointed, not finished) keeps meaning what their status said.
    op.create_table(
        "time_given",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        _user_key("time_given", "user_id", "CASCADE"),
        _user_key("time_given", "recorded_by_id", "SET NULL"),
        _user_key("time_given", "confirmed_by_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_given")),
    )
    with op.batch_alter_table("time_given", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_time_given_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_time_given_given_on"), ["given_on"], unique=False)
    op.create_table(
        "appraisals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("held_by", sa.String(length=120), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _user_key("appraisals", "user_id", "CASCADE"),
        _user_key("appraisals", "recorded_by_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisals")),
    )
    with op.batch_alter_table("appraisals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appraisals_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("probation_completed_on", sa.Date(), nullable=True))
    op.execute(
        "UPDATE users SET probation_completed_on = appointed_on "
        "WHERE appointed_on IS NOT NULL AND status IS NOT NULL AND status != 'probation'"
    )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("probation_completed_on")
    with op.batch_alter_table("appraisals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisals_user_id"))
    op.drop_table("appraisals")
    with op.batch_alter_table("time_given", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_time_given_given_on"))
        batch_op.drop_index(batch_op.f("ix_time_given_user_id"))
    op.drop_table("time_given")
