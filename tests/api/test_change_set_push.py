"""A unit's own system pushes a change with its document through the API where the province's
text allows it (issue 19 item 10; Bình Thuận Art. 12.3): drafted, proved and submitted in one
step into the unit's review, like any other change; refused where the rule is off (Lào Cai)."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context, tenant_context

from core.models import (
    Attachment,
    ChangeSet,
    ChangeSetState,
    Obligation,
    ObligationKind,
    WorkHistory,
)
from core.services.unit_push import PUSH_NOT_ALLOWED
from tenants.models import Province
from tests.api.conftest import PDF, Caller, token_of
from tests.core.conftest import personas_of

pytestmark = pytest.mark.django_db

POSITION = {"dossier": {"current_position": "Tổ trưởng chuyên môn"}}


def _push(province: Province, username: str, person: int, **extra: object) -> object:
    form: dict[str, object] = {"person": person, "changed_on": "2026-11-02", "note": "Quyết định phân công",
                               "values": json.dumps(POSITION),
                               "document": SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf")}
    form.update(extra)
    return Caller(province, token_of(province, username)).upload("/api/v1/change-sets/push/",
                                                                  {k: v for k, v in form.items() if v is not None})


def test_binh_thuan_s_unit_system_pushes_a_change_into_the_unit_s_review() -> None:
    with schema_context("public"):
        province = Province.objects.get(code="binh-thuan")
    with tenant_context(province):
        people = personas_of(province)
        teacher = people.person(people.teacher)  # a school under the education agency
        outsider = people.person(people.employee)  # Sở Tài chính: not the agency's
        before = ChangeSet.objects.count()
    pushed = _push(province, people.agency_admin.username, teacher.pk)
    assert pushed.status_code == 201, pushed.content
    body = pushed.json()
    assert body["state"] == ChangeSetState.SUBMITTED
    with tenant_context(province):
        change_set = ChangeSet.objects.get(pk=body["id"])
        assert (change_set.person_id, change_set.created_by_id, change_set.submitted_by_id) == (
            teacher.pk, people.agency_admin.pk, people.agency_admin.pk)
        (item,) = change_set.items.all()
        assert item.values == POSITION["dossier"]
        assert Attachment.objects.filter(change_item=item).count() == 1
        assert Obligation.objects.filter(change_set=change_set, kind=ObligationKind.UNIT_REVIEW,
                                         done_at__isnull=True).count() == 1

    # Without its document, for a person outside the unit, or by a person's own token: refused.
    no_document = _push(province, people.agency_admin.username, teacher.pk, document=None)
    assert no_document.status_code == 400
    assert no_document.json()["extra"]["fields"] == {"document": ["Chưa kèm văn bản, tài liệu chứng minh."]}
    assert _push(province, people.agency_admin.username, outsider.pk).status_code == 404
    assert _push(province, people.teacher.username, teacher.pk).status_code == 403
    with tenant_context(province):
        assert ChangeSet.objects.count() == before + 1


def test_lao_cai_s_text_has_no_unit_push_so_the_endpoint_refuses(lao_cai: Province) -> None:
    with tenant_context(lao_cai):
        people = personas_of(lao_cai)
        teacher = people.person(people.teacher)
        before = ChangeSet.objects.count()
    refused = _push(lao_cai, people.agency_admin.username, teacher.pk)
    assert refused.status_code == 403
    assert refused.json()["message"] == PUSH_NOT_ALLOWED
    with tenant_context(lao_cai):
        assert ChangeSet.objects.count() == before


def _binh_thuan() -> Province:
    with schema_context("public"):
        return Province.objects.get(code="binh-thuan")


def test_binh_thuan_pushes_a_whole_change_set_with_several_documents() -> None:
    """Bình Thuận Art. 12.3: the unit's system sends the month's change of one person as one set:
    two single values, a new work-history row proved by a second document, the end of the
    current row and the removal of an old one; every item is proved, the set is submitted to
    the unit's review as any other."""
    province = _binh_thuan()
    with tenant_context(province):
        people = personas_of(province)
        teacher = people.person(people.teacher)
        (current,) = WorkHistory.objects.filter(person=teacher)
        old = WorkHistory.objects.create(person=teacher, start=date(2015, 9, 1), end=date(2016, 8, 31),
                                         unit_name="Trường THCS thử", position="Giáo viên")
    rows = [
        {"group": "work_history", "action": "change", "row": current.pk, "values": {"end": "2026-10-31"}},
        {"group": "work_history", "action": "add", "document": 1,
         "values": {"start": "2026-11-01", "unit_name": "Trường THPT Phan Bội Châu", "position": "Tổ trưởng"}},
        {"group": "work_history", "action": "remove", "row": old.pk},
    ]
    second = SimpleUploadedFile("qd-dieu-dong.pdf", PDF, content_type="application/pdf")
    pushed = _push(province, people.agency_admin.username, teacher.pk,
                   values=json.dumps({"dossier": {"current_position": "Tổ trưởng chuyên môn", "main_duties": "Dạy Toán"}}),
                   rows=json.dumps(rows), documents=[second])
    assert pushed.status_code == 201, pushed.content
    with tenant_context(province):
        change_set = ChangeSet.objects.get(pk=pushed.json()["id"])
        assert change_set.state == ChangeSetState.SUBMITTED
        items = {(i.group, i.operation, i.row_id): i for i in change_set.items.all()}
        assert set(items) == {("dossier", "set", None), ("work_history", "change", current.pk),
                              ("work_history", "add", None), ("work_history", "remove", old.pk)}
        assert items[("dossier", "set", None)].values == {"current_position": "Tổ trưởng chuyên môn",
                                                          "main_duties": "Dạy Toán"}
        proofs = {key: [a.original_name for a in Attachment.objects.filter(change_item=item)]
                  for key, item in items.items()}
        assert proofs[("work_history", "add", None)] == ["qd-dieu-dong.pdf"]
        assert {key: names for key, names in proofs.items() if key[1] != "add"} == {
            key: ["quyet-dinh.pdf"] for key in items if key[1] != "add"}
        sizes = {a.size for a in Attachment.objects.filter(change_item__change_set=change_set)}
        assert sizes == {len(PDF)}  # the main document, attached to three items, whole each time
        assert Obligation.objects.filter(change_set=change_set, kind=ObligationKind.UNIT_REVIEW).count() == 1


def test_a_bad_row_or_an_unused_document_refuses_the_whole_push() -> None:
    """A row of another person (refused naming the row) or a document proving nothing: 400, and
    nothing is written, not even the single values that were fine."""
    province = _binh_thuan()
    with tenant_context(province):
        people = personas_of(province)
        teacher = people.person(people.teacher)
        (elsewhere,) = WorkHistory.objects.filter(person=people.person(people.employee))
        before = (ChangeSet.objects.count(), Attachment.objects.count())
    foreign = _push(province, people.agency_admin.username, teacher.pk, rows=json.dumps(
        [{"group": "work_history", "action": "remove", "row": elsewhere.pk}]))
    assert foreign.status_code == 400, foreign.content
    assert list(foreign.json()["extra"]["fields"]) == ["rows.0"]
    unused = _push(province, people.agency_admin.username, teacher.pk,
                   documents=[SimpleUploadedFile("thua.pdf", PDF, content_type="application/pdf")])
    assert unused.status_code == 400
    assert unused.json()["extra"]["fields"] == {
        "documents.1": "Tài liệu thứ 1 (documents) không gắn với thay đổi nào: ghi “document”: 1 ở dòng nó chứng minh."}
    with tenant_context(province):
        assert (ChangeSet.objects.count(), Attachment.objects.count()) == before
