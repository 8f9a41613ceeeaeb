"""visit reports: juveniles, vulnerable adults and the overall rating may be left out (NULL)

Revision ID: 0012_optional_report_fields
Revises: 0011_encrypt_totp_secrets
Create Date: 2026-11-27 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_optional_report_fields"
down_revision = "0011_encrypt_totp_secrets"
branch_labels = None
depends_on = None

COLUMNS = {"juveniles": sa.Integer(), "vulnerable_adults": sa.Integer(), "rating": sa.String(20)}


def upgrade():
    # Checked by hand: only NOT NULL is dropped; stored reports keep their values (no backfill
    # needed). NULL means "not recorded" / "not given" (docs/visit-report-contract.md).
    with op.batch_alter_table("visit_reports", schema=None) as batch_op:
        for name, kind in COLUMNS.items():
            batch_op.alter_column(name, existing_type=kind, nullable=True)


def downgrade():
    # Reports sent without these fields get the values the form would have offered.
    visit_reports = sa.table(
        "visit_reports",
        sa.column("juveniles", sa.Integer),
        sa.column("vulnerable_adults", sa.Integer),
        sa.column("rating", sa.String),
    )
    for name, value in (("juveniles", 0), ("vulnerable_adults", 0), ("rating", "satisfactory")):
        column = visit_reports.c[name]
        op.execute(visit_reports.update().where(column.is_(None)).values({name: value}))
    with op.batch_alter_table("visit_reports", schema=None) as batch_op:
        for name, kind in COLUMNS.items():
            batch_op.alter_column(name, existing_type=kind, nullable=False)
