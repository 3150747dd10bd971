"""The data subject's page (downloads, read log, requests) and the unit's answers."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.privacy.models import DataSubjectRequest, RequestState
from core.privacy.services import DETAIL_REQUIRED
from tenants.models import Province
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def test_the_page_offers_both_downloads_and_the_read_log(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    browser = browser_as(lc.employee)
    page = browser.get("/du-lieu-cua-toi/").content.decode()
    for link in ("/du-lieu-cua-toi/tai-ve.json", "/du-lieu-cua-toi/tai-ve.pdf", "/ho-so-cua-toi/ai-da-xem/",
                 "/ho-so-cua-toi/de-nghi/"):
        assert f'href="{link}"' in page
    as_json = browser.get("/du-lieu-cua-toi/tai-ve.json")
    assert as_json["Content-Disposition"] == 'attachment; filename="du-lieu-cua-toi.json"'
    assert as_json.json()["account"]["username"] == lc.employee.username
    as_pdf = browser.get("/du-lieu-cua-toi/tai-ve.pdf")
    assert as_pdf["Content-Type"] == "application/pdf" and as_pdf.content.startswith(b"%PDF-")


def test_a_request_is_sent_with_its_due_date_and_a_blank_one_told_beside_the_field(
        lc: Personas, lao_cai: Province, browser_as: Callable[[Account], Client]) -> None:
    browser = browser_as(lc.employee)
    blank = browser.post("/du-lieu-cua-toi/", {"kind": "access", "detail": ""})
    assert blank.status_code == 400 and DETAIL_REQUIRED in blank.content.decode()
    sent = browser.post("/du-lieu-cua-toi/", {"kind": "access", "detail": "Cho tôi bản sao."}, follow=True)
    with tenant_context(lao_cai):
        made = DataSubjectRequest.objects.get()
    assert f"Đã gửi yêu cầu; đơn vị quản lý hồ sơ trả lời chậm nhất ngày {made.due:%d/%m/%Y}." in sent.content.decode()


def test_the_officer_answers_from_the_units_list(lc: Personas, lao_cai: Province,
                                                 browser_as: Callable[[Account], Client]) -> None:
    browser_as(lc.employee).post("/du-lieu-cua-toi/", {"kind": "objection", "detail": "Phản đối."})
    with tenant_context(lao_cai):
        made = DataSubjectRequest.objects.get()
    officer = browser_as(lc.officer)
    assert f'href="/yeu-cau-du-lieu/{made.pk}/"' in officer.get("/yeu-cau-du-lieu/").content.decode()
    assert browser_as(lc.agency_admin).get(f"/yeu-cau-du-lieu/{made.pk}/").status_code == 404
    answered = officer.post(f"/yeu-cau-du-lieu/{made.pk}/", {"answer": "Đã ghi nhận."})
    assert answered.status_code == 302
    with tenant_context(lao_cai):
        assert DataSubjectRequest.objects.get().state == RequestState.ANSWERED
