"""Authenticator secrets are stored encrypted: a copy of the database alone does not give them
away, a lost key locks sign-in rather than opening it, keys can be rotated, and migration 0011
encrypts secrets stored before it."""

from __future__ import annotations

import pyotp
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask_migrate import upgrade

from icv import create_app
from icv.auth import two_factor
from icv.crypto import UNREADABLE, derived_key
from icv.extensions import db
from icv.models import Role, User
from tests.conftest import PASSWORD, TOTP_SECRET, post_form


def stored_secret(user_id: int) -> str:
    """What the database holds, read past the model's column type."""
    return db.session.execute(
        sa.text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user_id}
    ).scalar_one()


def use_keys(app, monkeypatch, *keys: str) -> None:
    monkeypatch.setitem(app.config, "ENCRYPTION_KEYS", ",".join(keys))
    monkeypatch.delitem(app.extensions, "icv_fernet", raising=False)
    db.session.expire_all()


def test_the_database_holds_ciphertext_and_sign_in_still_works(app, client, make_user):
    user = make_user(Role.COORDINATOR)
    stored = stored_secret(user.id)
    assert TOTP_SECRET not in stored and stored.startswith("gAAAAA")
    key = Fernet(derived_key(app.config["SECRET_KEY"]))  # no ICV_ENCRYPTION_KEYS: from SECRET_KEY
    assert key.decrypt(stored.encode()).decode() == TOTP_SECRET
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == TOTP_SECRET

    post_form(client, "/sign-in", {"email": user.email, "password": PASSWORD})
    response = post_form(client, "/sign-in/code", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_lost_key_refuses_codes_and_never_offers_a_new_set_up(
    app, client, make_user, monkeypatch
):
    user = make_user(Role.ADMIN)
    use_keys(app, monkeypatch, Fernet.generate_key().decode())  # not the key that encrypted it
    assert db.session.get(User, user.id).totp_secret == UNREADABLE
    assert not two_factor.accept_code(db.session.get(User, user.id), pyotp.TOTP(TOTP_SECRET).now())

    client.get("/sign-in")
    step = post_form(client, "/sign-in", {"email": user.email, "password": PASSWORD})
    assert step.headers["Location"].startswith("/sign-in/code")  # not /two-factor/set-up
    refused = post_form(client, "/sign-in/code", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert refused.status_code == 200 and "The code is not correct" in refused.get_data(True)
    assert "Hello" not in client.get("/").get_data(as_text=True)


def test_keys_rotate_without_losing_a_secret(app, make_user, monkeypatch):
    user = make_user(Role.ANALYST)
    old = derived_key(app.config["SECRET_KEY"]).decode()
    new = Fernet.generate_key().decode()
    use_keys(app, monkeypatch, new, old)  # the new key first, the old one still decrypts
    assert db.session.get(User, user.id).totp_secret == TOTP_SECRET

    result = app.test_cli_runner().invoke(args=["encryption", "rotate"])
    assert result.exit_code == 0, result.output
    assert "1 secrets encrypted with the first key" in result.output
    use_keys(app, monkeypatch, new)  # the old key can go now
    assert Fernet(new.encode()).decrypt(stored_secret(user.id).encode()).decode() == TOTP_SECRET
    assert db.session.get(User, user.id).totp_secret == TOTP_SECRET


def test_rotation_names_the_secrets_no_key_opens(app, make_user, monkeypatch):
    make_user(Role.ANALYST)
    use_keys(app, monkeypatch, Fernet.generate_key().decode())
    result = app.test_cli_runner().invoke(args=["encryption", "rotate"])
    assert result.exit_code != 0
    assert "1 secrets could not be decrypted with any configured key" in result.output


def test_migration_0011_encrypts_secrets_stored_in_plain_text(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite",
                      "SECRET_KEY": "migration-test"})  # fmt: skip
    with app.app_context():
        upgrade(revision="0010_figures_summary")
        # The users table as it was then (today's model has later columns), with the secret
        # in plain text, as stored before 0011.
        db.session.execute(
            sa.text("INSERT INTO users (email, name, phone, role, session_token, is_enabled,"
                    " failed_sign_ins, created_at, visits_made, experienced,"
                    " max_visits_per_month, totp_secret)"
                    " VALUES ('a@example.org', 'A', '', 'ADMIN', 'x', true, 0,"
                    " CURRENT_TIMESTAMP, 0, false, 1, :s)"),
            {"s": TOTP_SECRET},
        )  # fmt: skip
        db.session.commit()
        upgrade(revision="0011_encrypt_totp_secrets")
        stored = db.session.execute(sa.text("SELECT totp_secret FROM users")).scalar_one()
        assert stored.startswith("gAAAAA")
        assert db.session.scalar(sa.select(User.totp_secret)) == TOTP_SECRET  # decrypted
        db.session.remove()
        db.engine.dispose()
