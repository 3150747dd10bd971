"""The technical agency in the system (Tuyên Quang Art. 11.9, Lào Cai Art. 16.7 and 17.4, Sơn La
Art. 14.5 and Art. 3.2): its role, its periodic checks, and maintenance announced in advance."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, NotFoundError
from core.models import OrgUnit, Role, RoleGrant
from core.services.access import TECH_AGENCY_PROVINCE_ONLY, role_grant
from core.tech_agency.models import CheckResult, TechCheck
from core.tech_agency.selectors import DEFAULT_NOTICE_HOURS, sync_health, tech_check_list_for_user
from core.tech_agency.services import NOTES_NEEDED, maintenance_announce, tech_check_record
from tenants.models import Province
from tests.core.conftest import Personas, personas_of


def test_a_check_is_recorded_and_listed(lc: Personas) -> None:
    """Lào Cai Art. 16.7, 17.4: the tech agency records a periodic check of storage and backups
    (date, what, result, notes, by whom) and it is listed first, with an audit row."""
    check = tech_check_record(acting_user=lc.tech, checked_on=timezone.localdate(),
                              subjects=["media", "backups"], result=CheckResult.OK, notes="Ổ lưu trữ chuyên dụng tốt.")

    assert tech_check_list_for_user(user=lc.doha)[0] == check
    assert (check.subjects, check.recorded_by, check.subject_labels) == (
        ["backups", "media"], lc.tech, ["Lưu trữ, sao lưu dữ liệu", "Thiết bị, phương tiện lưu trữ chuyên dụng"])
    assert AuditEvent.objects.filter(action="tech_check.record", target=str(check.pk), actor=lc.tech).exists()


def test_a_check_with_issues_needs_notes_and_writes_nothing_without(lc: Personas) -> None:
    """A result "có tồn tại" without saying what is refused beside the notes; nothing is written."""
    with pytest.raises(ApplicationError) as refused:
        tech_check_record(acting_user=lc.tech, checked_on=timezone.localdate(), subjects=["backups"],
                          result=CheckResult.ISSUES, notes=" ")

    assert refused.value.extra["fields"] == {"notes": NOTES_NEEDED}
    assert not TechCheck.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "officer", "agency_admin"])
def test_others_cannot_record_or_read_checks(persona: str, lc: Personas) -> None:
    """Anyone but the tech agency and the DoHA admin gets "not found"; nothing is written."""
    with pytest.raises(NotFoundError):
        tech_check_record(acting_user=getattr(lc, persona), checked_on=timezone.localdate(), subjects=["backups"],
                          result=CheckResult.OK)
    with pytest.raises(NotFoundError):
        tech_check_list_for_user(user=getattr(lc, persona))
    assert not TechCheck.objects.exists()


def test_the_tech_agency_role_is_granted_over_the_whole_province_only(lc: Personas) -> None:
    """The DoHA admin grants the tech agency role on the province's root; on an agency it is
    refused beside the unit, nothing written."""
    agency = OrgUnit.objects.get(name="Sở Tư pháp")
    account = lc.person(lc.teacher).account
    assert account is not None
    with pytest.raises(ApplicationError) as refused:
        role_grant(acting_user=lc.doha, account=account, role=Role.TECH_AGENCY, org_unit=agency)
    assert refused.value.extra["fields"] == {"org_unit": TECH_AGENCY_PROVINCE_ONLY}
    assert not RoleGrant.objects.filter(account=account, role=Role.TECH_AGENCY).exists()

    grant = role_grant(acting_user=lc.doha, account=account, role=Role.TECH_AGENCY,
                       org_unit=OrgUnit.objects.get(parent__isnull=True))
    assert grant.role == Role.TECH_AGENCY


def test_sync_health_counts_packets_in_two_queries(lc: Personas, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """Sync health is counts and times, never a person: three statements, whatever the outbox."""
    with django_assert_num_queries(3):
        health = sync_health()
    assert [label for label, _ in health.by_status][:2] == ["Chờ gửi", "Đã gửi, chờ xác nhận"]


def test_son_la_maintenance_needs_the_lead_time(son_la: Province) -> None:
    """Sơn La Art. 3.2: a pause for maintenance is announced in advance; a start sooner than the
    lead time (the text sets no number: the platform's 24 hours) is refused beside the start,
    and the province keeps no window."""
    from django_tenants.utils import tenant_context

    with tenant_context(son_la):
        sl = personas_of(son_la)
        now = timezone.now()
        with pytest.raises(ApplicationError) as refused:
            maintenance_announce(acting_user=sl.tech, starts_at=now + timedelta(hours=2),
                                 ends_at=now + timedelta(hours=4), message="Nâng cấp phần mềm.", now=now)
        earliest = timezone.localtime(now + timedelta(hours=DEFAULT_NOTICE_HOURS))
        assert refused.value.extra["fields"] == {"starts_at": (
            f"Phải thông báo trước ít nhất 24 giờ (mặc định của hệ thống: quy chế không nêu số giờ): "
            f"bắt đầu sớm nhất lúc {earliest:%H:%M %d/%m/%Y}.")}
        assert Province.objects.get(pk=son_la.pk).maintenance_ends_at is None

        maintenance_announce(acting_user=sl.tech, starts_at=now + timedelta(hours=25),
                             ends_at=now + timedelta(hours=27), message="Nâng cấp phần mềm.", now=now)
        stored = Province.objects.get(pk=son_la.pk)
        assert (stored.maintenance_announced_at, stored.maintenance_ends_at) == (now, now + timedelta(hours=27))
        assert stored.maintenance_announced(now) and not stored.maintenance_under_way(now)
        assert stored.maintenance_under_way(now + timedelta(hours=26))
        assert not stored.maintenance_announced(now + timedelta(hours=27))
        assert not stored.maintenance_announced(now - timedelta(seconds=1))
        assert AuditEvent.objects.filter(action="maintenance.announce", actor=sl.tech).exists()


def test_checked_on_in_the_future_is_refused(lc: Personas) -> None:
    with pytest.raises(ApplicationError) as refused:
        tech_check_record(acting_user=lc.tech, checked_on=timezone.localdate() + timedelta(days=1),
                          subjects=["backups"], result=CheckResult.OK)
    assert refused.value.extra["fields"] == {"checked_on": "Ngày kiểm tra không được sau hôm nay."}
    with pytest.raises(ApplicationError):
        tech_check_record(acting_user=lc.tech, checked_on=date(1800, 1, 1), subjects=["x"], result="?")
    assert not TechCheck.objects.exists()
