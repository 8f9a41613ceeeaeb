"""The site's addresses. Its public address, for what leaves it without a request to answer:
links in email, and calendar entries' ids. BASE_URL decides it; a request's Host header never
does when it is set (the client chooses that header). And which addresses it follows back."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def public_url(endpoint: str, **values) -> str | None:
    """The full address of a page, for an email: built on BASE_URL when it is set (scheduled
    jobs have no request, and a request's Host header is the client's to choose), else on the
    current request; None with neither."""
    base = current_app.config.get("BASE_URL")
    if not base:
        return url_for(endpoint, _external=True, **values) if has_request_context() else None
    anchor = values.pop("_anchor", None)
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme
    )
    address = adapter.build(endpoint, values, force_external=True)
    return f"{address}#{anchor}" if anchor else address


def public_host() -> str:
    """A name for this site that no request can change: BASE_URL's host, else "icv"."""
    return urlsplit(current_app.config.get("BASE_URL") or "").hostname or "icv"


def local_path_or_home(target: str | None) -> str:
    """Only a relative path on this site (never another site's address); else the home page."""
    if target and urlsplit(target).netloc == "" and target.startswith("/") and "//" not in target:
        return target
    return url_for("main.home")
