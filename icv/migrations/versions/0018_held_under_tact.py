"""detainee records: held under the Terrorism Act 2000 s.41 (format 2)

Revision ID: 0018_held_under_tact
Revises: 0017_figures_format_2
Create Date: 2026-12-02 06:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_held_under_tact"
down_revision = "0017_figures_format_2"
branch_labels = None
depends_on = None


def upgrade():
    # NULL is "not recorded", as for format 2's other yes/no answers (and every format-1 row).
    with op.batch_alter_table("detainee_records") as batch:
        batch.add_column(sa.Column("held_under_tact", sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table("detainee_records") as batch:
        batch.drop_column("held_under_tact")
