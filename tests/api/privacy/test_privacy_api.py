"""/api/v1/privacy/…: a person's copy and read log, their requests, the unit's answers; who may
call what, and no crossing between provinces."""

from collections.abc import Callable

import pytest
from django_tenants.utils import tenant_context

from core.privacy.models import DataSubjectRequest
from core.privacy.selectors import NOT_FOUND
from core.privacy.services import DETAIL_REQUIRED
from core.selectors.people import NO_DOSSIER
from tenants.models import Province
from tests.api.conftest import Caller, token_of

pytestmark = pytest.mark.django_db


def test_a_person_downloads_everything_held_about_them(as_: Callable[[str], Caller]) -> None:
    answer = as_("employee").get("/api/v1/privacy/my-data/")
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"generated_at", "province", "account", "roles", "dossier", "org_unit", "change_sets",
                         "obligations", "consents", "requests", "read_log"}
    pdf = as_("employee").get("/api/v1/privacy/my-data/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf["Content-Disposition"].startswith("attachment")


def test_an_agency_account_has_no_copy_to_download(as_: Callable[[str], Caller]) -> None:
    answer = as_("doha").get("/api/v1/privacy/my-data/")
    assert answer.status_code == 404 and answer.json()["message"] == NO_DOSSIER


def test_without_sign_in_nothing_is_answered(lao_cai: Province) -> None:
    assert Caller(lao_cai, None).get("/api/v1/privacy/my-data/").status_code == 401


def test_a_request_is_made_and_answered_by_the_unit(as_: Callable[[str], Caller]) -> None:
    made = as_("employee").post("/api/v1/privacy/requests/", {"kind": "restriction", "detail": "Hạn chế chia sẻ."})
    assert made.status_code == 201
    request = made.json()
    assert (request["kind"], request["kind_label"], request["state"]) == ("restriction", "Hạn chế xử lý dữ liệu", "open")
    assert request["due"] is not None
    assert [r["id"] for r in as_("employee").get("/api/v1/privacy/requests/").json()["results"]] == [request["id"]]
    assert [r["id"] for r in as_("officer").get("/api/v1/privacy/requests/to-answer/").json()["results"]] == [request["id"]]

    for outsider in ("employee", "teacher", "agency_admin"):
        refused = as_(outsider).post(f"/api/v1/privacy/requests/{request['id']}/answer/", {"answer": "Không."})
        assert refused.status_code == 404 and refused.json()["message"] == NOT_FOUND, outsider
    answered = as_("officer").post(f"/api/v1/privacy/requests/{request['id']}/answer/", {"answer": "Đã hạn chế."})
    assert answered.status_code == 200 and answered.json()["state"] == "answered"


def test_a_blank_request_is_refused_naming_the_field(as_: Callable[[str], Caller], lao_cai: Province) -> None:
    refused = as_("employee").post("/api/v1/privacy/requests/", {"kind": "access", "detail": " "})
    assert refused.status_code == 400
    assert refused.json()["extra"]["fields"] == {"detail": DETAIL_REQUIRED}
    with tenant_context(lao_cai):
        assert not DataSubjectRequest.objects.exists()


def test_a_request_whose_detail_is_not_text_is_refused(as_: Callable[[str], Caller], lao_cai: Province) -> None:
    """The schema says a string: 0 is not stored as "0" (the contract's coverage run found it)."""
    refused = as_("employee").post("/api/v1/privacy/requests/", {"kind": "access", "detail": 0})
    assert refused.status_code == 400
    assert refused.json()["extra"]["fields"] == {"detail": ["Phải là một chuỗi ký tự."]}
    with tenant_context(lao_cai):
        assert not DataSubjectRequest.objects.exists()


def test_another_provinces_admin_cannot_reach_a_request(as_: Callable[[str], Caller], lai_chau: Province) -> None:
    request = as_("employee").post("/api/v1/privacy/requests/", {"kind": "access", "detail": "Bản sao."}).json()
    foreign = Caller(lai_chau, token_of(lai_chau, "snv.quantri"))
    assert foreign.get("/api/v1/privacy/requests/to-answer/").json()["results"] == []
    refused = foreign.post(f"/api/v1/privacy/requests/{request['id']}/answer/", {"answer": "Được."})
    assert refused.status_code == 404 and refused.json()["message"] == NOT_FOUND
