"""The DoHA's pages under /phe-duyet/so-noi-vu/: trusted CAs (PEM upload, CRL upload), the
national database's endpoint, exceptional approval windows, and the sync packets. Only the
DoHA admin sees them; anyone else gets the 404 page. Also the admin's page that imports a
person's record from the national database into a draft change set.

Every change goes through the services; their refusals are shown beside the field concerned.
Redirects and form actions are relative, as in views.py.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.approvals.models import (
    ApprovalLevel,
    SyncStatus,
)
from core.approvals.selectors import (
    doha_overview_for_user,
    exceptional_window_list_for_user,
    sync_endpoint,
    sync_packet_list_for_user,
    trusted_ca_get_for_user,
    trusted_ca_list_for_user,
)
from core.approvals.services.exceptional_windows import exceptional_window_open
from core.approvals.services.national_import import national_import_person, national_record_request
from core.approvals.services.sync import sync_endpoint_set
from core.approvals.services.trust import trusted_ca_add, trusted_ca_crl_set
from core.approvals.signing import trust_anchor_load
from core.base.errors import ApplicationError, NotFoundError, PermissionDeniedError
from core.models import OrgUnit
from core.permissions import account_is_doha_admin
from core.selectors.org_units import org_unit_list_open_below_root
from frontend.common.forms import DATE_BOUNDS
from frontend.common.paging import page_of
from frontend.common.views import acting, errors_attach, signed_in_page

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
REQUIRED = {"required": "Trường này là bắt buộc."}
NOT_PEM = "Tệp không phải chứng thư số dạng PEM (-----BEGIN CERTIFICATE-----)."


def doha_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed in and DoHA admin; anyone else, and a refusal by a service, is the 404 page."""

    @signed_in_page
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not account_is_doha_admin(acting(request)):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedError:
            raise Http404 from None

    return wrapper


# --- forms -----------------------------------------------------------------------------------


class TrustedCAForm(forms.Form):
    name = forms.CharField(label="Tên tổ chức cung cấp dịch vụ chứng thực", max_length=200, error_messages=REQUIRED)
    certificate_file = forms.FileField(label="Tệp chứng thư số của CA (PEM)", required=False)
    certificate_pem = forms.CharField(label="hoặc dán nội dung PEM", required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))
    crl_file = forms.FileField(label="Danh sách thu hồi (CRL, PEM, không bắt buộc)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["certificate"] = _text_of(data.get("certificate_file")) or (data.get("certificate_pem") or "").strip()
        except ValueError:
            self.add_error("certificate_file", NOT_PEM)
            return data
        if not data["certificate"]:
            self.add_error("certificate_file", "Chọn tệp chứng thư số (PEM) hoặc dán nội dung PEM.")
        elif "-----BEGIN CERTIFICATE-----" not in data["certificate"]:
            self.add_error("certificate_file", NOT_PEM)
        try:
            data["crl"] = _text_of(data.get("crl_file"))
        except ValueError:
            self.add_error("crl_file", "Tệp không phải CRL dạng PEM.")
        return data


class CrlForm(forms.Form):
    crl_file = forms.FileField(label="Tệp CRL (PEM)", error_messages={"required": "Chọn tệp CRL (PEM)."})


class EndpointForm(forms.Form):
    url = forms.URLField(label="Địa chỉ API của CSDL quốc gia", max_length=500, assume_scheme="https",
                         error_messages={**REQUIRED, "invalid": "Địa chỉ không hợp lệ (ví dụ https://csdl.gov.vn/api/ho-so)."})
    timeout_seconds = forms.IntegerField(label="Chờ tối đa (giây)", min_value=1, max_value=300, initial=10,
                                         error_messages={**REQUIRED, "invalid": "Nhập số giây.",
                                                         "min_value": "Ít nhất 1 giây.",
                                                         "max_value": "Nhiều nhất 300 giây."})


class WindowForm(forms.Form):
    level = forms.ChoiceField(label="Cấp phê duyệt", choices=ApprovalLevel.choices, error_messages=REQUIRED)
    org_unit = forms.ModelChoiceField(label="Cơ quan, đơn vị (chỉ cấp đơn vị, không bắt buộc)", required=False,
                                      queryset=OrgUnit.objects.none())
    month = forms.CharField(label="Dữ liệu tháng (NNNN-TT)", max_length=7, error_messages=REQUIRED)
    opens = forms.DateField(label="Từ ngày", input_formats=DATE_FORMATS, validators=DATE_BOUNDS, widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={**REQUIRED, "invalid": "Ngày không hợp lệ."})
    closes = forms.DateField(label="Đến ngày", input_formats=DATE_FORMATS, validators=DATE_BOUNDS, widget=forms.DateInput(attrs={"type": "date"}),
                             error_messages={**REQUIRED, "invalid": "Ngày không hợp lệ."})
    reason = forms.CharField(label="Lý do", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages=REQUIRED)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = org_unit_list_open_below_root()  # type: ignore[attr-defined]


# --- pages -----------------------------------------------------------------------------------


@doha_page
def doha_home(request: HttpRequest) -> HttpResponse:
    overview = doha_overview_for_user(user=acting(request))
    return render(request, "approvals/doha_home.html", {
        "ca_count": overview.ca_count, "endpoint": overview.endpoint,
        "window_count": overview.window_count, "rejected_count": overview.rejected_count,
    })


@doha_page
def trusted_cas(request: HttpRequest) -> HttpResponse:
    form = TrustedCAForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ca = trusted_ca_add(acting_user=acting(request), name=data["name"].strip(),
                                certificate_pem=data["certificate"], crl_pem=data["crl"])
        except PermissionDeniedError:
            raise
        except ApplicationError as error:
            form.add_error(_ca_field(error, data["certificate"]), error.message)
        else:
            messages.success(request, f"Đã thêm tổ chức cung cấp dịch vụ chứng thực “{ca.name}”.")
            return redirect(".")
    return _trusted_cas_page(request, form, status=400 if form.errors else 200)


@require_POST
@doha_page
def trusted_ca_crl(request: HttpRequest, ca_id: int) -> HttpResponse:
    ca = trusted_ca_get_for_user(user=acting(request), ca_id=ca_id)
    form = CrlForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            crl = _text_of(form.cleaned_data["crl_file"])
            trusted_ca_crl_set(acting_user=acting(request), ca=ca, crl_pem=crl)
        except ValueError:
            form.add_error("crl_file", "Tệp không phải CRL dạng PEM.")
        except ApplicationError as error:
            form.add_error("crl_file", "Tệp không phải CRL dạng PEM." if error.code == "pem_invalid" else error.message)
        else:
            messages.success(request, f"Đã cập nhật danh sách thu hồi của “{ca.name}”.")
            return redirect("../../")
    return _trusted_cas_page(request, TrustedCAForm(), crl_form=form, crl_ca=ca.pk, status=400)


@doha_page
def endpoint(request: HttpRequest) -> HttpResponse:
    current = sync_endpoint()
    initial = {"url": current.url, "timeout_seconds": current.timeout_seconds} if current else None
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sync_endpoint_set(acting_user=acting(request), url=form.cleaned_data["url"],
                              timeout_seconds=form.cleaned_data["timeout_seconds"])
        except PermissionDeniedError:
            raise
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, "Đã lưu địa chỉ CSDL quốc gia.")
            return redirect(".")
    return render(request, "approvals/doha_endpoint.html", {"form": form, "endpoint": current},
                  status=400 if form.errors else 200)


@doha_page
def windows(request: HttpRequest) -> HttpResponse:
    form = WindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            window = exceptional_window_open(acting_user=acting(request), level=data["level"], month=data["month"].strip(),
                                             opens=data["opens"], closes=data["closes"], reason=data["reason"],
                                             org_unit=data["org_unit"])
        except PermissionDeniedError:
            raise
        except ApplicationError as error:
            errors_attach(error, form)
        else:
            messages.success(request, f"Đã mở thời gian phê duyệt bổ sung: {window}.")
            return redirect(".")
    listed = page_of(request, exceptional_window_list_for_user(user=acting(request)))
    return render(request, "approvals/doha_windows.html", {"form": form, "windows": listed},
                  status=400 if form.errors else 200)


@doha_page
def packets(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang_thai", "")
    listed = page_of(request, sync_packet_list_for_user(user=acting(request), status=status))
    return render(request, "approvals/doha_packets.html", {
        "packets": listed, "status": status, "statuses": SyncStatus.choices,
    })


@signed_in_page
def national_import(request: HttpRequest, person_id: int) -> HttpResponse:
    """GET: what will be asked; POST: ask the national database and open the draft."""
    user = acting(request)
    person = national_import_person(acting_user=user, person_id=person_id)
    error = ""
    if request.method == "POST":
        try:
            imported = national_record_request(acting_user=user, person=person)
        except NotFoundError:
            raise
        except ApplicationError as refusal:
            error = refusal.message
        else:
            messages.success(request, f"Đã lấy hồ sơ từ CSDL quốc gia: đề nghị cập nhật số {imported.change_set.pk} "
                                      f"({imported.items} nội dung) đang ở dạng nháp, chờ kiểm tra.")
            return redirect(f"../../../de-nghi/{imported.change_set.pk}/")
    return render(request, "approvals/doha_national_import.html",
                  {"person": person, "endpoint": sync_endpoint(), "error": error}, status=400 if error else 200)


# --- internals -------------------------------------------------------------------------------


def _trusted_cas_page(request: HttpRequest, form: TrustedCAForm, *, crl_form: CrlForm | None = None,
                      crl_ca: int | None = None, status: int = 200) -> HttpResponse:
    cas = trusted_ca_list_for_user(user=acting(request))
    return render(request, "approvals/doha_trusted_cas.html", {
        "form": form, "cas": cas, "crl_form": crl_form or CrlForm(), "crl_ca": crl_ca,
    }, status=status)


def _text_of(upload: UploadedFile | None) -> str:
    """An uploaded PEM file as text; ValueError when it is not text."""
    if upload is None:
        return ""
    raw = upload.read(1024 * 1024)
    return raw.decode("ascii").strip()  # PEM is ASCII; a DER or binary file fails here


def _ca_field(error: ApplicationError, certificate_pem: str) -> str:
    """Which field a refusal of trusted_ca_add is about."""
    if error.code == "crl_invalid":
        return "crl_file"
    if error.code == "pem_invalid":
        try:
            trust_anchor_load(certificate_pem)
        except ApplicationError:
            return "certificate_file"
        return "crl_file"
    return "certificate_file"
