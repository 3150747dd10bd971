"""The API twin of the two-step signature: prepare, read back, submit the signature made
outside the server (or let the server reach the province's signer); the server verifies before
it records, and a refused signature writes nothing and leaves the request open."""

import base64
from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.models import MonthlyApproval, SignatureRequest
from core.models import ChangeSet, ChangeSetState
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import UNIT_DAY, Pki, reviewed_change_set
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

BASE = "/api/v1/signature-requests/"


@pytest.fixture
def on_unit_day(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: UNIT_DAY)
    return UNIT_DAY


def test_prepare_submit_verify_record(lc: Personas, in_lao_cai: Province, on_unit_day: date, pki: Pki) -> None:
    change_set = reviewed_change_set(lc)
    api = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    prepared = api.post(BASE, {"purpose": "unit_approval", "change_set_ids": [change_set.pk]},
                        content_type="application/json")
    assert prepared.status_code == 201, prepared.content
    body = prepared.json()
    assert body["purpose"] == "unit_approval" and body["method"] == "server"
    [document] = body["documents"]
    manifest = document["manifest"].encode("utf-8")
    assert SignatureRequest.objects.get(token=body["token"]).documents == [document["manifest"]]
    assert api.get(f"{BASE}{body['token']}/").json() == body
    token_of = pki.signer_for(lc.approver)

    def submit(cms: bytes) -> tuple[int, dict]:
        answer = api.post(f"{BASE}{body['token']}/signatures/", {"signatures": [base64.b64encode(cms).decode()]},
                          content_type="application/json")
        return answer.status_code, answer.json()

    refused = submit(token_of.sign(manifest + b" ").cms_der)
    assert refused == (400, {"message": "Chữ ký số không khớp với nội dung phê duyệt: nội dung đã bị thay đổi sau "
                                        "khi ký.", "code": "signature_invalid", "extra": {}})
    assert not MonthlyApproval.objects.exists()
    assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.REVIEWED
    assert SignatureRequest.objects.get(token=body["token"]).completed_at is None
    status, done = submit(token_of.sign(manifest).cms_der)
    assert status == 201
    assert done == {"approvals": [MonthlyApproval.objects.get().pk], "download": None}
    assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.APPROVED
    assert api.get(f"{BASE}{body['token']}/").status_code == 404  # finished


def test_bad_input_is_named_and_another_persons_request_reads_as_missing(
    lc: Personas, in_lao_cai: Province, on_unit_day: date,
) -> None:
    api = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    empty = api.post(BASE, {"purpose": "unit_approval"}, content_type="application/json")
    assert empty.status_code == 400
    assert empty.json()["extra"]["fields"] == {"change_set_ids": ["Chọn ít nhất một đề nghị."]}
    unknown = api.post(BASE, {"purpose": "ky_tat_ca"}, content_type="application/json")
    assert unknown.json()["extra"]["fields"] == {"purpose": ["Việc cần ký phải là unit_approval, province_approval, resume hoặc report."]}
    token = api.post(BASE, {"purpose": "unit_approval", "change_set_ids": [reviewed_change_set(lc).pk]},
                     content_type="application/json").json()["token"]
    officer = sign_in(in_lao_cai, lc.officer.username, DEMO_PASSWORD)
    assert officer.get(f"{BASE}{token}/").status_code == 404
    assert officer.post(f"{BASE}{token}/signatures/", {"signatures": ["AA=="]},
                        content_type="application/json").status_code == 404
    assert api.get(f"{BASE}khong-phai-ma/").status_code == 404
    garbage = api.post(f"{BASE}{token}/signatures/", {"signatures": ["khong phai base64"]},
                       content_type="application/json")
    assert garbage.status_code == 400 and garbage.json()["code"] == "signature_malformed"


def test_the_server_signs_with_the_provinces_signer(
    lc: Personas, in_lao_cai: Province, on_unit_day: date, pki: Pki, monkeypatch: pytest.MonkeyPatch,
) -> None:
    signer = pki.signer_for(lc.approver)
    monkeypatch.setattr("api.v1.signing.views.person_signer", lambda account, purpose: signer)
    change_set = reviewed_change_set(lc)
    api = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    token = api.post(BASE, {"purpose": "unit_approval", "change_set_ids": [change_set.pk]},
                     content_type="application/json").json()["token"]
    done = api.post(f"{BASE}{token}/sign/")
    assert done.status_code == 201, done.content
    with tenant_context(in_lao_cai):
        assert MonthlyApproval.objects.get().certificate_subject.startswith(f"UID={lc.approver.username}")
