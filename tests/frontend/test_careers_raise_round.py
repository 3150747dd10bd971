"""The raise-round page: the admin proposes from the due list, the approver decides with a
decision number (told beside the field when missing), and the row reaches the dossier."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.careers.models import RaiseProposal
from core.models import Person, SalaryHistory
from tenants.models import Province
from tests.core.careers.builders_round import due_this_quarter
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db
PAGE = "/su-nghiep/xet-nang-luong/"


@pytest.fixture
def due(lao_cai: Province, lc: Personas) -> Person:
    with tenant_context(lao_cai):
        return due_this_quarter(lc)


def test_propose_then_decide(lao_cai: Province, lc: Personas, due: Person,
                             browser_as: Callable[[Account], Client]) -> None:
    admin = browser_as(lc.doha)
    assert f'id="due-{due.pk}"' in admin.get(PAGE).content.decode()
    assert admin.post(PAGE, {"action": "propose", "person": due.pk}).status_code == 302
    with tenant_context(lao_cai):
        proposal = RaiseProposal.objects.get(person=due)
    approver = browser_as(lc.approver)
    page = approver.get(PAGE).content.decode()
    assert f'id="due-{due.pk}"' not in page and f'id="decide-regular-{proposal.pk}"' in page
    response = approver.post(PAGE, {"action": "approve", "kind": "regular", "proposal": proposal.pk,
                                    "decision_number": "", "decision_date": "", "reason": ""})
    assert response.status_code == 400
    field = response.content.decode().split(f'id="field-regular-{proposal.pk}-decision_number"', 1)[1]
    assert "Nhập số quyết định nâng bậc lương." in field.split("</div>", 1)[0]
    response = approver.post(PAGE, {"action": "approve", "kind": "regular", "proposal": proposal.pk,
                                    "decision_number": "21/QĐ-STC", "decision_date": "", "reason": ""})
    assert response.status_code == 302
    with tenant_context(lao_cai):
        assert SalaryHistory.objects.filter(person=due, step=4).exists()
        assert RaiseProposal.objects.get(pk=proposal.pk).decision_number == "21/QĐ-STC"


def test_a_bad_decision_date_is_told_beside_it(lao_cai: Province, lc: Personas, due: Person,
                                               browser_as: Callable[[Account], Client]) -> None:
    browser_as(lc.doha).post(PAGE, {"action": "propose", "person": due.pk})
    with tenant_context(lao_cai):
        proposal = RaiseProposal.objects.get(person=due)
    response = browser_as(lc.approver).post(PAGE, {"action": "approve", "kind": "regular", "proposal": proposal.pk,
                                                   "decision_number": "1", "decision_date": "31/02/2025"})
    assert response.status_code == 400
    field = response.content.decode().split(f'id="field-regular-{proposal.pk}-decision_date"', 1)[1]
    assert "Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd)." in field.split("</div>", 1)[0]
    with tenant_context(lao_cai):
        assert RaiseProposal.objects.get(pk=proposal.pk).state == "proposed"
