"""actions: follow-up actions from visit reports, their sources and their timeline

Revision ID: 0004_actions
Revises: 0003
Create Date: 2026-11-27 14:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_actions"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    # Checked by hand: new tables only; batch mode keeps SQLite happy; constraint names
    # follow the naming convention in icv/extensions.py, so PostgreSQL gets the same ones.
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("suite_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("custody_number", sa.String(length=30), nullable=False),
        sa.Column("owner", sa.String(length=30), nullable=False),
        sa.Column("owner_other", sa.String(length=200), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("sent_to_police_on", sa.Date(), nullable=True),
        sa.Column("police_response", sa.Text(), nullable=False),
        sa.Column("police_response_on", sa.Date(), nullable=True),
        sa.Column("police_responder", sa.String(length=200), nullable=False),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_reason", sa.Text(), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("last_reminded_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["actions.id"], name=op.f("fk_actions_duplicate_of_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panels.id"], name=op.f("fk_actions_panel_id_panels")
        ),
        sa.ForeignKeyConstraint(
            ["suite_id"], ["suites.id"], name=op.f("fk_actions_suite_id_suites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_closed_on"), ["closed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_panel_id"), ["panel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_raised_on"), ["raised_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_actions_suite_id"), ["suite_id"], unique=False)

    op.create_table(
        "action_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_events_action_id_actions")
        ),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name=op.f("fk_action_events_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_events")),
    )
    with op.batch_alter_table("action_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_events_action_id"), ["action_id"], unique=False)

    op.create_table(
        "action_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("item_key", sa.String(length=60), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_sources_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["visit_reports.id"],
            name=op.f("fk_action_sources_report_id_visit_reports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_sources")),
        sa.UniqueConstraint(
            "report_id", "kind", "item_key", name=op.f("uq_action_sources_report_id")
        ),
    )
    with op.batch_alter_table("action_sources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_sources_action_id"), ["action_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("action_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_sources_action_id"))

    op.drop_table("action_sources")
    with op.batch_alter_table("action_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_events_action_id"))

    op.drop_table("action_events")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_suite_id"))
        batch_op.drop_index(batch_op.f("ix_actions_status"))
        batch_op.drop_index(batch_op.f("ix_actions_raised_on"))
        batch_op.drop_index(batch_op.f("ix_actions_panel_id"))
        batch_op.drop_index(batch_op.f("ix_actions_closed_on"))
        batch_op.drop_index(batch_op.f("ix_actions_category"))

    op.drop_table("actions")
