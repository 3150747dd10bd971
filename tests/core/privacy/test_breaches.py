"""The breach workflow: the DoHA admin (or an operator) records an incident; the notice to the
authority is drafted and due 72 hours after the discovery (privacy.breach_notice_hours) as the
DoHA's tracked duty, reminded by the daily run, editable until sent; every step audited."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import Obligation, ObligationKind, ObligationState, OrgUnit, Person
from core.privacy.breaches import (
    ALREADY_NOTIFIED,
    COUNT_BELOW,
    DISCOVERED_FUTURE,
    NOT_DOHA,
    SUMMARY_REQUIRED,
    UNKNOWN_PEOPLE,
    BreachInput,
    breach_notice_docx,
    breach_notice_edit,
    breach_notified,
    breach_record,
)
from core.privacy.models import BreachIncident, BreachState
from core.transfers.models import Reminder
from core.transfers.services.reminders import duties_remind
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

DISCOVERED = timezone.make_aware(datetime(2026, 12, 3, 9, 30))
CITATION = ("Thông báo vi phạm dữ liệu cá nhân cho cơ quan chuyên trách trong 72 giờ (điều, khoản chưa đối chiếu "
            "văn bản gốc), Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP")


def _input(lc: Personas, **changes: object) -> BreachInput:
    employee = Person.objects.get(account=lc.employee)
    values: dict[str, object] = {
        "summary": "Máy tính của văn thư bị nhiễm mã độc, tệp xuất hồ sơ bị sao chép ra ngoài.",
        "discovered_at": DISCOVERED, "occurred_at": DISCOVERED - timedelta(hours=5),
        "data_kinds": "Họ tên, số định danh, quê quán", "affected_count": 12,
        "national_ids": (employee.national_id,), "measures": "Cách ly máy, đổi mật khẩu."}
    values.update(changes)
    return BreachInput(**values)  # type: ignore[arg-type]


def test_the_doha_records_an_incident_and_the_notice_is_due_72_hours_after_discovery(lc: Personas) -> None:
    incident = breach_record(acting_user=lc.doha, data=_input(lc))
    assert incident.notice_due_at == DISCOVERED + timedelta(hours=72)
    assert incident.citation == CITATION
    assert list(incident.people.all()) == [Person.objects.get(account=lc.employee)]
    duty = Obligation.objects.get(kind=ObligationKind.BREACH_NOTICE, reference=f"breach:{incident.pk}")
    assert (duty.org_unit, duty.event_date, duty.due, duty.state) == (
        OrgUnit.objects.get(parent__isnull=True), DISCOVERED.date(), (DISCOVERED + timedelta(hours=72)).date(),
        ObligationState.OPEN)
    assert duty.subject.endswith("(hạn 09:30 06/12/2026)")
    assert incident.notice.startswith("Kính gửi: Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao "
                                      "(A05), Bộ Công an.")
    assert "Sở Nội vụ tỉnh Lào Cai thông báo" in incident.notice
    assert "4. Số người bị ảnh hưởng (ước tính): 12" in incident.notice
    assert f"đến 09:30 ngày 06/12/2026 ({CITATION})." in incident.notice
    assert AuditEvent.objects.filter(action="privacy.breach_record", actor=lc.doha,
                                     target=f"breach:{incident.pk}").count() == 1


def test_only_the_doha_admin_records_one(lc: Personas) -> None:
    for someone in (lc.officer, lc.agency_admin, lc.employee):
        with pytest.raises(PermissionDeniedError) as refused:
            breach_record(acting_user=someone, data=_input(lc))
        assert refused.value.message == NOT_DOHA
    assert not BreachIncident.objects.exists()


def test_an_operator_records_one_for_the_province(lc: Personas) -> None:
    incident = breach_record(acting_user=None, data=_input(lc), operator_label="vanhanh.an")
    assert incident.recorded_by_label == "vận hành: vanhanh.an" and incident.recorded_by is None


@pytest.mark.parametrize(("changes", "fields"), [
    ({"summary": "  "}, {"summary": SUMMARY_REQUIRED}),
    ({"discovered_at": timezone.now() + timedelta(hours=1), "occurred_at": None}, {"discovered_at": DISCOVERED_FUTURE}),
    ({"national_ids": ("010090001235", "999999999999")}, {"national_ids": UNKNOWN_PEOPLE.format(numbers="999999999999")}),
    ({"affected_count": 0}, {"affected_count": COUNT_BELOW.format(count=1)}),
])
def test_a_bad_record_is_refused_field_by_field_and_writes_nothing(lc: Personas, changes: dict, fields: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ApplicationError) as refused:
        breach_record(acting_user=lc.doha, data=_input(lc, **changes))
    assert refused.value.extra == {"fields": fields}
    assert not BreachIncident.objects.exists()
    assert not Obligation.objects.filter(kind=ObligationKind.BREACH_NOTICE).exists()


def test_the_notice_is_edited_until_sent_and_sending_closes_the_duty(lc: Personas) -> None:
    incident = breach_record(acting_user=lc.doha, data=_input(lc))
    edited = breach_notice_edit(acting_user=lc.doha, incident_id=incident.pk, notice="Kính gửi: A05.\nNội dung sửa.")
    assert edited.notice == "Kính gửi: A05.\nNội dung sửa."
    sent = breach_notified(acting_user=lc.doha, incident_id=incident.pk)
    assert sent.state == BreachState.NOTIFIED
    assert Obligation.objects.get(pk=incident.obligation_id).state == ObligationState.DONE
    with pytest.raises(ApplicationError) as refused:
        breach_notice_edit(acting_user=lc.doha, incident_id=incident.pk, notice="Muộn.")
    assert refused.value.message == ALREADY_NOTIFIED
    assert [e.action for e in AuditEvent.objects.filter(target=f"breach:{incident.pk}").order_by("id")] == [
        "privacy.breach_record", "privacy.breach_notice_edit", "privacy.breach_notified"]


def test_the_daily_run_reminds_the_doha_admin_before_the_notice_is_due(lc: Personas) -> None:
    incident = breach_record(acting_user=lc.doha, data=_input(lc))
    duties_remind(today=DISCOVERED.date())
    reminder = Reminder.objects.get(obligation_id=incident.obligation_id)
    assert reminder.account == lc.doha and reminder.stage == "before"
    assert reminder.notification.title.startswith("Sắp đến hạn: Thông báo vi phạm dữ liệu cá nhân")


def test_the_notice_downloads_as_a_word_document(lc: Personas) -> None:
    incident = breach_record(acting_user=lc.doha, data=_input(lc))
    assert breach_notice_docx(incident).startswith(b"PK")
