"""The raise round: a regular raise is proposed in the quarter it falls due, the approver decides
with a decision number, and an approved raise becomes a salary-history row through an approved
change set (the dossier's next version and a national sync packet); a refusal writes nothing.

By hand: ngạch 01.003 (A1, 2.34 + 0.33 a step), step 3 (3.00) from 01/01/2022: the regular raise
is due 01/01/2025 (36 months), to step 4 (3.33)."""

from datetime import date
from decimal import Decimal

import pytest

from core.approvals.models import SyncPacket
from core.base.errors import ApplicationError, NotFoundError
from core.careers.models import EarlyRaiseProposal, RaiseProposal
from core.careers.selectors import raise_round_for_user
from core.careers.services import (
    Decision,
    early_raise_decide,
    early_raise_propose,
    raise_decide,
    raise_propose,
)
from core.models import ChangeItem, ChangeSetState, DossierVersion, Person, SalaryHistory
from tests.core.careers.builders import quota_of_one
from tests.core.conftest import Personas
from tests.core.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(lc: Personas) -> Person:
    person = PersonFactory(org_unit=lc.person(lc.employee).org_unit)
    SalaryHistory.objects.create(person=person, effective_on=date(2022, 1, 1), rank_code="01.003", step=3,
                                 coefficient=Decimal("3.00"))
    return person


def test_a_raise_is_proposed_in_its_quarter_only(lc: Personas, clerk: Person) -> None:
    with pytest.raises(ApplicationError) as refused:
        raise_propose(acting_user=lc.doha, person_id=clerk.pk, as_of=date(2024, 12, 10))
    assert refused.value.message == (f"{clerk.full_name} đến kỳ nâng bậc lương thường xuyên ngày 01/01/2025, sau "
                                     f"quý này (đến 31/12/2024): chưa đề nghị được.")
    due = raise_round_for_user(user=lc.doha, as_of=date(2025, 1, 5))
    assert clerk.pk in [c.person.pk for c in due.due] and (due.start, due.end) == (date(2025, 1, 1), date(2025, 3, 31))
    proposal = raise_propose(acting_user=lc.doha, person_id=clerk.pk, as_of=date(2025, 1, 5))
    assert (proposal.year, proposal.quarter, proposal.step, proposal.new_step, proposal.new_coefficient,
            proposal.raise_on) == (2025, 1, 3, 4, Decimal("3.33"), date(2025, 1, 1))
    after = raise_round_for_user(user=lc.doha, as_of=date(2025, 1, 5))
    assert clerk.pk not in [c.person.pk for c in after.due]
    assert [p.pk for p in after.proposals if p.person_id == clerk.pk] == [proposal.pk]
    with pytest.raises(ApplicationError) as again:
        raise_propose(acting_user=lc.doha, person_id=clerk.pk, as_of=date(2025, 1, 5))
    assert again.value.code == "already_proposed"


def test_the_approved_raise_becomes_a_salary_row_through_a_change_set(lc: Personas, clerk: Person) -> None:
    proposal = raise_propose(acting_user=lc.doha, person_id=clerk.pk, as_of=date(2025, 1, 5))
    version = Person.objects.get(pk=clerk.pk).version
    with pytest.raises(ApplicationError) as refused:
        raise_decide(acting_user=lc.approver, proposal_id=proposal.pk, decision=Decision(approve=True))
    assert refused.value.extra["fields"] == {"decision_number": "Nhập số quyết định nâng bậc lương."}
    assert SalaryHistory.objects.filter(person=clerk).count() == 1
    decided = raise_decide(acting_user=lc.approver, proposal_id=proposal.pk,
                           decision=Decision(approve=True, number="15/QĐ-STC", on=date(2025, 1, 5)))
    assert (decided.state, decided.decision_number, decided.decided_by) == ("approved", "15/QĐ-STC", lc.approver)
    row = SalaryHistory.objects.filter(person=clerk).order_by("-effective_on").first()
    assert row is not None and (row.effective_on, row.rank_code, row.step, row.coefficient) == (
        date(2025, 1, 1), "01.003", 4, Decimal("3.33"))
    change_set = decided.change_set
    assert change_set is not None and change_set.state == ChangeSetState.APPROVED
    assert change_set.created_by == lc.doha and change_set.reviewed_by == lc.approver
    item = ChangeItem.objects.get(change_set=change_set)
    assert (item.group, item.operation, item.row_id, item.values["step"]) == ("salary_history", "add", row.pk, 4)
    assert Person.objects.get(pk=clerk.pk).version == version + 1
    assert DossierVersion.objects.filter(person=clerk, change_set=change_set).count() == 1
    packet = SyncPacket.objects.get(reference=f"salary_raise:{proposal.pk}")
    assert packet.payload["action"]["decision"]["number"] == "15/QĐ-STC"
    with pytest.raises(ApplicationError) as twice:
        raise_decide(acting_user=lc.approver, proposal_id=proposal.pk, decision=Decision(approve=False, reason="x"))
    assert twice.value.code == "decided"


def test_a_rejection_needs_its_reason_and_writes_no_row(lc: Personas, clerk: Person) -> None:
    proposal = raise_propose(acting_user=lc.doha, person_id=clerk.pk, as_of=date(2025, 1, 5))
    with pytest.raises(ApplicationError) as refused:
        raise_decide(acting_user=lc.approver, proposal_id=proposal.pk, decision=Decision(approve=False))
    assert refused.value.message == "Nêu lý do không nâng bậc lương."
    decided = raise_decide(acting_user=lc.approver, proposal_id=proposal.pk,
                           decision=Decision(approve=False, reason="Đang bị xem xét kỷ luật"))
    assert (decided.state, decided.change_set) == ("rejected", None)
    assert SalaryHistory.objects.filter(person=clerk).count() == 1


def test_only_the_approver_over_the_unit_decides(lc: Personas, clerk: Person) -> None:
    proposal = raise_propose(acting_user=lc.doha, person_id=clerk.pk, as_of=date(2025, 1, 5))
    for outsider in (lc.teacher, lc.employee):
        with pytest.raises(NotFoundError):
            raise_decide(acting_user=outsider, proposal_id=proposal.pk, decision=Decision(approve=True, number="1"))
    with pytest.raises(NotFoundError):
        raise_decide(acting_user=lc.approver, proposal_id=10**9, decision=Decision(approve=True, number="1"))
    assert RaiseProposal.objects.get(pk=proposal.pk).state == "proposed"


def test_an_approved_early_raise_is_a_row_and_the_next_cannot_be_early(lc: Personas) -> None:
    """`first` is 9 months short on 01/06/2024 with a provincial award: raised to step 4 from
    01/06/2024. The next step's early raise would be the second in a row."""
    unit = quota_of_one(lc, as_of=date(2024, 6, 1))
    proposal = early_raise_propose(acting_user=lc.doha, person_id=unit.first.pk, as_of=date(2024, 6, 1))
    decided = early_raise_decide(acting_user=lc.doha, proposal_id=proposal.pk,
                                 decision=Decision(approve=True, number="7/QĐ-SNV", on=date(2024, 6, 1)))
    row = SalaryHistory.objects.filter(person=unit.first).order_by("-effective_on").first()
    assert row is not None and (row.effective_on, row.step, row.coefficient) == (date(2024, 6, 1), 4, Decimal("3.33"))
    assert decided.change_set is not None
    # 33 months later the next regular raise (01/06/2027) is 3 months away, with a new award.
    unit.first.rewards.create(year=2026, form="Bằng khen", level="Tỉnh")
    with pytest.raises(ApplicationError) as refused:
        early_raise_propose(acting_user=lc.doha, person_id=unit.first.pk, as_of=date(2027, 3, 1))
    assert refused.value.code == "twice_in_a_row"
    assert EarlyRaiseProposal.objects.filter(person=unit.first).count() == 1
