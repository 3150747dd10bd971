"""GET /api/v1/careers/early-raises/ and early-raises/proposals/ page as every paged list does
(`limit`, `offset`; {count, next, previous, results}): every proposal can be read, none is cut
off at a fixed number, and a bad page number is a 400 naming it."""

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.careers.models import EarlyRaiseProposal
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.careers.builders import QuotaOfOne, quota_of_one
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db
CASES = "/api/v1/careers/early-raises/"
PROPOSALS = "/api/v1/careers/early-raises/proposals/"
MADE = 230  # more than the 200 the answer used to stop at


@pytest.fixture
def unit(lao_cai: Province, lc: Personas) -> QuotaOfOne:
    """The quota's unit, and MADE rejected proposals about its first person (one a year back)."""
    with tenant_context(lao_cai):
        found = quota_of_one(lc, as_of=timezone.localdate())
        EarlyRaiseProposal.objects.bulk_create([EarlyRaiseProposal(
            person=found.first, org_unit=found.agency, year=2000 + i % 30, step_since=date(2000 + i % 30, 1, 1),
            step=1, regular_due=date(2003, 1, 1), months_early=6, raise_on=date(2002, 7, 1),
            state=EarlyRaiseProposal.State.REJECTED, proposed_by=lc.doha) for i in range(MADE)])
        return found


def test_every_proposal_is_read_page_by_page(lao_cai: Province, unit: QuotaOfOne,
                                             as_: Callable[[str], Caller]) -> None:
    """Pages of 100 follow `next` to the last; together they hold each proposal once, newest first."""
    doha = as_("doha")
    first = doha.get(PROPOSALS, {"unit": unit.agency.pk, "limit": 100}).json()
    assert first["count"] == MADE and len(first["results"]) == 100 and first["previous"] is None
    ids = [p["id"] for p in first["results"]]
    page = first
    while page["next"]:
        page = doha.get(page["next"].replace("http://testserver", "")).json()
        ids += [p["id"] for p in page["results"]]
    with tenant_context(lao_cai):
        newest_first = list(EarlyRaiseProposal.objects.filter(org_unit=unit.agency)
                            .order_by("-proposed_at", "-id").values_list("pk", flat=True))
    assert ids == newest_first and len(ids) == MADE
    default = doha.get(PROPOSALS, {"unit": unit.agency.pk}).json()
    assert len(default["results"]) == 20 and default["count"] == MADE
    assert default["results"][0] == first["results"][0]  # the same rows whatever the page's size
    assert default["results"][0]["person"] == {"id": unit.first.pk, "full_name": unit.first.full_name}


def test_the_candidates_page_and_count_the_proposals(unit: QuotaOfOne, as_: Callable[[str], Caller]) -> None:
    """The candidates page the same way (one a page here), with the quotas and how many proposals there are."""
    doha = as_("doha")
    first = doha.get(CASES, {"unit": unit.agency.pk, "limit": 1}).json()
    second = doha.get(CASES, {"unit": unit.agency.pk, "limit": 1, "offset": 1}).json()
    assert first["count"] == second["count"] == 2
    assert [r["id"] for r in first["results"] + second["results"]] == [unit.second.pk, unit.first.pk]
    assert first["next"] is not None and second["next"] is None
    assert first["proposals_count"] == MADE and first["quotas"][0]["quota"] == 1
    assert "proposals" not in first


@pytest.mark.parametrize("path", [CASES, PROPOSALS])
@pytest.mark.parametrize(("params", "name"), [({"limit": 0}, "limit"), ({"limit": 101}, "limit"),
                                              ({"offset": -1}, "offset"), ({"limit": "x"}, "limit")])
def test_a_bad_page_is_refused_by_name(unit: QuotaOfOne, as_: Callable[[str], Caller], path: str,
                                       params: dict[str, object], name: str) -> None:
    response = as_("doha").get(path, params)
    assert response.status_code == 400 and name in response.json()["extra"]["fields"], response.json()


def test_someone_without_a_role_sees_no_proposal(unit: QuotaOfOne, as_: Callable[[str], Caller]) -> None:
    """An employee of another unit: no proposal is theirs to read (an empty page, not a refusal)."""
    body = as_("employee").get(PROPOSALS).json()
    assert body["count"] == 0 and body["results"] == []
