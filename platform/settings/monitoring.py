"""Sentry, only when SENTRY_DSN is set; every event carries the province it happened in."""

from typing import Any

from hoso.settings.env import env_str


def _tag_province(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    event.setdefault("tags", {})["province"] = getattr(connection, "schema_name", "public")
    return event


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
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        before_send=_tag_province,  # type: ignore[arg-type]
    )
