"""Beside each signature, in what capacity the approver signed: the head (thủ trưởng), or a
person authorised in writing with the authorisation's number and date (all five texts; Sơn La
Art. 7 insists on the writing)."""

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from core.approvals.models import MonthlyApproval
from core.approvals.services.approvals import unit_approval_manifests, unit_approval_sign
from core.base.errors import ApplicationError
from core.models import ChangeSet, ChangeSetState, OrgUnit, Role
from core.operations.demo.services import DEMO_PASSWORD
from core.services.access import GrantBasis, role_grant, role_grant_ensure
from rules.services import rule_value_set
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import UNIT_DAY, Pki, colleague_in_finance, reviewed_change_set
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

AUTHORISED = "Được ủy quyền theo văn bản số 12/GUQ-STC, ngày 30/11/2026"


def test_each_signature_shows_the_head_or_the_written_authorisation(
    lc: Personas, in_lao_cai: Province, pki: Pki,
) -> None:
    """The head signs one set, a deputy authorised in writing the other: each approval keeps the
    grant it was signed under, and the approvals page and API show it beside the signature."""
    first = reviewed_change_set(lc)
    second = reviewed_change_set(lc, colleague_in_finance(lc))
    deputy = lc.teacher
    role_grant(acting_user=lc.doha, account=deputy, role=Role.APPROVER, org_unit=OrgUnit.objects.get(name="Sở Tài chính"),
               basis=GrantBasis(authorisation="12/GUQ-STC", authorisation_date=date(2026, 11, 30)))
    [by_head] = unit_approval_sign(acting_user=lc.approver, change_set_ids=[first.pk],
                                   signer=pki.signer_for(lc.approver), on=UNIT_DAY)
    [by_deputy] = unit_approval_sign(acting_user=deputy, change_set_ids=[second.pk],
                                     signer=pki.signer_for(deputy), on=UNIT_DAY)
    assert by_head.approver_grant is not None and by_head.approver_grant.is_head
    assert by_head.approver_capacity == "Thủ trưởng"
    assert by_deputy.approver_capacity == AUTHORISED

    browser = sign_in(in_lao_cai, lc.approver.username, DEMO_PASSWORD)
    page = browser.get("/phe-duyet/").content.decode()
    assert "<th>Chữ ký số</th><th>Tư cách ký</th>" in page
    assert f"<td>{AUTHORISED}</td>" in page and "<td>Thủ trưởng</td>" in page
    listed = {row["id"]: row["approver_capacity"] for row in browser.get("/api/v1/approvals/").json()}
    assert listed == {by_head.pk: "Thủ trưởng", by_deputy.pk: AUTHORISED}
    with tenant_context(in_lao_cai):
        assert MonthlyApproval.objects.filter(approver_grant__isnull=True).count() == 0


def test_where_the_rule_holds_an_approver_without_a_recorded_authorisation_cannot_sign(
    lc: Personas, pki: Pki,
) -> None:
    """When a province's admin records the rule (here for Lào Cai, as Sơn La Art. 7 has it), a
    non-head approver whose grant carries no authorisation (made before the rule) is refused at
    signing and nothing is written; the head still signs."""
    finance = OrgUnit.objects.get(name="Sở Tài chính")
    legacy = role_grant_ensure(acting_user=None, account=lc.teacher, role=Role.APPROVER, org_unit=finance)
    rule_value_set(acting_user=lc.doha, key="approval.written_authorisation", value=True,
                   effective_from=date(2026, 12, 1), document="Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai",
                   article="Điều 7 khoản 2 (sửa đổi)")
    change_set = reviewed_change_set(lc)
    for attempt in (
        lambda: unit_approval_manifests(acting_user=lc.teacher, change_set_ids=[change_set.pk], on=UNIT_DAY),
        lambda: unit_approval_sign(acting_user=lc.teacher, change_set_ids=[change_set.pk],
                                   signer=pki.signer_for(lc.teacher), on=UNIT_DAY),
    ):
        with pytest.raises(ApplicationError) as refused:
            attempt()
        assert refused.value.code == "authorisation_required"
        assert refused.value.message == (
            "Chưa thể phê duyệt cho “Sở Tài chính”: bạn không phải thủ trưởng và chưa có văn bản ủy quyền phê "
            "duyệt (số, ngày) được ghi nhận (Quyết định 06/2024/QĐ-UBND tỉnh Lào Cai, Điều 7 khoản 2 (sửa đổi)).")
    assert not MonthlyApproval.objects.exists()
    assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.REVIEWED
    assert legacy.capacity == ""
    [approval] = unit_approval_sign(acting_user=lc.approver, change_set_ids=[change_set.pk],
                                    signer=pki.signer_for(lc.approver), on=UNIT_DAY)
    assert approval.approver_capacity == "Thủ trưởng"
