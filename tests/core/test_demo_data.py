"""The demo provinces: a realistic tree and a valid, province-coded persona per role."""

import pytest
from django_tenants.utils import tenant_context

from core.models import OrgUnit, Person, RoleGrant
from core.operations.demo.data import PERSONAS, PROVINCE_DATA, demo_populate
from core.validators import electronic_code_errors, national_id_errors
from tenants.models import Province

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", list(PROVINCE_DATA))
def test_each_demo_province_has_its_tree_and_personas(code: str) -> None:
    province = Province.objects.get(code=code)
    with tenant_context(province):
        assert OrgUnit.objects.filter(dissolved_on__isnull=True).count() >= 30
        assert all(not electronic_code_errors(u.electronic_code) for u in OrgUnit.objects.all())
        people = list(Person.objects.all())
        assert len(people) == len(PERSONAS)
        for person in people:
            assert person.national_id[:3] == PROVINCE_DATA[code].id_prefix
            assert person.account.username == person.national_id
            assert national_id_errors(person.national_id, birth_date=person.birth_date, gender=person.gender) == []
        assert {g.role for g in RoleGrant.objects.all()} == {
            "doha_admin", "agency_admin", "subunit_admin", "unit_officer", "approver", "tech_agency"}
        (tech,) = RoleGrant.objects.filter(role="tech_agency").select_related("account", "org_unit")
        assert (tech.account.username, tech.org_unit.parent_id) == ("cqkt.kythuat", None)
        assert not Person.objects.filter(account=tech.account).exists()


def test_populating_again_changes_nothing_and_lists_the_sign_ins(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        before = (OrgUnit.objects.count(), Person.objects.count())
    lines = demo_populate(lao_cai)
    with tenant_context(lao_cai):
        assert (OrgUnit.objects.count(), Person.objects.count()) == before
    assert lines[0] == "Quản trị Sở Nội vụ: snv.quantri"
    assert lines[1] == "Cơ quan kỹ thuật: cqkt.kythuat"
    assert "Cá nhân (Phòng Quản lý ngân sách, Sở Tài chính): 010090001235 – Phạm Minh Đức" in lines
    assert len(lines) == 2 + len(PERSONAS)


@pytest.mark.parametrize("code", ["son-la", "binh-thuan"])
def test_the_demo_doha_admin_signs_the_province_on_the_directors_written_authorisation(code: str) -> None:
    """Sơn La Art. 7 and Bình Thuận Art. 7.2 have the Director of the DoHA (or someone the
    Director authorised in writing) sign the province's month: the demo's DoHA admin is not the
    Director, so their grant carries the authorisation, and the province-level journey completes."""
    from django.utils import timezone

    from core.approvals.services.approvals import _director_capacity_require
    from core.operations.onboarding import DOHA_ADMIN_USERNAME

    with tenant_context(Province.objects.get(code=code)):
        grant = RoleGrant.objects.get(account__username=DOHA_ADMIN_USERNAME, role="doha_admin", revoked_at__isnull=True)
        assert (grant.authorisation, str(grant.authorisation_date)) == ("15/GUQ-SNV", "2025-07-01")
        _director_capacity_require(grant, timezone.localdate())  # raises when refused
        grant.authorisation, grant.authorisation_date = "", None
        with pytest.raises(Exception, match="Giám đốc Sở Nội vụ hoặc người được Giám đốc ủy quyền"):
            _director_capacity_require(grant, timezone.localdate())
