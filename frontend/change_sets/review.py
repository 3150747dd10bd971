"""A change set's page (its differences, old → new, with documents), the author's uploads and
submission, and the unit officer's queue with review or return."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_POST

from core.base.errors import ApplicationError, PermissionDeniedError
from core.models import EDITABLE_STATES, Attachment, ChangeItem, ChangeOperation, ChangeSet
from core.selectors.access import attachment_get_for_user
from core.selectors.change_sets import (
    ItemDiff,
    change_set_diff,
    change_set_get_for_user,
    change_set_queue_detailed_for_user,
    change_set_queue_for_user,
    change_sets_shown,
)
from core.services.attachments import attachment_add
from core.services.change_sets import (
    change_set_discard,
    change_set_item_discard,
    change_set_return,
    change_set_review,
    change_set_submit,
)
from frontend.change_sets.forms import AttachmentForm, ReturnForm
from frontend.change_sets.sections import value_display
from frontend.common.paging import page_of
from frontend.common.views import acting, errors_attach, signed_in_page, version_of

QUEUE_SHOWN = 50


@dataclass(frozen=True)
class ShownDiff:
    item: ChangeItem
    title: str
    operation: str
    fields: list[tuple[str, str, str]]  # label, before, after
    attachments: list[Attachment]
    needs_proof: bool
    upload_form: forms.Form | None = None


def _upload_form(item_id: int, data: QueryDict | None = None,
                 files: MultiValueDict[str, UploadedFile] | None = None) -> AttachmentForm:
    """Ids unique per item: the page shows one upload form under each change."""
    return AttachmentForm(data, files, auto_id=f"id_%s_{item_id}")


def _shown(diffs: list[ItemDiff], upload_forms: dict[int, forms.Form] | None = None) -> list[ShownDiff]:
    shown = []
    for diff in diffs:
        group = diff.item.group
        fields = [(f.label[:1].upper() + f.label[1:], value_display(group, f.name, f.before),
                   value_display(group, f.name, f.after)) for f in diff.fields
                  # A new row's empty fields say nothing.
                  if not (diff.item.operation == ChangeOperation.ADD and f.after in (None, ""))]
        form = (upload_forms or {}).get(diff.item.pk)
        shown.append(ShownDiff(item=diff.item, title=f"{diff.operation_label} – {diff.group_label}",
                               operation=diff.item.operation, fields=fields, attachments=diff.attachments,
                               needs_proof=diff.needs_proof,
                               upload_form=form if form is not None else (
                                   _upload_form(diff.item.pk) if upload_forms is not None else None)))
    return shown


def _render(request: HttpRequest, change_set: ChangeSet, *, status: int = 200, error: str = "",
            upload_forms: dict[int, forms.Form] | None = None, return_form: forms.Form | None = None) -> HttpResponse:
    user = acting(request)
    authoring = change_set.state in EDITABLE_STATES and change_set.person.account_id == user.pk
    reviewing = change_set_queue_for_user(user=user).filter(pk=change_set.pk).exists()
    return render(request, "change_sets/change_set.html", {
        "change_set": change_set, "person": change_set.person, "authoring": authoring, "reviewing": reviewing,
        "diffs": _shown(change_set_diff(change_set=change_set), (upload_forms or {}) if authoring else None),
        "return_form": return_form or ReturnForm(), "error": error,
    }, status=status)


@signed_in_page
def change_set_page(request: HttpRequest, change_set_id: int) -> HttpResponse:
    """The author, the officers over the person, and anyone who may read the dossier."""
    return _render(request, change_set_get_for_user(user=acting(request), change_set_id=change_set_id))


@require_POST
@signed_in_page
def attachment_upload(request: HttpRequest, change_set_id: int, item_id: int) -> HttpResponse:
    """Attach the document proving one change (PDF, JPEG or PNG, checked by the service)."""
    user = acting(request)
    change_set = change_set_get_for_user(user=user, change_set_id=change_set_id)
    form = _upload_form(item_id, request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            attachment_add(acting_user=user, change_set=change_set, expected_version=version_of(request),
                           item_id=item_id, file=form.cleaned_data["file"],
                           description=form.cleaned_data["description"])
        except ApplicationError as error:
            errors_attach(error, form)
            status = error.status
        else:
            messages.success(request, f"Đã đính kèm “{form.cleaned_data['file'].name}”.")
            return redirect("frontend:change-set", change_set_id=change_set.pk)
    return _render(request, change_set, status=status, upload_forms={item_id: form})


def _action(request: HttpRequest, change_set_id: int, run: Any, done: str, then: str = "") -> HttpResponse:
    """Run one service on the change set; on refusal show the page with the service's message."""
    user = acting(request)
    change_set = change_set_get_for_user(user=user, change_set_id=change_set_id)
    try:
        run(user, change_set, version_of(request))
    except ApplicationError as error:
        return _render(request, change_set, status=error.status, error=error.message)
    messages.success(request, done)
    return redirect(then) if then else redirect("frontend:change-set", change_set_id=change_set.pk)


@require_POST
@signed_in_page
def item_discard(request: HttpRequest, change_set_id: int, item_id: int) -> HttpResponse:
    return _action(request, change_set_id, lambda user, cs, version: change_set_item_discard(
        acting_user=user, change_set=cs, expected_version=version, item_id=item_id),
        "Đã bỏ thay đổi này khỏi đề nghị.")


@require_POST
@signed_in_page
def discard(request: HttpRequest, change_set_id: int) -> HttpResponse:
    """The author drops the whole draft; the dossier page is where they land."""
    return _action(request, change_set_id, lambda user, cs, version: change_set_discard(
        acting_user=user, change_set=cs, expected_version=version),
        "Đã hủy đề nghị cập nhật hồ sơ.", then="frontend:my-dossier")


@require_POST
@signed_in_page
def submit(request: HttpRequest, change_set_id: int) -> HttpResponse:
    return _action(request, change_set_id, lambda user, cs, version: change_set_submit(
        acting_user=user, change_set=cs, expected_version=version),
        "Đã gửi đề nghị cập nhật hồ sơ để đơn vị kiểm tra.")


@require_POST
@signed_in_page
def review(request: HttpRequest, change_set_id: int) -> HttpResponse:
    """The unit officer finds the changes in order: on to the monthly approval."""
    return _action(request, change_set_id, lambda user, cs, version: change_set_review(
        acting_user=user, change_set=cs, expected_version=version),
        "Đã kiểm tra đề nghị; đề nghị chờ thủ trưởng phê duyệt.", then="frontend:review-queue")


@require_POST
@signed_in_page
def return_(request: HttpRequest, change_set_id: int) -> HttpResponse:
    """The unit officer sends the set back to its author with a reason."""
    user = acting(request)
    change_set = change_set_get_for_user(user=user, change_set_id=change_set_id)
    form = ReturnForm(request.POST)
    form.is_valid()
    try:
        change_set_return(acting_user=user, change_set=change_set, expected_version=version_of(request),
                          reason=form.cleaned_data.get("reason", ""))
    except ApplicationError as error:
        errors_attach(error, form)
        return _render(request, change_set, status=error.status, return_form=form)
    messages.success(request, "Đã trả lại đề nghị cho người lập.")
    return redirect("frontend:review-queue")


@signed_in_page
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submitted change sets in my subtree as unit officer, oldest first, each with its
    differences: a page of them at a time, the total and the next page's link above and below."""
    user = acting(request)
    page = page_of(request, change_set_queue_detailed_for_user(user=user), per_page=QUEUE_SHOWN)
    page.object_list = change_sets_shown(user=user, change_sets=page.object_list,
                                         purpose="Danh sách chờ kiểm tra (trang)")
    entries = [(cs, _shown(change_set_diff(change_set=cs))) for cs in page]
    return render(request, "change_sets/review_queue.html", {"entries": entries, "page": page,
                                                      "return_form": ReturnForm(), "REMOVE": ChangeOperation.REMOVE})


@signed_in_page
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Always a download, never shown inline: an uploaded file (an HTML or SVG named .pdf, say)
    must not run on the province's host."""
    try:
        attachment = attachment_get_for_user(user=acting(request), attachment_id=attachment_id)
    except PermissionDeniedError as error:  # a sensitive group the reader's role may not see
        raise PermissionDenied(error.message) from None
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, content_type=attachment.content_type,
                        filename=attachment.original_name)
