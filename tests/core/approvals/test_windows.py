"""Approval windows: the regulation's dates per level, and the DoHA's exceptional windows."""

from datetime import date

import pytest

from core.approvals.models import ExceptionalWindow
from core.approvals.services.exceptional_windows import exceptional_window_open
from core.approvals.windows import approval_window_current, approval_window_require
from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import OrgUnit
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def test_lao_cai_unit_window_is_the_21st_to_the_25th(lc: Personas) -> None:
    """Lào Cai Art. 7.2: units approve from day 21 to the end of day 25, with ký số."""
    inside = approval_window_current(level="unit", on=date(2026, 12, 23))
    assert inside is not None
    assert (inside.month, inside.opens, inside.closes, inside.signature_required) == (
        "2026-12", date(2026, 12, 21), date(2026, 12, 25), True)


def test_outside_the_window_the_current_one_is_the_next(lc: Personas) -> None:
    """On 26/12 the unit window of December has closed: the next is January's, across the year."""
    after = approval_window_current(level="unit", on=date(2026, 12, 26))
    assert after is not None
    assert (after.month, after.opens) == ("2027-01", date(2027, 1, 21))


def test_approving_outside_the_window_names_the_next_one(lc: Personas) -> None:
    with pytest.raises(ApplicationError) as refused:
        approval_window_require(level="unit", on=date(2026, 12, 10))
    assert refused.value.message == (
        "Ngoài thời gian phê duyệt của cơ quan, đơn vị. Lần phê duyệt tiếp theo: từ 21/12/2026 đến 25/12/2026.")
    assert refused.value.code == "outside_approval_window"
    assert refused.value.extra["next_window"]["month"] == "2026-12"


def test_province_level_refusal_names_the_department(lc: Personas) -> None:
    with pytest.raises(ApplicationError) as refused:
        approval_window_require(level="province", on=date(2026, 12, 10))
    assert refused.value.message.startswith("Ngoài thời gian phê duyệt của Sở Nội vụ. Lần phê duyệt tiếp theo: từ ")


def test_inside_the_window_the_month_and_signature_duty_come_back(lc: Personas) -> None:
    window = approval_window_require(level="unit", on=date(2026, 12, 21))
    assert (window.month, window.signature_required, window.exceptional) == ("2026-12", True, None)


def test_the_doha_opens_an_exceptional_window_for_one_unit_and_it_is_logged(lc: Personas) -> None:
    """Sở Tài chính missed December: the DoHA opens 4–6 January 2027 for it only."""
    stc = lc.person(lc.approver).org_unit
    window = exceptional_window_open(acting_user=lc.doha, level="unit", month="2026-12", opens=date(2027, 1, 4),
                                     closes=date(2027, 1, 6), reason="Mất điện kéo dài", org_unit=stc)
    open_window = approval_window_require(level="unit", on=date(2027, 1, 5), org_unit=stc)
    assert (open_window.month, open_window.exceptional) == ("2026-12", window)
    other = OrgUnit.objects.get(name="Sở Tư pháp")
    with pytest.raises(ApplicationError):
        approval_window_require(level="unit", on=date(2027, 1, 5), org_unit=other)
    event = AuditEvent.objects.get(action="approval.window_open")
    assert (event.actor, event.detail["reason"], event.detail["org_unit"]) == (lc.doha, "Mất điện kéo dài", stc.pk)


def test_only_the_doha_opens_exceptional_windows_and_bad_input_writes_nothing(lc: Personas) -> None:
    with pytest.raises(PermissionDeniedError):
        exceptional_window_open(acting_user=lc.approver, level="unit", month="2026-12", opens=date(2027, 1, 4),
                                closes=date(2027, 1, 6), reason="x")
    with pytest.raises(ApplicationError) as invalid:
        exceptional_window_open(acting_user=lc.doha, level="unit", month="2026-13", opens=date(2027, 1, 6),
                                closes=date(2027, 1, 4), reason=" ")
    assert set(invalid.value.extra["fields"]) == {"month", "closes", "reason"}
    assert not ExceptionalWindow.objects.exists()
