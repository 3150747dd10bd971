"""Change sets through the API: draft, prove, submit, the officer's queue, review or return,
and the version check that keeps two editors apart."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from core.models import (
    Attachment,
    ChangeItem,
    ChangeSet,
    ChangeSetState,
    DossierReadLog,
    ReadChannel,
)
from tenants.models import Province
from tests.api.conftest import PDF, Caller
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

POSITION = {"current_position": "Phó Trưởng phòng Quản lý ngân sách"}


def _draft(employee: Caller, person: int) -> dict[str, Any]:
    """The Sở Tài chính employee opens a draft and proposes a new position."""
    created = employee.post("/api/v1/change-sets/", {"person": person, "changed_on": "2026-01-05",
                                                     "note": "Bổ nhiệm"})
    assert created.status_code == 201, created.content
    change_set = created.json()
    answer = employee.post(f"/api/v1/change-sets/{change_set['id']}/values/", {
        "expected_version": change_set["version"], "group": "dossier", "values": POSITION})
    assert answer.status_code == 200, answer.content
    return answer.json()


def _attach(employee: Caller, change_set: dict[str, Any], content: bytes = PDF,
            name: str = "quyet-dinh-bo-nhiem.pdf") -> Any:
    item = change_set["items"][0]["id"]
    return employee.upload(f"/api/v1/change-sets/{change_set['id']}/items/{item}/attachments/", {
        "expected_version": change_set["version"], "description": "Quyết định bổ nhiệm",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def _submitted(employee: Caller, person: int) -> dict[str, Any]:
    attached = _attach(employee, _draft(employee, person))
    assert attached.status_code == 201, attached.content
    change_set = attached.json()
    submitted = employee.post(f"/api/v1/change-sets/{change_set['id']}/submit/",
                              {"expected_version": change_set["version"]})
    assert submitted.status_code == 200, submitted.content
    return submitted.json()


def test_review_flow_end_to_end(as_: Callable[[str], Caller], person_id: Callable[[str], int],
                                lao_cai: Province, lc: Personas) -> None:
    """The employee drafts a new position, attaches the decision as a PDF and submits; the unit
    officer of Sở Tài chính finds it in the queue with the difference and the document, downloads
    the document, and reviews it: the set then waits for approval."""
    employee, officer = as_("employee"), as_("officer")
    change_set = _submitted(employee, person_id("employee"))
    assert change_set["state"] == "submitted"
    assert change_set["state_label"] == "Đã gửi kiểm tra"

    queue = officer.get("/api/v1/change-sets/queue/").json()
    assert [row["id"] for row in queue["results"]] == [change_set["id"]]
    assert as_("agency_admin").get("/api/v1/change-sets/queue/").json()["results"] == []

    detail = officer.get(f"/api/v1/change-sets/{change_set['id']}/").json()
    [item] = detail["items"]
    assert (item["group_label"], item["operation_label"]) == ("Hồ sơ", "Sửa thông tin")
    assert item["fields"] == [{"name": "current_position", "label": "chức vụ hiện tại",
                               "before": "Chuyên viên", "after": "Phó Trưởng phòng Quản lý ngân sách"}]
    [document] = item["attachments"]
    assert (document["original_name"], document["content_type"]) == ("quyet-dinh-bo-nhiem.pdf", "application/pdf")

    download = officer.get(document["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"

    reviewed = officer.post(f"/api/v1/change-sets/{change_set['id']}/review/",
                            {"expected_version": detail["version"]})
    assert reviewed.status_code == 200, reviewed.content
    assert reviewed.json()["state"] == "reviewed"
    assert officer.get("/api/v1/change-sets/queue/").json()["results"] == []
    with tenant_context(lao_cai):
        assert ChangeSet.objects.get(pk=change_set["id"]).state == ChangeSetState.REVIEWED
        log = DossierReadLog.objects.filter(purpose="attachment").get()
        assert (log.reader_id, log.channel) == (lc.officer.pk, ReadChannel.ROLE)


def test_return_with_reason_and_resubmit(as_: Callable[[str], Caller], person_id: Callable[[str], int]) -> None:
    """The officer returns the set with a reason; the employee sees the reason, edits the
    returned set and submits it again."""
    employee, officer = as_("employee"), as_("officer")
    change_set = _submitted(employee, person_id("employee"))
    path = f"/api/v1/change-sets/{change_set['id']}"

    no_reason = officer.post(f"{path}/return/", {"expected_version": change_set["version"], "reason": "  "})
    assert no_reason.status_code == 400
    assert no_reason.json()["extra"] == {"fields": {"reason": ["Nêu lý do trả lại."]}}

    returned = officer.post(f"{path}/return/", {"expected_version": change_set["version"],
                                                "reason": "Quyết định đính kèm chưa có chữ ký."})
    assert returned.status_code == 200, returned.content
    mine = employee.get("/api/v1/change-sets/").json()["results"]
    assert [(row["state"], row["return_reason"]) for row in mine] == [
        ("returned", "Quyết định đính kèm chưa có chữ ký.")]

    version = returned.json()["version"]
    again = employee.post(f"{path}/submit/", {"expected_version": version})
    assert again.status_code == 200, again.content
    assert (again.json()["state"], again.json()["return_reason"]) == ("submitted", "")


def test_a_stale_version_is_refused_with_409_and_nothing_is_written(
        as_: Callable[[str], Caller], person_id: Callable[[str], int], lao_cai: Province) -> None:
    """Two tabs edit one draft: the second save names the version it read, which is now old, and
    is refused with core's message; the draft keeps the first save only."""
    employee = as_("employee")
    change_set = _draft(employee, person_id("employee"))
    stale = change_set["version"] - 1
    answer = employee.post(f"/api/v1/change-sets/{change_set['id']}/values/", {
        "expected_version": stale, "group": "dossier", "values": {"phone": "0912345678"}})
    assert answer.status_code == 409
    current = change_set["version"]
    assert answer.json() == {
        "message": f"Đề nghị cập nhật này vừa được người khác lưu (phiên bản {current}, bạn đang sửa phiên bản "
                   f"{stale}); thay đổi của bạn chưa được lưu. Hãy tải lại để xem nội dung mới nhất rồi thực hiện lại.",
        "code": "conflict", "extra": {"current_version": current}}
    with tenant_context(lao_cai):
        assert ChangeSet.objects.get(pk=change_set["id"]).version == current
        assert [item.values for item in ChangeItem.objects.filter(change_set_id=change_set["id"])] == [POSITION]


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused(
        as_: Callable[[str], Caller], person_id: Callable[[str], int], lao_cai: Province) -> None:
    """A program renamed to .pdf is recognised by its content and refused, naming the file."""
    employee = as_("employee")
    change_set = _draft(employee, person_id("employee"))
    answer = _attach(employee, change_set, content=b"MZ\x90\x00 not a document", name="quyet-dinh.pdf")
    assert answer.status_code == 400
    assert answer.json() == {"message": "Dữ liệu chưa hợp lệ.", "code": "invalid", "extra": {"fields": {
        "file": "Tệp “quyet-dinh.pdf” không phải PDF, JPEG hoặc PNG; chỉ nhận bản số hóa ở một trong ba định dạng này."}}}
    with tenant_context(lao_cai):
        assert not Attachment.objects.filter(person_id=person_id("employee")).exists()
        assert ChangeSet.objects.get(pk=change_set["id"]).version == change_set["version"]


def test_submitting_without_proof_is_refused(as_: Callable[[str], Caller], person_id: Callable[[str], int]) -> None:
    """A change of position needs its proving document before it can be sent."""
    employee = as_("employee")
    change_set = _draft(employee, person_id("employee"))
    answer = employee.post(f"/api/v1/change-sets/{change_set['id']}/submit/",
                           {"expected_version": change_set["version"]})
    assert answer.status_code == 400
    assert answer.json()["message"] == ("Mỗi thay đổi cần kèm bản số hóa tài liệu chứng minh; còn thiếu ở: "
                                        "Sửa thông tin – Hồ sơ.")
    assert answer.json()["code"] == "proof_missing"


def test_my_open_draft_is_the_one_being_written_and_none_once_submitted(
        as_: Callable[[str], Caller], person_id: Callable[[str], int]) -> None:
    """`GET /api/v1/change-sets/open/` answers the employee's own draft, the same the page
    resumes; once submitted there is none; an account without a dossier has none either."""
    employee = as_("employee")
    draft = _draft(employee, person_id("employee"))
    open_now = employee.get("/api/v1/change-sets/open/")
    assert open_now.status_code == 200
    assert (open_now.json()["id"], open_now.json()["state"]) == (draft["id"], ChangeSetState.DRAFT)

    attached = _attach(employee, draft)
    submitted = employee.post(f"/api/v1/change-sets/{draft['id']}/submit/",
                              {"expected_version": attached.json()["version"]})
    assert submitted.status_code == 200
    none_open = employee.get("/api/v1/change-sets/open/")
    assert none_open.status_code == 404
    assert none_open.json()["message"] == "Bạn chưa có đề nghị cập nhật hồ sơ nào đang soạn."

    no_dossier = as_("doha").get("/api/v1/change-sets/open/")
    assert no_dossier.status_code == 404
    assert no_dossier.json()["message"] == "Tài khoản này không gắn với hồ sơ cá nhân nào."
