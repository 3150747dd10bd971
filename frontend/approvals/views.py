"""Pages of the monthly approval: the approver's list of reviewed changes to sign (all or
some) or return, and the DoHA's month: each unit's status and the province's signature.

The approval services and the signers (with cryptography's X.509 and the signing services'
clients) are imported by the views that prepare, sign or return, not by the list every
approver opens (issue 15); the list asks core/approvals/signing_methods.py how they sign."""

import json
from datetime import date

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.approvals.models import SignaturePurpose
from core.approvals.selectors import (
    approval_candidates_for_user,
    approval_list_for_user,
    report_signature_shown,
    resume_signature_shown,
    signature_documents,
    unit_status_for_month,
)
from core.approvals.signing_methods import (
    PERSON_BROWSER,
    PERSON_SERVER,
    person_key_stored,
    person_signing_method,
)
from core.approvals.windows import approval_window_current
from core.base.accounts.models import Account
from core.base.errors import ApplicationError
from core.permissions import account_is_doha_admin
from core.reports.models import ScheduledReport
from frontend.common.paging import page_of
from frontend.common.views import acting, int_or_none, signed_in_page

# `trang` pages the change sets to sign; these, the units' month (DoHA) and the past approvals.
UNITS_PAGE, APPROVALS_PAGE = "trang_don_vi", "trang_lan"
# Redirects and form actions are relative to /phe-duyet/, so the pages work under whatever
# namespace frontend/urls.py includes them in.


@signed_in_page
def approvals_home(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    today = timezone.localdate()
    unit_window = approval_window_current(level="unit", on=today)
    province_window = approval_window_current(level="province", on=today)
    is_doha = account_is_doha_admin(user)
    return render(request, "approvals/home.html", {
        "candidates": page_of(request, approval_candidates_for_user(user=user)),
        "approvals": page_of(request, approval_list_for_user(user=user), parameter=APPROVALS_PAGE),
        "unit_window": unit_window, "province_window": province_window, "is_doha": is_doha,
        "statuses": page_of(request, unit_status_for_month(month=province_window.month) if is_doha and province_window
                            else [], parameter=UNITS_PAGE),
        "has_key": _key_available(user, "province_approval" if is_doha else "unit_approval"),
    })


@require_POST
@signed_in_page
def unit_sign(request: HttpRequest) -> HttpResponse:
    """Step one: the chosen sets' manifests are prepared; the signing page shows and signs them."""
    from core.approvals.services.signature_requests import unit_approval_prepare

    user = acting(request)
    ids = [i for i in (int_or_none(raw) for raw in request.POST.getlist("change_set")) if i is not None]
    try:
        prepared = unit_approval_prepare(acting_user=user, change_set_ids=ids)
    except ApplicationError as error:
        messages.error(request, _message(error))
        return redirect("../")
    return redirect(f"../ky-so/{prepared.token}/")


@require_POST
@signed_in_page
def change_set_return(request: HttpRequest, change_set_id: int) -> HttpResponse:
    from core.approvals.services.approvals import unit_approval_return

    try:
        unit_approval_return(acting_user=acting(request), change_set_id=change_set_id,
                             reason=request.POST.get("reason", ""))
    except ApplicationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, f"Đã trả lại đề nghị số {change_set_id}.")
    return redirect("../../")


@require_POST
@signed_in_page
def province_sign(request: HttpRequest) -> HttpResponse:
    from core.approvals.services.signature_requests import province_approval_prepare

    try:
        prepared = province_approval_prepare(acting_user=acting(request))
    except ApplicationError as error:
        messages.error(request, _message(error))
        return redirect("../../")
    return redirect(f"../../ky-so/{prepared.token}/")


@csp_update({"connect-src": ["ws://127.0.0.1:*", "ws://localhost:*"]})  # the person's local signing service
@signed_in_page
def signing_page(request: HttpRequest, token: str) -> HttpResponse:
    """What is about to be signed, and the way this province's people sign it."""
    from core.approvals.services.signature_requests import signature_request_get_for_user

    user = acting(request)
    prepared = signature_request_get_for_user(user=user, token=token)
    method = person_signing_method(prepared.purpose)
    resume, report = prepared.purpose == SignaturePurpose.RESUME, prepared.purpose == SignaturePurpose.REPORT
    return render(request, "approvals/signing.html", {
        "prepared": prepared, "documents": [] if resume or report else signature_documents(prepared),
        "method": method, "resume": resume_signature_shown(prepared) if resume else None,
        "report": report_signature_shown(prepared) if report else None,
        "has_key": method != PERSON_SERVER or _has_signer(user, prepared.purpose), "browser": method == PERSON_BROWSER,
        "local_signer_url": getattr(settings, "HOSO_LOCAL_SIGNER_URL", "ws://127.0.0.1:8987/"),
    })


@require_POST
@signed_in_page
def signing_sign(request: HttpRequest, token: str) -> HttpResponse:
    """Step two with the signer the server reaches; a remote service answers once the person
    has confirmed on their device, so this request waits for them."""
    from core.approvals.services.signature_requests import (
        signature_request_get_for_user,
        signature_request_sign,
    )
    from core.approvals.signers import person_signer

    user = acting(request)
    try:
        purpose = signature_request_get_for_user(user=user, token=token).purpose
        done = signature_request_sign(acting_user=user, token=token, signer=person_signer(user, purpose))
    except ApplicationError as error:
        messages.error(request, _message(error))
        return redirect("../")
    messages.success(request, _done_message(done))
    return redirect(_next(done))


@require_POST
@signed_in_page
def signing_submit(request: HttpRequest, token: str) -> JsonResponse:
    """Step two with signatures made in the browser (JSON `{"signatures": [base64 CMS, …]}`)."""
    from core.approvals.services.signature_requests import signature_request_submit
    from core.approvals.signing import MALFORMED

    try:
        body = json.loads(request.body or b"{}")
        signatures = [str(value) for value in body.get("signatures", [])]
    except (ValueError, AttributeError):
        return JsonResponse({"message": MALFORMED, "code": "signature_malformed"}, status=400)
    try:
        done = signature_request_submit(acting_user=acting(request), token=token, signatures=signatures)
    except ApplicationError as error:
        return JsonResponse({"message": _message(error), "code": error.code}, status=400)
    messages.success(request, _done_message(done))
    return JsonResponse({"message": _done_message(done), "next": _next(done)})


def _next(done: object) -> str:
    """Where the signer goes once the signature is recorded (relative to …/ky-so/<token>/<step>/)."""
    # The résumé's PDF signing (with the résumé's PDF and stamps) is imported by the pages that
    # sign or serve a résumé, not by the approvals list every approver opens (issue 15).
    from core.approvals.services.dossier_export import SignedDossierPdf

    if isinstance(done, SignedDossierPdf):
        return "../da-ky/"
    if isinstance(done, ScheduledReport):
        return f"/bao-cao/{done.pk}/"
    return "../../../"


def _done_message(done: object) -> str:
    from core.approvals.services.dossier_export import SignedDossierPdf

    if isinstance(done, ScheduledReport):
        return "Đã ký số báo cáo; máy chủ đã kiểm tra chữ ký trước khi ghi nhận."
    if isinstance(done, SignedDossierPdf):
        return "Đã ký số sơ yếu lý lịch; máy chủ đã kiểm tra chữ ký và đóng dấu số của cơ quan."
    if isinstance(done, list):
        count = sum(len(json.loads(approval.manifest)["change_sets"]) for approval in done)
        return f"Đã phê duyệt {count} đề nghị cập nhật hồ sơ."
    return f"Sở Nội vụ đã ký số phê duyệt dữ liệu tháng {getattr(done, 'month', '')}."


def _has_signer(user: Account, purpose: str) -> bool:
    """Whether the signing page can promise a signature: a server-held key is loaded; a remote
    service or the person's token is asked only when they sign."""
    from core.approvals.signers import person_signer

    return person_signing_method(purpose) != PERSON_SERVER or person_signer(user, purpose) is not None


def _key_available(user: Account, purpose: str) -> bool:
    """Whether the list can promise a signature: a server-held key is there (the signing page
    loads it); a remote service or the person's token is asked only when they sign."""
    return person_signing_method(purpose) != PERSON_SERVER or person_key_stored(user)


def _message(error: ApplicationError) -> str:
    fields = error.extra.get("fields") or {}
    return " ".join(fields.values()) if fields else error.message


@csp_update({"connect-src": ["ws://127.0.0.1:*", "ws://localhost:*"]})  # the person's local signing service
@signed_in_page
def dossier_signed_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's résumé as a PDF signed by the reader (with authority) and the agency, in two
    steps like every signature: this page says what is about to be signed; its form (POST)
    prepares it and leads to the signing page, whose signer the rules name. Where the rules
    have the reader sign with their own token, the page's script takes both steps."""
    from core.approvals.services.resume_signing import resume_signature_request
    from core.base.errors import NotFoundError
    from core.resumes.selectors import resume_source_get_for_user

    user = acting(request)
    raw = (request.POST if request.method == "POST" else request.GET).get("ngay", "").strip()
    try:
        as_of = date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, "Ngày của sơ yếu lý lịch không hợp lệ (yyyy-mm-dd).")
        return redirect(f"/can-bo/{person_id}/")
    try:
        source = resume_source_get_for_user(user=user, person_id=person_id, as_of=as_of, purpose="resume")
    except NotFoundError:
        if as_of is None:
            raise
        messages.error(request, f"Hồ sơ chưa có phiên bản nào đến ngày {as_of:%d/%m/%Y}.")
        return redirect(f"/can-bo/{person_id}/")
    method = person_signing_method("resume")
    if request.method == "POST" and method != PERSON_BROWSER:
        try:
            prepared = resume_signature_request(acting_user=user, person_id=person_id, as_of=as_of)
        except ApplicationError as error:
            messages.error(request, _message(error))
        else:
            return redirect(f"../../../ky-so/{prepared.token}/")
    return render(request, "approvals/resume_signing.html", {
        "person": source.person, "as_of": as_of, "method": method, "browser": method == PERSON_BROWSER,
        "local_signer_url": getattr(settings, "HOSO_LOCAL_SIGNER_URL", "ws://127.0.0.1:8987/")})


@signed_in_page
def resume_signed(request: HttpRequest, token: str) -> HttpResponse:
    """The résumé this person has just signed: where to download it."""
    from core.approvals.services.resume_signing import resume_signed_pdf_get_for_user

    signed = resume_signed_pdf_get_for_user(user=acting(request), token=token)
    return render(request, "approvals/resume_signed.html", {"signed": signed})


@signed_in_page
def resume_signed_download(request: HttpRequest, token: str) -> HttpResponse:
    from core.approvals.services.dossier_export import PDF_TYPE
    from core.approvals.services.resume_signing import resume_signed_pdf_get_for_user

    signed = resume_signed_pdf_get_for_user(user=acting(request), token=token)
    response = HttpResponse(signed.content, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{signed.filename}"'
    return response
