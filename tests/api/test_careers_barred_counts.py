"""The discipline-bar list counts, in every demo province, what a direct ORM count gives under
the 2019 periods: on 01/06/2026 a khiển trách, cảnh cáo or hạ bậc lương of 2025 or 2026 bars (to
30/12 of the next year), a giáng chức or cách chức of 2024–2026 (to 30/12 two years on), and any
row whose recorded end of effect is on or after that day; working people only."""

from datetime import date

import pytest
from django.db.models import Q
from django_tenants.utils import tenant_context

from core.models import Discipline, PersonStatus
from core.operations.onboarding import DOHA_ADMIN_USERNAME
from tests.api.conftest import Caller, token_of
from tests.conftest import _province
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db
CODES = ["lai-chau", "tuyen-quang", "lao-cai", "son-la", "binh-thuan"]
ON = date(2026, 6, 1)


def _barred_by_orm() -> int:
    twelve = Q(form__in=["Khiển trách", "Cảnh cáo", "Hạ bậc lương"], year__gte=2025, year__lte=2026)
    twenty_four = Q(form__in=["Giáng chức", "Cách chức"], year__gte=2024, year__lte=2026)
    named = Q(form__in=["Khiển trách", "Cảnh cáo", "Hạ bậc lương", "Giáng chức", "Cách chức"])
    return Discipline.objects.filter(person__status=PersonStatus.WORKING).filter(
        twelve | twenty_four | (named & Q(effect_until__gte=ON, year__lte=2026))).count()


@pytest.mark.parametrize("code", CODES)
def test_the_barred_list_counts_as_the_orm_does(code: str) -> None:
    province = _province(code)
    with tenant_context(province):
        for year, form in ((2025, "Khiển trách"), (2024, "Cách chức"), (2024, "Cảnh cáo"), (2023, "Giáng chức")):
            Discipline.objects.create(person=PersonFactory(), year=year, form=form, reason="Thử nghiệm")
        expected = _barred_by_orm()
    assert expected >= 2
    body = Caller(province, token_of(province, DOHA_ADMIN_USERNAME)).get("/api/v1/careers/barred/",
                                                                         {"on": ON.isoformat()}).json()
    assert body["count"] == expected
