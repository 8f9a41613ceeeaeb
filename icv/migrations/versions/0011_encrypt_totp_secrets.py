"""two-factor secrets stored encrypted (icv/crypto.py): a wider column, existing secrets encrypted

Revision ID: 0011_encrypt_totp_secrets
Revises: 0010_figures_summary
Create Date: 2026-11-27 16:20:00

"""

import re

import sqlalchemy as sa
from alembic import op

from icv import crypto

# revision identifiers, used by Alembic.
revision = "0011_encrypt_totp_secrets"
down_revision = "0010_figures_summary"
branch_labels = None
depends_on = None

PLAIN_SECRET = re.compile(r"[A-Z2-7]+=*")  # base32, as authenticator apps take it
users = sa.table("users", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def upgrade():
    # A Fernet token of a 32-character secret is 140 characters.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", type_=sa.String(length=255))
    _rewrite(lambda value: crypto.encrypt(value) if PLAIN_SECRET.fullmatch(value) else value)


def downgrade():
    _rewrite(lambda value: value if PLAIN_SECRET.fullmatch(value) else crypto.decrypt(value))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", type_=sa.String(length=64))


def _rewrite(change) -> None:
    """Runs inside the app (flask db upgrade), so the configured keys are the app's."""
    connection = op.get_bind()
    stored = connection.execute(sa.select(users).where(users.c.totp_secret.is_not(None)))
    for user_id, value in stored.all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(totp_secret=change(value))
        )
