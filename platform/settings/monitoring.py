"""Sentry, only when SENTRY_DSN is set; Prometheus exporters, only when HOSO_METRICS_PORT is.

Error reports carry the province and the request id, never personal data: no cookies, bodies,
query strings, local variables or user fields, and 9- to 12-digit numbers (ID numbers, phone
numbers) are masked in every message that leaves (`scrub_event`).
"""

import re
from typing import Any

from hoso.settings.env import env_str

# CMND (9 digits), CCCD (12), phone numbers (10-11), with or without separators inside.
_NUMBERS = re.compile(r"(?<!\d)(?:\d[ .-]?){8,11}\d(?!\d)")
_EMAILS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
MASK = "[đã ẩn]"
# Headers that say nothing about the person: everything else (cookies, tokens, forwarded
# addresses, user agents) is dropped.
_SAFE_HEADERS = frozenset({"accept", "content-type", "content-length", "host", "x-request-id", "hx-request"})


def scrub_text(text: str) -> str:
    return _EMAILS.sub(MASK, _NUMBERS.sub(MASK, text))


def _scrub_strings(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list):
        return [_scrub_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_strings(item) for key, item in value.items()}
    return value


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's before_send: tag the province, keep only what identifies no one."""
    from django.db import connection

    event.setdefault("tags", {})["province"] = getattr(connection, "schema_name", "public")
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = scrub_text(request["url"].split("?", 1)[0])
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in _SAFE_HEADERS}
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for key in ("message", "logentry", "exception", "breadcrumbs", "extra"):
        if key in event:
            event[key] = _scrub_strings(event[key])
    for value in (event.get("exception") or {}).get("values", []):
        for frame in (value.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    return event


def release() -> str:
    """The build's version (the image sets HOSO_RELEASE to the commit), for Sentry and logs."""
    return env_str("HOSO_RELEASE") or env_str("SENTRY_RELEASE") or "dev"


def metrics_port() -> int | None:
    """The exporter's port in worker and beat (gunicorn's is set in infra/gunicorn.conf.py)."""
    port = env_str("HOSO_METRICS_PORT")
    return int(port) if port else None


def metrics_multiprocess() -> bool:
    """Set by the entrypoint for process managers with children (gunicorn, Celery's worker)."""
    return bool(env_str("PROMETHEUS_MULTIPROC_DIR"))


def sentry_init() -> None:
    dsn = env_str("SENTRY_DSN")
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=release(),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,  # type: ignore[arg-type]
        before_breadcrumb=_scrub_breadcrumb,  # type: ignore[arg-type]
    )


def _scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
    # SQL breadcrumbs carry parameters (names, ID numbers): keep the statement shape only.
    crumb.pop("data", None)
    if isinstance(crumb.get("message"), str):
        crumb["message"] = scrub_text(crumb["message"])
    return crumb
