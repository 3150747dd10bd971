"""The OpenAPI schema documents every core endpoint with its inputs and answers."""

import json

import pytest

from api.v1.urls import urlpatterns
from tenants.models import Province
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _schema(province: Province) -> dict:  # type: ignore[type-arg]
    response = client_for(province).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_lists_every_core_path(lao_cai: Province) -> None:
    """Each route of api/v1/core_urls.py is a path of the schema, {id} for <int:pk>."""
    paths = set(_schema(lao_cai)["paths"])
    for pattern in urlpatterns:
        route = str(pattern.pattern).replace("<int:pk>", "{id}").replace("<int:", "{").replace("<slug:", "{")
        assert "/api/v1/" + route.replace(">", "}") in paths


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
