"""users.language: the language a user chose on the switch ("en" or "cy"; empty: their
browser's), issue 19

Revision ID: 0025_language
Revises: 0024_tact_report
Create Date: 2026-12-02 08:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025_language"
down_revision = "0024_tact_report"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(5), nullable=True))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
