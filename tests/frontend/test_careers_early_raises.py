"""The early-raise page: candidates and the unit's quota, a proposal from the row, the quota's
refusal shown on the page with nothing written."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.careers.models import EarlyRaiseProposal
from tenants.models import Province
from tests.core.careers.builders import QuotaOfOne, quota_of_one
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db
PAGE = "/su-nghiep/nang-luong-truoc-han/"


@pytest.fixture
def unit(lao_cai: Province, lc: Personas) -> QuotaOfOne:
    with tenant_context(lao_cai):
        return quota_of_one(lc, as_of=timezone.localdate())


def test_propose_then_the_quota_refuses_the_second(lao_cai: Province, lc: Personas, unit: QuotaOfOne,
                                                   browser_as: Callable[[Account], Client]) -> None:
    browser = browser_as(lc.doha)
    page = browser.get(PAGE, {"unit": unit.agency.pk}).content.decode()
    assert f'id="candidate-{unit.first.pk}"' in page and f'id="candidate-{unit.second.pk}"' in page
    quota = page.split(f'id="quota-{unit.agency.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "<td>13</td><td>15 %</td><td>1</td><td>0</td><td>1</td>" in quota
    response = browser.post(f"{PAGE}?unit={unit.agency.pk}", {"person": unit.first.pk})
    assert response.status_code == 302
    response = browser.post(f"{PAGE}?unit={unit.agency.pk}", {"person": unit.second.pk})
    assert response.status_code == 400
    refusal = response.content.decode().split('id="refusal">', 1)[1].split("</p>", 1)[0]
    year = timezone.localdate().year
    assert refusal == (f"Đã đủ tỷ lệ nâng bậc lương trước thời hạn năm {year} của Sở Thử nghiệm: 1/1 người (15 % "
                       f"của 13 người đang làm việc). Người có thông báo nghỉ hưu được nâng ngoài tỷ lệ.")
    with tenant_context(lao_cai):
        assert list(EarlyRaiseProposal.objects.values_list("person_id", flat=True)) == [unit.first.pk]


def test_the_export_lists_the_candidates(lc: Personas, unit: QuotaOfOne,
                                         browser_as: Callable[[Account], Client]) -> None:
    import io

    from openpyxl import load_workbook

    response = browser_as(lc.doha).get(PAGE, {"unit": unit.agency.pk, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [unit.second.full_name, unit.first.full_name]


def test_an_employee_cannot_propose(lc: Personas, unit: QuotaOfOne, browser_as: Callable[[Account], Client]) -> None:
    browser = browser_as(lc.employee)
    assert f'id="candidate-{unit.first.pk}"' not in browser.get(PAGE).content.decode()
    assert browser.post(PAGE, {"person": unit.first.pk}).status_code == 404
