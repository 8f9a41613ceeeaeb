"""applications.language: the language an applicant applied in ("en" or "cy"; empty:
English), so every email to them is written in it, whoever moves them on (issue 19)

Revision ID: 0026_application_language
Revises: 0025_language
Create Date: 2026-12-02 10:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026_application_language"
down_revision = "0025_language"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("language", sa.String(5), nullable=True))


def downgrade():
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("language")
