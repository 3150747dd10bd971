"""A change never overwrites: a new version answers from its effective date, the old one before."""

from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError
from rules import selectors
from rules.domain.registry import RuleKey
from rules.domain.types import DayCount
from rules.models import RuleVersion
from rules.services import calendar_override_set, rule_value_set
from tenants.models import Province

pytestmark = pytest.mark.django_db

NEW_DECISION = {"document": "Quyết định 99/2027/QĐ-UBND tỉnh Lào Cai", "article": "Điều 6 khoản 3"}


def test_a_new_version_applies_from_its_date_and_the_old_one_before(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        rule_value_set(acting_user=None, key="deadline.personal_update", value={"n": 7, "unit": "working"},
                       effective_from=date(2027, 7, 1), **NEW_DECISION)
        before = selectors.rules_effective(as_of=date(2027, 6, 30))[RuleKey.PERSONAL_UPDATE]
        after = selectors.rules_effective(as_of=date(2027, 7, 1))[RuleKey.PERSONAL_UPDATE]
        assert before.value == DayCount(15, "working")
        assert "06/2024/QĐ-UBND" in before.citation.document
        assert after.value == DayCount(7, "working")
        assert after.citation.document == NEW_DECISION["document"]
        assert after.source == "province"
        assert RuleVersion.objects.filter(key="deadline.personal_update").count() == 2


def test_a_deadline_uses_the_rules_in_force_on_the_event_date(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        rule_value_set(acting_user=None, key="deadline.personal_update", value={"n": 2, "unit": "calendar"},
                       effective_from=date(2027, 7, 1), **NEW_DECISION)
        # 15 working days from Wednesday 30/06/2027: the old rule.
        assert selectors.deadline_for(event="personal_update", on=date(2027, 6, 30)).due == date(2027, 7, 21)
        assert selectors.deadline_for(event="personal_update", on=date(2027, 7, 1)).due == date(2027, 7, 3)


def test_unsetting_a_value_falls_back_to_the_baseline(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        rule_value_set(acting_user=None, key="window.province", value=None, effective_from=date(2027, 1, 1), **NEW_DECISION)
        entry = selectors.rules_effective(as_of=date(2027, 1, 1))[RuleKey.WINDOW_PROVINCE]
        assert entry.source == "baseline"
        assert "06/2023/TT-BNV" in entry.citation.document


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ({"n": -3, "unit": "working"}, "value.n", "Số ngày phải là số nguyên từ 1 đến 366."),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_saved(lao_cai: Province, value: object, field: str, message: str) -> None:
    with tenant_context(lao_cai):
        count = RuleVersion.objects.count()
        audits = AuditEvent.objects.count()
        with pytest.raises(ApplicationError) as refused:
            rule_value_set(acting_user=None, key="deadline.leave", value=value, effective_from=date(2027, 1, 1), **NEW_DECISION)
        assert refused.value.extra["fields"][field] == message
        assert RuleVersion.objects.count() == count
        assert AuditEvent.objects.count() == audits


def test_a_missing_legal_basis_is_refused(lao_cai: Province) -> None:
    with tenant_context(lao_cai), pytest.raises(ApplicationError) as refused:
        rule_value_set(acting_user=None, key="deadline.leave", value={"n": 5, "unit": "working"},
                       effective_from=date(2027, 1, 1), document=" ", article="")
    assert refused.value.extra["fields"] == {
        "document": "Cần ghi văn bản làm căn cứ (số, ký hiệu văn bản).",
        "article": "Cần ghi điều, khoản làm căn cứ.",
    }


def test_a_province_day_off_moves_its_deadlines_and_no_one_elses(lao_cai: Province, lai_chau: Province) -> None:
    """Friday 21/08/2026 declared a day off in Lào Cai only."""
    with tenant_context(lao_cai):
        calendar_override_set(acting_user=None, day=date(2026, 8, 21), working=False, reason="Nghỉ bù theo Thông báo 1/TB-UBND")
        assert selectors.deadline_for(event="personal_update", on=date(2026, 8, 20)).due == date(2026, 9, 15)
    with tenant_context(lai_chau):
        # Lai Châu: 15 working days from 20/08/2026, with 21/08 and the make-up 22/08 worked.
        assert selectors.deadline_for(event="personal_update", on=date(2026, 8, 20)).due == date(2026, 9, 14)


def test_a_national_day_off_applies_everywhere_and_a_province_can_work_it(lao_cai: Province, lai_chau: Province) -> None:
    """Monday 04/01/2027 declared off nationally; Lai Châu declares it a working day."""
    from django.core.management import call_command

    call_command("calendar_override", "--day", "2027-01-04", "--reason", "Thông báo nghỉ bù (thử nghiệm)")
    call_command("calendar_override", "--day", "2027-01-04", "--working", "--province", "lai-chau",
                 "--reason", "Tỉnh làm việc bình thường")
    with tenant_context(lao_cai):
        # 10 working days from Thursday 31/12/2026 with 01/01 and 04/01 off.
        assert selectors.deadline_for(event="leave", on=date(2026, 12, 31)).due == date(2027, 1, 18)
    with tenant_context(lai_chau):
        assert selectors.working_calendar().is_working_day(date(2027, 1, 4))
        assert selectors.deadline_for(event="leave", on=date(2026, 12, 31)).due == date(2027, 1, 15)


def test_a_bad_day_from_the_command_is_explained() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Ngày “2027-02-30” không hợp lệ; dùng dạng YYYY-MM-DD."):
        call_command("calendar_override", "--day", "2027-02-30", "--reason", "x")


def test_a_new_province_can_start_from_a_copy_of_another(lao_cai: Province) -> None:
    from core.operations.onboarding import province_onboard

    result = province_onboard(code="yen-bai", name="Yên Bái", official_name="Tỉnh Yên Bái", subdomain="yenbai",
                              rule_preset="copy:lao-cai")
    with tenant_context(result.province):
        window = selectors.rules_effective(as_of=timezone.localdate())[RuleKey.WINDOW_UNIT]
        assert (window.value.start_day, window.value.end_day) == (21, 25)
        assert "06/2024/QĐ-UBND" in window.citation.document


def test_a_national_adjustment_can_be_removed_and_a_missing_one_is_explained(lao_cai: Province) -> None:
    from django.core.management import CommandError, call_command

    call_command("calendar_override", "--day", "2027-01-04", "--reason", "Thông báo nghỉ bù (thử nghiệm)")
    call_command("calendar_override", "--day", "2027-01-04", "--remove", "--reason", "Thông báo hủy (thử nghiệm)")
    with tenant_context(lao_cai):
        assert selectors.working_calendar().is_working_day(date(2027, 1, 4))
    with pytest.raises(CommandError, match="Ngày 04/01/2027 không có điều chỉnh toàn quốc nào."):
        call_command("calendar_override", "--day", "2027-01-04", "--remove")


def test_a_years_windows_and_reports_cost_a_fixed_number_of_queries(lao_cai: Province, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    """One query for the province's rule versions, two for the calendar adjustments, whatever
    the number of versions and months (the search path is already set: no SET among them)."""
    with tenant_context(lao_cai):
        for month in (3, 7, 11):
            rule_value_set(acting_user=None, key="deadline.leave", value={"n": month, "unit": "working"},
                           effective_from=date(2027, month, 1), **NEW_DECISION)
        with django_assert_num_queries(3):
            windows = selectors.approval_windows_for(year=2027)
        assert len(windows) == 24
        with django_assert_num_queries(1):
            reports = selectors.reports_for(year=2027)
        assert [r.due for r in reports] == [date(2027, 1, 20), date(2027, 5, 31), date(2027, 11, 30)]
