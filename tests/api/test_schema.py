"""The OpenAPI schema documents every core endpoint with its inputs and answers."""

import json
import re

import pytest
from django.urls import URLResolver

from api.v1.urls import urlpatterns
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _schema(province: Province) -> dict:  # type: ignore[type-arg]
    response = client_for(province).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def _routes(patterns: list, prefix: str = "") -> list[str]:  # type: ignore[type-arg]
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            routes.append(prefix + str(pattern.pattern))
    return routes


def test_the_schema_lists_every_path_of_every_feature(lao_cai: Province) -> None:
    """Each route of every api/v1/<feature>/urls.py is a path of the schema, {id} for <int:pk>."""
    paths = set(_schema(lao_cai)["paths"])
    routes = _routes(urlpatterns)
    assert len(routes) >= 60
    for route in routes:
        route = re.sub(r"<(?:int|slug|str):", "{", route.replace("<int:pk>", "{id}"))
        assert "/api/v1/" + route.replace(">", "}") in paths, route


def test_the_schema_documents_requests_answers_and_refusals(lao_cai: Province) -> None:
    """Writes name their request body; every answer and the error shape are components."""
    schema = _schema(lao_cai)
    values = schema["paths"]["/api/v1/change-sets/{id}/values/"]["post"]
    assert values["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/GroupValues")
    assert set(values["responses"]) == {"200", "400", "403", "404", "409"}
    upload = schema["paths"]["/api/v1/change-sets/{id}/items/{item_id}/attachments/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    people = schema["paths"]["/api/v1/people/"]["get"]
    assert {"q", "unit", "rank", "category", "archived", "limit", "offset"} <= {p["name"] for p in people["parameters"]}
    assert {"Message", "ChangeSetDetail", "PaginatedPersonListList"} <= set(schema["components"]["schemas"])
    assert schema["components"]["securitySchemes"]["provinceTokenAuth"]["name"] == "Authorization"


def test_the_api_is_not_served_on_the_operators_host() -> None:
    """The public host has no province API and no schema of it."""
    assert client_for(None).get("/api/v1/schema/").status_code == 404


def test_the_schema_is_valid_openapi(lao_cai: Province) -> None:
    """openapi-spec-validator finds nothing wrong (the finding: StartInput.leave_reason's default
    "" was not in its enum)."""
    from openapi_spec_validator import validate

    validate(_schema(lao_cai))


def test_the_sign_in_endpoints_document_their_answers(lao_cai: Province) -> None:
    paths = _schema(lao_cai)["paths"]
    assert set(paths["/api/v1/auth/token/"]["post"]["responses"]) == {"200", "400", "429"}
    assert "204" in paths["/api/v1/auth/sign-out/"]["post"]["responses"]
    assert "204" in paths["/api/v1/auth/tokens/{token_key}/"]["delete"]["responses"]
