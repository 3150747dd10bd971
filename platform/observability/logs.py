"""JSON log lines, one object a line, each with the province's schema and the request id.

`production.py` selects the formatter (LOG_FORMAT=text keeps plain lines); the filter is on
every handler, so even plain lines can show them with %(province)s and %(request_id)s.
"""

import json
import logging
from datetime import UTC, datetime

from hoso.observability.context import request_id_get

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _schema_name() -> str:
    try:
        from django.db import connection

        return str(getattr(connection, "schema_name", "public"))
    except Exception:  # noqa: BLE001 - before Django is configured (gunicorn's master)
        return "-"


class ContextFilter(logging.Filter):
    """Adds `province` (the connection's schema) and `request_id` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "province"):
            record.province = _schema_name()
        if not hasattr(record, "request_id"):
            record.request_id = request_id_get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "province": getattr(record, "province", "-"),
            "request_id": getattr(record, "request_id", "-"),
            "process": record.process,
        }
        # Fields passed with `extra=` (the request log's method, status, duration).
        for key, value in vars(record).items():
            # Plain values only: Django's `request` object would print the query string.
            if key not in _STANDARD and key not in entry and isinstance(value, str | int | float | bool):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, fmt: str, level: str) -> dict[str, object]:
    formatter = {"()": "hoso.observability.logs.JsonFormatter"} if fmt == "json" else {
        "format": "%(asctime)s %(levelname)s %(name)s [%(province)s %(request_id)s] %(message)s"
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "hoso.observability.logs.ContextFilter"}},
        "formatters": {"main": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "main", "filters": ["context"]}},
        "root": {"handlers": ["console"], "level": level},
        # The request log below replaces Django's own 4xx/5xx lines (which carry query strings).
        "loggers": {
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
            "gunicorn.error": {"level": level},
        },
    }
