"""Request logs (JSON lines with a request id, no secrets), /readyz, and the 400 error page."""

import json
import logging
import os
import subprocess
import sys

from flask import abort, request

from icv import create_app
from icv.auth.reset import reset_token
from icv.models import Role
from icv.request_log import JsonFormatter
from tests.conftest import PASSWORD, ROOT, sign_in


def _request_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "icv.request"]


def test_each_request_is_one_json_line_with_its_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="icv.request"):
        response = client.get("/healthz", headers={"X-Request-ID": "proxy-id-42"})
    assert response.headers["X-Request-ID"] == "proxy-id-42"
    [line] = _request_lines(caplog)
    assert line["request_id"] == "proxy-id-42"
    assert {"time", "level", "method", "path", "status", "duration_ms", "user_id"} <= set(line)
    assert (line["method"], line["path"], line["status"], line["level"]) == (
        "GET",
        "/healthz",
        200,
        "info",
    )


def test_a_request_id_is_made_when_none_or_a_strange_one_comes_in(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    strange = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    assert len(made) == 32 and strange.headers["X-Request-ID"] not in {"bad id <script>", made}


def test_logs_hold_no_passwords_tokens_or_query_strings(app, client, make_user, caplog):
    user = make_user(Role.ADMIN)
    token = reset_token(user)
    with caplog.at_level(logging.INFO, logger="icv.request"):
        sign_in(client, user)
        client.get(f"/reset-password/{token}?email={user.email}")
    lines = _request_lines(caplog)
    text = "\n".join(json.dumps(line) for line in lines)
    assert PASSWORD not in text and token not in text and user.email not in text
    assert any(line["path"] == "/reset-password/<token>" for line in lines)
    signed_in = [line for line in lines if line["path"] == "/sign-in/code"]
    assert signed_in and signed_in[-1]["user_id"] == user.id  # once they are known


def test_the_server_writes_json_lines_to_stderr(tmp_path):
    script = (
        "from icv import create_app\n"
        "app = create_app({'SECRET_KEY': 'x', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
        "app.test_client().get('/healthz', headers={'X-Request-ID': 'from-the-test'})\n"
    )
    env = {**os.environ, "ICV_INSTANCE_PATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert any(line.get("request_id") == "from-the-test" for line in lines), done.stderr


def test_readyz_is_ok_when_the_schema_is_at_the_newest_migration(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_is_503_when_migrations_are_missing(tmp_path):
    behind = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.sqlite"}
    )
    response = behind.test_client().get("/readyz")
    assert response.status_code == 503
    assert "flask db upgrade" in response.json["problem"]


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path):
    nowhere = f"sqlite:///{tmp_path}/no/such/folder/db.sqlite"
    down = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": nowhere})
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["problem"] == "The database is not reachable."


def test_a_bad_request_gets_the_services_400_page_or_json_on_the_api(tmp_path):
    other = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    other.add_url_rule("/broken", view_func=lambda: abort(400))
    other.add_url_rule("/api/broken", endpoint="api_broken", view_func=lambda: abort(400))
    client = other.test_client()
    page = client.get("/broken")
    assert page.status_code == 400
    assert "Sorry, there is a problem with your request" in page.get_data(as_text=True)
    api = client.get("/api/broken")
    assert api.status_code == 400 and api.json["error"] == "bad_request"
    assert api.json["message"] == "Go back, check what you entered and try again."


def test_proxy_fix_is_on_when_configured():
    settings = {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    proxied, direct = create_app({**settings, "PROXY_FIX": 1}), create_app(settings)
    for app in (proxied, direct):
        app.add_url_rule("/who", view_func=lambda: request.remote_addr or "")
    forwarded = {"X-Forwarded-For": "198.51.100.9"}
    assert proxied.test_client().get("/who", headers=forwarded).text == "198.51.100.9"
    assert direct.test_client().get("/who", headers=forwarded).text == "127.0.0.1"
