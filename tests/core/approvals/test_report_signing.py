"""A scheduled report signed in two steps, through the API: its content as it will be sent is
prepared, the signature over it is verified as the signer's against the province's CAs before
the report counts as signed, and the CMS is kept on it. A signature over other bytes, or a
report changed since it was prepared, writes nothing."""

import base64

import pytest
from django.utils import timezone

from core.approvals.models import SignatureRequest
from core.approvals.signing import TrustAnchor, signature_verify
from core.operations.demo.services import DEMO_PASSWORD
from core.reports.models import ReportState, ScheduledReport
from core.reports.services import report_draft, report_payload, report_schedule_ensure
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import Pki
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

BASE = "/api/v1/signature-requests/"


@pytest.fixture
def drafted(lc: Personas) -> ScheduledReport:
    report_schedule_ensure(year=2026)
    return report_draft(acting_user=lc.doha, report=ScheduledReport.objects.get(code="doha_to_ministry"))


def test_the_doha_signs_the_report_it_prepared(lc: Personas, in_lao_cai: Province, pki: Pki,
                                                drafted: ScheduledReport) -> None:
    api = sign_in(in_lao_cai, lc.doha.username, DEMO_PASSWORD)
    prepared = api.post(BASE, {"purpose": "report", "report_id": drafted.pk}, content_type="application/json")
    assert prepared.status_code == 201, prepared.content
    body = prepared.json()
    [document] = body["documents"]
    assert document["manifest"].encode() == report_payload(drafted)
    signer = pki.signer_for(lc.doha)

    def submit(cms: bytes) -> tuple[int, dict]:
        answer = api.post(f"{BASE}{body['token']}/signatures/", {"signatures": [base64.b64encode(cms).decode()]},
                          content_type="application/json")
        return answer.status_code, answer.json()

    status, refused = submit(signer.sign(document["manifest"].encode() + b" ").cms_der)
    assert (status, refused["code"]) == (400, "signature_invalid")
    drafted.refresh_from_db()
    assert (drafted.state, drafted.signature, drafted.signed_at) == (ReportState.DRAFTED, "", None)
    status, done = submit(signer.sign(document["manifest"].encode()).cms_der)
    assert status == 201 and done["report"] == drafted.pk
    drafted.refresh_from_db()
    assert drafted.state == ReportState.SIGNED and drafted.signed_by == lc.doha
    verified = signature_verify(manifest=report_payload(drafted), cms_der=base64.b64decode(drafted.signature),
                                anchors=[TrustAnchor(pki.ca.certificate)], at=timezone.now())
    assert verified.username == lc.doha.username


def test_a_report_changed_since_it_was_prepared_is_signed_again(lc: Personas, in_lao_cai: Province, pki: Pki,
                                                                 drafted: ScheduledReport) -> None:
    from core.reports.services import report_remarks_update

    api = sign_in(in_lao_cai, lc.doha.username, DEMO_PASSWORD)
    body = api.post(BASE, {"purpose": "report", "report_id": drafted.pk}, content_type="application/json").json()
    manifest = body["documents"][0]["manifest"].encode()
    report_remarks_update(acting_user=lc.doha, report=drafted, remarks="Bổ sung số liệu quý IV.")
    answer = api.post(f"{BASE}{body['token']}/signatures/",
                      {"signatures": [base64.b64encode(pki.signer_for(lc.doha).sign(manifest).cms_der).decode()]},
                      content_type="application/json")
    assert answer.status_code == 400 and answer.json()["code"] == "manifest_changed"
    drafted.refresh_from_db()
    assert drafted.state == ReportState.DRAFTED
    assert SignatureRequest.objects.get(token=body["token"]).completed_at is None
    employee = sign_in(in_lao_cai, lc.employee.username, DEMO_PASSWORD)
    assert employee.post(BASE, {"purpose": "report", "report_id": drafted.pk},
                         content_type="application/json").status_code in (403, 404)
