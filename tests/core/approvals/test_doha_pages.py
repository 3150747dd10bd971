"""The DoHA's pages: trusted CAs, the national endpoint, exceptional windows, sync packets.
Only the DoHA admin reaches them; errors are shown beside the field."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context

from core.approvals.dev_ca import IssuedKey
from core.approvals.models import ExceptionalWindow, SyncEndpoint, SyncStatus, TrustedCA
from core.approvals.services.approvals import province_approval_sign
from core.approvals.services.sync import Answer, sync_endpoint_set, sync_packets_deliver
from core.operations.demo.services import DEMO_PASSWORD
from tenants.models import Province
from tests.conftest import sign_in
from tests.core.approvals.conftest import PROVINCE_DAY, Pki
from tests.core.approvals.test_province_and_sync import _month_approved_by_units
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db

PAGES = ["/phe-duyet/so-noi-vu/", "/phe-duyet/so-noi-vu/chung-thu-so/", "/phe-duyet/so-noi-vu/csdl-quoc-gia/",
         "/phe-duyet/so-noi-vu/phe-duyet-bo-sung/", "/phe-duyet/so-noi-vu/goi-dong-bo/"]


def field_error(page: str, name: str) -> str:
    """The error shown in the block of field `name` ("" when none)."""
    match = re.search(rf'id="field-{name}".*?(?:<p class="error"[^>]*>(.*?)</p>)?\s*</div>', page, re.S)
    return (match.group(1) or "") if match else ""


@pytest.fixture
def doha(lc: Personas, in_lao_cai: Province) -> Client:
    return sign_in(in_lao_cai, lc.doha.username, DEMO_PASSWORD)


def test_the_doha_reaches_the_pages_and_nobody_else(lc: Personas, in_lao_cai: Province, doha: Client) -> None:
    for page in PAGES:
        assert doha.get(page).status_code == 200, page
    for account in (lc.employee, lc.approver, lc.agency_admin, lc.officer):
        browser = sign_in(in_lao_cai, account.username, DEMO_PASSWORD)
        for page in PAGES:
            assert browser.get(page).status_code == 404, (account.username, page)
        assert browser.post(PAGES[2], {"url": "https://x.example/", "timeout_seconds": "5"}).status_code == 404
    assert not SyncEndpoint.objects.exists()


def test_a_file_that_is_not_pem_is_refused_beside_the_field(doha: Client, in_lao_cai: Province) -> None:
    for content in (b"this is not a certificate", b"\x30\x82\x01\x0a\xff\xfe",
                    b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"):
        answer = doha.post(PAGES[1], {"name": "CA giả", "certificate_file": SimpleUploadedFile("ca.pem", content)})
        assert answer.status_code == 400
        error = field_error(answer.content.decode(), "certificate_file")
        assert "PEM" in error, error
        assert field_error(answer.content.decode(), "name") == ""
    missing = doha.post(PAGES[1], {"name": ""})
    assert field_error(missing.content.decode(), "name") == "Trường này là bắt buộc."
    with tenant_context(in_lao_cai):
        assert not TrustedCA.objects.exclude(name__startswith="CA thử nghiệm hoso").exists()  # the demo CA only


def test_the_doha_trusts_a_ca_and_uploads_its_crl(doha: Client, in_lao_cai: Province, _throwaway_ca: IssuedKey) -> None:
    pem = _throwaway_ca.certificate_pem.encode()
    added = doha.post(PAGES[1], {"name": "CA thử nghiệm", "certificate_file": SimpleUploadedFile("ca.pem", pem)},
                      follow=True)
    assert added.status_code == 200
    assert "Đã thêm tổ chức cung cấp dịch vụ chứng thực “CA thử nghiệm”." in added.content.decode()
    with tenant_context(in_lao_cai):
        ca = TrustedCA.objects.get(name="CA thử nghiệm")
    bad_crl = doha.post(f"{PAGES[1]}{ca.pk}/crl/", {"crl_file": SimpleUploadedFile("crl.pem", b"not a crl")})
    assert bad_crl.status_code == 400
    assert f'id="loi-crl-{ca.pk}">Tệp không phải CRL dạng PEM.' in bad_crl.content.decode()
    assert doha.post(f"{PAGES[1]}{ca.pk + 999}/crl/", {}).status_code == 404


def test_the_doha_sets_the_national_endpoint(doha: Client, in_lao_cai: Province) -> None:
    wrong = doha.post(PAGES[2], {"url": "không phải địa chỉ", "timeout_seconds": "0"})
    assert wrong.status_code == 400
    page = wrong.content.decode()
    assert "Địa chỉ không hợp lệ" in field_error(page, "url")
    assert field_error(page, "timeout_seconds") == "Ít nhất 1 giây."
    saved = doha.post(PAGES[2], {"url": "https://csdl.example.gov.vn/api/ho-so", "timeout_seconds": "15"}, follow=True)
    assert "Đã lưu địa chỉ CSDL quốc gia." in saved.content.decode()
    with tenant_context(in_lao_cai):
        endpoint = SyncEndpoint.objects.get()
    assert (endpoint.url, endpoint.timeout_seconds) == ("https://csdl.example.gov.vn/api/ho-so", 15)


def test_the_doha_opens_an_exceptional_window(doha: Client, in_lao_cai: Province) -> None:
    base = {"level": "unit", "month": "2026-11", "opens": "2026-12-10", "closes": "2026-12-05", "reason": "Mất điện"}
    wrong = doha.post(PAGES[3], base)
    assert wrong.status_code == 400
    assert field_error(wrong.content.decode(), "closes") == "Ngày kết thúc không được trước ngày bắt đầu."
    bad_month = doha.post(PAGES[3], {**base, "closes": "2026-12-12", "month": "11/2026"})
    assert field_error(bad_month.content.decode(), "month") == "Tháng dữ liệu ghi theo dạng NNNN-TT, ví dụ 2026-12."
    opened = doha.post(PAGES[3], {**base, "closes": "2026-12-12"}, follow=True)
    assert opened.status_code == 200
    assert "Mất điện" in opened.content.decode()
    with tenant_context(in_lao_cai):
        window = ExceptionalWindow.objects.get()
    assert (window.opens, window.closes, window.reason) == (date(2026, 12, 10), date(2026, 12, 12), "Mất điện")


def test_the_packets_show_their_status_and_a_rejection_reason(lc: Personas, pki: Pki, doha: Client) -> None:
    _month_approved_by_units(lc, pki)
    province_approval_sign(acting_user=lc.doha, signer=pki.signer_for(lc.doha), on=PROVINCE_DAY)
    sync_endpoint_set(acting_user=lc.doha, url="http://127.0.0.1:9/", timeout_seconds=1)
    answers = iter([Answer(422, '{"message": "Thiếu thông tin bắt buộc"}'), Answer(201, "{}")])
    sync_packets_deliver(transport=lambda *args: next(answers))
    page = doha.get(PAGES[4]).content.decode()
    assert "HTTP 422: Thiếu thông tin bắt buộc" in page
    assert "Bị từ chối" in page and "Đã được tiếp nhận" in page
    rejected = doha.get(PAGES[4], {"trang_thai": SyncStatus.REJECTED}).content.decode()
    assert "Thiếu thông tin bắt buộc" in rejected and "Đã được tiếp nhận</td>" not in rejected
