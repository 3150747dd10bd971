"""The DoHA admin's breach pages: record, edit the drafted notice, download it, mark it sent."""

from collections.abc import Callable

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from core.base.accounts.models import Account
from core.privacy.breaches import SUMMARY_REQUIRED
from core.privacy.models import BreachIncident, BreachState
from tenants.models import Province
from tests.core.conftest import Personas

pytestmark = pytest.mark.django_db


def test_the_doha_admin_records_edits_downloads_and_sends_the_notice(
        lc: Personas, lao_cai: Province, browser_as: Callable[[Account], Client]) -> None:
    doha = browser_as(lc.doha)
    blank = doha.post("/su-co-du-lieu/", {"summary": "", "discovered_at": "2026-12-03T09:30", "affected_count": "0"})
    assert blank.status_code == 400 and SUMMARY_REQUIRED in blank.content.decode()
    recorded = doha.post("/su-co-du-lieu/", {"summary": "Lộ tệp xuất hồ sơ.", "discovered_at": "2026-12-03T09:30",
                                             "affected_count": "3", "national_ids": "", "data_kinds": "Họ tên"},
                         follow=True)
    assert "Đã ghi nhận sự cố; thông báo cho cơ quan chuyên trách phải gửi trước 09:30 ngày 06/12/2026." in \
        recorded.content.decode()
    with tenant_context(lao_cai):
        incident = BreachIncident.objects.get()
    docx = doha.get(f"/su-co-du-lieu/{incident.pk}/thong-bao.docx")
    assert docx["Content-Disposition"] == f'attachment; filename="thong-bao-su-co-{incident.pk}.docx"'
    assert docx.content.startswith(b"PK")
    doha.post(f"/su-co-du-lieu/{incident.pk}/", {"notice": "Kính gửi: A05. Đã sửa."})
    doha.post(f"/su-co-du-lieu/{incident.pk}/", {"notice": "Kính gửi: A05. Đã sửa.", "da-gui": "1"})
    with tenant_context(lao_cai):
        incident.refresh_from_db()
    assert (incident.notice, incident.state) == ("Kính gửi: A05. Đã sửa.", BreachState.NOTIFIED)


def test_no_one_but_the_doha_admin_sees_the_pages(lc: Personas, browser_as: Callable[[Account], Client]) -> None:
    for someone in (lc.officer, lc.employee, lc.agency_admin):
        assert browser_as(someone).get("/su-co-du-lieu/").status_code == 404
