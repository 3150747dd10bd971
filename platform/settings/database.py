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
