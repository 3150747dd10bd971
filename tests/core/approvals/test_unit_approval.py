"""The unit's approver approves the month's reviewed changes, signed (Lào Cai requires ký số)."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.approvals.dev_ca import ca_create, crl_create
from core.approvals.models import ApprovalLevel, ApprovalStatus, MonthlyApproval, TrustedCA
from core.approvals.selectors import approval_candidates_for_user, trust_anchors
from core.approvals.services.approvals import unit_approval_return, unit_approval_sign
from core.approvals.services.trust import trusted_ca_crl_set
from core.approvals.signing import manifest_bytes, signature_verify
from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.models import ChangeSet, ChangeSetState, DossierVersion
from tests.core.approvals.conftest import UNIT_DAY, Pki, colleague_in_finance, reviewed_change_set
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def _nothing_written(*sets: ChangeSet) -> None:
    assert not MonthlyApproval.objects.exists()
    assert {ChangeSet.objects.get(pk=s.pk).state for s in sets} == {ChangeSetState.REVIEWED}
    assert not AuditEvent.objects.filter(action="approval.unit_sign").exists()


def test_the_approver_sees_the_reviewed_sets_of_the_subtree_only(lc: Personas) -> None:
    change_set = reviewed_change_set(lc)
    assert list(approval_candidates_for_user(user=lc.approver)) == [change_set]
    assert not approval_candidates_for_user(user=lc.officer).exists()
    assert not approval_candidates_for_user(user=lc.agency_admin).exists()


def test_the_approver_signs_some_sets_and_each_is_applied(lc: Personas, pki: Pki) -> None:
    """Two sets wait; the approver signs one. It becomes the dossier's next version, the
    approval keeps the signed manifest, and the other set still waits."""
    first = reviewed_change_set(lc)
    second = reviewed_change_set(lc, colleague_in_finance(lc))
    [approval] = unit_approval_sign(acting_user=lc.approver, change_set_ids=[first.pk],
                                    signer=pki.signer_for(lc.approver), on=UNIT_DAY)
    assert (approval.month, approval.level, approval.status) == ("2026-12", ApprovalLevel.UNIT, ApprovalStatus.UNIT_APPROVED)
    assert approval.org_unit == lc.person(lc.approver).org_unit
    assert list(approval.change_sets.all()) == [first]
    assert ChangeSet.objects.get(pk=first.pk).state == ChangeSetState.APPROVED
    assert DossierVersion.objects.filter(person=first.person, number=2, change_set_id=first.pk).exists()
    assert list(approval_candidates_for_user(user=lc.approver)) == [second]
    manifest = json.loads(approval.manifest)
    assert manifest["province"] == "lao-cai"
    assert (manifest["month"], manifest["level"], manifest["unit"]["id"]) == ("2026-12", "unit", approval.org_unit_id)
    assert [(e["id"], e["national_id"]) for e in manifest["change_sets"]] == [(first.pk, first.person.national_id)]
    assert manifest_bytes(manifest) == approval.manifest.encode("utf-8")  # canonical: sorted keys
    verified = signature_verify(manifest=approval.manifest.encode(), cms_der=bytes(approval.signature),
                                anchors=trust_anchors(), at=timezone.now())
    assert verified.username == lc.approver.username
    assert AuditEvent.objects.filter(action="approval.unit_sign", actor=lc.approver).count() == 1


def test_approving_outside_the_window_writes_nothing(lc: Personas, pki: Pki) -> None:
    change_set = reviewed_change_set(lc)
    with pytest.raises(ApplicationError) as refused:
        unit_approval_sign(acting_user=lc.approver, change_set_ids=[change_set.pk],
                           signer=pki.signer_for(lc.approver), on=date(2026, 12, 26))
    assert refused.value.message == (
        "Ngoài thời gian phê duyệt của cơ quan, đơn vị. Lần phê duyệt tiếp theo: từ 21/01/2027 đến 25/01/2027.")
    _nothing_written(change_set)


def test_lao_cai_requires_a_signature(lc: Personas, pki: Pki) -> None:
    change_set = reviewed_change_set(lc)
    with pytest.raises(ApplicationError) as refused:
        unit_approval_sign(acting_user=lc.approver, change_set_ids=[change_set.pk], signer=None, on=UNIT_DAY)
    assert refused.value.code == "signature_required"
    _nothing_written(change_set)


@pytest.mark.parametrize("case, message", [
    ("untrusted", "Chứng thư số không do tổ chức cung cấp dịch vụ chứng thực được tỉnh tin cậy cấp."),
    ("expired", "Chứng thư số đã hết hạn hoặc chưa có hiệu lực"),
    ("revoked", "Chứng thư số đã bị thu hồi"),
    ("someone_else", "Chứng thư số không phải của người phê duyệt"),
])
def test_a_refused_certificate_writes_nothing(lc: Personas, pki: Pki, case: str, message: str) -> None:
    change_set = reviewed_change_set(lc)
    now = timezone.now()
    if case == "untrusted":
        signer = pki.signer_for(lc.approver, ca=ca_create(name="CA lạ", now=now))
    elif case == "expired":
        signer = pki.signer_for(lc.approver, not_before=now - timedelta(days=400), not_after=now - timedelta(days=1))
    elif case == "revoked":
        signer = pki.signer_for(lc.approver)
        crl = crl_create(ca=pki.ca, revoked_serials=[signer.certificate.serial_number], now=now)
        trusted_ca_crl_set(acting_user=lc.doha, ca=TrustedCA.objects.get(name="CA thử nghiệm"), crl_pem=crl)
    else:
        signer = pki.signer_for(lc.officer)
    with pytest.raises(ApplicationError) as refused:
        unit_approval_sign(acting_user=lc.approver, change_set_ids=[change_set.pk], signer=signer, on=UNIT_DAY)
    assert refused.value.message.startswith(message)
    _nothing_written(change_set)


def test_a_tampered_manifest_fails_verification(lc: Personas, pki: Pki) -> None:
    change_set = reviewed_change_set(lc)
    [approval] = unit_approval_sign(acting_user=lc.approver, change_set_ids=[change_set.pk],
                                    signer=pki.signer_for(lc.approver), on=UNIT_DAY)
    tampered = approval.manifest.replace(change_set.person.national_id, "010190999999").encode()
    with pytest.raises(ApplicationError) as refused:
        signature_verify(manifest=tampered, cms_der=bytes(approval.signature), anchors=trust_anchors(),
                         at=timezone.now())
    assert refused.value.message == "Chữ ký số không khớp với nội dung phê duyệt: nội dung đã bị thay đổi sau khi ký."


def test_a_set_outside_the_approvers_scope_answers_like_a_missing_one(lc: Personas, pki: Pki) -> None:
    change_set = reviewed_change_set(lc)
    for ids in ([change_set.pk + 1000], [change_set.pk, change_set.pk + 1000]):
        with pytest.raises(NotFoundError):
            unit_approval_sign(acting_user=lc.approver, change_set_ids=ids, signer=pki.signer_for(lc.approver),
                               on=UNIT_DAY)
    with pytest.raises(PermissionDeniedError):
        unit_approval_sign(acting_user=lc.officer, change_set_ids=[change_set.pk], signer=None, on=UNIT_DAY)
    _nothing_written(change_set)


def test_the_approver_returns_a_set_with_a_reason(lc: Personas) -> None:
    change_set = reviewed_change_set(lc)
    with pytest.raises(ApplicationError):
        unit_approval_return(acting_user=lc.approver, change_set_id=change_set.pk, reason="  ")
    unit_approval_return(acting_user=lc.approver, change_set_id=change_set.pk, reason="Thiếu quyết định gốc.")
    stored = ChangeSet.objects.get(pk=change_set.pk)
    assert (stored.state, stored.return_reason) == (ChangeSetState.RETURNED, "Thiếu quyết định gốc.")
    assert not approval_candidates_for_user(user=lc.approver).exists()
    assert AuditEvent.objects.get(action="change_set.return", actor=lc.approver).detail["by"] == "approver"
