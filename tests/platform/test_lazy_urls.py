"""The URLconfs import a view when its address is first asked for (hoso/lazy_urls.py): every
named URL still reverses and resolves to its real view, and reading all the URLs imports no
view module."""

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from hoso.lazy_urls import LazyURLPattern, LazyView

ROOT = Path(__file__).resolve().parents[2]
URLCONFS = ["hoso.urls_tenant", "hoso.urls_public"]
SAMPLES = ["1", "a", "2026", "2026-01", str(uuid.UUID(int=1)), "ho-so"]


def _named(patterns: list[Any], namespace: str = "", converters: dict[str, Any] | None = None
           ) -> Iterator[tuple[str, URLPattern, dict[str, Any]]]:
    """(namespaced name, pattern, the converters of its whole route) of every named pattern."""
    for pattern in patterns:
        found = {**(converters or {}), **pattern.pattern.converters}
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named(pattern.url_patterns, inner, found)
        elif pattern.name:
            yield namespace + pattern.name, pattern, found


def _kwargs(converters: dict[str, Any]) -> dict[str, Any]:
    """A value each converter accepts."""
    values = {}
    for name, converter in converters.items():
        sample = next(text for text in SAMPLES if re.fullmatch(converter.regex, text))
        values[name] = converter.to_python(sample)
    return values


@pytest.mark.parametrize("urlconf", URLCONFS)
def test_every_named_url_reverses_and_resolves_to_its_real_view(urlconf: str) -> None:
    """reverse() of each name gives an address that resolves to that name and to the view
    itself, never to the stand-in the URLconf holds until then."""
    named = list(_named(get_resolver(urlconf).url_patterns))
    # A URLconf some test module imported directly (tests/api/test_isolation_ids.py) is the
    # eager one: the patterns of both kinds must answer the same way.
    assert len(named) > (100 if urlconf == "hoso.urls_tenant" else 10)
    for name, pattern, converters in named:
        address = reverse(name, urlconf=urlconf, kwargs=_kwargs(converters))
        match = resolve(address, urlconf=urlconf)
        assert match.view_name == name, (name, address)
        assert not isinstance(match.func, LazyView), name
        if isinstance(pattern, LazyURLPattern):
            assert match.func is pattern.callback.view(), name


def test_a_stand_in_answers_with_its_real_view_s_attributes() -> None:
    """Code reading a pattern's callback (DRF's schema generator, tests) gets the view's own
    attributes: the class of a class-based view, DRF's csrf exemption."""
    from api.v1.people.views import PersonListView

    people = LazyView("api.v1.people.views", "PersonListView").as_view()
    assert people.view_class is PersonListView
    assert people.csrf_exempt is True
    assert people.lookup_str == "api.v1.people.views.PersonListView"


WORKER = r"""
import json, sys
import django
django.setup()
from django.urls import resolve, reverse

reverse("frontend:people", urlconf="hoso.urls_tenant")  # reads every pattern of the province host
reverse("api-people", urlconf="hoso.urls_tenant")
before = sorted(sys.modules)
match = resolve("/sao-luu/", urlconf="hoso.urls_tenant")
print(json.dumps({"before": before, "after": sorted(sys.modules), "view": match._func_path}))
"""

# View modules (and what they bring) that reading the URLs must not import.
VIEWS = ["frontend.backups.views", "frontend.people.views", "frontend.sso.views", "frontend.console.pages",
         "api.v1.people.views", "api.v1.approvals.views", "api.v1.backups.views", "drf_spectacular.views",
         "drf_spectacular.plumbing", "django.test", "jwt"]


def test_reading_the_urls_imports_no_view_until_its_address_is_resolved() -> None:
    """A fresh process that reversed names of the province host has imported none of the view
    modules; resolving /sao-luu/ imports the backups' views and no other."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hoso.settings.test"}
    done = subprocess.run([sys.executable, "-c", WORKER], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    visit = json.loads(done.stdout.splitlines()[-1])
    assert [name for name in VIEWS if name in visit["before"]] == []
    assert visit["view"].startswith("frontend.backups.views.")
    assert [name for name in VIEWS if name in visit["after"]] == ["frontend.backups.views"]
