"""The career lists (page, XLSX, API) for every demo province: their counts equal direct ORM
counts of the same people, and a unit admin sees their own subtree only."""

import io
from datetime import date

import pytest
from django.db.models import Q
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from core.models import Gender, Person, PersonStatus
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from core.permissions import account_role_grants
from tests.conftest import _province, sign_in
from tests.core.conftest import personas_of
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db

PASSWORD = "hoso-demo-2026"
CODES = ["lai-chau", "tuyen-quang", "lao-cai", "son-la", "binh-thuan"]
# Who reaches retirement age in 2027 (Nghị định 135/2020 Phụ lục I, II): men born 07/1965–03/1966
# (born 06/1965 + 61 y 6 m is 12/2026 already; 03/1966 + 61 y 9 m is 12/2027); women born
# 01/1970–08/1970 (12/1969 + 57 y is 12/2026; 08/1970 + 57 y 4 m is 12/2027). Unknown days count
# as the 1st, unknown months as January.
MEN_2027 = (date(1965, 7, 1), date(1966, 3, 31))
WOMEN_2027 = (date(1970, 1, 1), date(1970, 8, 31))


def _born_between(first: date, last: date) -> Q:
    """Born in [first, last], an unknown day taken as the 1st and an unknown month as January."""
    assumed = Q(pk__in=[])
    for year in range(first.year, last.year + 1):
        low, high = (first.month if year == first.year else 1), (last.month if year == last.year else 12)
        assumed |= Q(birth_year=year, birth_month__gte=low, birth_month__lte=high)
        if low == 1:
            assumed |= Q(birth_year=year, birth_month__isnull=True)
    return Q(birth_date__range=(first, last)) | (Q(birth_date__isnull=True) & assumed)


def _retiring_in_2027() -> int:
    return Person.objects.filter(status=PersonStatus.WORKING).filter(
        (Q(gender=Gender.MALE) & _born_between(*MEN_2027)) | (Q(gender=Gender.FEMALE) & _born_between(*WOMEN_2027))
    ).count()


@pytest.mark.parametrize("code", CODES)
def test_retirements_in_2027_count_as_the_orm_does(code: str) -> None:
    province = _province(code)
    with tenant_context(province):
        PersonFactory(gender=Gender.MALE, birth_year=1966, birth_month=3, birth_date=date(1966, 3, 31))
        PersonFactory(gender=Gender.MALE, birth_year=1966, birth_month=4, birth_date=date(1966, 4, 1))  # 2028
        PersonFactory(gender=Gender.FEMALE, birth_year=1970, birth_month=None, birth_date=None)  # 01/1970
        PersonFactory(gender=Gender.FEMALE, birth_year=1969, birth_month=12, birth_date=None)  # 12/2026
        expected = _retiring_in_2027()
    assert expected >= 2
    client = sign_in(province, DOHA_ADMIN_USERNAME, PASSWORD)
    body = client.get("/api/v1/careers/retirements/", {"from": "2027-01-01", "to": "2027-12-31"}).json()
    assert body["count"] == expected == sum(body["by_month"].values())


@pytest.mark.parametrize("code", CODES)
def test_the_pages_and_files_list_what_the_api_lists(code: str) -> None:
    province = _province(code)
    client = sign_in(province, DOHA_ADMIN_USERNAME, PASSWORD)
    for page, api in (("/su-nghiep/nghi-huu/", "/api/v1/careers/retirements/"),
                      ("/su-nghiep/nang-luong/", "/api/v1/careers/raises-due/"),
                      ("/su-nghiep/het-nhiem-ky/", "/api/v1/careers/terms-ending/")):
        response = client.get(page)
        assert response.status_code == 200
        count = response.context["count"]
        assert client.get(api).json()["count"] == count
        book = load_workbook(io.BytesIO(client.get(page, {"format": "xlsx"}).content))
        assert book.active.max_row == count + 1  # the header, then one row each


def test_a_unit_admin_sees_their_subtree_only() -> None:
    province = _province("lao-cai")
    with tenant_context(province):
        lc = personas_of(province)
        school = lc.person(lc.teacher).org_unit
        finance = lc.person(lc.employee).org_unit
        PersonFactory(gender=Gender.MALE, birth_date=date(1965, 8, 1), birth_year=1965, org_unit=school)
        PersonFactory(gender=Gender.MALE, birth_date=date(1965, 8, 1), birth_year=1965, org_unit=finance)
        admin = lc.agency_admin.username
        (grant,) = account_role_grants(lc.agency_admin)
        in_subtree = Person.objects.filter(status=PersonStatus.WORKING, org_unit__path__startswith=grant.org_unit.path).filter(Q(gender=Gender.MALE) & _born_between(*MEN_2027)
                                                   | Q(gender=Gender.FEMALE) & _born_between(*WOMEN_2027)).count()
    body = sign_in(province, admin, PASSWORD).get(
        "/api/v1/careers/retirements/", {"from": "2027-01-01", "to": "2027-12-31"}).json()
    assert body["count"] == in_subtree
    assert finance.name not in {r["org_unit"]["name"] for r in body["results"]}
