"""The approver's page and API, on a fixed day inside Lào Cai's unit window."""

from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.models import MonthlyApproval
from core.models import ChangeSet, ChangeSetState
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import UNIT_DAY, Pki, reviewed_change_set
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_unit_day(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: UNIT_DAY)
    return UNIT_DAY


@pytest.fixture
def signer_on_server(lc: Personas, pki: Pki, monkeypatch: pytest.MonkeyPatch) -> None:
    signer = pki.signer_for(lc.approver)
    # The pages import it when they sign (frontend/approvals/views.py), from core.approvals.signers.
    monkeypatch.setattr("core.approvals.signers.person_signer", lambda account, purpose="unit_approval": signer)
    monkeypatch.setattr("api.v1.approvals.views.person_signer", lambda account, purpose="unit_approval": signer)


def test_the_approver_signs_on_the_page(lc: Personas, in_lao_cai: Province, on_unit_day: date, signer_on_server: None) -> None:
    change_set = reviewed_change_set(lc)
    browser = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    page = browser.get("/phe-duyet/")
    assert page.status_code == 200
    assert f"Đề nghị số {change_set.pk}" in page.content.decode()
    prepared = browser.post("/phe-duyet/ky/", {"change_set": [str(change_set.pk)]})
    assert prepared.status_code == 302 and prepared["Location"].startswith("../ky-so/")
    signing = browser.get(f"/phe-duyet/{prepared['Location'].removeprefix('../')}")
    shown = signing.content.decode()
    assert f'<a href="/de-nghi/{change_set.pk}/">Đề nghị số {change_set.pk}</a>' in shown
    assert "Sở Tài chính: dữ liệu tháng" in shown and "infra/" not in shown
    with tenant_context(in_lao_cai):
        assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.REVIEWED  # prepared, not signed
    answer = browser.post(f"/phe-duyet/{prepared['Location'].removeprefix('../')}ky/", follow=True)
    assert "Đã phê duyệt 1 đề nghị cập nhật hồ sơ." in answer.content.decode()
    with tenant_context(in_lao_cai):
        assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.APPROVED


def test_a_signature_made_in_the_browser_is_verified_before_it_counts(
    lc: Personas, in_lao_cai: Province, on_unit_day: date, pki: Pki,
) -> None:
    """The page posts the CMS the person's token made over the prepared manifest: a signature
    over other bytes, or by someone else, writes nothing; the right one approves."""
    import base64
    import json

    change_set = reviewed_change_set(lc)
    browser = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    location = browser.post("/phe-duyet/ky/", {"change_set": [str(change_set.pk)]})["Location"]
    base = f"/phe-duyet/{location.removeprefix('../')}"
    with tenant_context(in_lao_cai):
        from core.approvals.models import SignatureRequest

        manifest = SignatureRequest.objects.get(token=location.strip("/").split("/")[-1]).documents[0].encode()
    token_of = pki.signer_for(lc.approver)

    def post(cms: bytes) -> dict:
        answer = browser.post(f"{base}nop/", json.dumps({"signatures": [base64.b64encode(cms).decode()]}),
                              content_type="application/json")
        return {"status": answer.status_code, **answer.json()}

    other = post(token_of.sign(manifest + b" ").cms_der)
    assert other == {"status": 400, "code": "signature_invalid",
                     "message": "Chữ ký số không khớp với nội dung phê duyệt: nội dung đã bị thay đổi sau khi ký."}
    stranger = post(pki.signer_for(lc.officer).sign(manifest).cms_der)
    assert stranger["code"] == "certificate_not_signer"
    with tenant_context(in_lao_cai):
        assert not MonthlyApproval.objects.exists()
    done = post(token_of.sign(manifest).cms_der)
    assert done == {"status": 200, "message": "Đã phê duyệt 1 đề nghị cập nhật hồ sơ.", "next": "../../../"}
    with tenant_context(in_lao_cai):
        assert MonthlyApproval.objects.get().certificate_subject.startswith(f"UID={lc.approver.username}")
    assert browser.get(base).status_code == 404  # done: the request is closed


def test_the_api_signs_and_refuses_like_the_service(lc: Personas, in_lao_cai: Province, on_unit_day: date, signer_on_server: None) -> None:
    change_set = reviewed_change_set(lc)
    browser = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    listed = browser.get("/api/v1/approvals/candidates/").json()
    assert [c["id"] for c in listed] == [change_set.pk]
    missing = browser.post("/api/v1/approvals/unit-sign/", {"change_set_ids": [change_set.pk + 999]},
                           content_type="application/json")
    assert missing.status_code == 404
    signed = browser.post("/api/v1/approvals/unit-sign/", {"change_set_ids": [change_set.pk]},
                          content_type="application/json")
    assert signed.status_code == 201, signed.content
    assert signed.json()[0]["signed"] is True
    with tenant_context(in_lao_cai):
        assert MonthlyApproval.objects.count() == 1
    employee = sign_in(in_lao_cai, lc.employee.username, DEMO_PASSWORD)
    assert employee.get("/api/v1/approvals/").json() == []
    assert employee.get("/api/v1/approvals/units/").status_code == 403
