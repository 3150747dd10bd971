"""Django's template engine, with each tag library imported when a template first loads it.

Django's engine imports every installed app's templatetags modules when it starts, i.e. at a
worker's first page. DRF's (`{% load rest_framework %}`, used by its browsable API only)
imports rest_framework.renderers and with it rest_framework.compat: requests, yaml, pygments
and markdown where installed, about 10 MB in a worker that serves only pages. The browsable
API stays (DRF's default renderers), so its library stays registered; it is imported by the
first template that loads it, like every other library here. A library that fails to import
fails the first template that loads it, not start-up: tests/platform/test_template_engine.py
imports each one.
"""

from collections.abc import Iterator, Mapping
from importlib import import_module
from pkgutil import walk_packages
from typing import Any

from django.apps import apps
from django.conf import settings
from django.forms.renderers import DjangoTemplates as DjangoFormRenderer
from django.template.backends.base import BaseEngine
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBase
from django.template.engine import Engine
from django.template.library import Library, import_library


class TagLibraries(Mapping[str, Library]):
    """The engine's libraries by the name templates load them with; each imported on first
    lookup (the import lock keeps two threads from importing one module twice)."""

    def __init__(self, paths: dict[str, str]) -> None:
        self.paths = paths
        self.loaded: dict[str, Library] = {}

    def __getitem__(self, name: str) -> Library:
        library = self.loaded.get(name)
        if library is None:
            library = self.loaded[name] = import_library(self.paths[name])
        return library

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def library_paths() -> dict[str, str]:
    """Django's get_installed_libraries() without importing the libraries: every module of
    django.templatetags and of each installed app's templatetags package, by the name
    templates load it with. Django imports each to keep only those with a `register`; none of
    the installed apps' templatetags modules lacks one (the test compares both lists)."""
    paths: dict[str, str] = {}
    for package_name in ["django.templatetags", *(f"{app.name}.templatetags" for app in apps.get_app_configs())]:
        try:
            package = import_module(package_name)
        except ImportError:
            continue  # the app has no template tags
        for module in walk_packages(package.__path__, f"{package_name}."):
            if not module.ispkg:
                paths[module.name.removeprefix(f"{package_name}.")] = module.name
    return paths


class LazyLibraryEngine(Engine):
    def get_template_libraries(self, libraries: dict[str, str]) -> TagLibraries:  # type: ignore[override]
        return TagLibraries(libraries)


class DjangoTemplates(DjangoTemplatesBase):
    """settings.TEMPLATES' backend: Django 5.2's __init__ with LazyLibraryEngine for Engine."""

    def __init__(self, params: dict[str, Any]) -> None:
        params = params.copy()
        options = params.pop("OPTIONS").copy()
        options.setdefault("autoescape", True)
        options.setdefault("debug", settings.DEBUG)
        options.setdefault("file_charset", "utf-8")
        options["libraries"] = {**library_paths(), **options.get("libraries", {})}
        BaseEngine.__init__(self, params)
        self.engine = LazyLibraryEngine(self.dirs, self.app_dirs, **options)


class FormRenderer(DjangoFormRenderer):
    """settings.FORM_RENDERER: Django's default, whose own engine (widgets' templates) would
    otherwise import every library too."""

    backend = DjangoTemplates
