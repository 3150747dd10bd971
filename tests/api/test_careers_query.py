"""The careers lists read their query string exactly as the OpenAPI document describes it
(one serializer per shape, api.v1.common.views.query_valid): what the schema calls valid is
answered, the rest is a 400 whose Vietnamese message names the parameter (the contract run found
a `unit` of "²" answered as if absent, and years or dates the schema allows refused)."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.careers.dates import months_add
from core.models import Appointment, OrgUnit, Person, SalaryHistory
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.careers.builders import quota_of_one
from tests.core.conftest import Personas

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
    assert set(spans) == {"from", "to", "unit", "limit", "offset"}
    for path in SPANS:
        paged = {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"]}
        assert {name: {k: paged[name][k] for k in ("type", "minimum", "maximum")} for name in ("limit", "offset")} == {
            "limit": {"type": "integer", "minimum": 1, "maximum": 100},
            "offset": {"type": "integer", "minimum": 0, "maximum": 10_000_000}}, path
    assert spans["from"]["pattern"] == spans["to"]["pattern"] == DATE_PATTERN
    assert spans["from"]["minLength"] == spans["from"]["maxLength"] == 10
    assert (spans["unit"]["type"], spans["unit"]["minimum"], spans["unit"]["maximum"]) == ("integer", 1, 2**63 - 1)
    year = paths["/api/v1/careers/evaluations/"]["get"]["parameters"][0]["schema"]
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 2000, 2100)
    on = paths["/api/v1/careers/people/{person_id}/salary/"]["get"]["parameters"]
    assert [p["schema"].get("pattern") for p in on if p["name"] == "on"] == [DATE_PATTERN]
    assert "414" in paths["/api/v1/careers/retirements/"]["get"]["responses"]


@pytest.mark.parametrize("path", SPANS)
@pytest.mark.parametrize(("params", "name"), [({"limit": 0}, "limit"), ({"limit": 101}, "limit"),
                                              ({"offset": -1}, "offset"), ({"limit": "x"}, "limit")])
def test_a_span_list_refuses_a_bad_page_by_name(as_: Callable[[str], Caller], path: str,
                                                params: dict[str, object], name: str) -> None:
    response = as_("doha").get(path, params)
    assert response.status_code == 400 and name in response.json()["extra"]["fields"], response.json()


@pytest.fixture
def agency(lao_cai: Province, lc: Personas) -> OrgUnit:
    """Sở Thử nghiệm's 15 people, 6 of them on a step (raises due over four years) and 5 appointed."""
    with tenant_context(lao_cai):
        found = quota_of_one(lc, as_of=timezone.localdate())
        people = list(Person.objects.filter(org_unit__path__startswith=found.agency.path).exclude(
            pk__in=[found.first.pk, found.second.pk]).order_by("pk"))
        SalaryHistory.objects.bulk_create([SalaryHistory(
            person=p, effective_on=months_add(timezone.localdate(), -3 * i), rank_code="01.003", step=2,
            coefficient=Decimal("2.67")) for i, p in enumerate(people[:4])])
        Appointment.objects.bulk_create([Appointment(
            person=p, position="Trưởng phòng", decision="QĐ thử", start=date(2020 + i, 1, 1)) for i, p in enumerate(people[4:9])])
        return found.agency


@pytest.mark.parametrize("path", SPANS)
def test_a_span_list_answers_a_page_at_a_time(as_: Callable[[str], Caller], agency: OrgUnit, path: str) -> None:
    """Two rows a page: the pages read in turn give the whole list, in its order, under one count."""
    doha, span = as_("doha"), {"from": "1900-01-01", "to": "2100-12-31", "unit": agency.pk}
    whole = doha.get(path, {**span, "limit": 100}).json()
    assert 4 <= whole["count"] <= 100, whole["count"]  # the demo's people reach every list
    assert len(whole["results"]) == whole["count"] and whole["next"] is None
    pages = [doha.get(path, {**span, "limit": 2, "offset": offset}).json() for offset in range(0, whole["count"], 2)]
    assert {page["count"] for page in pages} == {whole["count"]}
    assert [row for page in pages for row in page["results"]] == whole["results"]
    assert pages[0]["next"] is not None and pages[0]["previous"] is None
    assert (pages[0]["from"], pages[0]["to"]) == ("1900-01-01", "2100-12-31")
    assert len({row["person"]["id"] if "person" in row else row["id"] for row in whole["results"]}) == whole["count"]
