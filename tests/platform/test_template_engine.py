"""The template engine imports a tag library when a template first loads it
(hoso/template_engine.py): every library still loads, pages, DRF's browsable API and the API's
documentation still render, and a worker serving only JSON never imports DRF's tags
(tests/platform/test_worker_modules.py)."""

import pytest
from django.conf import settings
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.backends.django import get_installed_libraries
from django.template.library import Library

from tenants.models import Province
from tests.conftest import sign_in

OFFICER, PASSWORD = "010188001233", "hoso-demo-2026"  # Lào Cai's unit officer (README, "Demo sign-ins")


def test_the_engine_knows_every_installed_library_and_each_one_loads() -> None:
    """The engine offers the libraries Django finds in the installed apps, and each imports
    (a broken one would otherwise surface only at the first template loading it)."""
    libraries = Engine.get_default().template_libraries

    assert sorted(libraries) == sorted(get_installed_libraries())
    assert "rest_framework" in libraries
    assert all(isinstance(libraries[name], Library) for name in libraries)


def test_a_template_loads_a_library_by_name_and_an_unknown_name_is_refused() -> None:
    """{% load tz %} works as before; an unknown library is refused with Django's message
    naming the libraries there are."""
    assert Template("{% load tz %}{% get_current_timezone as zone %}{{ zone }}").render(Context()) == settings.TIME_ZONE
    with pytest.raises(TemplateSyntaxError) as refused:
        Template("{% load no_such_library %}")
    assert str(refused.value).startswith("'no_such_library' is not a registered tag library. Must be one of:\n")
    assert "\nrest_framework\n" in str(refused.value)


@pytest.mark.django_db
def test_the_browsable_api_and_the_api_documentation_render(lao_cai: Province) -> None:
    """A browser asking for HTML gets DRF's browsable page of the rules, whose template
    loads DRF's tags; the Swagger page renders from drf-spectacular's template."""
    browser = sign_in(lao_cai, OFFICER, PASSWORD)

    browsable = browser.get("/api/v1/rules/", HTTP_ACCEPT="text/html")
    docs = browser.get("/api/v1/docs/")

    assert browsable.status_code == 200 and browsable["Content-Type"].startswith("text/html")
    assert 'class="response-info"' in browsable.content.decode()
    assert docs.status_code == 200 and "swagger-ui" in docs.content.decode()
