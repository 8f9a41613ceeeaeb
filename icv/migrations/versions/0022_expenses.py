"""expenses claims: mileage, parking, public transport and other costs, with receipts

Revision ID: 0022_expenses
Revises: 0021_volunteer_service
Create Date: 2026-12-02 06:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0022_expenses"
down_revision = "0021_volunteer_service"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "expense_claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "claimant_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("panel_id", sa.Integer(), sa.ForeignKey("panels.id", ondelete="SET NULL")),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("incurred_on", sa.Date(), nullable=False),
        sa.Column(
            "report_id", sa.Integer(), sa.ForeignKey("visit_reports.id", ondelete="SET NULL")
        ),
        sa.Column("meeting", sa.String(200), nullable=False),
        sa.Column("start_place", sa.String(120), nullable=False),
        sa.Column("end_place", sa.String(120), nullable=False),
        sa.Column("miles_tenths", sa.Integer()),
        sa.Column("rate_pence", sa.Integer()),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("receipt_name", sa.String(80)),
        sa.Column("receipt_type", sa.String(40)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("return_reason", sa.String(500), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("paid_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("claimant_id", "panel_id", "incurred_on", "report_id", "status"):
        op.create_index(f"ix_expense_claims_{column}", "expense_claims", [column])


def downgrade():
    op.drop_table("expense_claims")
