"""URLconfs whose views are imported when their address is first asked for, not when the URLs
are first read (issue 15: a web worker's memory).

Django reads every URLconf at the first request (resolving, then `reverse()` and `{% url %}`
walk all patterns), and each feature's urls.py imports its view modules, which import their
selectors, serializers and libraries (signing certificates, token decoding, the OpenAPI
machinery): about 17 MB for pages most workers never serve. `include()` below executes a
URLconf with an import statement of its own, scoped to that module: a view module of the web
layers (`frontend.*`, `api.*`, drf-spectacular's views) is handed over as a stand-in whose
`views.page` and `views.Page.as_view(...)` only record the dotted path. The patterns keep
their names and routes, so `reverse()` needs no view; a pattern imports its view the first
time it matches a request's path (`LazyURLPattern.resolve`), and anything reading a view's
attributes (DRF's schema generator, tests) gets the real view's.

What must not change: only view modules are deferred. Converters, other URLconfs (loaded the
same way) and every non-view name are imported as usual; a URLconf that uses a view module's
value while it is read (a list of sections, say) gets the stand-in and fails at start-up, in
tests/platform/test_lazy_urls.py, rather than serving a wrong page.
"""

import builtins
import functools
import importlib
import importlib.util
import sys
import threading
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from django.urls import URLPattern
from django.urls import include as django_include
from django.urls.resolvers import ResolverMatch

# Modules handed over as stand-ins when a URLconf imports them. frontend.common holds the
# converters and helpers a URLconf calls while it is read.
DEFERRED = ("frontend.", "api.", "drf_spectacular.views")
NOT_DEFERRED = ("frontend.common.",)

_loading = threading.RLock()


class LazyView:
    """A view named by its module and attribute path (and `as_view` arguments), imported on
    first use."""

    def __init__(self, module: str, name: str, initkwargs: dict[str, Any] | None = None) -> None:
        self.module, self.name, self.initkwargs = module, name, initkwargs
        self.lookup_str = f"{module}.{name}"
        self._view: Callable[..., Any] | None = None

    def as_view(self, **initkwargs: Any) -> "LazyView":
        return LazyView(self.module, self.name, initkwargs)

    def view(self) -> Callable[..., Any]:
        if self._view is None:
            found: Any = importlib.import_module(self.module)
            for part in self.name.split("."):
                found = getattr(found, part)
            self._view = found.as_view(**self.initkwargs) if self.initkwargs is not None else found
        return self._view

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.view()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Only for names not set in __init__: the real view's (csrf_exempt, view_class, cls...).
        if name.startswith("__") or name in {"module", "name", "initkwargs", "lookup_str", "_view"}:
            raise AttributeError(name)
        return getattr(self.view(), name)

    def __repr__(self) -> str:
        return f"<LazyView {self.lookup_str}{'.as_view()' if self.initkwargs is not None else ''}>"


class LazyURLPattern(URLPattern):
    """A pattern whose callback is a LazyView: the real view goes into the ResolverMatch, so
    middleware and the handler see exactly what an eagerly imported URLconf would give them."""

    callback: LazyView

    @functools.cached_property
    def lookup_str(self) -> str:  # type: ignore[override]
        return self.callback.lookup_str

    def resolve(self, path: str) -> ResolverMatch | None:
        match = self.pattern.match(path)
        if not match:
            return None
        _, args, captured_kwargs = match
        return ResolverMatch(
            self.callback.view(),
            args,
            {**captured_kwargs, **self.default_args},
            self.name,
            route=str(self.pattern),
            captured_kwargs=captured_kwargs,
            extra_kwargs=self.default_args,
        )


class _DeferredModule:
    """What a URLconf gets for `from frontend.people import views`: attribute access names a view."""

    def __init__(self, name: str) -> None:
        self.__name__ = name

    def __getattr__(self, attribute: str) -> LazyView:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return LazyView(self.__name__, attribute)


class _Names:
    """The result of `from <package> import a, b` handed to a URLconf: each name as chosen."""

    def __init__(self, names: dict[str, Any]) -> None:
        self.__dict__.update(names)


def _deferred(name: str) -> bool:
    return name.startswith(DEFERRED) and not name.startswith(NOT_DEFERRED) and name.rpartition(".")[2] != "urls"


def _is_package(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.submodule_search_locations is not None


def _urlconf_import(name: str, globals: dict[str, Any] | None = None, locals: Any = None,
                    fromlist: Sequence[str] | None = (), level: int = 0) -> Any:
    """The import statement inside a URLconf read by `urlconf_load`."""
    absolute = importlib.util.resolve_name("." * level + name, (globals or {}).get("__package__")) if level else name
    if not fromlist:
        if absolute.rpartition(".")[2] == "urls":
            urlconf_load(absolute)
        return builtins.__import__(name, globals, locals, fromlist, level)
    if absolute == "django.urls":
        return _Names({item: include if item == "include" else getattr(importlib.import_module(absolute), item)
                       for item in fromlist})
    if absolute.rpartition(".")[2] == "urls":
        return urlconf_load(absolute)
    if not absolute.startswith(DEFERRED) or absolute.startswith(NOT_DEFERRED) or absolute == "frontend.common":
        return builtins.__import__(name, globals, locals, fromlist, level)
    if not _is_package(absolute):
        return _DeferredModule(absolute)
    names: dict[str, Any] = {}
    package = importlib.import_module(absolute)
    for item in fromlist:
        full = f"{absolute}.{item}"
        if full.rpartition(".")[2] == "urls":
            names[item] = urlconf_load(full)
        elif _deferred(full) and not hasattr(package, item) and importlib.util.find_spec(full) is not None:
            names[item] = _DeferredModule(full)
        else:
            names[item] = getattr(package, item) if hasattr(package, item) else importlib.import_module(full)
    return _Names(names)


def _patterns_defer(patterns: Sequence[Any]) -> None:
    for pattern in patterns:
        if type(pattern) is URLPattern and isinstance(pattern.callback, LazyView):
            pattern.__class__ = LazyURLPattern


def urlconf_load(name: str) -> ModuleType:
    """The URLconf module `name`, read with its view modules deferred (once; an already
    imported module as it is)."""
    with _loading:
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(f"No URLconf named {name!r}", name=name)
        module = importlib.util.module_from_spec(spec)
        module.__dict__["__builtins__"] = {**builtins.__dict__, "__import__": _urlconf_import}
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
        finally:
            module.__dict__["__builtins__"] = builtins
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)
        _patterns_defer(getattr(module, "urlpatterns", []))
        return module


def include(arg: Any, namespace: str | None = None) -> tuple[Any, str | None, str | None]:
    """django.urls.include, reading a URLconf named by its dotted path with `urlconf_load`."""
    if isinstance(arg, str):
        arg = urlconf_load(arg)
    elif isinstance(arg, tuple) and arg and isinstance(arg[0], str):
        arg = (urlconf_load(arg[0]), *arg[1:])
    return django_include(arg, namespace)
