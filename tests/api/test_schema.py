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
    assert set(values["responses"]) == {"200", "400", "401", "403", "404", "409", "413", "414"}
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
    assert set(paths["/api/v1/auth/token/"]["post"]["responses"]) == {"200", "400", "413", "429"}
    assert "204" in paths["/api/v1/auth/sign-out/"]["post"]["responses"]
    assert "204" in paths["/api/v1/auth/tokens/{token_key}/"]["delete"]["responses"]


def test_every_operation_documents_its_refusals_in_the_one_error_shape(lao_cai: Province) -> None:
    """400 where there is input, 401 and 403 where a token is needed, 404 where a row is named or
    may be out of sight, 409 for a signed-in write: each with the `Message` shape."""
    paths = _schema(lao_cai)["paths"]
    people = paths["/api/v1/people/{id}/"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(people)
    assert people["401"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Message"}
    assert set(paths["/api/v1/role-grants/{id}/"]["delete"]["responses"]) >= {"401", "403", "404", "409"}
    assert set(paths["/api/v1/auth/token/"]["post"]["responses"]) == {"200", "400", "413", "429"}
    assert "401" not in paths["/api/v1/calendar/deadline/"]["get"]["responses"]  # read without signing in
    for operations in paths.values():
        for method, operation in operations.items():
            if operation.get("security") and {} not in operation["security"]:
                assert {"401", "403", "404"} <= set(operation["responses"]), (method, operation["operationId"])


def test_inputs_carry_the_exact_rules_the_views_check(lao_cai: Province) -> None:
    """Dates: YYYY-MM-DD from 1900 to 2100; text: no NUL, not blank where blank is refused; pages:
    1–100 rows from offset 0–10,000,000; an empty choice is not a choice."""
    from api.v1.common.schema import DATE_PATTERN, TEXT_ANY, TEXT_NOT_BLANK

    schema = _schema(lao_cai)
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/people/"]["get"]["parameters"]}
    assert parameters["limit"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameters["offset"] == {"type": "integer", "minimum": 0, "maximum": 10_000_000}
    assert parameters["unit"]["minimum"] == 1
    assert parameters["q"]["allOf"] == [{"pattern": TEXT_ANY}]  # blank allowed: any text without NUL
    created = schema["components"]["schemas"]["ChangeSetCreate"]["properties"]
    assert created["changed_on"]["pattern"] == DATE_PATTERN
    assert schema["components"]["schemas"]["SignIn"]["properties"]["username"]["pattern"] == TEXT_NOT_BLANK


def test_the_date_pattern_matches_exactly_the_days_the_api_takes() -> None:
    """Every day from 1899-12-31 to 2101-01-01 is matched exactly when it lies in 1900–2100
    (29 February only in leap years: 2000 is one, 1900 and 2100 are not)."""
    from datetime import date, timedelta

    from api.v1.common.schema import DATE_PATTERN
    from core.base.dates import DATE_MAX, DATE_MIN

    pattern = re.compile(DATE_PATTERN)
    day = date(1899, 12, 31)
    while day <= date(2101, 1, 1):
        assert bool(pattern.fullmatch(day.isoformat())) == (DATE_MIN <= day <= DATE_MAX), day
        day += timedelta(days=1)
    for text in ("1900-02-29", "2100-02-29", "2023-02-29", "2026-04-31", "2026-4-1", "20260401", "2026-13-01",
                 "2026-00-10", "2026-01-00", " 2026-01-01", "2026-01-01\n"):
        assert not pattern.fullmatch(text), text
    assert pattern.fullmatch("2000-02-29") and pattern.fullmatch("2024-02-29")
