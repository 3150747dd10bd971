"""The demo province's past (core/operations/demo/history.py): months approved at the unit and the
province level, on time and late; transfers in every state the province's rules allow; duties
open, due today, late and done; all through the services, signed with the demo keys."""

from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.approvals.models import ApprovalLevel, ApprovalStatus, MonthlyApproval
from core.models import Obligation, ObligationState, Person
from core.operations.demo.data import PROVINCE_DATA
from core.operations.demo.history import demo_due_day, demo_history_ensure
from core.operations.demo.population import demo_population_add
from core.operations.demo.signing import demo_signing_keys_ensure
from core.transfers.models import Transfer, TransferState
from rules.selectors import deadline_for
from tenants.models import Province

pytestmark = pytest.mark.django_db

PEOPLE = 300


def _month_of(today: date, back: int) -> str:
    year, month = today.year, today.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year}-{month:02d}"


@pytest.mark.parametrize(("code", "requested"), [("lao-cai", True), ("lai-chau", False)])
def test_the_demo_province_holds_every_state(code: str, requested: bool, request: pytest.FixtureRequest,
                                             tmp_path: Path) -> None:
    """Two past months approved at both levels (the earlier in the regulation's windows, the
    later in exceptional windows opened after them), each approval signed; transfers started,
    handed over, done and (where the DoHA syncs arrivals: Lào Cai, not Lai Châu) requested;
    duties open, due today (the next working day on a day off; where the rules count the
    handover), late and done. A second run adds nothing."""
    province: Province = request.getfixturevalue(code.replace("-", "_"))
    today = timezone.localdate()
    with override_settings(HOSO_SIGNING_DIR=str(tmp_path)), tenant_context(province):
        before = {"transfers": Transfer.objects.count(), "people": Person.objects.count()}
        demo_population_add(id_prefix=PROVINCE_DATA[code].id_prefix, people=PEOPLE, today=today)
        demo_signing_keys_ensure(province)
        history = demo_history_ensure(province)

        approvals = list(MonthlyApproval.objects.order_by("month", "level"))
        assert approvals == sorted(history.approvals, key=lambda a: (a.month, a.level))
        assert [(a.month, a.level, a.exceptional_window is not None) for a in approvals] == [
            (_month_of(today, 3), ApprovalLevel.PROVINCE, False), (_month_of(today, 3), ApprovalLevel.UNIT, False),
            (_month_of(today, 2), ApprovalLevel.PROVINCE, True), (_month_of(today, 2), ApprovalLevel.UNIT, True)]
        assert all(a.status == ApprovalStatus.PROVINCE_APPROVED and a.is_signed for a in approvals)
        assert all(a.approved_on < today for a in approvals)
        assert sum(a.change_sets.count() for a in approvals if a.level == ApprovalLevel.UNIT) == 4

        states = set(Transfer.objects.values_list("state", flat=True))
        expected = {TransferState.STARTED, TransferState.HANDED_OVER, TransferState.DONE}
        assert states == expected | ({TransferState.REQUESTED} if requested else set())
        assert Transfer.objects.count() == before["transfers"] + history.transfers

        duties = list(Obligation.objects.all())
        assert any(d.state == ObligationState.DONE for d in duties)
        assert any(d.state == ObligationState.OPEN and (d.due is None or d.due > today) for d in duties)
        assert any(d.state == ObligationState.OPEN and d.due is not None and d.due < today for d in duties)
        if deadline_for(event="move_to_other_unit", on=today).due is not None:  # the rules count the handover
            assert any(d.state == ObligationState.OPEN and d.due == demo_due_day(today) for d in duties)

        again = demo_history_ensure(province)
        assert again.approvals == [] and again.transfers == 0
        assert MonthlyApproval.objects.count() == 4
