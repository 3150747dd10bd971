"""The careers lists read their query string exactly as the OpenAPI document describes it
(one serializer per shape, api.v1.common.views.query_valid): what the schema calls valid is
answered, the rest is a 400 whose Vietnamese message names the parameter (the contract run found
a `unit` of "²" answered as if absent, and years or dates the schema allows refused)."""

from collections.abc import Callable

import pytest

from tests.api.conftest import Caller

pytestmark = pytest.mark.django_db

SPANS = ("/api/v1/careers/raises-due/", "/api/v1/careers/retirements/", "/api/v1/careers/terms-ending/")
UNIT_LISTS = (*SPANS, "/api/v1/careers/early-raises/", "/api/v1/careers/raise-round/", "/api/v1/careers/barred/")
UNIT = "Tham số unit (cơ quan, đơn vị): Mã cơ quan, đơn vị phải là một số nguyên dương."


@pytest.mark.parametrize("path", UNIT_LISTS)
@pytest.mark.parametrize("unit", ["²", "9" * 40, "-1", "0", "1e5", ""])
def test_a_unit_that_is_not_an_id_is_a_400_naming_unit(as_: Callable[[str], Caller], path: str, unit: str) -> None:
    response = as_("doha").get(path, {"unit": unit})
    assert response.status_code == 400, (path, response.content)
    assert response.json()["message"] == UNIT
    assert list(response.json()["extra"]["fields"]) == ["unit"]


@pytest.mark.parametrize("path", SPANS)
def test_a_span_answers_any_day_of_its_years_and_names_a_bad_one(as_: Callable[[str], Caller], path: str) -> None:
    doha = as_("doha")
    answered = doha.get(path, {"from": "1900-01-01", "to": "2100-12-31"})
    assert answered.status_code == 200, answered.content
    assert (answered.json()["from"], answered.json()["to"]) == ("1900-01-01", "2100-12-31")
    for params, name, message in (
        ({"from": "2026-02-30"}, "from", "Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."),
        ({"to": "2026-4-1"}, "to", "Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-04-30."),
        ({"from": "2101-01-01"}, "from", "Ngày phải trong khoảng 1900-01-01 đến 2100-12-31."),
        ({"from": "2026-05-01", "to": "2026-04-30"}, "to", "Ngày kết thúc (to) trước ngày bắt đầu (from)."),
    ):
        response = doha.get(path, params)
        assert response.status_code == 400, (params, response.content)
        gloss = {"from": "từ ngày", "to": "đến ngày"}[name]
        assert response.json()["message"] == f"Tham số {name} ({gloss}): {message}", params
        assert response.json()["extra"]["fields"] == {name: [message]}


def test_a_span_whose_default_end_falls_before_the_given_start_names_from(as_: Callable[[str], Caller]) -> None:
    """Only `from`, far ahead: the list's own end (a year from today) is before it."""
    response = as_("doha").get("/api/v1/careers/retirements/", {"from": "2100-01-01"})
    assert response.status_code == 400
    assert response.json()["message"] == "Tham số from: Ngày kết thúc (to) trước ngày bắt đầu (from)."


@pytest.mark.parametrize(("year", "status"), [("2000", 200), ("2100", 200), ("1999", 400), ("2101", 400),
                                              ("26", 400), ("năm", 400), ("", 400)])
def test_the_evaluation_year_is_2000_to_2100(as_: Callable[[str], Caller], year: str, status: int) -> None:
    response = as_("doha").get("/api/v1/careers/evaluations/", {"year": year})
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["message"] == "Tham số year (năm): Năm phải là số từ 2000 đến 2100, ví dụ 2026."
    else:
        assert response.json()["year"] == int(year)


def test_the_schema_declares_each_parameter_as_checked(as_: Callable[[str], Caller]) -> None:
    """Types, bounds and the date pattern, with its ten characters (a query string never nears
    gunicorn's request-line limit by a date)."""
    from api.v1.common.schema import DATE_PATTERN

    paths = as_("anonymous").get("/api/v1/schema/?format=json").json()["paths"]
    spans = {p["name"]: p["schema"] for p in paths["/api/v1/careers/retirements/"]["get"]["parameters"]}
    assert set(spans) == {"from", "to", "unit"}
    assert spans["from"]["pattern"] == spans["to"]["pattern"] == DATE_PATTERN
    assert spans["from"]["minLength"] == spans["from"]["maxLength"] == 10
    assert (spans["unit"]["type"], spans["unit"]["minimum"], spans["unit"]["maximum"]) == ("integer", 1, 2**63 - 1)
    year = paths["/api/v1/careers/evaluations/"]["get"]["parameters"][0]["schema"]
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 2000, 2100)
    on = paths["/api/v1/careers/people/{person_id}/salary/"]["get"]["parameters"]
    assert [p["schema"].get("pattern") for p in on if p["name"] == "on"] == [DATE_PATTERN]
    assert "414" in paths["/api/v1/careers/retirements/"]["get"]["responses"]
