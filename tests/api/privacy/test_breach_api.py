"""/api/v1/privacy/breaches/…: the DoHA admin records an incident, edits the drafted notice,
downloads it and marks it sent; everyone else is refused; another province sees nothing."""

from collections.abc import Callable

import pytest

from core.privacy.breaches import NOT_DOHA, NOT_FOUND
from tenants.models import Province
from tests.api.conftest import Caller, token_of

pytestmark = pytest.mark.django_db

INCIDENT = {"summary": "Lộ tệp xuất hồ sơ qua thư điện tử.", "discovered_at": "2026-12-03T09:30:00+07:00",
            "affected_count": 2, "national_ids": ["010090001235"], "data_kinds": "Họ tên, số định danh"}


def test_the_doha_admin_records_edits_downloads_and_sends(as_: Callable[[str], Caller]) -> None:
    doha = as_("doha")
    made = doha.post("/api/v1/privacy/breaches/", INCIDENT)
    assert made.status_code == 201
    incident = made.json()
    assert incident["notice_due_at"] == "2026-12-06T09:30:00+07:00"
    assert incident["people"] == ["010090001235"] and incident["state"] == "open"
    edited = doha.patch(f"/api/v1/privacy/breaches/{incident['id']}/", {"notice": "Kính gửi: A05."})
    assert edited.status_code == 200 and edited.json()["notice"] == "Kính gửi: A05."
    docx = doha.get(f"/api/v1/privacy/breaches/{incident['id']}/notice/")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    sent = doha.post(f"/api/v1/privacy/breaches/{incident['id']}/notified/")
    assert sent.status_code == 200 and sent.json()["state"] == "notified"


@pytest.mark.parametrize("persona", ["employee", "officer", "agency_admin", "approver"])
def test_no_one_else_records_or_reads_one(as_: Callable[[str], Caller], persona: str) -> None:
    refused = as_(persona).post("/api/v1/privacy/breaches/", INCIDENT)
    assert refused.status_code == 403 and refused.json()["message"] == NOT_DOHA
    assert as_(persona).get("/api/v1/privacy/breaches/").status_code == 403


def test_a_date_out_of_bounds_is_a_400_naming_it(as_: Callable[[str], Caller]) -> None:
    refused = as_("doha").post("/api/v1/privacy/breaches/", {**INCIDENT, "discovered_at": "9999-12-31T00:00:00Z"})
    assert refused.status_code == 400 and "discovered_at" in refused.json()["extra"]["fields"]


def test_another_province_cannot_reach_it(as_: Callable[[str], Caller], lai_chau: Province) -> None:
    incident = as_("doha").post("/api/v1/privacy/breaches/", INCIDENT).json()
    foreign = Caller(lai_chau, token_of(lai_chau, "snv.quantri"))
    assert foreign.get("/api/v1/privacy/breaches/").json()["results"] == []
    missing = foreign.get(f"/api/v1/privacy/breaches/{incident['id']}/")
    assert missing.status_code == 404 and missing.json()["message"] == NOT_FOUND
