"""The DoHA level signed by the Director of the DoHA, or someone the Director authorised in writing,
where the province's text says so (issue 19 item 4; Sơn La Art. 7, Bình Thuận Art. 7.2); elsewhere
(Lào Cai) any DoHA admin signs."""

from datetime import date

import pytest
from django_tenants.utils import schema_context, tenant_context

from core.approvals.services.approvals import province_approval_manifest
from core.base.errors import ApplicationError
from core.models import OrgUnit, RoleGrant
from tenants.models import Province
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db

IN_WINDOW = date(2026, 11, 28)  # within the last 5 days of November in all three provinces
DIRECTOR_REQUIRED = ("Chưa thể phê duyệt cấp tỉnh: Giám đốc Sở Nội vụ hoặc người được Giám đốc ủy quyền bằng văn "
                     "bản ký phê duyệt; tài khoản của bạn chưa được ghi là Giám đốc Sở và chưa có văn bản ủy quyền "
                     "(số, ngày) ({document}, {article}).")


def _code_of_manifest_attempt(province_code: str, *, authorised: bool = False) -> str:
    with schema_context("public"):
        province = Province.objects.get(code=province_code)
    with tenant_context(province):
        doha = personas_of(province).doha
        grant = RoleGrant.objects.get(account=doha, org_unit=OrgUnit.objects.get(parent__isnull=True))
        assert not grant.is_head
        # The demo records the Director's authorisation on this grant (core/operations/demo/data.py):
        # each case here sets its own.
        RoleGrant.objects.filter(pk=grant.pk).update(
            authorisation="15/UQ-SNV" if authorised else "", authorisation_date=date(2026, 1, 5) if authorised else None)
        try:
            province_approval_manifest(acting_user=doha, on=IN_WINDOW)
        except ApplicationError as error:
            return f"{error.code}: {error.message}"
        return "ok"


@pytest.mark.parametrize(("code", "document", "article"), [
    ("son-la", "Dự thảo Quyết định …/2026/QĐ-UBND tỉnh Sơn La", "Điều 7"),
    ("binh-thuan", "Quyết định 18/2024/QĐ-UBND tỉnh Bình Thuận", "Điều 7 khoản 2"),
])
def test_a_doha_admin_who_is_not_the_director_and_has_no_authorisation_is_refused(
    code: str, document: str, article: str
) -> None:
    assert _code_of_manifest_attempt(code) == "director_required: " + DIRECTOR_REQUIRED.format(
        document=document, article=article)


def test_the_director_s_written_authorisation_recorded_on_the_grant_lets_the_admin_sign() -> None:
    assert not _code_of_manifest_attempt("son-la", authorised=True).startswith("director_required")


def test_lao_cai_s_text_names_no_director_so_any_doha_admin_signs() -> None:
    assert not _code_of_manifest_attempt("lao-cai").startswith("director_required")
