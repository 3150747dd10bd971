"""Database: DATABASE_URL when set, otherwise the embedded PostgreSQL in var/pgdata."""

import dj_database_url
from hoso.embedded_db import embedded_database_settings
from hoso.settings.env import VAR_DIR, env_str


def database_settings() -> dict[str, object]:
    url = env_str("DATABASE_URL")
    config: dict[str, object]
    if url:
        config = dict(dj_database_url.parse(url))
    else:
        config = dict(embedded_database_settings(VAR_DIR / "pgdata"))
    # A second database on the same server (the browser tests' live server uses one).
    if env_str("DATABASE_NAME"):
        config["NAME"] = env_str("DATABASE_NAME")
    # django-tenants' backend, setting the search_path once per request (tenants/postgresql_backend).
    config["ENGINE"] = "tenants.postgresql_backend"
    # Session-level connections only: transaction poolers mix search paths (tenancy-pitfalls.md).
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    return config


def replica_database_settings() -> dict[str, dict[str, object]]:
    """The `replica` alias (a streaming replica of DATABASE_URL) when DATABASE_REPLICA_URL is set.

    Same backend as the primary, so each read sets the province's search_path there too; a
    short connect timeout, so a replica that is down costs seconds at most before reads fall
    back to the primary (tenants/replica.py). Tests mirror it onto the test database."""
    url = env_str("DATABASE_REPLICA_URL")
    if not url:
        return {}
    config: dict[str, object] = dict(dj_database_url.parse(url))
    config["ENGINE"] = "tenants.postgresql_backend"
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
    options.setdefault("connect_timeout", 2)
    config["OPTIONS"] = options
    config["TEST"] = {"MIRROR": "default"}
    return {"replica": config}
