"""gunicorn.conf.py: workers compile the templates before taking requests, and restart rarely."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

CONFIG = str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")


def html_templates(environment) -> list[str]:
    return environment.list_templates(filter_func=lambda name: name.endswith(".html"))


def test_a_new_worker_compiles_every_template_before_its_first_request(app):
    environment = app.jinja_env
    environment.cache.clear()
    beats = []
    worker = SimpleNamespace(wsgi=app, notify=lambda: beats.append(1))

    try:
        runpy.run_path(CONFIG)["post_worker_init"](worker)
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # this is a test process, not a worker

    compiled = {name for _, name in environment.cache}
    assert {"visits/index.html", "base.html", "govuk_frontend_jinja/template.html"} <= compiled
    assert compiled >= set(html_templates(environment))
    assert len(beats) == len(html_templates(environment))  # the arbiter hears it is alive
    assert frozen > 10_000  # what it built to start is left out of full garbage collections


def test_workers_restart_rarely_unless_the_environment_says_otherwise(monkeypatch):
    # 2,000 restarted every worker within the 2-minute load test: each restart stalls requests.
    assert runpy.run_path(CONFIG)["max_requests"] >= 10_000

    monkeypatch.setenv("ICV_MAX_REQUESTS", "500")
    settings = runpy.run_path(CONFIG)

    assert (settings["max_requests"], settings["max_requests_jitter"]) == (500, 50)
