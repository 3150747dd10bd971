"""Changing one's dossier through the pages: a draft, a section's values and rows, the proof,
submission, and the unit officer's review or return."""

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.models import (
    Attachment,
    ChangeItem,
    ChangeSet,
    ChangeSetState,
    OrgUnit,
    Role,
    RoleGrant,
    WorkHistory,
)
from tenants.models import Province
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EDUCATION = "/ho-so-cua-toi/sua/trinh-do/"
# The education section's single values as the demo dossier holds them, with one change.
EDUCATION_VALUES = {
    "action": "values", "part": "dossier-general_education", "general_education": "12/12",
    "highest_qualification": "Thạc sĩ Tài chính - Ngân hàng", "academic_title": "",
    "political_theory_level_code": "", "state_management_level": "", "it_level": "", "ethnic_language": "",
}
TRAINING = {
    "action": "row_save", "part": "training", "row-kind": "state_management", "row-start": "03/03/2025",
    "row-end": "30/05/2025", "row-institution": "Học viện Hành chính quốc gia",
    "row-subject": "Bồi dưỡng ngạch chuyên viên chính", "row-mode": "", "row-certificate": "",
}


def _field_html(html: str, field_id: str) -> str:
    return html.split(f'id="{field_id}"', 1)[1].split("</div>", 1)[0]


def _draft(province: Province, employee: Client) -> ChangeSet:
    response = employee.post("/ho-so-cua-toi/de-nghi/", {"changed_on": "2025-06-02", "tiep": "trinh-do"})
    assert response.status_code == 302 and response["Location"] == EDUCATION
    with tenant_context(province):
        return ChangeSet.objects.get()


def _fresh(province: Province, change_set: ChangeSet) -> ChangeSet:
    with tenant_context(province):
        return ChangeSet.objects.get(pk=change_set.pk)


def _item(province: Province, change_set: ChangeSet) -> ChangeItem:
    with tenant_context(province):
        return ChangeItem.objects.get(change_set=change_set)


def _with_proof(province: Province, employee: Client) -> ChangeSet:
    """The employee records a master's degree as highest qualification and attaches the decision."""
    change_set = _draft(province, employee)
    assert employee.post(EDUCATION, {**EDUCATION_VALUES, "version": 1}).status_code == 302
    item = _item(province, change_set)
    response = employee.post(f"/de-nghi/{change_set.pk}/tai-lieu/{item.pk}/", {
        "version": _fresh(province, change_set).version, "description": "Quyết định công nhận tốt nghiệp",
        "file": SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    return _fresh(province, change_set)


def test_submit_then_review_through_the_pages(lao_cai: Province, lc: Personas,
                                              browser_as: Callable[[Account], Client]) -> None:
    """The employee's change, with its document, reaches the unit officer's queue as old → new;
    the officer finds it in order and the employee then sees it waiting for approval."""
    employee, officer = browser_as(lc.employee), browser_as(lc.officer)
    change_set = _with_proof(lao_cai, employee)
    response = employee.post(f"/de-nghi/{change_set.pk}/gui/", {"version": change_set.version})
    assert response.status_code == 302
    assert _fresh(lao_cai, change_set).state == ChangeSetState.SUBMITTED

    queue = officer.get("/duyet-ho-so/").content.decode()
    entry = queue.split(f'id="de-nghi-{change_set.pk}"', 1)[1]
    assert "<del>Đại học</del>" in entry
    assert "<ins>Thạc sĩ Tài chính - Ngân hàng</ins>" in entry
    assert "Quyết định công nhận tốt nghiệp" in entry

    response = officer.post(f"/de-nghi/{change_set.pk}/kiem-tra/", {"version": _fresh(lao_cai, change_set).version})
    assert response.status_code == 302 and response["Location"] == "/duyet-ho-so/"
    assert _fresh(lao_cai, change_set).state == ChangeSetState.REVIEWED
    page = employee.get(f"/de-nghi/{change_set.pk}/").content.decode()
    assert '<span class="state state-reviewed" id="state">Đã kiểm tra, chờ phê duyệt</span>' in page
    assert f'id="de-nghi-{change_set.pk}"' not in officer.get("/duyet-ho-so/").content.decode()


def test_a_return_needs_a_reason_shown_beside_its_field(lao_cai: Province, lc: Personas,
                                                         browser_as: Callable[[Account], Client]) -> None:
    """Returning without a reason is refused beside the reason; with one, the author sees it."""
    employee, officer = browser_as(lc.employee), browser_as(lc.officer)
    change_set = _with_proof(lao_cai, employee)
    employee.post(f"/de-nghi/{change_set.pk}/gui/", {"version": change_set.version})
    version = _fresh(lao_cai, change_set).version

    refused = officer.post(f"/de-nghi/{change_set.pk}/tra-lai/", {"version": version, "reason": "  "})
    assert refused.status_code == 400
    assert "Nêu lý do trả lại." in _field_html(refused.content.decode(), f"field-reason-{change_set.pk}")
    assert _fresh(lao_cai, change_set).state == ChangeSetState.SUBMITTED

    reason = "Quyết định chưa có dấu của cơ sở đào tạo."
    assert officer.post(f"/de-nghi/{change_set.pk}/tra-lai/", {"version": version, "reason": reason}).status_code == 302
    assert _fresh(lao_cai, change_set).state == ChangeSetState.RETURNED
    assert f"Đề nghị bị trả lại: {reason}" in employee.get(EDUCATION).content.decode()


def test_a_stale_save_is_refused_with_the_services_message(lao_cai: Province, lc: Personas,
                                                           browser_as: Callable[[Account], Client]) -> None:
    """A save made on a page older than the draft (version 1 after a save made version 2) is
    refused with the exact message, and the draft keeps the first save."""
    employee = browser_as(lc.employee)
    change_set = _draft(lao_cai, employee)
    assert employee.post(EDUCATION, {**EDUCATION_VALUES, "version": 1}).status_code == 302

    stale = employee.post(EDUCATION, {**EDUCATION_VALUES, "highest_qualification": "Tiến sĩ", "version": 1})
    assert stale.status_code == 409
    assert ("Đề nghị cập nhật này vừa được người khác lưu (phiên bản 2, bạn đang sửa phiên bản 1); thay đổi "
            "của bạn chưa được lưu. Hãy tải lại để xem nội dung mới nhất rồi thực hiện lại.") in stale.content.decode()
    assert _item(lao_cai, change_set).values == {"highest_qualification": "Thạc sĩ Tài chính - Ngân hàng"}
    assert _fresh(lao_cai, change_set).version == 2


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused_beside_the_file_field(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """An upload whose content is not PDF, JPEG or PNG (whatever its name) is refused next to
    the file field of its change, and nothing is stored."""
    employee = browser_as(lc.employee)
    change_set = _draft(lao_cai, employee)
    employee.post(EDUCATION, {**EDUCATION_VALUES, "version": 1})
    item = _item(lao_cai, change_set)
    response = employee.post(f"/de-nghi/{change_set.pk}/tai-lieu/{item.pk}/", {
        "version": 2, "file": SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")})
    assert response.status_code == 400
    assert ("Tệp “quyet-dinh.pdf” không phải PDF, JPEG hoặc PNG; chỉ nhận bản số hóa ở một trong ba định dạng này."
            in _field_html(response.content.decode(), f"field-id_file_{item.pk}"))
    with tenant_context(lao_cai):
        assert not Attachment.objects.exists()
    assert _fresh(lao_cai, change_set).version == 2


def test_a_change_without_its_document_cannot_be_submitted(lao_cai: Province, lc: Personas,
                                                           browser_as: Callable[[Account], Client]) -> None:
    """Submitting a change without its proving document shows the service's refusal and stays a draft."""
    employee = browser_as(lc.employee)
    change_set = _draft(lao_cai, employee)
    employee.post(EDUCATION, {**EDUCATION_VALUES, "version": 1})
    response = employee.post(f"/de-nghi/{change_set.pk}/gui/", {"version": 2})
    assert response.status_code == 400
    assert ("Mỗi thay đổi cần kèm bản số hóa tài liệu chứng minh; còn thiếu ở: Sửa thông tin – Hồ sơ."
            in response.content.decode())
    assert _fresh(lao_cai, change_set).state == ChangeSetState.DRAFT


def test_rows_are_added_and_removed_through_htmx_partials(lao_cai: Province, lc: Personas,
                                                          browser_as: Callable[[Account], Client]) -> None:
    """An htmx save of a new training row answers with the section's partial showing the
    proposed row; a row with a missing date is refused beside the date (422, swapped in place);
    removing a work-history row is proposed, not done."""
    employee = browser_as(lc.employee)
    change_set = _draft(lao_cai, employee)
    htmx = {"HTTP_HX_REQUEST": "true"}

    opened = employee.get("/ho-so-cua-toi/sua/dao-tao/?mo=training:moi", **htmx).content.decode()
    assert 'id="row-form-training"' in opened and "<html" not in opened

    missing = employee.post("/ho-so-cua-toi/sua/dao-tao/", {**TRAINING, "row-start": "", "version": 1}, **htmx)
    assert missing.status_code == 422
    assert "Trường này là bắt buộc." in _field_html(missing.content.decode(), "field-id_row-start")

    saved = employee.post("/ho-so-cua-toi/sua/dao-tao/", {**TRAINING, "version": 1}, **htmx)
    assert saved.status_code == 200
    partial = saved.content.decode()
    assert '<tr class="added">' in partial and "<ins>Học viện Hành chính quốc gia</ins>" in partial
    assert 'name="version" value="2"' in partial

    with tenant_context(lao_cai):
        row = WorkHistory.objects.get(person__account=lc.employee)
    removed = employee.post("/ho-so-cua-toi/sua/cong-tac/", {
        "action": "row_remove", "part": "work_history", "row": row.pk, "version": 2}, **htmx)
    assert removed.status_code == 200
    assert '<tr class="removed">' in removed.content.decode()
    with tenant_context(lao_cai):
        assert WorkHistory.objects.filter(pk=row.pk).exists()
        assert sorted(ChangeItem.objects.filter(change_set=change_set).values_list("operation", flat=True)) == [
            "add", "remove"]


def test_nonsense_posts_are_answered_without_a_server_error(lao_cai: Province, lc: Personas,
                                                            browser_as: Callable[[Account], Client]) -> None:
    """Unknown sections, parts, actions and versions are a 404 or the service's refusal, never a 500."""
    employee = browser_as(lc.employee)
    _draft(lao_cai, employee)
    assert employee.get("/ho-so-cua-toi/sua/khong-co/").status_code == 404
    assert employee.get("/ho-so-cua-toi/sua/hop-dong/").status_code == 404  # not a người lao động
    assert employee.post(EDUCATION, {"action": "values", "part": "nope"}).status_code == 404
    assert employee.post(EDUCATION, {"action": "explode", "part": "degree"}).status_code == 404
    assert employee.post(EDUCATION, {**EDUCATION_VALUES, "version": "abc"}).status_code == 409
    assert employee.post("/ho-so-cua-toi/sua/cong-tac/", {
        "action": "row_remove", "part": "work_history", "row": "999999", "version": 1}).status_code == 404
    assert employee.get("/ho-so-cua-toi/sua/dao-tao/?mo=training:r999999").status_code == 200
    assert employee.post("/de-nghi/999999/gui/", {"version": 1}).status_code == 404
    huge = "9" * 30  # beyond PostgreSQL's bigint
    for url in (f"/de-nghi/{huge}/", f"/can-bo/{huge}/", f"/to-chuc/{huge}/", f"/tai-lieu/{huge}/"):
        assert employee.get(url).status_code == 404
    assert employee.post("/ho-so-cua-toi/sua/cong-tac/", {
        "action": "row_remove", "part": "work_history", "row": huge, "version": 1}).status_code == 404


def test_an_officer_of_another_agency_cannot_open_or_review_the_change(
    lao_cai: Province, lc: Personas, browser_as: Callable[[Account], Client]
) -> None:
    """A unit officer over Sở Giáo dục và Đào tạo gets 404 for a Sở Tài chính change set and its
    document, as for ones that do not exist, and cannot review it; a teacher cannot open it
    either; the officer over Sở Tài chính downloads the document."""
    employee = browser_as(lc.employee)
    change_set = _with_proof(lao_cai, employee)
    employee.post(f"/de-nghi/{change_set.pk}/gui/", {"version": change_set.version})
    with tenant_context(lao_cai):
        other = Account.objects.create_user(username="can.bo.sgd", password="x")
        RoleGrant.objects.create(account=other, role=Role.UNIT_OFFICER,
                                 org_unit=OrgUnit.objects.get(name="Sở Giáo dục và Đào tạo"))
    other_officer = browser_as(other)
    assert other_officer.get(f"/de-nghi/{change_set.pk}/").status_code == 404
    version = _fresh(lao_cai, change_set).version
    assert other_officer.post(f"/de-nghi/{change_set.pk}/kiem-tra/", {"version": version}).status_code == 404
    assert f"de-nghi-{change_set.pk}" not in other_officer.get("/duyet-ho-so/").content.decode()
    assert browser_as(lc.teacher).get(f"/de-nghi/{change_set.pk}/").status_code == 404
    assert _fresh(lao_cai, change_set).state == ChangeSetState.SUBMITTED

    with tenant_context(lao_cai):
        attachment = Attachment.objects.get()
    document = browser_as(lc.officer).get(f"/tai-lieu/{attachment.pk}/")
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    # Always a download, never shown inline, never cached (issue 13).
    assert document["Content-Disposition"].startswith("attachment;")
    assert "no-store" in document["Cache-Control"]
    assert b"".join(document.streaming_content) == PDF
    assert other_officer.get(f"/tai-lieu/{attachment.pk}/").status_code == 404
