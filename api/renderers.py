"""The API's answers: JSON, and DRF's browsable page for a person trying the API in a browser."""

from typing import Any

from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable page without the forms hoso's views cannot fill: they read through
    selectors and validate their input with their own serializers, so they declare no DRF filter
    backend, queryset or serializer_class, which DRF's filter, HTML and raw-data forms ask for
    (each answered a 500 in a browser, e.g. on /api/v1/people/). The page shows the answer."""

    def get_filter_form(self, data: Any, view: Any, request: Any) -> None:
        return None

    def get_rendered_html_form(self, data: Any, view: Any, method: str, request: Any) -> Any:
        return super().get_rendered_html_form(data, view, method, request) if _declares_serializer(view) else None

    def get_raw_data_form(self, data: Any, view: Any, method: str, request: Any) -> Any:
        return super().get_raw_data_form(data, view, method, request) if _declares_serializer(view) else None


def _declares_serializer(view: Any) -> bool:
    # Imported here: DRF reads this module's class while rest_framework.views is being imported.
    from rest_framework.generics import GenericAPIView

    return getattr(view, "serializer_class", None) is not None or (
        hasattr(view, "get_serializer_class")
        and type(view).get_serializer_class is not GenericAPIView.get_serializer_class)
