"""rota: drafts and published rotas, the pair's answers and planned time, calendar feeds, sent notices

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:53:18.356119

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    # Checked by hand: batch mode keeps SQLite happy; named constraints match the models.
    op.create_table(
        "sent_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_notices")),
        sa.UniqueConstraint("key", name=op.f("uq_sent_notices_key")),
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feeds_user_id"), ["user_id"], unique=False)

    op.create_table(
        "rotas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("granularity", sa.String(length=10), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("gaps", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_rotas_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["panel_id"], ["panels.id"], name=op.f("fk_rotas_panel_id_panels")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rotas")),
    )
    with op.batch_alter_table("rotas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rotas_panel_id"), ["panel_id"], unique=False)

    op.create_table(
        "visit_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheduled_visit_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheduled_visit_id"],
            ["scheduled_visits.id"],
            name=op.f("fk_visit_answers_scheduled_visit_id_scheduled_visits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_visit_answers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_answers")),
        sa.UniqueConstraint(
            "scheduled_visit_id", "user_id", name=op.f("uq_visit_answers_scheduled_visit_id")
        ),
    )
    with op.batch_alter_table("visit_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_answers_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("scheduled_visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rota_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("planned_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("pair_planned_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_scheduled_visits_rota_id"), ["rota_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_scheduled_visits_rota_id_rotas"),
            "rotas",
            ["rota_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    # Checked by hand: batch mode keeps SQLite happy; named constraints match the models.
    with op.batch_alter_table("scheduled_visits", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_scheduled_visits_rota_id_rotas"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_scheduled_visits_rota_id"))
        batch_op.drop_column("pair_planned_at")
        batch_op.drop_column("planned_on")
        batch_op.drop_column("rota_id")

    with op.batch_alter_table("visit_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_answers_user_id"))

    op.drop_table("visit_answers")
    with op.batch_alter_table("rotas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rotas_panel_id"))

    op.drop_table("rotas")
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_user_id"))

    op.drop_table("calendar_feeds")
    op.drop_table("sent_notices")
