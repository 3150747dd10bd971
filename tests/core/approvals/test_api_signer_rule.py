"""The API signs each signature with the kind of signer the province's rules name for it
(signing.signers), as the pages do: the province level and the résumé by their own purposes,
not by the unit approval's."""

from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.models import ApprovalLevel, MonthlyApproval
from core.approvals.services.approvals import unit_approval_sign
from core.approvals.signers import NOT_CONFIGURED, SERVICE_NAMES
from core.base.audit.models import AuditEvent
from core.operations.demo.services import DEMO_PASSWORD
from rules.domain.signing import CSC
from rules.services import rule_value_set
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import PROVINCE_DAY, UNIT_DAY, Pki, reviewed_change_set
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

REMOTE_NOT_CONFIGURED = NOT_CONFIGURED.format(kind=SERVICE_NAMES[CSC])


def _rule(lc: Personas, value: dict, effective_from: date = date(2026, 1, 1)) -> None:
    rule_value_set(acting_user=lc.doha, key="signing.signers", value=value, effective_from=effective_from,
                   document="Quyết định thử nghiệm", article="Điều 1")


def test_the_province_level_is_signed_by_the_province_approval_signer(
    lc: Personas, in_lao_cai: Province, pki: Pki, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the rules have the DoHA sign remotely (and the service is not configured), the API
    refuses in words and writes nothing, although the units still sign with the server's keys."""
    unit_approval_sign(acting_user=lc.approver, change_set_ids=[reviewed_change_set(lc).pk],
                       signer=pki.signer_for(lc.approver), on=UNIT_DAY)
    _rule(lc, {"province_approval": CSC})
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: PROVINCE_DAY)
    monkeypatch.setattr("core.approvals.signers.signer_for_account", lambda account: pki.signer_for(account))
    api = sign_in(in_lao_cai, lc.doha.username, DEMO_PASSWORD)
    audited = AuditEvent.objects.count()

    answer = api.post("/api/v1/approvals/province-sign/", content_type="application/json")

    assert answer.status_code == 400, answer.content
    assert answer.json()["message"] == REMOTE_NOT_CONFIGURED
    with tenant_context(in_lao_cai):
        assert not MonthlyApproval.objects.filter(level=ApprovalLevel.PROVINCE).exists()
        assert AuditEvent.objects.count() == audited

    _rule(lc, {"unit_approval": CSC}, date(2026, 2, 1))  # the units' signer is no business of the province level's
    signed = api.post("/api/v1/approvals/province-sign/", content_type="application/json")
    assert signed.status_code == 201, signed.content
    assert signed.json()["signed"] is True


def test_the_resume_is_signed_by_the_resume_signer(lc: Personas, in_lao_cai: Province, pki: Pki,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.approvals.signers.signer_for_account", lambda account: pki.signer_for(account))
    _rule(lc, {"resume": CSC})
    api = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    answer = api.get(f"/api/v1/people/{lc.person(lc.employee).pk}/dossier/signed-pdf/")
    assert answer.status_code == 400, answer.content
    assert answer.json()["message"] == REMOTE_NOT_CONFIGURED
