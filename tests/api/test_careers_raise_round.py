"""The raise round through the API: GET the round, POST a proposal, POST the decision; every
refusal in the one error shape, never a 500."""

from collections.abc import Callable

import pytest
from django_tenants.utils import tenant_context

from core.models import Person, SalaryHistory
from tenants.models import Province
from tests.api.conftest import Caller
from tests.core.careers.builders_round import due_this_quarter
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(lao_cai: Province, lc: Personas) -> Person:
    with tenant_context(lao_cai):
        return due_this_quarter(lc)


def test_round_propose_decide(lao_cai: Province, due: Person, as_: Callable[[str], Caller]) -> None:
    doha, approver = as_("doha"), as_("approver")
    assert due.pk in [row["id"] for row in doha.get("/api/v1/careers/raise-round/").json()["due"]]
    created = doha.post("/api/v1/careers/raise-proposals/", {"person": due.pk})
    assert created.status_code == 201 and (created.json()["new_step"], created.json()["new_coefficient"]) == (4, "3.33")
    path = f"/api/v1/careers/raise-proposals/{created.json()['id']}/decision/"
    missing = approver.post(path, {"approve": True})
    assert missing.status_code == 400 and missing.json()["extra"]["fields"] == {
        "decision_number": "Nhập số quyết định nâng bậc lương."}
    decided = approver.post(path, {"approve": True, "decision_number": "9/QĐ-STC"})
    assert decided.status_code == 200 and decided.json()["state"] == "approved" and decided.json()["change_set"]
    with tenant_context(lao_cai):
        assert SalaryHistory.objects.filter(person=due, step=4).count() == 1
    assert approver.post(path, {"approve": False, "reason": "x"}).json()["code"] == "decided"


@pytest.mark.parametrize(("body", "status"), [({}, 400), ({"approve": "maybe"}, 400), ([], 400),
                                              ({"approve": True, "decision_number": "1", "decision_date": "9999-01-01"}, 400)])
def test_bad_decisions_never_500(due: Person, as_: Callable[[str], Caller], body: object, status: int) -> None:
    created = as_("doha").post("/api/v1/careers/raise-proposals/", {"person": due.pk}).json()
    response = as_("approver").post(f"/api/v1/careers/raise-proposals/{created['id']}/decision/", body)
    assert response.status_code == status and response.json()["message"]


def test_a_stranger_gets_the_same_404(due: Person, as_: Callable[[str], Caller]) -> None:
    created = as_("doha").post("/api/v1/careers/raise-proposals/", {"person": due.pk}).json()
    teacher = as_("teacher")
    hidden = teacher.post(f"/api/v1/careers/raise-proposals/{created['id']}/decision/", {"approve": True,
                                                                                          "decision_number": "1"})
    missing = teacher.post("/api/v1/careers/raise-proposals/999999999/decision/", {"approve": True,
                                                                                    "decision_number": "1"})
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
