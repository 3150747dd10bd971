"""GET /api/v1/dossiers/incomplete/: the same list as the page, paginated, within the caller's
scope (Lào Cai Art. 14.4); a bad unit is a 400 naming the field."""

from collections.abc import Callable
from datetime import date

import pytest
from django_tenants.utils import tenant_context

from core.models import OrgUnit
from core.services.people import person_create
from tests.api.conftest import Caller
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

URL = "/api/v1/dossiers/incomplete/"


def test_the_list_with_what_each_dossier_lacks(lao_cai, lc: Personas, as_: Callable[[str], Caller],  # type: ignore[no-untyped-def]
                                               unit_id: Callable[[str], int]) -> None:
    with tenant_context(lao_cai):
        person = person_create(acting_user=lc.agency_admin,
                               org_unit=OrgUnit.objects.get(name="Trường THPT Chuyên Lào Cai"),
                               national_id="010195004321", full_name="Sùng Thị Dợ", gender="female",
                               birth_date=date(1995, 4, 2), category="vien_chuc", start=date(2020, 9, 1),
                               position="Giáo viên")
    school = unit_id("Trường THPT Chuyên Lào Cai")
    response = as_("agency_admin").get(URL, {"unit": school, "limit": 100})
    assert response.status_code == 200
    (row,) = [r for r in response.json()["results"] if r["person"] == person.pk]
    assert row["form"] == "Mẫu HS02-VC/BNV" and row["percent"] == 11
    assert row["missing"][:3] == ["4) Nơi sinh", "5) Quê quán", "6) Dân tộc"]
    assert row["org_unit"] == "Trường THPT Chuyên Lào Cai"
    others = as_("officer").get(URL, {"limit": 100}).json()["results"]
    assert person.pk not in {r["person"] for r in others}
    bad = as_("officer").get(URL, {"unit": "abc"})
    assert bad.status_code == 400 and "unit" in bad.json()["extra"]["fields"]
    assert as_("anonymous").get(URL).status_code in (401, 403)
