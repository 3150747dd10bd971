"""Transfers as workflows: each step records its decision, the work history gains a row, the
duty it opens is due under the province's rules in force on the event's date."""

from datetime import date

import pytest

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.models import (
    Gender,
    Obligation,
    ObligationState,
    Person,
    PersonCategory,
    PersonStatus,
    Placement,
    RoleGrant,
    WorkHistory,
)
from core.selectors.people import person_get_for_user, person_list_for_user
from core.transfers.models import (
    DutyKind,
    LeaveReason,
    StepAction,
    Transfer,
    TransferKind,
    TransferState,
)
from core.transfers.services.transfers import (
    transfer_archive,
    transfer_doha_request,
    transfer_doha_sync,
    transfer_handover,
    transfer_move,
    transfer_receive,
    transfer_start,
    transfer_take_over,
    unit_managing,
)
from tests.core.conftest import Personas
from tests.core.factories import national_id_for
from tests.core.transfers.conftest import decision, unit

# Friday; 31/8, 1/9 and 2/9/2026 are days off (National Day, with the announced extra days).
HANDOVER_ON = date(2026, 8, 28)


def _move_to_education(personas: Personas, account_person_of: str = "employee") -> Transfer:
    """Someone of Sở Tài chính moves to Sở Giáo dục và Đào tạo; handed over on HANDOVER_ON."""
    person = personas.person(getattr(personas, account_person_of))
    transfer = transfer_start(acting_user=personas.doha, kind=TransferKind.MOVE_TO_OTHER_UNIT, person=person,
                              to_unit=unit("Sở Giáo dục và Đào tạo"), effective_on=date(2026, 8, 24),
                              decision=decision(), position="Chuyên viên")
    return transfer_handover(acting_user=personas.doha, transfer=transfer,
                             decision=decision("45/BB-STC", on=HANDOVER_ON, signer="Giám đốc Sở Tài chính"))


def _take_over_duty(transfer: Transfer) -> Obligation:
    return Obligation.objects.get(person=transfer.person, kind=DutyKind.TAKE_OVER)


def test_binh_thuan_take_over_is_due_five_working_days_after_the_handover(bt: Personas) -> None:
    """Handover on Friday 28/8/2026: Thu 3/9, Fri 4/9, Mon 7/9, Tue 8/9, Wed 9/9 (Art. 11.3)."""
    duty = _take_over_duty(_move_to_education(bt))
    assert (duty.due, duty.event_date, duty.state) == (date(2026, 9, 9), HANDOVER_ON, ObligationState.OPEN)
    assert duty.org_unit == unit("Sở Giáo dục và Đào tạo")
    assert duty.citation.startswith("Điều 11 khoản 3")


@pytest.mark.parametrize(("code", "handover_due", "article"), [
    # 5 wd from Friday 9/10/2026: 12, 13, 14, 15, 16/10 (Lai Châu Mục 2.7; Sơn La Điều 8).
    ("lai-chau", date(2026, 10, 16), "Mục 2.7"),
    ("son-la", date(2026, 10, 16), "Điều 8"),
    # 10 wd: 12–16/10, 19–23/10 (Lào Cai Điều 11 khoản 3).
    ("lao-cai", date(2026, 10, 23), "Điều 11 khoản 3"),
])
def test_a_decision_on_a_friday_gives_the_old_unit_its_handover_and_the_new_unit_its_take_over(
    code: str, handover_due: date, article: str, db: None,
) -> None:
    """The old unit hands the dossier over within n working days of the decision taking effect,
    on its own list with its own citation; the new unit's take-over opens at the handover on the
    new unit's list, with no count (these three texts count only the handover)."""
    from django_tenants.utils import schema_context, tenant_context

    from tenants.models import Province
    from tests.core.conftest import personas_of

    with schema_context("public"):
        province = Province.objects.get(code=code)
    with tenant_context(province):
        personas = personas_of(province)
        person = personas.person(personas.employee)
        old_unit = person.org_unit
        friday = date(2026, 10, 9)
        transfer = transfer_start(acting_user=personas.doha, kind=TransferKind.MOVE_TO_OTHER_UNIT, person=person,
                                  to_unit=unit("Sở Giáo dục và Đào tạo"), effective_on=friday, decision=decision(on=friday))
        handover = Obligation.objects.get(person=person, kind=DutyKind.HANDOVER)
        assert (handover.event_date, handover.due) == (friday, handover_due)
        assert handover.citation.startswith(article)
        assert handover.org_unit == unit_managing(old_unit)
        transfer_handover(acting_user=personas.doha, transfer=transfer, decision=decision(on=date(2026, 10, 14)))
        take_over = Obligation.objects.get(person=person, kind=DutyKind.TAKE_OVER)
        assert (take_over.org_unit, take_over.event_date, take_over.due) == (
            unit("Sở Giáo dục và Đào tạo"), date(2026, 10, 14), None)
        assert Obligation.objects.get(pk=handover.pk).state == ObligationState.DONE


def test_the_old_units_roles_are_revoked_at_the_handover(bt: Personas) -> None:
    """The unit officer of Sở Tài chính moves out: the handover ends her role there at once, so
    her former colleague's dossier closes to her; the new unit's admin now sees her."""
    colleague = bt.person(bt.employee).pk
    assert person_get_for_user(user=bt.officer, person_id=colleague)
    transfer = _move_to_education(bt, "officer")
    grant = RoleGrant.objects.get(account=bt.officer)
    assert grant.revoked_at is not None
    assert AuditEvent.objects.filter(action="role.revoke", detail__transfer=transfer.pk).count() == 1
    with pytest.raises(NotFoundError):
        person_get_for_user(user=bt.officer, person_id=colleague)
    assert person_get_for_user(user=bt.agency_admin, person_id=transfer.person_id).org_unit.name == \
        "Sở Giáo dục và Đào tạo"


def test_each_step_records_its_decision_work_history_and_audit(lc: Personas) -> None:
    transfer = _move_to_education(lc)
    transfer = transfer_take_over(acting_user=lc.agency_admin, transfer=transfer,
                                  decision=decision("9/QĐ-SGD", on=date(2026, 9, 2)))
    assert transfer.state == TransferState.DONE
    steps = list(transfer.steps.values_list("action", "decision_number", "signer"))
    assert steps == [(StepAction.START, "123/QĐ-UBND", "Nguyễn Văn Ký"),
                     (StepAction.HANDOVER, "45/BB-STC", "Giám đốc Sở Tài chính"),
                     (StepAction.TAKE_OVER, "9/QĐ-SGD", "Nguyễn Văn Ký")]
    assert _take_over_duty(transfer).state == ObligationState.DONE
    history = list(WorkHistory.objects.filter(person=transfer.person).order_by("start").values_list(
        "unit_name", "end"))
    assert history[-2][1] == date(2026, 8, 23)
    assert history[-1] == ("Sở Giáo dục và Đào tạo", None)
    placement = Placement.objects.get(person=transfer.person, end__isnull=True)
    assert (placement.org_unit.name, placement.start) == ("Sở Giáo dục và Đào tạo", date(2026, 8, 24))
    assert set(AuditEvent.objects.filter(target=f"transfer:{transfer.pk}").values_list("action", flat=True)) == {
        "transfer.start", "transfer.handover", "transfer.take_over"}


def test_a_step_out_of_order_or_out_of_scope_writes_nothing(lc: Personas) -> None:
    person = lc.person(lc.employee)
    transfer = transfer_start(acting_user=lc.doha, kind=TransferKind.MOVE_TO_OTHER_UNIT, person=person,
                              to_unit=unit("Sở Giáo dục và Đào tạo"), effective_on=date(2026, 8, 24),
                              decision=decision())
    audits = AuditEvent.objects.count()
    with pytest.raises(ApplicationError, match="không ở bước “Tiếp nhận hồ sơ”"):
        transfer_take_over(acting_user=lc.agency_admin, transfer=transfer, decision=decision())
    with pytest.raises(PermissionDeniedError):
        transfer_handover(acting_user=lc.agency_admin, transfer=transfer, decision=decision())
    with pytest.raises(ApplicationError) as refused:
        transfer_handover(acting_user=lc.doha, transfer=transfer, decision=decision(number=" ", signer=""))
    assert refused.value.extra["fields"] == {"decision_number": "Nhập số văn bản.", "signer": "Nhập người ký văn bản."}
    assert transfer.steps.count() == 1
    assert AuditEvent.objects.count() == audits
    assert Person.objects.get(pk=person.pk).org_unit == person.org_unit


def test_a_move_within_the_unit_is_due_under_the_rules_and_moves_the_dossier(lc: Personas) -> None:
    """Lào Cai Art. 11.2: 10 working days from the decision taking effect (Mon 24/8: Tue 25, Wed 26,
    Thu 27, Fri 28, then 31/8–2/9 off, Thu 3/9, Fri 4/9, Mon 7/9, Tue 8/9, Wed 9/9, Thu 10/9)."""
    person = lc.person(lc.employee)
    transfer = transfer_start(acting_user=lc.doha, kind=TransferKind.MOVE_WITHIN_UNIT, person=person,
                              to_unit=unit("Phòng Quản lý giá và công sản"), effective_on=date(2026, 8, 24),
                              decision=decision("7/QĐ-STC"))
    duty = Obligation.objects.get(person=person, kind=DutyKind.MOVE_WITHIN_UNIT)
    assert (duty.due, duty.org_unit.name) == (date(2026, 9, 10), "Sở Tài chính")
    transfer_move(acting_user=lc.doha, transfer=transfer, decision=decision("7/QĐ-STC"))
    person.refresh_from_db()
    assert person.org_unit.name == "Phòng Quản lý giá và công sản"
    assert WorkHistory.objects.filter(person=person, end__isnull=True).get().unit_name == \
        "Phòng Quản lý giá và công sản, Sở Tài chính"
    assert person.versions.filter(number=person.version).exists()


def test_a_move_within_the_unit_refuses_another_agency(lc: Personas) -> None:
    with pytest.raises(ApplicationError) as refused:
        transfer_start(acting_user=lc.doha, kind=TransferKind.MOVE_WITHIN_UNIT, person=lc.person(lc.employee),
                       to_unit=unit("Sở Y tế"), effective_on=date(2026, 8, 24), decision=decision())
    assert "cùng cơ quan" in refused.value.extra["fields"]["to_unit"]
    assert not Transfer.objects.filter(person=lc.person(lc.employee)).exists()


def _receive(personas: Personas, kind: str) -> Transfer:
    received = transfer_receive(
        acting_user=personas.agency_admin, kind=kind, to_unit=unit("Văn phòng Sở", "Sở Giáo dục và Đào tạo"),
        national_id=national_id_for(year=1991), full_name="Trần Văn Đến", gender=Gender.MALE,
        category=PersonCategory.CONG_CHUC, birth_year=1991, effective_on=date(2026, 8, 24),
        decision=decision("88/QĐ-SGD"), origin="Sở Giáo dục và Đào tạo tỉnh Phú Thọ",
    )
    assert received.password
    return received.transfer


def test_an_arrival_from_outside_asks_the_doha_in_writing(lc: Personas) -> None:
    """Lào Cai Art. 11.1: the written request is due 10 working days after the handover; the
    DoHA's sync closes the transfer."""
    transfer = _receive(lc, TransferKind.ARRIVAL_FROM_OUTSIDE)
    person = transfer.person
    assert person.account is not None and person.account.is_active
    request = Obligation.objects.get(person=person, kind=DutyKind.DOHA_REQUEST)
    assert (request.due, request.org_unit.name) == (date(2026, 9, 10), "Sở Giáo dục và Đào tạo")
    transfer_doha_request(acting_user=lc.agency_admin, transfer=transfer,
                          decision=decision("12/SGD-TCCB", on=date(2026, 8, 26), signer="Giám đốc Sở GD&ĐT"))
    request.refresh_from_db()
    assert request.state == ObligationState.DONE
    sync = Obligation.objects.get(person=person, kind=DutyKind.DOHA_SYNC)
    assert sync.due is None and sync.org_unit.parent_id is None
    with pytest.raises(PermissionDeniedError):
        transfer_doha_sync(acting_user=lc.agency_admin, transfer=transfer, decision=decision())
    transfer = transfer_doha_sync(acting_user=lc.doha, transfer=transfer, decision=decision("3/SNV"))
    assert transfer.state == TransferState.DONE
    assert WorkHistory.objects.get(person=person).unit_name == "Văn phòng Sở, Sở Giáo dục và Đào tạo"


def test_binh_thuan_sets_no_day_count_for_an_arrival_from_outside(bt: Personas) -> None:
    transfer = _receive(bt, TransferKind.ARRIVAL_FROM_OUTSIDE)
    request = Obligation.objects.get(person=transfer.person, kind=DutyKind.DOHA_REQUEST)
    assert request.due is None


def test_an_arrival_from_a_system_that_cannot_sync_is_a_new_dossier(lc: Personas) -> None:
    transfer = _receive(lc, TransferKind.ARRIVAL_NO_SYNC)
    assert transfer.state == TransferState.DONE
    assert list(transfer.steps.values_list("action", flat=True)) == [StepAction.NEW_DOSSIER]
    assert transfer.person.dossier is not None
    assert not Obligation.objects.filter(person=transfer.person, kind__startswith="transfer_").exists()


def test_a_leaver_is_archived_and_still_found_by_the_unit_and_the_doha(lc: Personas) -> None:
    teacher = lc.person(lc.teacher)
    transfer = transfer_start(acting_user=lc.agency_admin, kind=TransferKind.LEAVE, person=teacher,
                              leave_reason=LeaveReason.RETIRED, effective_on=date(2026, 9, 1),
                              decision=decision("301/QĐ-SGD"))
    duty = Obligation.objects.get(person=teacher, kind=DutyKind.LEAVE)
    assert duty.due == date(2026, 9, 16)  # from Tue 1/9 (off): Thu 3/9 is the 1st, Wed 16/9 the 10th
    transfer_archive(acting_user=lc.agency_admin, transfer=transfer, decision=decision("301/QĐ-SGD"))
    teacher.refresh_from_db()
    assert (teacher.status, teacher.status_changed_on, teacher.is_archived) == (
        PersonStatus.RETIRED, date(2026, 9, 1), True)
    assert not teacher.account.is_active
    assert WorkHistory.objects.filter(person=teacher).latest("start").unit_name == "Nghỉ hưu"
    for reader in (lc.agency_admin, lc.doha):
        found = person_list_for_user(user=reader, query=teacher.full_name, archived=True)
        assert list(found) == [teacher]
        assert not person_list_for_user(user=reader, query=teacher.full_name).exists()
    duty.refresh_from_db()
    assert duty.state == ObligationState.DONE


def test_lai_chau_s_receiving_unit_syncs_an_arrival_itself_within_10_working_days(db: None) -> None:
    """Lai Châu 2.7: the receiving unit creates the account and syncs the data from the national
    database within 10 working days, with no written request to the DoHA (that is Lào Cai's and
    Bình Thuận's flow, Art. 11.1): the duty is the unit's, and its step closes the transfer."""
    from django_tenants.utils import schema_context, tenant_context

    from core.transfers.services.transfers import transfer_next_steps, transfer_step
    from tenants.models import Province
    from tests.core.conftest import personas_of

    with schema_context("public"):
        lai_chau = Province.objects.get(code="lai-chau")
    with tenant_context(lai_chau):
        lch = personas_of(lai_chau)
        transfer = _receive(lch, TransferKind.ARRIVAL_FROM_OUTSIDE)
        duty = Obligation.objects.get(person=transfer.person, kind=DutyKind.TAKE_OVER)
        # 10 working days after Monday 24/8/2026, past the days off of 31/8 to 2/9: 10/9.
        assert (duty.org_unit.name, duty.due) == ("Sở Giáo dục và Đào tạo", date(2026, 9, 10))
        assert "Mục 2.7" in duty.citation
        assert not Obligation.objects.filter(person=transfer.person, kind=DutyKind.DOHA_REQUEST).exists()
        assert transfer_next_steps(transfer) == [StepAction.TAKE_OVER]
        with pytest.raises(PermissionDeniedError):
            transfer_step(acting_user=lch.employee, transfer=transfer, action=StepAction.TAKE_OVER,
                          decision=decision("5/SGD"))
        transfer = transfer_step(acting_user=lch.agency_admin, transfer=transfer, action=StepAction.TAKE_OVER,
                                 decision=decision("5/SGD", on=date(2026, 9, 1)))
        duty.refresh_from_db()
        assert (transfer.state, duty.state) == (TransferState.DONE, ObligationState.DONE)
        assert not Obligation.objects.filter(person=transfer.person, kind=DutyKind.DOHA_SYNC).exists()
