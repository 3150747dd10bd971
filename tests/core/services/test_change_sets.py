"""Self-service changes: draft, proof, submit, the officer's queue, review or return, apply."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from core.base.audit.models import AuditEvent
from core.base.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.models import (
    ChangeItem,
    ChangeSet,
    ChangeSetState,
    DossierVersion,
    Obligation,
    PersonStatus,
    Training,
)
from core.selectors.change_sets import (
    change_set_diff,
    change_set_get_for_user,
    change_set_queue_for_user,
)
from core.services.attachments import attachment_add
from core.services.change_sets import (
    change_set_apply,
    change_set_create,
    change_set_discard,
    change_set_item_discard,
    change_set_item_update,
    change_set_return,
    change_set_review,
    change_set_row_add,
    change_set_row_remove,
    change_set_submit,
    change_set_values_set,
)
from core.services.people import person_leave
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
TRAINING = {"kind": "state_management", "start": "2025-03-03", "end": "2025-05-30",
            "institution": "Học viện Hành chính quốc gia", "subject": "Bồi dưỡng ngạch chuyên viên chính"}


def _proof(actor, change_set: ChangeSet, item: ChangeItem) -> None:  # type: ignore[no-untyped-def]
    attachment_add(acting_user=actor, change_set=change_set, expected_version=change_set.version, item_id=item.pk,
                   file=ContentFile(PDF, name="quyet-dinh.pdf"), description="Quyết định cử đi học")


def _submitted(lc: Personas) -> ChangeSet:
    """The Sở Tài chính employee records a training and a new phone number, and submits."""
    person = lc.person(lc.employee)
    change_set = change_set_create(acting_user=lc.employee, person=person, changed_on=date(2025, 5, 30))
    change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                          group="dossier", values={"phone": "0912345678"})
    item = change_set_row_add(acting_user=lc.employee, change_set=change_set,
                              expected_version=change_set.version, group="training", values=TRAINING)
    _proof(lc.employee, change_set, item)
    change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    return change_set


def test_a_submitted_change_reaches_the_officer_of_the_subtree_with_its_differences(lc: Personas) -> None:
    """After submission the unit officer of Sở Tài chính sees it in the queue, field by field,
    with its document; the officer of another agency's queue stays empty."""
    change_set = _submitted(lc)
    assert list(change_set_queue_for_user(user=lc.officer)) == [change_set]
    assert not change_set_queue_for_user(user=lc.agency_admin).exists()
    assert not change_set_queue_for_user(user=lc.employee).exists()
    diff = change_set_diff(change_set=change_set_get_for_user(user=lc.officer, change_set_id=change_set.pk))
    phone, training = diff
    assert (phone.group_label, phone.operation_label) == ("Hồ sơ", "Sửa thông tin")
    assert [(f.label, f.before, f.after) for f in phone.fields] == [("điện thoại", "", "0912345678")]
    assert training.group_label == "Đào tạo, bồi dưỡng"
    assert ("loại", None, "Quản lý nhà nước, chức danh nghề nghiệp, ngành") in [
        (f.label, f.before, f.after) for f in training.fields]
    assert [a.original_name for a in training.attachments] == ["quyet-dinh.pdf"]


def test_the_officer_reviews_and_the_approval_writes_a_new_dossier_version(lc: Personas) -> None:
    """Review leaves the dossier untouched until the monthly approval applies the set; the
    dossier then holds version 2, and version 1 is still there."""
    change_set = _submitted(lc)
    person = lc.person(lc.employee)
    change_set_review(acting_user=lc.officer, change_set=change_set, expected_version=change_set.version)
    assert change_set.state == ChangeSetState.REVIEWED
    assert not Training.objects.filter(person=person).exists()
    change_set_apply(acting_user=lc.approver, change_set=change_set)
    person.refresh_from_db()
    assert person.version == 2
    assert person.dossier.phone == "0912345678"
    training = Training.objects.get(person=person)
    assert training.subject == TRAINING["subject"]
    versions = {v.number: v for v in DossierVersion.objects.filter(person=person)}
    assert versions[1].snapshot["dossier"]["phone"] == ""
    assert versions[2].snapshot["dossier"]["phone"] == "0912345678"
    assert versions[2].snapshot["rows"]["training"][0]["id"] == training.pk
    assert (versions[2].created_by, versions[2].change_set_id) == (lc.approver, change_set.pk)
    assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.APPROVED


def test_the_officer_returns_a_change_with_a_reason_and_the_author_resubmits(lc: Personas) -> None:
    change_set = _submitted(lc)
    with pytest.raises(ApplicationError) as no_reason:
        change_set_return(acting_user=lc.officer, change_set=change_set, expected_version=change_set.version, reason=" ")
    assert no_reason.value.extra["fields"] == {"reason": "Nêu lý do trả lại."}
    change_set_return(acting_user=lc.officer, change_set=change_set, expected_version=change_set.version,
                      reason="Quyết định cử đi học chưa có chữ ký.")
    stored = ChangeSet.objects.get(pk=change_set.pk)
    assert (stored.state, stored.return_reason) == (ChangeSetState.RETURNED, "Quyết định cử đi học chưa có chữ ký.")
    assert not change_set_queue_for_user(user=lc.officer).exists()
    item = stored.items.get(group="training")
    _proof(lc.employee, change_set, item)
    change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    assert list(change_set_queue_for_user(user=lc.officer)) == [change_set]


def test_only_an_officer_over_the_person_reviews_and_never_their_own(lc: Personas) -> None:
    change_set = _submitted(lc)
    for outsider in (lc.agency_admin, lc.employee, lc.approver):
        with pytest.raises(PermissionDeniedError):
            change_set_review(acting_user=outsider, change_set=change_set, expected_version=change_set.version)
    own = change_set_create(acting_user=lc.officer, person=lc.person(lc.officer))
    change_set_values_set(acting_user=lc.officer, change_set=own, expected_version=own.version,
                          group="dossier", values={"email": "ha.ttt@laocai.gov.vn"})
    change_set_submit(acting_user=lc.officer, change_set=own, expected_version=own.version)
    assert own not in change_set_queue_for_user(user=lc.officer)
    with pytest.raises(PermissionDeniedError) as refused:
        change_set_review(acting_user=lc.officer, change_set=own, expected_version=own.version)
    assert refused.value.message == "Không thể tự kiểm tra đề nghị cập nhật hồ sơ của chính mình."


def test_the_second_of_two_concurrent_saves_is_refused_and_nothing_of_it_is_written(lc: Personas) -> None:
    """The person and their unit's admin open the same draft at version 2; the person saves
    first; the admin's save names version 2 and is refused with a clear message."""
    person = lc.person(lc.employee)
    draft = change_set_create(acting_user=lc.employee, person=person)
    mine = ChangeSet.objects.get(pk=draft.pk)
    theirs = ChangeSet.objects.get(pk=draft.pk)
    change_set_values_set(acting_user=lc.employee, change_set=mine, expected_version=1,
                          group="dossier", values={"phone": "0912000001"})
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ConflictError) as refused:
        change_set_values_set(acting_user=lc.doha, change_set=theirs, expected_version=theirs.version,
                              group="dossier", values={"phone": "0912000002"})
    assert refused.value.message == (
        "Đề nghị cập nhật này vừa được người khác lưu (phiên bản 2, bạn đang sửa phiên bản 1); "
        "thay đổi của bạn chưa được lưu. Hãy tải lại để xem nội dung mới nhất rồi thực hiện lại."
    )
    assert refused.value.extra == {"current_version": 2}
    item = ChangeItem.objects.get(change_set=draft)
    assert item.values == {"phone": "0912000001"}
    assert AuditEvent.objects.count() == audit_before


def test_applying_over_a_value_changed_since_is_refused(lc: Personas) -> None:
    """Two sets based on the same version change the same phone: the first applied wins, the
    second is refused rather than silently overwriting it."""
    person = lc.person(lc.employee)
    first = _submitted(lc)
    change_set_review(acting_user=lc.officer, change_set=first, expected_version=first.version)
    second = change_set_create(acting_user=lc.employee, person=person)
    change_set_values_set(acting_user=lc.employee, change_set=second, expected_version=second.version,
                          group="dossier", values={"phone": "0988888888"})
    change_set_submit(acting_user=lc.employee, change_set=second, expected_version=second.version)
    change_set_review(acting_user=lc.officer, change_set=second, expected_version=second.version)
    change_set_apply(acting_user=lc.approver, change_set=first)
    with pytest.raises(ConflictError) as refused:
        change_set_apply(acting_user=lc.approver, change_set=second)
    assert refused.value.message == (
        "Hồ sơ đã thay đổi sau khi đề nghị này được lập (điện thoại); đề nghị chưa được cập nhật "
        "vào hồ sơ. Hãy trả lại để người lập kiểm tra lại."
    )
    person.refresh_from_db()
    assert (person.version, person.dossier.phone) == (2, "0912345678")


def test_a_change_without_its_document_cannot_be_submitted(lc: Personas) -> None:
    person = lc.person(lc.employee)
    change_set = change_set_create(acting_user=lc.employee, person=person)
    change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version,
                       group="training", values=TRAINING)
    with pytest.raises(ApplicationError) as refused:
        change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    assert refused.value.message == (
        "Mỗi thay đổi cần kèm bản số hóa tài liệu chứng minh; còn thiếu ở: Thêm dòng – Đào tạo, bồi dưỡng.")
    assert ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.DRAFT


def test_values_are_checked_and_a_bad_row_is_not_recorded(lc: Personas) -> None:
    person = lc.person(lc.employee)
    change_set = change_set_create(acting_user=lc.employee, person=person)
    with pytest.raises(ApplicationError) as refused:
        change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=1, group="training",
                           values={**TRAINING, "end": "2024-01-01", "salary": 5})
    assert refused.value.extra["fields"] == {"salary": "Trường này không thuộc nhóm thông tin."}
    with pytest.raises(ApplicationError) as dates:
        change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=1, group="training",
                           values={**TRAINING, "end": "2024-01-01"})
    assert dates.value.extra["fields"] == {"end": "Ngày kết thúc phải từ ngày bắt đầu trở đi."}
    with pytest.raises(ApplicationError) as code:
        change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=1,
                              group="dossier", values={"ethnic_group_code": "99"})
    assert code.value.extra["fields"] == {"ethnic_group_code": "Mã “99” không có trong danh mục (dân tộc (mã))."}
    with pytest.raises(ApplicationError) as sex:
        change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=1,
                              group="identity", values={"gender": "female"})
    assert "không khớp với giới tính nữ" in sex.value.extra["fields"]["national_id"]
    assert not ChangeItem.objects.filter(change_set=change_set).exists()
    assert ChangeSet.objects.get(pk=change_set.pk).version == 1


def test_removing_a_row_is_proposed_then_applied_and_the_old_version_keeps_it(lc: Personas) -> None:
    person = lc.person(lc.employee)
    evaluation = person.evaluations.get()
    change_set = change_set_create(acting_user=lc.employee, person=person)
    item = change_set_row_remove(acting_user=lc.employee, change_set=change_set,
                                 expected_version=change_set.version, group="evaluation", row_id=evaluation.pk)
    assert item.previous["grade"] == "good"
    _proof(lc.employee, change_set, item)
    change_set_submit(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    change_set_review(acting_user=lc.officer, change_set=change_set, expected_version=change_set.version)
    change_set_apply(acting_user=lc.approver, change_set=change_set)
    assert not person.evaluations.exists()
    first = DossierVersion.objects.get(person=person, number=1)
    assert first.snapshot["rows"]["evaluation"][0]["id"] == evaluation.pk


def test_discarding_an_item_leaves_nothing_of_it(lc: Personas) -> None:
    person = lc.person(lc.employee)
    change_set = change_set_create(acting_user=lc.employee, person=person)
    item = change_set_row_add(acting_user=lc.employee, change_set=change_set, expected_version=1,
                              group="training", values=TRAINING)
    _proof(lc.employee, change_set, item)
    change_set_item_discard(acting_user=lc.employee, change_set=change_set,
                            expected_version=change_set.version, item_id=item.pk)
    assert not ChangeItem.objects.filter(change_set=change_set).exists()


def test_an_archived_dossier_is_read_only(lc: Personas) -> None:
    person = lc.person(lc.employee)
    person_leave(acting_user=lc.doha, person=person, status=PersonStatus.RESIGNED, on=date(2026, 1, 15))
    with pytest.raises(ApplicationError) as refused:
        change_set_create(acting_user=lc.doha, person=person)
    assert refused.value.message == "Hồ sơ đã được lưu trữ và chỉ được xem, không được cập nhật."


def test_a_colleague_cannot_open_a_change_on_someone_elses_dossier(lc: Personas) -> None:
    with pytest.raises(PermissionDeniedError):
        change_set_create(acting_user=lc.officer, person=lc.person(lc.employee))
    assert not ChangeSet.objects.exists()


def test_submitting_closes_the_update_clock_and_starts_the_unit_review(lc: Personas) -> None:
    change_set = _submitted(lc)
    kinds = dict(Obligation.objects.filter(change_set=change_set).values_list("kind", "state"))
    assert kinds == {"personal_update": "done", "unit_review": "open"}
    change_set_review(acting_user=lc.officer, change_set=change_set, expected_version=change_set.version)
    assert Obligation.objects.get(change_set=change_set, kind="unit_review").state == "done"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"birth_date": 5}, "Ngày không hợp lệ (yyyy-mm-dd)."),
        ({"birth_date": "31/02/1990"}, "Ngày không hợp lệ (yyyy-mm-dd)."),
        ({"birth_date": ["1990-01-01"]}, "Giá trị không hợp lệ."),
        ({"full_name": "Nguyễn\x00Văn"}, "Có ký tự không hợp lệ."),
    ],
)
def test_malformed_values_are_refused_with_a_reason_not_an_exception(lc: Personas, values: dict, message: str) -> None:
    """Whatever a form or the API sends, the service answers with a message beside the field."""
    change_set = change_set_create(acting_user=lc.employee, person=lc.person(lc.employee))
    with pytest.raises(ApplicationError) as refused:
        change_set_values_set(acting_user=lc.employee, change_set=change_set, expected_version=1,
                              group="identity", values=values)
    assert refused.value.extra["fields"] == {next(iter(values)): message}
    assert not ChangeItem.objects.filter(change_set=change_set).exists()


def test_a_stranger_with_a_stale_version_is_refused_without_learning_the_version(lc: Personas) -> None:
    """A colleague who may not edit the draft gets the permission refusal, not the version
    conflict that would tell them the draft exists and how often it was saved."""
    draft = change_set_create(acting_user=lc.employee, person=lc.person(lc.employee))
    change_set_values_set(acting_user=lc.employee, change_set=draft, expected_version=1,
                          group="dossier", values={"phone": "0912000001"})
    with pytest.raises(PermissionDeniedError):
        change_set_values_set(acting_user=lc.teacher, change_set=draft, expected_version=1,
                              group="dossier", values={"phone": "0912000003"})


def test_a_change_set_discarded_while_another_save_waits_is_not_found_not_a_500(lc: Personas) -> None:
    """Two requests on one draft: one discards it while the other, which read it a moment before,
    saves a value. The second answers 404 (NotFoundError), not an unhandled DoesNotExist (found by
    schemathesis: PATCH …/items/{item_id}/ racing DELETE /change-sets/{id}/)."""
    from core.base.errors import NotFoundError

    change_set = change_set_create(acting_user=lc.employee, person=lc.person(lc.employee), changed_on=date(2025, 5, 30))
    item = change_set_row_add(acting_user=lc.employee, change_set=change_set,
                              expected_version=change_set.version, group="training", values=TRAINING)
    read_before = ChangeSet.objects.get(pk=change_set.pk)
    change_set_discard(acting_user=lc.employee, change_set=change_set, expected_version=change_set.version)
    with pytest.raises(NotFoundError):
        change_set_item_update(acting_user=lc.employee, change_set=read_before, expected_version=read_before.version,
                               item_id=item.pk, values=TRAINING)
