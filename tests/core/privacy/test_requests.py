"""A data subject's requests (Luật 91/2025, Nghị định 356/2025): due in 02 working days as a
tracked duty of the person's unit, answered by an officer or admin over it; refusals in
Vietnamese with nothing written."""

from datetime import date

import pytest

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, NotFoundError
from core.models import ChangeSet, Obligation, ObligationKind, ObligationState, Person
from core.privacy.deadlines import privacy_request_due
from core.privacy.models import DataSubjectRequest, RequestState
from core.privacy.selectors import NOT_FOUND, privacy_request_list_to_answer
from core.privacy.services import (
    ALREADY_ANSWERED,
    CHANGE_SET_NOT_THEIRS,
    DETAIL_REQUIRED,
    KIND_INVALID,
    privacy_request_answer,
    privacy_request_create,
)
from core.selectors.people import NO_DOSSIER
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

CITATION = ("Trả lời yêu cầu của chủ thể dữ liệu trong 02 ngày làm việc (điều, khoản chưa đối chiếu văn bản "
            "gốc), Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP")


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 12, 4), date(2026, 12, 8)),  # Friday: Monday and Tuesday
    (date(2026, 12, 7), date(2026, 12, 9)),  # Monday: Tuesday and Wednesday
    (date(2026, 4, 29), date(2026, 5, 5)),  # 30/4 and 1/5 are days off, then a weekend
])
def test_a_request_is_due_two_working_days_after_it_came(lc: Personas, received: date, due: date) -> None:
    assert privacy_request_due(received_on=received) == (due, CITATION)


def test_before_the_law_took_effect_the_rules_set_no_deadline(lc: Personas) -> None:
    assert privacy_request_due(received_on=date(2025, 12, 30)) == (None, "")


def test_a_request_opens_a_duty_of_the_persons_unit(lc: Personas) -> None:
    made = privacy_request_create(acting_user=lc.employee, kind="correction", detail="Sai ngày vào Đảng.",
                                  today=date(2026, 12, 4))
    person = Person.objects.get(account=lc.employee)
    duty = Obligation.objects.get(kind=ObligationKind.PRIVACY_REQUEST, reference=f"privacy_request:{made.pk}")
    assert made.obligation == duty
    assert (duty.person, duty.org_unit, duty.event_date, duty.due, duty.state) == (
        person, person.org_unit, date(2026, 12, 4), date(2026, 12, 8), ObligationState.OPEN)
    assert duty.citation == CITATION and duty.subject == "Chỉnh sửa dữ liệu: Sai ngày vào Đảng."
    assert AuditEvent.objects.filter(action="privacy.request", actor=lc.employee,
                                     target=f"privacy_request:{made.pk}").count() == 1


@pytest.mark.parametrize(("kind", "detail", "fields"), [
    ("correction", "   ", {"detail": DETAIL_REQUIRED}),
    ("erase_everything", "Xoá hết.", {"kind": KIND_INVALID}),
    ("access", "x" * 2001, {"detail": "Nội dung yêu cầu tối đa 2.000 ký tự."}),
])
def test_a_bad_request_is_refused_field_by_field_and_writes_nothing(lc: Personas, kind: str, detail: str,
                                                                    fields: dict[str, str]) -> None:
    with pytest.raises(ApplicationError) as refused:
        privacy_request_create(acting_user=lc.employee, kind=kind, detail=detail)
    assert refused.value.extra == {"fields": fields}
    assert not DataSubjectRequest.objects.exists()
    assert not Obligation.objects.filter(kind=ObligationKind.PRIVACY_REQUEST).exists()


def test_an_account_without_a_dossier_has_nothing_to_request_about(lc: Personas) -> None:
    with pytest.raises(NotFoundError) as refused:
        privacy_request_create(acting_user=lc.doha, kind="access", detail="Cho tôi xem dữ liệu.")
    assert refused.value.message == NO_DOSSIER


def test_the_units_officer_answers_and_the_duty_is_done(lc: Personas) -> None:
    made = privacy_request_create(acting_user=lc.employee, kind="objection", detail="Không đồng ý công khai.")
    assert list(privacy_request_list_to_answer(user=lc.officer)) == [made]
    answered = privacy_request_answer(acting_user=lc.officer, request_id=made.pk, answer="Đã ngừng công khai.")
    assert (answered.state, answered.answer, answered.answered_by) == (RequestState.ANSWERED, "Đã ngừng công khai.",
                                                                       lc.officer)
    assert Obligation.objects.get(pk=made.obligation_id).state == ObligationState.DONE
    with pytest.raises(ApplicationError) as again:
        privacy_request_answer(acting_user=lc.officer, request_id=made.pk, answer="Lần nữa.")
    assert again.value.message == ALREADY_ANSWERED


def test_only_those_over_the_persons_unit_answer_and_others_cannot_tell_it_exists(lc: Personas) -> None:
    """The Sở Giáo dục admin is not over Sở Tài chính: the same refusal as for a missing id."""
    made = privacy_request_create(acting_user=lc.employee, kind="access", detail="Bản sao hồ sơ.")
    assert list(privacy_request_list_to_answer(user=lc.agency_admin)) == []
    for request_id in (made.pk, made.pk + 1000):
        with pytest.raises(NotFoundError) as refused:
            privacy_request_answer(acting_user=lc.agency_admin, request_id=request_id, answer="Được.")
        assert refused.value.message == NOT_FOUND
    for outsider in (lc.employee, lc.teacher):
        with pytest.raises(NotFoundError):
            privacy_request_answer(acting_user=outsider, request_id=made.pk, answer="Tự trả lời.")
    assert DataSubjectRequest.objects.get(pk=made.pk).state == RequestState.OPEN
    assert list(privacy_request_list_to_answer(user=lc.doha)) == [made]


def test_a_correction_names_the_change_set_of_that_person_only(lc: Personas) -> None:
    made = privacy_request_create(acting_user=lc.employee, kind="correction", detail="Sửa số điện thoại.")
    teacher = Person.objects.get(account=lc.teacher)
    other = ChangeSet.objects.create(person=teacher, changed_on=date(2026, 12, 1), base_version=teacher.version,
                                     created_by=lc.teacher)
    with pytest.raises(ApplicationError) as refused:
        privacy_request_answer(acting_user=lc.doha, request_id=made.pk, answer="Đã sửa.", change_set_id=other.pk)
    assert refused.value.extra == {"fields": {"change_set": CHANGE_SET_NOT_THEIRS.format(number=other.pk)}}
    assert DataSubjectRequest.objects.get(pk=made.pk).state == RequestState.OPEN
    own = ChangeSet.objects.create(person=Person.objects.get(account=lc.employee), changed_on=date(2026, 12, 1),
                                   base_version=1, created_by=lc.employee)
    answered = privacy_request_answer(acting_user=lc.doha, request_id=made.pk, answer="Đã sửa.", change_set_id=own.pk)
    assert answered.change_set == own
