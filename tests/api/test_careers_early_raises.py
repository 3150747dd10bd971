"""GET/POST /api/v1/careers/early-raises/: candidates with the unit's quota; a proposal; the
quota's refusal in the one error shape, writing nothing."""

from collections.abc import Callable

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.careers.models import EarlyRaiseProposal
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.careers.builders import QuotaOfOne, quota_of_one
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db
PATH = "/api/v1/careers/early-raises/"


@pytest.fixture
def unit(lao_cai: Province, lc: Personas) -> QuotaOfOne:
    with tenant_context(lao_cai):
        return quota_of_one(lc, as_of=timezone.localdate())


def test_candidates_propose_and_quota(lao_cai: Province, unit: QuotaOfOne, as_: Callable[[str], Caller]) -> None:
    doha = as_("doha")
    body = doha.get(PATH, {"unit": unit.agency.pk}).json()
    assert body["count"] == 2 and [r["id"] for r in body["results"]] == [unit.second.pk, unit.first.pk]
    assert body["quotas"][0] | {"org_unit": None} == {"org_unit": None, "year": timezone.localdate().year,
                                                      "headcount": 13, "percent": 15, "quota": 1, "used": 0, "left": 1}
    created = doha.post(PATH, {"person": unit.first.pk})
    assert created.status_code == 201 and created.json()["months_early"] == 9
    refused = doha.post(PATH, {"person": unit.second.pk})
    assert refused.status_code == 400 and refused.json()["code"] == "quota_full"
    with tenant_context(lao_cai):
        assert EarlyRaiseProposal.objects.count() == 1


@pytest.mark.parametrize(("body", "status"), [({}, 400), ({"person": "x"}, 400), ([], 400), ({"person": 10**9}, 404)])
def test_bad_input_never_500(unit: QuotaOfOne, as_: Callable[[str], Caller], body: object, status: int) -> None:
    response = as_("doha").post(PATH, body)
    assert response.status_code == status and response.json()["message"]
