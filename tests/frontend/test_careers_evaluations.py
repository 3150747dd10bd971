"""The evaluation page: the year's rounds with their progress, and the approver's confirmation
refused on the page with the cap's message."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.careers.services import evaluation_entry_set, evaluation_round_open
from core.models import OrgUnit
from tenants.models import Province
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_progress_and_the_cap_refusal(lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    with tenant_context(lao_cai):
        org = OrgUnit.objects.get(pk=lc.person(lc.employee).org_unit_id)
        found = evaluation_round_open(acting_user=lc.doha, unit_id=org.pk, year=2026)
        person = PersonFactory(org_unit=org)
        evaluation_entry_set(acting_user=lc.doha, round_id=found.pk, person_id=person.pk, periods=[(30, 70)])
    page = browser_as(lc.approver).get("/su-nghiep/danh-gia/", {"year": "2026"}).content.decode()
    row = "".join(page.split(f'id="round-{found.pk}"', 1)[1].split("</tr>", 1)[0].split())
    # The clerk persona and the new person: 2 people, 1 evaluated, xuất sắc 1, tốt, hoàn thành, không hoàn thành 0.
    assert "<td>2</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td>" in row
    response = browser_as(lc.approver).post("/su-nghiep/danh-gia/?year=2026", {"round": found.pk})
    assert response.status_code == 400
    assert "vượt quá 20 % số người xếp loại “Hoàn thành tốt nhiệm vụ” (0 người: tối đa 0)" in response.content.decode()
    assert browser_as(lc.teacher).post("/su-nghiep/danh-gia/?year=2026", {"round": found.pk}).status_code == 404
