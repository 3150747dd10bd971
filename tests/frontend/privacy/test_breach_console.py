"""An operator records a breach for the provinces it touched: one incident, notice and DoHA
duty in each, all or none; the DoHA admin finds it on the province's page."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from core.base.audit.models import AuditEvent
from core.models import Obligation, ObligationKind
from core.operations.breaches import PROVINCES_REQUIRED
from core.privacy.models import BreachIncident
from tenants.models import Province
from tests.conftest import client_for
from tests.core.conftest import personas_of
from tests.frontend.console.conftest import console, operator  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

FORM = {"summary": "Máy chủ dùng chung bị truy cập trái phép.", "discovered_at": "2026-12-02T22:15",
        "affected_count": "0", "data_kinds": "Tài khoản đăng nhập"}


def test_the_operator_records_one_incident_in_each_province_touched(console: Client, lao_cai: Province,  # noqa: F811
                                                                     son_la: Province, lai_chau: Province) -> None:
    answer = console.post("/van-hanh/su-co-du-lieu/", {**FORM, "provinces": ["lao-cai", "son-la"]}, follow=True)
    assert "Đã ghi nhận sự cố cho 2 tỉnh: Lào Cai, Sơn La." in answer.content.decode()
    for province in (lao_cai, son_la):
        with tenant_context(province):
            incident = BreachIncident.objects.get()
            assert incident.recorded_by_label == "vận hành: vanhanh.an"
            assert Obligation.objects.filter(kind=ObligationKind.BREACH_NOTICE,
                                             reference=f"breach:{incident.pk}").exists()
            browser = client_for(province)
            browser.force_login(personas_of(province).doha)
        assert f'href="/su-co-du-lieu/{incident.pk}/"' in browser.get("/su-co-du-lieu/").content.decode()
    with tenant_context(lai_chau):
        assert not BreachIncident.objects.exists()
    with schema_context("public"):
        assert AuditEvent.objects.filter(action="privacy.breach_record", target="provinces:lao-cai,son-la",
                                         actor__username="vanhanh.an").count() == 1


def test_no_province_chosen_is_told_beside_the_field_and_nothing_is_written(console: Client,  # noqa: F811
                                                                            lao_cai: Province) -> None:
    answer = console.post("/van-hanh/su-co-du-lieu/", FORM)
    assert answer.status_code == 400 and PROVINCES_REQUIRED in answer.content.decode()
    with tenant_context(lao_cai):
        assert not BreachIncident.objects.exists()


def test_a_province_admin_cannot_open_the_console_page(lao_cai: Province) -> None:
    assert client_for(lao_cai).get("/van-hanh/su-co-du-lieu/").status_code == 404
