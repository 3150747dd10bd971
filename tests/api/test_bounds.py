"""Dates outside 1900–2100 are a 400 naming the parameter, never a 500 (the finding: a
deadline for 9999-12-31 overflowed `add_working_days`; so did a transfer dated 9999)."""

from collections.abc import Callable

import pytest

from core.base.dates import DATE_OUT_OF_RANGE
from tenants.models import Province
from tests.api.conftest import Caller
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/api/v1/calendar/deadline/", {"event": "leave", "date": "9999-12-31"}, "date"),
    ("/api/v1/calendar/deadline/", {"event": "leave", "date": "1899-12-31"}, "date"),
    ("/api/v1/calendar/deadline/", {"event": "leave", "date": "0001-01-01"}, "date"),
    ("/api/v1/calendar/working-days/", {"from": "2100-12-01", "to": "2101-01-05"}, "to"),
    ("/api/v1/rules/", {"as_of": "9999-01-01"}, "as_of"),
])
def test_the_calendar_refuses_dates_outside_its_years(lao_cai: Province, path: str, params: dict[str, str],
                                                      field: str) -> None:
    response = client_for(lao_cai).get(path, params)
    assert response.status_code == 400, response.content
    assert DATE_OUT_OF_RANGE in str(response.json()["extra"]["fields"][field])


def test_the_last_day_of_2100_still_answers(lao_cai: Province) -> None:
    response = client_for(lao_cai).get("/api/v1/calendar/deadline/", {"event": "leave", "date": "2100-12-31"})
    assert response.status_code == 200, response.content


def test_a_transfer_dated_9999_is_a_400_naming_its_fields(as_: Callable[[str], Caller],
                                                          person_id: Callable[[str], int]) -> None:
    response = as_("doha").post("/api/v1/transfers/", {
        "kind": "leave", "person": person_id("employee"), "leave_reason": "retired", "effective_on": "9999-12-31",
        "decision_number": "12/QĐ", "decision_date": "9999-12-30", "signer": "Nguyễn Văn A"})
    assert response.status_code == 400, response.content
    fields = response.json()["extra"]["fields"]
    assert set(fields) == {"effective_on", "decision_date"}
    assert fields["effective_on"] == [DATE_OUT_OF_RANGE]


def test_a_dossier_date_value_outside_the_years_is_refused(as_: Callable[[str], Caller],
                                                           person_id: Callable[[str], int]) -> None:
    """A change set's date value (a recruitment date in year 9999) is refused by its field name."""
    employee = as_("employee")
    created = employee.post("/api/v1/change-sets/", {"person": person_id("employee"), "changed_on": "2026-01-05"})
    assert created.status_code == 201, created.content
    change_set = created.json()
    response = employee.post(f"/api/v1/change-sets/{change_set['id']}/values/", {
        "expected_version": change_set["version"], "group": "dossier", "values": {"first_recruited_on": "9999-01-01"}})
    assert response.status_code == 400, response.content
    assert "values.first_recruited_on" in response.json()["extra"]["fields"]
    early = employee.post("/api/v1/change-sets/", {"person": person_id("employee"), "changed_on": "1800-01-05"})
    assert early.status_code == 400 and "changed_on" in early.json()["extra"]["fields"]

