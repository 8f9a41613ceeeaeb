"""visit reports format 2: what each person's record says about sex, age, offered a visit,
appropriate adult, interpreter, mental health, strip search, safety clothing, force and the
custody record (issue 15)

Revision ID: 0014_report_format_2
Revises: 0013_visit_overrides
Create Date: 2026-12-02 04:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_report_format_2"
down_revision = "0013_visit_overrides"
branch_labels = None
depends_on = None


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=False, server_default="")


def _person_columns() -> list[sa.Column]:
    """Codes and yes/no are NULL for "not recorded", and in every row stored before."""
    codes = {"sex": 20, "age_band": 20, "appropriate_adult": 30, "interpreter": 30}
    flags = (
        "offered_visit", "mental_health_concern", "strip_searched", "safety_clothing",
        "force_reported", "custody_record_examined", "custody_record_consent",
    )  # fmt: skip
    notes = {"strip_searched_note": 200, "safety_clothing_note": 200, "force_reported_note": 200}
    return [
        *(sa.Column(name, sa.String(length), nullable=True) for name, length in codes.items()),
        *(sa.Column(name, sa.Boolean(), nullable=True) for name in flags),
        _text("language", 50),
        *(_text(name, length) for name, length in notes.items()),
        sa.Column("custody_record_findings", sa.JSON(), nullable=True),
        _text("custody_record_note", 500),
    ]


def upgrade():
    # Checked by hand: new columns only. Stored reports were all format 1 (server default 1),
    # their rows hold NULL or "" in the new columns, which is how format 1 is read back.
    with op.batch_alter_table("visit_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("format_version", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("detainee_records", schema=None) as batch_op:
        for column in _person_columns():
            batch_op.add_column(column)


def downgrade():
    # Format 2's fields are lost; the report's original body (visit_reports.body) keeps them.
    with op.batch_alter_table("detainee_records", schema=None) as batch_op:
        for column in reversed(_person_columns()):
            batch_op.drop_column(column.name)
    with op.batch_alter_table("visit_reports", schema=None) as batch_op:
        batch_op.drop_column("format_version")
