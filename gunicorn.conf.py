"""gunicorn settings for icv: `gunicorn -c gunicorn.conf.py wsgi:app` (see docs/deployment.md).

Every value can be overridden from the environment, so the same file serves a small VM
and a bigger host. Run `flask --app icv db upgrade` before starting the workers.
"""

import gc
import multiprocessing
import os

# Listen on loopback only: the TLS-terminating reverse proxy is the way in.
bind = os.environ.get("ICV_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A few threads per worker keep slow phones on bad connections from blocking a worker.
worker_class = "gthread"
threads = int(os.environ.get("ICV_THREADS", 4))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Restart workers now and then, so a slow leak cannot grow without end; rarely, because a
# fresh worker costs seconds of CPU (2,000 restarted every worker within a 2-minute load test).
max_requests = int(os.environ.get("ICV_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# Each worker opens its own database pool after the fork (no shared connections).
preload_app = False
# icv writes one JSON line per request itself (icv/request_log.py), with a request id.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("ICV_GUNICORN_LOG_LEVEL", "info")
# Trust X-Forwarded-* only from the proxy on this host (icv's ProxyFix reads them too).
forwarded_allow_ips = os.environ.get("ICV_FORWARDED_ALLOW_IPS", "127.0.0.1")


PER_WORKER_LIMITS = (
    "RATE LIMITS ARE NOT ENFORCED AS CONFIGURED: %d workers count rate limits and wrong "
    "passwords each in their own memory (RATELIMIT_STORAGE_URI is %s), so a client gets up "
    "to %d times every configured figure. Set ICV_RATELIMIT_STORAGE_URI to a shared store, "
    "e.g. redis://127.0.0.1:6379/0 (docs/deployment.md, section 3)."
)


def warn_if_limits_count_per_worker(worker) -> None:
    """Several workers with the in-memory store each count on their own: say so, loudly."""
    storage = worker.wsgi.config.get("RATELIMIT_STORAGE_URI", "memory://")
    workers = worker.cfg.workers
    if workers > 1 and storage.startswith("memory://"):
        worker.log.warning(PER_WORKER_LIMITS, workers, storage, workers)


def post_worker_init(worker):
    """Warn if rate limits count per worker, then compile every template before this worker
    accepts a request.

    Compiling the GOV.UK macros takes a core a fraction of a second, and seconds on a busy
    machine; done lazily, the first requests a new (or restarted) worker took waited for it.
    """
    warn_if_limits_count_per_worker(worker)
    environment = worker.wsgi.jinja_env
    for name in environment.list_templates(filter_func=lambda name: name.endswith(".html")):
        environment.get_template(name)
        worker.notify()  # still booting, not stuck: the arbiter's timeout applies
    # What the worker built to start (modules, templates, mappings: ~160,000 objects) lives
    # as long as it does: keep it out of the garbage collector's full sweeps, which paused
    # every thread of the worker (GC cost a report PUT 1.3 ms of CPU; 0.9 ms with this).
    gc.collect()
    gc.freeze()
