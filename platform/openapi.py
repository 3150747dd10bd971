"""DRF's default schema class: drf-spectacular's AutoSchema, imported when a schema is made.

Every API view decorated with `extend_schema` subclasses DRF's DEFAULT_SCHEMA_CLASS while its
module is imported. drf-spectacular's class lives in drf_spectacular.openapi, whose plumbing
imports rest_framework.test and with it django.test, unittest, jinja2, xml.dom and wsgiref:
about 7 MB in every web worker that serves the API (issue 15), for a document made only at
/api/v1/schema/, by `manage.py spectacular` and in tests. Until then AutoSchema below is DRF's
ViewInspector with nothing added. `schema_prepare`, drf-spectacular's first preprocessing hook,
runs before any view's schema is read: it makes drf-spectacular's AutoSchema the base of this
one (Python recomputes the method order of every class `extend_schema` derived from it, and
drf-spectacular's class sets nothing up in __init__ that the schemas made earlier would lack),
and registers hoso's OpenAPI extensions (api/v1/common/schema.py).
"""

import importlib
import threading
from typing import Any

from rest_framework.schemas.inspectors import ViewInspector

_completing = threading.Lock()


class AutoSchema(ViewInspector):
    """drf_spectacular.openapi.AutoSchema once `schema_prepare` has run."""


def schema_prepare(endpoints: list[Any]) -> list[Any]:
    with _completing:
        if AutoSchema.__bases__ == (ViewInspector,):
            from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

            AutoSchema.__bases__ = (SpectacularAutoSchema,)
    importlib.import_module("api.v1.common.schema")
    return endpoints
