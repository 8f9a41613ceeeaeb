"""visit reports: reports, visitors, a row per detainee, condition checks, amendments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 12:42:39.270059

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "visit_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("suite_id", sa.Integer(), nullable=False),
        sa.Column("scheduled_visit_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("visit_mode", sa.String(length=20), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("admitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("departed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delay_minutes", sa.Integer(), nullable=True),
        sa.Column("delay_reason", sa.String(length=500), nullable=False),
        sa.Column("delay_authorised_by_rank", sa.String(length=100), nullable=False),
        sa.Column("not_completed_reason", sa.Text(), nullable=False),
        sa.Column("detainees_in_custody", sa.Integer(), nullable=False),
        sa.Column("juveniles", sa.Integer(), nullable=False),
        sa.Column("vulnerable_adults", sa.Integer(), nullable=False),
        sa.Column("raised_with_sergeant", sa.Text(), nullable=False),
        sa.Column("sergeant_response", sa.Text(), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=False),
        sa.Column("positive_findings", sa.Text(), nullable=False),
        sa.Column("follow_up_needed", sa.Boolean(), nullable=False),
        sa.Column("follow_up_note", sa.Text(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["scheduled_visit_id"],
            ["scheduled_visits.id"],
            name=op.f("fk_visit_reports_scheduled_visit_id_scheduled_visits"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["users.id"], name=op.f("fk_visit_reports_submitted_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["suite_id"], ["suites.id"], name=op.f("fk_visit_reports_suite_id_suites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_reports")),
        sa.UniqueConstraint("scheduled_visit_id", name=op.f("uq_visit_reports_scheduled_visit_id")),
        sa.UniqueConstraint("uuid", name=op.f("uq_visit_reports_uuid")),
    )
    with op.batch_alter_table("visit_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visit_reports_arrived_at"), ["arrived_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_visit_reports_received_at"), ["received_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_visit_reports_submitted_by_id"), ["submitted_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visit_reports_suite_id"), ["suite_id"], unique=False)

    op.create_table(
        "condition_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["visit_reports.id"],
            name=op.f("fk_condition_checks_report_id_visit_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_condition_checks")),
        sa.UniqueConstraint("report_id", "code", name=op.f("uq_condition_checks_report_id")),
    )
    op.create_table(
        "detainee_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("custody_number", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("unavailable_reason", sa.String(length=40), nullable=True),
        sa.Column("unavailable_other", sa.String(length=500), nullable=False),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("allegation", sa.Text(), nullable=False),
        sa.Column("issues_raised", sa.Text(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("raised_with_staff", sa.Boolean(), nullable=False),
        sa.Column("follow_up", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["visit_reports.id"],
            name=op.f("fk_detainee_records_report_id_visit_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detainee_records")),
        sa.UniqueConstraint("report_id", "position", name=op.f("uq_detainee_records_report_id")),
    )
    op.create_table(
        "report_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_report_amendments_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["visit_reports.id"],
            name=op.f("fk_report_amendments_report_id_visit_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_amendments")),
    )
    with op.batch_alter_table("report_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_amendments_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "report_visitors",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_trainee", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["visit_reports.id"],
            name=op.f("fk_report_visitors_report_id_visit_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_report_visitors_user_id_users")
        ),
        sa.PrimaryKeyConstraint("report_id", "user_id", name=op.f("pk_report_visitors")),
    )
    with op.batch_alter_table("report_visitors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_visitors_user_id"), ["user_id"], unique=False)


def downgrade():
    # Indexes and constraints go with their tables.
    for table in (
        "report_visitors",
        "report_amendments",
        "detainee_records",
        "condition_checks",
        "visit_reports",
    ):
        op.drop_table(table)
