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
    worker = SimpleNamespace(
        wsgi=app, notify=lambda: beats.append(1), cfg=SimpleNamespace(workers=1), log=None
    )

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


def test_several_workers_counting_limits_in_memory_is_a_loud_warning(app, monkeypatch):
    warnings = []
    log = SimpleNamespace(warning=lambda message, *args: warnings.append(message % args))
    warn = runpy.run_path(CONFIG)["warn_if_limits_count_per_worker"]

    def started(workers: int, storage: str) -> list[str]:
        monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", storage)
        warnings.clear()
        warn(SimpleNamespace(wsgi=app, cfg=SimpleNamespace(workers=workers), log=log))
        return list(warnings)

    [warning] = started(5, "memory://")
    assert "RATE LIMITS ARE NOT ENFORCED AS CONFIGURED" in warning
    assert "5 workers" in warning and "ICV_RATELIMIT_STORAGE_URI" in warning
    assert started(1, "memory://") == []  # one worker: its counts are all there are
    assert started(5, "redis://127.0.0.1:6379/0") == []
