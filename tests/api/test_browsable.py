"""A person trying the API in a browser: every list address answers an HTML page or a refusal,
never a server error."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tenants.models import Province
from tests.conftest import sign_in

OFFICER, PASSWORD = "010188001233", "hoso-demo-2026"  # Lào Cai's unit officer (README, "Demo sign-ins")


def _addresses(patterns: list, prefix: str = "") -> list[str]:  # type: ignore[type-arg]
    """The API's addresses that take no parameter in the path."""
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if "<" in route or "(?P" in route:
            continue
        if isinstance(pattern, URLResolver):
            found += _addresses(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append("/" + route.lstrip("^").rstrip("$"))
    return found


@pytest.mark.django_db
def test_every_api_list_renders_in_a_browser(lao_cai: Province) -> None:
    browser = sign_in(lao_cai, OFFICER, PASSWORD)
    addresses = [a for a in _addresses(get_resolver("hoso.urls_tenant").url_patterns) if a.startswith("/api/v1/")]
    assert "/api/v1/people/" in addresses

    answers = {address: browser.get(address, HTTP_ACCEPT="text/html").status_code for address in addresses}

    assert {a: code for a, code in answers.items() if code >= 500} == {}
    assert answers["/api/v1/people/"] == 200
