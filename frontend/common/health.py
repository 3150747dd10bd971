"""Liveness and readiness, answered before the province is looked up.

Probes (kubelet, compose, a load balancer) call a pod by its own address, not by a province's
host, so both answers must not depend on the host: an unknown host would otherwise be a 404
and the pod would never become ready. Neither answer names a province or reveals anything
beyond "up" and "ready".

- `/healthz` (liveness): the process answers. No database: a database outage must not make the
  orchestrator restart every web process at once.
- `/readyz` (readiness): the database answers and every migration of the code is applied in
  `public`. The migration check lists the migration files once per process (their names, not
  their contents: Django's MigrationLoader would import about a hundred migration modules and
  keep them in every web worker's memory, 4 MB, for one yes-or-no answer); once it has passed,
  later probes cost one `SELECT 1` (migrations are not unapplied under running code).
  Each province's own migration state is on the console (`provinces_migrate` records it).
"""

import pkgutil
from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse, JsonResponse

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"

_migrations_known_applied = False


def _migrations_on_disk() -> set[tuple[str, str]]:
    """(app label, name) of every migration of the installed apps, from the file names of their
    migration packages, the way MigrationLoader finds them, without importing them."""
    found = set()
    for app_config in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(app_config.label)
        if module_name is None:
            continue
        try:
            package = import_module(module_name)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            if not info.ispkg and info.name[0] not in "_~":
                found.add((app_config.label, info.name))
    return found


def _migrations_applied() -> bool:
    global _migrations_known_applied
    if not _migrations_known_applied:
        recorded = MigrationRecorder(connection).applied_migrations()
        _migrations_known_applied = _migrations_on_disk() <= recorded.keys()
    return _migrations_known_applied


def readiness() -> tuple[bool, dict[str, bool]]:
    """Is the database reachable, with the code's migrations applied in `public`?"""
    try:
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants backend
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        applied = _migrations_applied()
    except DatabaseError:
        return False, {"database": False, "migrations_applied": False}
    return applied, {"database": True, "migrations_applied": applied}


class ProbeMiddleware:
    """First in MIDDLEWARE: answers the probes for any host, before tenancy and host checks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == LIVENESS_PATH:
            return JsonResponse({"status": "ok"})
        if request.path == READINESS_PATH:
            ready, detail = readiness()
            return JsonResponse(detail, status=200 if ready else 503)
        return self.get_response(request)
